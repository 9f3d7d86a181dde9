"""A pane whose table is fed inventory diffs.

Adding or removing DataTable rows lays out the whole screen (~40 ms on a small
machine), so diffs are held while the pane is hidden and, while it is shown,
applied at most every TABLE_INTERVAL: a burst of a thousand container events
costs four layouts a second, and a lone event still shows at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult

from dockertui.ui.panes.pane import Pane
from dockertui.ui.throttle import Throttle
from dockertui.ui.widgets.keyed_table import KeyedTable
from dockertui.engine.keyed_changes import KeyedChanges

#: Seconds between two table updates while diffs keep coming.
TABLE_INTERVAL = 0.25

T = TypeVar("T")


class ListPane(Pane, Generic[T]):
    """Subclasses name their table's COLUMNS ((label, key), …) and the SORT_COLUMN key."""

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()
    SORT_COLUMN: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__()
        self._pending: KeyedChanges[T] = KeyedChanges(self.item_key)
        self._throttle = Throttle(self, TABLE_INTERVAL, self._apply_pending)

    def compose(self) -> ComposeResult:
        table = KeyedTable(id=f"{self.PANE_ID}-table", sort_column=self.SORT_COLUMN,
                           sort_key=lambda value: str(value).lower())
        for label, key in self.COLUMNS:
            table.add_column(label, key=key)
        yield table

    @property
    def table(self) -> KeyedTable:
        return self.query_one(f"#{self.PANE_ID}-table", KeyedTable)

    def focus_primary(self) -> None:
        self.table.focus()

    def item_key(self, item: T) -> str:
        """The ID an item is known by (the diffs' key)."""
        return item.id  # type: ignore[attr-defined]

    def apply_to_table(self, upserted: list[T], removed: list[str]) -> None:
        raise NotImplementedError

    def apply(self, upserted: Iterable[T], removed: Iterable[str]) -> None:
        """Take a diff from the inventory."""
        self._pending.add(upserted, removed)
        if self.display:
            self._throttle.request()

    def on_show(self) -> None:
        # Show the pane first, catch up right after: switching panes stays instant.
        self.call_after_refresh(self.flush)

    def flush(self) -> None:
        """Apply everything held back, now (also before selecting a row)."""
        self._throttle.run_now()

    def _apply_pending(self) -> None:
        if self._pending:
            self.apply_to_table(*self._pending.take())
