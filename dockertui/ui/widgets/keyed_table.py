"""A DataTable that is updated by row key and never cleared.

Clearing a DataTable resets the cursor and scroll (the visible jump); updating
by key keeps the cursor on the same *object* while rows come and go around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from rich.console import RenderableType
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist


class KeyedTable(DataTable[RenderableType]):
    """Rows keyed by object ID; ``apply`` adds, updates and removes without clearing."""

    def __init__(self, *, sort_column: str | None = None,
                 sort_key: Callable[[Any], Any] | None = None, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", False)
        super().__init__(**kwargs)
        self._sort_column = sort_column
        self._sort_key = sort_key

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        if not self.row_count:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:  # noqa: BLE001 - cursor outside the rows
            return None
        return row_key.value

    def select_key(self, key: str) -> bool:
        """Move the cursor to the row with ``key``; False when there is none."""
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, animate=False)
        return True

    def apply(self, upserts: Mapping[str, Sequence[RenderableType]], removals: Iterable[str] = ()) -> None:
        """Add or update the given rows and remove others, keeping the cursor on its object."""
        selected = self.selected_key
        selected_index = self.cursor_row
        order_changed = False
        for key in removals:
            if key in self.rows:
                self.remove_row(key)
                order_changed = True
        for key, cells in upserts.items():
            if key in self.rows:
                current = self.get_row(key)
                for column_key, old, new in zip(self.columns, current, cells):
                    if old != new:
                        self.update_cell(key, column_key, new)
                        if column_key.value == self._sort_column:
                            order_changed = True
            else:
                self.add_row(*cells, key=key)
                order_changed = True
        if order_changed and self._sort_column is not None and self.row_count:
            self.sort(self._sort_column, key=self._sort_key)
        if order_changed:
            if selected is not None and selected in self.rows:
                self.select_key(selected)
            elif self.row_count:
                self.move_cursor(row=min(selected_index, self.row_count - 1), animate=False)
