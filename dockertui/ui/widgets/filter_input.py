"""The hidden filter or search box of a list or view: ``/`` opens it, enter keeps what it
holds, escape clears it; both give the focus back to the list at once.

One widget for every such box: the containers and images filters, the events filter,
the tags filter, the log search and the inspect search.

Enter and escape are priority bindings: the app runs them when it reads the key, so
the focus is back on the list before the next key is handed on. As the box's own enter
(handled when the box got to it) a key typed right after it — ``/name`` enter ``e`` in
one go, as over a slow ssh link — landed in the box instead of acting on the list.

What the owner does with the text waits until the box has taken the keys typed before
enter or escape (they may still be in its queue): ``on_keep`` gets the box's final
text, and a box left empty hides.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input


def _nothing(*_: object) -> None:
    pass


class FilterInput(Input):
    BINDINGS = [
        Binding("enter", "keep", "Keep the filter", id="filter.keep", show=False, priority=True),
        Binding("escape", "clear", "Clear the filter", id="filter.clear", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        placeholder: str,
        id: str,
        back_to: Callable[[], Widget],
        on_keep: Callable[[str], None] = _nothing,
        on_clear: Callable[[], object] = _nothing,
    ) -> None:
        """``back_to``: the widget that gets the focus on enter and escape. ``on_keep``:
        called with the box's text after enter; ``on_clear``: after escape emptied it."""
        super().__init__(placeholder=placeholder, id=id)
        self._back_to = back_to
        self._on_keep = on_keep
        self._on_clear = on_clear
        # Counts openings: a box opened again before a late hide must stay open.
        self._opened = 0
        self.display = False

    def open(self) -> None:
        """Show the box (with what it holds) and focus it."""
        self._opened += 1
        self.display = True
        self.focus()

    def _leave(self) -> None:
        # set_focus, not focus(): focus() would wait behind the keys queued.
        self.screen.set_focus(self._back_to())

    def action_keep(self) -> None:
        self._leave()
        self.call_later(self._kept, self._opened)

    def _kept(self, opened: int) -> None:
        if not self.value.strip() and opened == self._opened:
            self.display = False
        self._on_keep(self.value)

    def action_clear(self) -> None:
        self._leave()
        self.call_later(self._cleared, self._opened)

    def _cleared(self, opened: int) -> None:
        self.value = ""
        if opened == self._opened:
            self.display = False
        self._on_clear()
