"""A pane whose table is fed inventory diffs.

Adding or removing DataTable rows lays out the whole screen (~40 ms on a small
machine), so diffs are held while the pane is hidden and, while it is shown,
applied at most every TABLE_INTERVAL: a burst of a thousand container events
costs four layouts a second, and a lone event still shows at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Generic, TypeVar

from textual.timer import Timer

from dockertui.ui.panes.pane import Pane
from dockertui.ui.pending_changes import PendingChanges

#: Seconds between two table updates while diffs keep coming.
TABLE_INTERVAL = 0.25

T = TypeVar("T")


class ListPane(Pane, Generic[T]):
    def __init__(self) -> None:
        super().__init__()
        self._pending: PendingChanges[T] = PendingChanges(self.item_key)
        self._last_flush = 0.0
        self._flush_timer: Timer | None = None

    def item_key(self, item: T) -> str:
        raise NotImplementedError

    def apply_to_table(self, upserted: list[T], removed: list[str]) -> None:
        raise NotImplementedError

    def apply(self, upserted: Iterable[T], removed: Iterable[str]) -> None:
        """Take a diff from the inventory."""
        self._pending.add(upserted, removed)
        if self.display and self._flush_timer is None:
            wait = self._last_flush + TABLE_INTERVAL - time.monotonic()
            if wait > 0:
                self._flush_timer = self.set_timer(wait, self.flush)
            else:
                self.flush()

    def on_show(self) -> None:
        # Show the pane first, catch up right after: switching panes stays instant.
        self.call_after_refresh(self.flush)

    def flush(self) -> None:
        """Apply everything held back, now (also before selecting a row)."""
        if self._flush_timer is not None:
            self._flush_timer.stop()
            self._flush_timer = None
        if self._pending:
            self._last_flush = time.monotonic()
            self.apply_to_table(*self._pending.take())
