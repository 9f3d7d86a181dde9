"""What the app's list widgets share: a cursor row, their own scrolling, cached styles.

They do not use ScrollView: its ``virtual_size`` is a layout reactive, so every
row added would lay out the whole screen (~40 ms here). They keep ``top`` (the
first row shown) themselves and repaint without a layout pass.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual import events
from textual.widget import Widget


class StyledLines(Widget):
    """A widget drawing its own lines: component styles looked up once, not per line."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._styles: dict[str, Style] = {}

    def styles_changed(self) -> None:
        """Called when the CSS changed: drop caches of rendered rows."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self.styles_changed()

    def _style(self, name: str) -> Style:
        """The widget's base style ("base") or a component class's, looked up once."""
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if name == "base" else self.get_component_rich_style(name)
            self._styles[name] = style
        return style


class CursorList(StyledLines, can_focus=True):
    """Subclasses say how many rows there are and draw them; HEADER_ROWS lines sit on top."""

    HEADER_ROWS: ClassVar[int] = 0

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cursor = 0
        self.top = 0

    def row_total(self) -> int:
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """Called after the cursor changed row."""

    # -- geometry -----------------------------------------------------------------------

    @property
    def body_height(self) -> int:
        return max(1, self.size.height - self.HEADER_ROWS)

    def clamp_top(self) -> None:
        self.top = max(0, min(self.top, self.row_total() - self.body_height))

    def scroll_to_cursor(self) -> None:
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + self.body_height:
            self.top = self.cursor - self.body_height + 1
        self.clamp_top()

    def move_to(self, index: int) -> None:
        total = self.row_total()
        if not total:
            return
        previous = self.cursor
        self.cursor = max(0, min(total - 1, index))
        self.scroll_to_cursor()
        self.refresh()
        if self.cursor != previous:
            self.cursor_moved()

    # -- keys and mouse -----------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.body_height - 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.row_total() - 1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.top += 3
        self.clamp_top()
        self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.top -= 3
        self.clamp_top()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = self.top + event.y - self.HEADER_ROWS
        if event.y >= self.HEADER_ROWS and 0 <= index < self.row_total():
            self.move_to(index)
