"""The hidden filter or search box of a list or view: ``/`` opens it, enter keeps what it
holds, escape clears it; both give the focus back to the list at once.

One widget for every such box: the containers and images filters, the events filter,
the tags filter, the log search and the inspect search.

Enter and escape are priority bindings: the app runs them when it reads the key, so
the focus is back on the list before the next key is handed on. As the box's own enter
(handled when the box got to it) a key typed right after it — ``/name`` enter ``e`` in
one go, as over a slow ssh link — landed in the box instead of acting on the list.

``/`` opens a box the same way everywhere (``opening_key``): a priority binding, so the
box has the focus when the app reads the key and what is typed right after lands in it.
Bound on the list, ``/`` was handled when the list got to it, and the keys typed after it
had already gone to the list: ``/q`` quit the app, ``/prod`` paused a container.

What the owner does with the text waits until the box has taken the keys typed before
enter or escape (they may still be in its queue): ``on_keep`` gets the box's final
text, and a box left empty hides.

Its editing keys (backspace, the arrows…) act in order with the characters typed after
them (``OrderedInput``).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.actions import SkipAction
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input

from dockertui.ui.widgets.ordered_input import OrderedInput


def _nothing(*_: object) -> None:
    pass


def _slash_taken_below(focused: DOMNode | None, owner: DOMNode) -> bool:
    node = focused
    while node is not None and node is not owner:
        for binding in node._bindings.key_to_bindings.get("slash", ()):
            if node.check_action(binding.action.split("(", 1)[0], ()):
                return True
        node = node.parent
    return False


def opening_key(action: str, description: str, id: str) -> Binding:
    """The ``/`` that opens a box; its action calls ``FilterInput.open_from_key``."""
    return Binding("slash", action, description, id=id, priority=True)


class FilterInput(OrderedInput):
    BINDING_GROUP_TITLE = "Filter box"  # how help and the palette name these keys
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
        """Show the box (with what it holds) and focus it, at once (not behind queued keys)."""
        self._opened += 1
        self.display = True
        self.screen.set_focus(self)

    def open_from_key(self, owner: DOMNode) -> None:
        """``/`` was pressed, bound on ``owner``: open the box — unless the key is meant for
        a text box that has the focus, or for a ``/`` of a view between the focus and
        ``owner`` (the logs inside a pane): then it goes on (priority bindings are tried
        from the app down, so the outer one comes first)."""
        focused = self.screen.focused  # not has_focus: that lags behind keys typed at once
        if isinstance(focused, Input) or _slash_taken_below(focused, owner):
            raise SkipAction()
        self.open()

    def close(self) -> None:
        """Empty and hide the box, from outside (what it searched is no longer shown)."""
        if self.screen.focused is self:
            self._leave()
        self.value = ""
        self.display = False

    def dismiss(self) -> None:
        """Empty and hide the box and tell the owner, as escape in it does, at once: escape
        on the view it searches, while it still shows a kept search."""
        self.close()
        self._on_clear()

    def hide(self) -> None:
        """Hidden for now, with what it holds (its list is hidden); ``unhide`` undoes it."""
        self.display = False

    def unhide(self) -> None:
        """Shown again if it holds a kept filter, as it was before ``hide``."""
        self.display = bool(self.value.strip())

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
