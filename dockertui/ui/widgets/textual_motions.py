"""The motions of ``navigation.py`` (``cursor(n)``, ``page(n)``, ``first``, ``last``) on a
Textual widget's own actions, for the Textual widgets we use as lists and views (a
DataTable, a Tree, an OptionList, a VerticalScroll). Mixed in before the widget class."""

from __future__ import annotations

from typing import TYPE_CHECKING


class StepMotions:
    """``cursor(n)`` as n steps of the widget's own up/down action, ``page(n)`` as its own
    page up/down."""

    #: The widget's action for one step (``cursor_*`` moves a cursor, ``scroll_*`` scrolls).
    STEP = "cursor"

    def action_cursor(self, delta: int) -> None:
        step = getattr(self, f"action_{self.STEP}_{'down' if delta > 0 else 'up'}")
        for _ in range(abs(delta)):
            step()

    def action_page(self, direction: int) -> None:
        getattr(self, f"action_page_{'down' if direction > 0 else 'up'}")()


class Motions(StepMotions):
    """All four motions: ``first``/``last`` are the widget's scroll home/end."""

    if TYPE_CHECKING:  # the widget's own, found after this mixin

        def action_scroll_home(self) -> None: ...

        def action_scroll_end(self) -> None: ...

    def action_first(self) -> None:
        self.action_scroll_home()

    def action_last(self) -> None:
        self.action_scroll_end()


class TableMotions(StepMotions):
    """A DataTable's: its scroll home/end go to the first/last *column*; top/bottom are rows."""

    if TYPE_CHECKING:

        def action_scroll_top(self) -> None: ...

        def action_scroll_bottom(self) -> None: ...

    def action_first(self) -> None:
        self.action_scroll_top()

    def action_last(self) -> None:
        self.action_scroll_bottom()
