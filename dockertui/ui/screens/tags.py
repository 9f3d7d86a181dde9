"""A repository's tags from its registry, loaded page by page in the background.

The screen has a footer of its own: the app's, under this screen, named the keys of the
pane beneath it (the Hub's ``p Pull latest`` while ``p`` here pulls the selected tag).
Its keys say what they do now: greyed while they would do nothing (no tag selected,
nothing more to load), gone while the filter box takes the letters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import humanize
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label

from dockertui.engine.references import InvalidReference, parse_reference
from dockertui.engine.registry_tags import RegistryClient, TagInfo, TagPage, TagsFailed
from dockertui.ui.messages import PullRequested, RunRequested
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.summary_limits import clipped
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.app_footer import AppFooter
from dockertui.ui.widgets.filter_input import FilterInput, opening_key
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.virtual_table import CellValue, Column, VirtualTable

COLUMNS = (
    Column("tag", "Tag", 30, min_width=16, priority=100, flex=2),
    Column("updated", "Last updated", 16, priority=60),
    Column("size", "Size", 10, priority=50, align="right"),
)


class TagsScreen(QuitsOnQ, AppModalScreen[None]):
    BINDING_GROUP_TITLE = "Tags"  # how help and the palette name these keys
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    BINDINGS = [
        Binding("escape", "close", "Close", id="tags.close"),
        Binding("p", "pull", "Pull tag", id="tags.pull"),
        Binding("r", "run", "Run tag", id="tags.run"),
        Binding("m", "more", "Load more", id="tags.more"),
        opening_key("filter", "Filter", id="tags.filter"),
    ]

    @dataclass
    class PageLoaded(Message):
        page: TagPage | None
        error: str = ""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.tags: list[TagInfo] = []
        self.next_url: str | None = None
        self.loading = False
        self.error = ""
        self._client = RegistryClient(reference)
        self._needle = ""
        self._order: list[TagInfo] = []
        self._by_name: dict[str, TagInfo] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-box"):
            yield Label(f"Tags of {self.reference}", id="tags-title", markup=False)
            yield FilterInput(
                placeholder="filter tags — enter keeps it, escape clears",
                id="tags-filter",
                back_to=lambda: self.query_one(VirtualTable),
            )
            yield StatusLine(id="tags-status", classes="pane-status")
            yield VirtualTable(COLUMNS, self.cells, empty_text="loading…", id="tags-table")
        yield AppFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()
        self._load(None)

    def on_unmount(self) -> None:
        self._client.close()

    @work(thread=True, group="tags", exclusive=True, exit_on_error=False)
    def _load(self, url: str | None) -> None:
        try:
            page = self._client.first_page() if url is None else self._client.page(url)
        except TagsFailed as failure:
            self.post_message(self.PageLoaded(None, str(failure)))
            return
        self.post_message(self.PageLoaded(page))

    def _begin_load(self, url: str | None) -> None:
        self.loading = True
        self._show_status()
        self.refresh_bindings()  # m greys until the page is in
        self._load(url)

    def on_tags_screen_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        self.loading = False
        if message.page is None:
            self.error = message.error
        else:
            self.error = ""
            self.tags.extend(message.page.tags)
            self._order = self._ordered()
            self.next_url = message.page.next_url
        self._rebuild()

    def _rebuild(self) -> None:
        table = self.query_one(VirtualTable)
        # Keyed by name (unique in a repository): the cursor stays on its tag as pages arrive.
        keys = [tag.name for tag in self._order if self._needle in tag.name.lower()]
        table.empty_text = "no tags" if not self.loading else "loading…"
        table.set_rows(keys)
        self._show_status()
        self.refresh_bindings()  # a tag to pull or run, or none; more to load, or not

    def _ordered(self) -> list[TagInfo]:
        """Newest first where the registry says when; "latest" first otherwise."""
        self._by_name = {tag.name: tag for tag in self.tags}
        tags = self._by_name.values()
        if any(tag.last_updated for tag in tags):
            return sorted(tags, key=lambda tag: tag.last_updated, reverse=True)
        return sorted(tags, key=lambda tag: (tag.name != "latest",))

    def _show_status(self) -> None:
        text = Text()
        if self.error:
            text.append(f"Cannot list tags: {clipped(self.error, 100)} ", style=role_style(self, "bad"))
        else:
            text.append(f"{len(self.tags):,} tag(s) loaded", style=role_style(self, "strong"))
            if self.loading:
                text.append(" · loading…", style=role_style(self, "warning"))
            elif self.next_url:
                text.append(" · m loads more", style=role_style(self, "info"))
            else:
                text.append(" · all loaded", style=role_style(self, "muted"))
        text.append("  p pull · r run · / filter · escape closes", style=role_style(self, "muted"))
        self.query_one("#tags-status", StatusLine).set_text(text)

    def cells(self, key: str) -> Sequence[CellValue]:
        tag = self._by_name[key]
        updated = ""
        if tag.last_updated:
            try:
                when = dt.datetime.fromisoformat(tag.last_updated.replace("Z", "+00:00"))
                updated = humanize.naturaltime(dt.datetime.now(dt.UTC) - when)
            except ValueError:
                updated = tag.last_updated[:16]
        size = humanize.naturalsize(tag.size) if tag.size else ""
        return (Text(tag.name, style=role_style(self, "strong")), updated, size)

    def _selected_reference(self) -> str | None:
        key = self.query_one(VirtualTable).cursor_key
        if key is None:
            return None
        return f"{self.reference}:{key}"

    def action_more(self) -> None:
        if self.next_url and not self.loading:
            self._begin_load(self.next_url)

    def action_pull(self) -> None:
        reference = self._selected_reference()
        if reference is None:
            return
        try:
            parsed = parse_reference(reference)
        except InvalidReference as error:
            self.notify(f"{reference}: {error}", severity="error")
            return
        self.dismiss(None)
        self.app.post_message(PullRequested(parsed))

    def action_run(self) -> None:
        reference = self._selected_reference()
        if reference is not None:
            self.dismiss(None)
            self.app.post_message(RunRequested(reference))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_filter(self) -> None:
        self.query_one("#tags-filter", FilterInput).open_from_key(self)

    def on_input_changed(self, message: Input.Changed) -> None:
        message.stop()
        self._needle = message.value.strip().lower()
        self._rebuild()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        # self.focused, not has_focus: that lags behind keys typed at once.
        if self.focused is self.query_one("#tags-filter", Input):
            # The box takes the letters, and its escape clears it: none of these keys is ours.
            return action not in ("pull", "run", "more", "filter", "close")
        if action in ("pull", "run"):
            return self._selected_reference() is not None or None  # greyed with no tag selected
        if action == "more":
            return bool(self.next_url and not self.loading) or None
        return True
