"""The filter box of a list: enter keeps the filter, escape clears it, both at once.

Its keys are priority bindings: the app runs them when it reads the key, so the focus is
back on the list before the next key is handed on. As the box's own enter (handled when
the box got to it) a key typed right after it — ``/name`` enter ``e`` in one go, as over
a slow ssh link — landed in the box instead of acting on the list.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import Input


class FilterInput(Input):
    BINDINGS = [
        Binding("enter", "keep", "Keep the filter", id="filter.keep", show=False, priority=True),
        Binding("escape", "clear", "Clear the filter", id="filter.clear", show=False, priority=True),
    ]

    def __init__(self, *, placeholder: str, id: str, on_keep: Callable[[], None], on_clear: Callable[[], None]) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self._on_keep = on_keep
        self._on_clear = on_clear

    def action_keep(self) -> None:
        self._on_keep()

    def action_clear(self) -> None:
        self.value = ""
        self._on_clear()
