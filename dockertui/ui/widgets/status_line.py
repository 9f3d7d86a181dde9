"""A one-line text widget that repaints without a layout pass.

``Static.update`` asks for a layout of the whole screen every time; a status
line that changes with every burst of events must not.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text()

    def set_text(self, text: Text) -> None:
        """One line, whatever it holds: too long, it ends in "…" (wrapped, the rest was
        drawn out of sight, taking the keys said after a long error with it)."""
        if text != self._text:
            self._text = text.copy()
            self._text.no_wrap = True
            self._text.overflow = "ellipsis"
            self.refresh()

    @property
    def text(self) -> Text:
        return self._text

    def render(self) -> Text:
        return self._text
