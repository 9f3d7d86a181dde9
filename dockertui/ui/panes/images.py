"""The images pane (key 2): a row per tag (untagged as <none>), pull, run, remove, prune, details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import humanize
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message

from dockertui.engine.image_actions import ImageActionFailed, PruneReport
from dockertui.engine.inventory import ImageSummary
from dockertui.engine.references import ImageReference
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.ui.daemon_session import current_session, session_or_say
from dockertui.ui.messages import PullRequested, PullsViewRequested
from dockertui.ui.panes.details_list_pane import DetailsListPane
from dockertui.ui.prune_question import ask_before_prune
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.pull_prompt import PullPrompt
from dockertui.ui.text_roles import role_style
from dockertui.ui.type_ahead import open_dialog, opening_key
from dockertui.ui.widgets.image_details import ImageDetails
from dockertui.ui.widgets.virtual_table import CellValue, Column

COLUMNS = (
    Column("reference", "Repository:Tag", 40, min_width=24, priority=100, flex=3),
    Column("id", "ID", 12, priority=60),
    Column("size", "Size", 9, priority=80, align="right"),
    Column("created", "Created", 14, priority=50),
    Column("used", "Used by", 7, priority=70, align="right"),
)


@dataclass(frozen=True)
class ImageRow:
    """One row: an image under one of its tags (or untagged)."""

    key: str
    image: ImageSummary
    tag: str  # "" when untagged

    @property
    def reference(self) -> str:
        return self.tag or "<none>"

    @property
    def target(self) -> str:
        """What to remove for this row: the tag, or the image ID when untagged."""
        return self.tag or self.image.id


def image_rows(image: ImageSummary) -> list[ImageRow]:
    if not image.tags:
        return [ImageRow(f"{image.id}|", image, "")]
    return [ImageRow(f"{image.id}|{tag}", image, tag) for tag in image.tags]


class ImagesPane(DetailsListPane[ImageRow, ImageDetails]):
    """Every image of the daemon, a row per tag."""

    PANE_ID = "images"
    TITLE = "Images"
    HOTKEY = "2"
    COLUMNS = COLUMNS
    SORT_KEYS = (("reference", "name"), ("size", "size"), ("created", "created"))
    DESCENDING_FIRST = frozenset({"size", "created"})
    FILTER_PLACEHOLDER = "filter by repository, tag or ID — enter keeps it, escape clears"
    EMPTY_TEXT = "no images"

    BINDINGS = [
        # Read when the app reads them: "p" or "r" and the text typed after it in one read
        # fill the dialog, not the list (ui/type_ahead.py).
        opening_key("p", "pull", "Pull", id="images.pull"),
        opening_key("r", "run", "Run", id="images.run"),
        Binding("d", "remove", "Remove", id="images.remove"),
        Binding("P", "prune", "Prune dangling", id="images.prune"),
        Binding("enter", "details", "Details", id="images.details"),
        Binding("o", "show_pulls", "Pulls", id="images.show_pulls", show=False),
        Binding("N", "sort('reference')", "Sort by name", id="images.sort.name", show=False),
        Binding("Z", "sort('size')", "Sort by size", id="images.sort.size", show=False),
        Binding("A", "sort('created')", "Sort by age", id="images.sort.created", show=False),
    ]

    @dataclass
    class Done(Message):
        # force_target: (the session the refused remove went to, target, shown name)
        text: str = ""
        error: ImageActionFailed | None = None
        force_target: tuple[DaemonSession, str, str] | None = None

    def __init__(self) -> None:
        super().__init__()
        self._row_keys: dict[str, set[str]] = {}
        self._needle = ""
        #: Containers using each image ID (names), from the containers inventory.
        self.users: dict[str, list[str]] = {}

    def make_details(self) -> ImageDetails:
        return ImageDetails(id="image-details")

    # -- rows ---------------------------------------------------------------------------

    def item_key(self, item: ImageRow) -> str:
        return item.key

    def cells(self, key: str) -> Sequence[CellValue]:
        row = self.items[key]
        image = row.image
        if row.tag:
            reference = Text(row.tag, style=role_style(self, "strong"))
        else:
            reference = Text("<none>", style=role_style(self, "warning"))
            reference.append("  dangling", style=role_style(self, "warning", "muted"))
        created = humanize.naturaltime(dt.datetime.fromtimestamp(image.created)) if image.created else ""
        used = len(self.users.get(image.id, ()))
        return (
            reference,
            Text(image.short_id, style=role_style(self, "muted")),
            humanize.naturalsize(image.size),
            created,
            Text(str(used), style=role_style(self, "strong" if used else "muted")),
        )

    def shows(self, item: ImageRow) -> bool:
        needle = self._needle
        return not needle or needle in item.reference.lower() or item.image.short_id.startswith(needle)

    def sort_value(self, item: ImageRow, sort_key: str) -> Any:
        if sort_key == "size":
            return item.image.size
        if sort_key == "created":
            return item.image.created
        return item.reference.lower()

    def status_text(self) -> Text:
        text = Text()
        images = {row.image.id: row.image for row in self.items.values()}
        dangling = sum(1 for image in images.values() if image.dangling)
        text.append(f"{self.table.row_count:,} shown", style=role_style(self, "strong"))
        text.append(
            f" · {len(images):,} images, {dangling} dangling, "
            f"{humanize.naturalsize(sum(i.size for i in images.values()))}",
            style=role_style(self, "muted"),
        )
        if self._needle:
            text.append(" · filter ")
            text.append(self._needle, style=role_style(self, "strong"))
        label = dict(self.SORT_KEYS).get(self.sort_key, self.sort_key)
        text.append(f" · sort {label}{' ↓' if self.sort_reverse else ''}", style=role_style(self, "muted"))
        return text

    def on_filter_changed(self, text: str) -> None:
        self._needle = text.strip().lower()
        self.rebuild()

    def apply_images(self, upserted: Iterable[ImageSummary], removed: Iterable[str]) -> None:
        """Take an inventory diff of images and turn it into row changes."""
        rows: list[ImageRow] = []
        removals: list[str] = []
        for image_id in removed:
            removals.extend(self._row_keys.pop(image_id, ()))
        for image in upserted:
            fresh = image_rows(image)
            keys = {row.key for row in fresh}
            removals.extend(self._row_keys.get(image.id, set()) - keys)
            self._row_keys[image.id] = keys
            rows.extend(fresh)
        self.apply(rows, removals)

    def reset(self) -> None:
        self._row_keys.clear()
        self.users = {}
        super().reset()

    def set_users(self, users: Mapping[str, list[str]]) -> None:
        """Which containers use which image (by image ID)."""
        changed = {
            image_id for image_id in set(users) | set(self.users) if users.get(image_id) != self.users.get(image_id)
        }
        self.users = dict(users)
        if self.ready:
            self.table.invalidate(key for image_id in changed for key in self._row_keys.get(image_id, ()))

    def select(self, image_id: str) -> bool:
        keys = sorted(self._row_keys.get(image_id, ()))
        if keys and self._needle and not any(key in self.table.keys for key in keys):
            # Jumping to an image the filter hides: show everything, as the containers pane does.
            self.filter_input.value = ""
            self.filter_input.display = False
            self.on_filter_changed("")
        return any(self.table.select_key(key) for key in keys)

    # -- pull and run -------------------------------------------------------------------

    async def action_pull(self) -> None:
        selected = self.selected()
        initial = selected.tag if selected and selected.tag else ""

        def chosen(reference: ImageReference | None) -> None:
            if reference is not None:
                self.post_message(PullRequested(reference))

        await open_dialog(self, PullPrompt(initial), chosen)

    def action_show_pulls(self) -> None:
        self.post_message(PullsViewRequested())

    async def action_run(self) -> None:
        selected = self.selected()
        if selected is not None:
            # Not a RunRequested message: the app would get to it after the keys typed next.
            await self.app.run_action(f"open_run_form({selected.tag or selected.image.id!r})")

    # -- remove and prune ---------------------------------------------------------------

    def action_remove(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        target = selected.target
        shown = selected.tag or selected.image.short_id
        users = self.users.get(selected.image.id, [])
        body = "Only the tag goes if the image has other tags." if selected.tag else "The image and its layers go."
        if users:
            body += f"\n\nUsed by: {', '.join(users)}"

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self._start_remove(target, shown, force=False)

        self.app.push_screen(ConfirmDialog(f"Remove {shown}?", body, "Remove"), decided)

    def _start_remove(self, target: str, shown: str, force: bool) -> None:
        session = session_or_say(self)
        if session is not None:
            self._remove(session, target, shown, force)

    @work(thread=True, group="image-actions", exit_on_error=False)
    def _remove(self, session: DaemonSession, target: str, shown: str, force: bool) -> None:
        try:
            result = session.remove_image(target, force=force)
        except ImageActionFailed as failure:
            self.post_message(self.Done(error=failure, force_target=(session, target, shown) if not force else None))
            return
        except ReadOnlyRefused as refused:
            self.post_message(self.Done(error=ImageActionFailed(shown, str(refused))))
            return
        tags, deleted = len(result.tags), len(result.deleted)
        self.post_message(
            self.Done(
                f"Removed {shown}: {tags} tag{'s' if tags != 1 else ''} untagged, "
                f"{deleted} image{'s' if deleted != 1 else ''} deleted"
            )
        )

    def action_prune(self) -> None:
        dangling = {row.image.id: row.image for row in self.items.values() if row.image.dangling}
        size = humanize.naturalsize(sum(image.size for image in dangling.values()))
        body = (
            f"{len(dangling)} dangling image(s) listed, {size}. Tagged images and images in use stay."
            if dangling
            else "No dangling image is listed; the daemon will say if it finds any."
        )

        ask_before_prune(
            self, "Prune dangling images?", body, lambda session: self._prune(session, set(self._row_keys))
        )

    @work(thread=True, group="image-actions", exit_on_error=False)
    def _prune(self, session: DaemonSession, listed: set[str]) -> None:
        """``listed``: the image IDs listed when the user confirmed (taken on the UI thread)."""
        try:
            report: PruneReport = session.prune_images()
        except ImageActionFailed as failure:
            self.post_message(self.Done(error=failure))
            return
        except ReadOnlyRefused as refused:
            self.post_message(self.Done(error=ImageActionFailed("dangling images", str(refused))))
            return
        # The daemon lists deleted layers beside deleted images; count the images it listed as ours.
        images = len(set(report.deleted) & listed) or len(report.deleted)
        layers = len(report.deleted) - images
        self.post_message(
            self.Done(
                f"Pruned {images} dangling image(s) ({layers} more layer(s) deleted, {len(report.untagged)} "
                f"digest reference(s) untagged), reclaimed {humanize.naturalsize(report.space_reclaimed)} "
                "(the daemon's figures)"
            )
        )

    def on_images_pane_done(self, message: Done) -> None:
        message.stop()
        if message.text:
            self.notify(message.text, timeout=6)
        failure = message.error
        if failure is None:
            return
        if (
            failure.force_allowed
            and message.force_target is not None
            and current_session(self) is message.force_target[0]
        ):
            session, target, shown = message.force_target

            def decided(confirmed: bool | None) -> None:
                # Forced only on the daemon that refused, never on one switched to meanwhile.
                if confirmed and current_session(self) is session:
                    self._remove(session, target, shown, True)

            self.app.push_screen(
                ConfirmDialog(
                    f"The daemon refused to remove {shown}",
                    f"{failure.explanation}\n\nThe daemon allows forcing it. Force?",
                    "Force remove",
                ),
                decided,
            )
        else:
            self.notify(failure.explanation, title=f"Could not remove {failure.target}", severity="error", timeout=12)

    # -- details ------------------------------------------------------------------------

    def action_details(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        if self.details_open and self.details.image_id == selected.image.id:
            self.action_close_details()
            return
        self.open_details()
        self.details.show_image(selected.image, selected.reference, self.users.get(selected.image.id, []))
