"""The Hub pane (key 3): search an image index through the daemon, then tags, pull and run.

Searching starts 300 ms after the last keystroke (or at once on enter). Every
search carries a number; an answer that is not for the latest number is dropped,
so typing fast never shows the results of an older query.

Enter keeps the focus in the box: what is typed after it is text (``t`` after enter
had opened a tags screen). ``down`` or ``tab`` go to the results; ``up`` on the first
result, ``shift+tab`` or ``/`` come back. Those keys, and ``escape``, are priority keys
that check ``screen.focused``: the focus moves when the app reads the key, so keys
typed in the same burst land where it went.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from dockertui.engine.hub_search import SearchFailed, SearchQuery, SearchResult, make_query
from dockertui.engine.references import InvalidReference, parse_reference
from dockertui.engine.session import DaemonSession
from dockertui.ui.daemon_session import NOT_CONNECTED, current_session
from dockertui.ui.messages import PullRequested
from dockertui.ui.panes.pane import Pane
from dockertui.ui.screens.tags import TagsScreen
from dockertui.ui.text_roles import role_style
from dockertui.ui.type_ahead import opening_key
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.virtual_table import CellValue, Column, VirtualTable

#: Seconds of quiet typing before a search starts.
SEARCH_DELAY = 0.3
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

COLUMNS = (
    Column("name", "Name", 30, min_width=20, priority=100, flex=2),
    Column("description", "Description", 40, min_width=16, priority=50, flex=3),
    Column("stars", "Stars", 7, priority=80, align="right"),
    Column("official", "Official", 8, priority=70),
    Column("automated", "Automated", 9, priority=40),
)


class HubPane(Pane):
    """Search box on top, results below; keys act on the selected result."""

    PANE_ID = "hub"
    TITLE = "Hub"
    HOTKEY = "3"

    BINDINGS = [
        Binding("t", "tags", "Tags", id="hub.tags"),
        Binding("enter", "tags", "Tags", id="hub.tags_enter", show=False),
        Binding("p", "pull", "Pull latest", id="hub.pull"),
        opening_key("r", "run", "Run", id="hub.run"),  # what is typed after r lands in the form
        # Priority, like every / that opens a box: the focus is where the key sends it when
        # the app reads the next key, so what is typed right after is typed there (/ then
        # t types a t; down then t opens the tags).
        Binding("down,tab", "focus_results", "Results", id="hub.results", priority=True),
        Binding("slash", "focus_search", "Search", id="hub.search", priority=True),
        Binding("shift+tab", "focus_search", "Back to the search box", id="hub.search_back", show=False, priority=True),
        Binding("up", "search_from_top", "Back to the search box", id="hub.search_from_top", show=False, priority=True),
        Binding("escape", "leave_search", "Leave the search box", id="hub.leave_search", show=False, priority=True),
    ]

    @dataclass
    class Answered(Message):
        sequence: int
        query: SearchQuery
        results: list[SearchResult] | None
        error: SearchFailed | None = None

    def __init__(self, default_registry: str, limit: int) -> None:
        """The [search] registry and limit."""
        super().__init__()
        self.default_registry = default_registry
        self.limit = limit
        self.results: list[SearchResult] = []
        self.sequence = 0  # of the latest search asked for
        self.pending = False
        self._debounce: Timer | None = None
        self._spinner: Timer | None = None
        self._spin = 0

    def compose(self) -> ComposeResult:
        where = self.default_registry or "Docker Hub"
        yield Input(placeholder=f"search {where} — or host:port/term to search another registry", id="hub-input")
        yield StatusLine(id="hub-status", classes="pane-status")
        # Errors are long (the daemon's whole sentence) and rare: a wrapping Static for them.
        yield Static("", id="hub-error", markup=False)
        yield VirtualTable(COLUMNS, self.cells, empty_text="type to search", id="hub-table")

    def on_mount(self) -> None:
        self.query_one("#hub-error", Static).display = False
        self._show_intro()

    def _show_intro(self) -> None:
        self._status(
            Text(
                "Search through the daemon: results name repositories you can pull and run.",
                style=role_style(self, "muted"),
            )
        )

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#hub-table", VirtualTable)

    @property
    def search_input(self) -> Input:
        return self.query_one("#hub-input", Input)

    def primary_widget(self) -> Widget:
        return self.search_input

    def focus_for_actions(self) -> None:
        # In the search box t, p and r are text: the results take them.
        self.screen.set_focus(self.table if self.results else self.search_input)

    def _status(self, text: Text, error: str = "") -> None:
        self.query_one("#hub-status", StatusLine).set_text(text)
        field = self.query_one("#hub-error", Static)
        if error or field.display:
            field.update(error)
            field.display = bool(error)

    # -- searching ----------------------------------------------------------------------

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input.id != "hub-input":
            return
        message.stop()
        self._cancel_debounce()
        if message.value.strip():
            self._debounce = self.set_timer(SEARCH_DELAY, lambda: self.start_search(message.value))
        else:
            self.clear_search()

    def clear_search(self) -> None:
        """An emptied box: the search under way is dropped (its answer is not shown), the
        spinner stops and the results go."""
        self.sequence += 1
        self.pending = False
        self._stop_spinner()
        self.results = []
        self.table.set_rows([])
        self.refresh_bindings()
        self._show_intro()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        if message.input.id != "hub-input":
            return
        message.stop()
        self._cancel_debounce()
        if message.value.strip():
            self.start_search(message.value)  # the focus stays: more typing goes on in the box

    def _cancel_debounce(self) -> None:
        """A search waiting for the typing to pause is not started."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None

    def search_for(self, text: str) -> None:
        """Put ``text`` in the box and search it now (``:hub text``): one search, not a
        second, debounced one from the box's change."""
        with self.search_input.prevent(Input.Changed):
            self.search_input.value = text
        self.start_search(text)

    def start_search(self, text: str) -> None:
        query = make_query(text, self.default_registry)
        if not query.term:
            return
        session = current_session(self)
        if session is None:
            self._status(Text(NOT_CONNECTED, style=role_style(self, "bad")))
            return
        self.sequence += 1
        self.pending = True
        self._start_spinner(query)
        self._search(session, self.sequence, query, self.limit)

    @work(thread=True, group="hub-search", exit_on_error=False)
    def _search(self, session: DaemonSession, sequence: int, query: SearchQuery, limit: int) -> None:
        try:
            results = session.search(query, limit)
        except SearchFailed as failure:
            self.post_message(self.Answered(sequence, query, None, failure))
            return
        self.post_message(self.Answered(sequence, query, results))

    def _start_spinner(self, query: SearchQuery) -> None:
        def spin() -> None:
            self._spin = (self._spin + 1) % len(SPINNER)
            self._status(
                Text(
                    f"{SPINNER[self._spin]} searching {query.index_label} for “{query.term}”…",
                    style=role_style(self, "warning"),
                )
            )

        spin()
        if self._spinner is None:
            self._spinner = self.set_interval(0.1, spin)

    def _stop_spinner(self) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None

    def on_hub_pane_answered(self, message: Answered) -> None:
        message.stop()
        if message.sequence != self.sequence:
            return  # an older query's answer: a newer one was asked since
        self.pending = False
        self._stop_spinner()
        daemon = getattr(getattr(self.app, "target", None), "label", "the daemon")
        if message.error is not None:
            self.results = []
            self.table.set_rows([])
            self.refresh_bindings()
            self._status(
                Text(
                    f"Cannot search {message.query.index_label} via {daemon}", style=role_style(self, "bad", "strong")
                ),
                error=f"The daemon said: {message.error.reason}",
            )
            return
        self.results = message.results or []
        self.table.invalidate()
        self.table.set_rows([str(i) for i in range(len(self.results))])
        self.refresh_bindings()  # ↓ Results shows in the footer only with results to go to
        self._status(
            Text(
                f"{len(self.results)} result(s) for “{message.query.term}” from "
                f"{message.query.index_label} via {daemon} — t tags · p pull · r run",
                style=role_style(self, "muted"),
            )
        )

    def reset(self) -> None:
        self.results = []
        self.sequence += 1  # an answer from the previous daemon is not shown
        self.pending = False
        self._stop_spinner()
        self._cancel_debounce()
        if self.is_mounted:
            self.table.set_rows([])
            self.refresh_bindings()
            self._show_intro()  # and the last search's "via <old daemon>" goes

    def cells(self, key: str) -> Sequence[CellValue]:
        result = self.results[int(key)]
        return (
            Text(result.name, style=role_style(self, "strong")),
            result.description,
            f"{result.stars:,}",
            Text("✓", style=role_style(self, "good", "strong")) if result.official else "",
            "automated" if result.automated else "",
        )

    # -- acting on a result -------------------------------------------------------------

    def _selected(self) -> SearchResult | None:
        key = self.table.cursor_key
        return self.results[int(key)] if key is not None and int(key) < len(self.results) else None

    def _typing(self) -> bool:
        """The search box has the focus. ``screen.focused``, not ``has_focus``: that follows
        only once the focus events are handled, and keys typed in one go come before them."""
        return self.is_mounted and self.screen.focused is self.search_input

    def action_focus_results(self) -> None:
        # set_focus, not focus(): focus() would wait behind the keys already queued.
        self.screen.set_focus(self.table)

    def action_focus_search(self) -> None:
        self.screen.set_focus(self.search_input)

    def action_search_from_top(self) -> None:
        """``up`` on the first result (or an empty list) goes back to the box, as in k9s."""
        self.screen.set_focus(self.search_input)

    def action_leave_search(self) -> None:
        """Escape: keys (and 1–5) act on the pane again instead of typing."""
        self.screen.set_focus(self.table)

    def action_tags(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.app.push_screen(TagsScreen(selected.reference))

    def action_pull(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        try:
            reference = parse_reference(selected.reference)
        except InvalidReference as error:
            self.notify(f"{selected.reference}: {error}", severity="error")
            return
        self.post_message(PullRequested(reference))

    async def action_run(self) -> None:
        selected = self._selected()
        if selected is not None:
            # Not a RunRequested message: the app would get to it after the keys typed next.
            await self.app.run_action(f"open_run_form({selected.reference!r})")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = self._typing()
        if action in ("tags", "pull", "run"):
            # Letters typed in the search box are text, not commands.
            return not typing
        if action == "focus_results":
            # With no results the keys go on: down does nothing in the box, tab moves on.
            return typing and bool(self.results)
        if action == "focus_search":
            return not typing  # a / typed in the box is a /
        if action == "search_from_top":
            return self.is_mounted and self.screen.focused is self.table and self.table.cursor == 0
        if action == "leave_search":
            return typing
        return True

    def on_virtual_table_viewport_changed(self, message: VirtualTable.ViewportChanged) -> None:
        message.stop()

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        message.stop()
