"""A pane that lists rows kept current from inventory diffs: filter, sort, cursor by key.

Rows live in ``items`` (key → item); the VirtualTable shows the keys that pass
the filter, in sort order, and asks for cells only for what is on screen. A
diff or a filter keystroke costs a sort of the keys and a repaint, never a
layout of the screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Input

from dockertui.ui.panes.pane import Pane
from dockertui.ui.widgets.filter_input import FilterInput, opening_key
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.virtual_table import CellValue, Column, VirtualTable

T = TypeVar("T")


class ListPane(Pane, Generic[T]):
    """Subclasses give COLUMNS, SORT_KEYS and the hooks below."""

    COLUMNS: ClassVar[Sequence[Column]] = ()
    #: Sort choices: (column key, label).
    SORT_KEYS: ClassVar[Sequence[tuple[str, str]]] = ()
    #: Sorts that start biggest first (CPU, memory, size).
    DESCENDING_FIRST: ClassVar[frozenset[str]] = frozenset()
    FILTER_PLACEHOLDER: ClassVar[str] = "filter"
    EMPTY_TEXT: ClassVar[str] = "nothing to show"
    #: The table's class (the containers pane's has no vim keys: its k kills, its G groups).
    TABLE: ClassVar[type[VirtualTable]] = VirtualTable

    BINDING_GROUP_TITLE = "List"  # a pane's own TITLE comes first
    BINDINGS = [
        opening_key("filter", "Filter", id="list.filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, T] = {}
        self.sort_key = self.SORT_KEYS[0][0] if self.SORT_KEYS else ""
        self.sort_reverse = False
        self._unlisted = ""

    def compose(self) -> ComposeResult:
        yield FilterInput(
            placeholder=self.FILTER_PLACEHOLDER,
            id=f"{self.PANE_ID}-filter",
            back_to=lambda: self.table,
            on_keep=self._keep_filter,
        )
        yield StatusLine(id=f"{self.PANE_ID}-status", classes="pane-status")
        yield self.TABLE(self.COLUMNS, self.cells, empty_text=self._empty_text(), id=f"{self.PANE_ID}-table")

    def on_mount(self) -> None:
        self.rebuild()

    @property
    def table(self) -> VirtualTable:
        return self.query_one(f"#{self.PANE_ID}-table", VirtualTable)

    @property
    def ready(self) -> bool:
        """Whether the table is there: updates from the stream can come before it is
        mounted (start-up) or after it is gone (shutdown), and must then only be kept."""
        if not self.is_mounted:
            return False
        try:
            self.query_one(f"#{self.PANE_ID}-table", VirtualTable)
        except NoMatches:
            return False
        return True

    @property
    def filter_input(self) -> FilterInput:
        return self.query_one(f"#{self.PANE_ID}-filter", FilterInput)

    def primary_widget(self) -> Widget:
        return self.table

    # -- hooks --------------------------------------------------------------------------

    def item_key(self, item: T) -> str:
        raise NotImplementedError

    def cells(self, key: str) -> Sequence[CellValue]:
        raise NotImplementedError

    def shows(self, item: T) -> bool:
        """Passes the filter and toggles."""
        return True

    def sort_value(self, item: T, sort_key: str) -> Any:
        return str(getattr(item, sort_key, "")).lower()

    def status_text(self) -> Text:
        return Text(f"{self.table.row_count:,} of {len(self.items):,}")

    def on_filter_changed(self, text: str) -> None:
        """The filter input changed; subclasses parse it and rebuild."""

    def set_unlisted(self, reason: str) -> None:
        """The daemon refused to list these rows (``reason``), or listed them again ("")."""
        self._unlisted = reason
        if self.ready:
            self.table.empty_text = self._empty_text()
            self.table.refresh()

    def _empty_text(self) -> str:
        return f"the daemon did not list them: {self._unlisted}" if self._unlisted else self.EMPTY_TEXT

    # -- rows ---------------------------------------------------------------------------

    def apply(self, upserted: Iterable[T], removed: Iterable[str]) -> None:
        """Take a diff: changed rows are drawn again, the order and filter re-applied."""
        changed = []
        for item in upserted:
            key = self.item_key(item)
            self.items[key] = item
            changed.append(key)
        for key in removed:
            self.items.pop(key, None)
        if self.ready:  # otherwise on_mount builds the table from items
            self.table.invalidate(changed)
            self.rebuild()

    def reset(self) -> None:
        """Forget every row (the app switched to another daemon)."""
        self.items.clear()
        self.set_unlisted("")
        if self.ready:
            self.table.invalidate()
            self.rebuild()

    def rebuild(self) -> None:
        keys = [key for key, item in self.items.items() if self.shows(item)]
        keys.sort(key=lambda key: self.sort_value(self.items[key], self.sort_key), reverse=self.sort_reverse)
        table = self.table
        table.sort_column, table.sort_reverse = self.sort_key, self.sort_reverse
        table.set_rows(keys)
        self.show_status()

    def show_status(self) -> None:
        self.query_one(f"#{self.PANE_ID}-status", StatusLine).set_text(self.status_text())

    def select(self, key: str) -> bool:
        return self.table.select_key(key)

    def selected(self) -> T | None:
        """The item under the cursor."""
        key = self.table.cursor_key
        return self.items.get(key) if key else None

    def action_sort(self, sort_key: str) -> None:
        """Sort by this column; choosing the current one again reverses the order."""
        if sort_key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = sort_key, sort_key in self.DESCENDING_FIRST
        self.table.invalidate()
        self.rebuild()

    # -- filter -------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.filter_input.open_from_key(self)

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input is self.filter_input:
            message.stop()
            self.on_filter_changed(message.value)

    def _keep_filter(self, text: str) -> None:
        # The box's final text, which its last Changed may not have brought yet.
        self.on_filter_changed(text)
        self.table.action_first()
