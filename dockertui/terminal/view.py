"""The terminal widget: a TerminalEmulator drawn with render_line, keys and mouse sent back.

Its interface is small: ``feed`` (from any thread) the program's output; it calls
``write`` with the bytes of keys, pastes, mouse reports and device replies, and
``resize`` with (rows, columns) whenever its size changes.

Output is parsed in the thread that feeds it (under a lock), so a flood of output
never blocks the UI; the widget is told once per batch and repaints only the rows
pyte marked dirty, at most 60 times a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from dockertui.engine.doorbell import Doorbell
from dockertui.terminal.emulator import SCROLLBACK, TerminalEmulator
from dockertui.terminal.keys import key_to_bytes

FRAME = 1 / 60
#: Styles kept for cell attributes; a program cycling colours would otherwise grow it forever.
STYLE_CACHE_SIZE = 4096
#: Keys the terminal keeps for itself (everything else goes to the program).
SCROLL_KEYS = {"shift+pageup": -1, "shift+pagedown": 1}
_NAMED = {
    "black": "black",
    "red": "red",
    "green": "green",
    "brown": "yellow",
    "blue": "blue",
    "magenta": "magenta",
    "cyan": "cyan",
    "white": "white",
    "brightblack": "bright_black",
    "brightred": "bright_red",
    "brightgreen": "bright_green",
    "brightbrown": "bright_yellow",
    "brightblue": "bright_blue",
    "brightmagenta": "bright_magenta",
    "brightcyan": "bright_cyan",
    "brightwhite": "bright_white",
}


def _color(name: str) -> Color | None:
    if name == "default":
        return None
    if name in _NAMED:
        return Color.parse(_NAMED[name])
    try:
        return Color.parse(f"#{name}")
    except Exception:  # noqa: BLE001 - an unknown colour is drawn as the default one
        return None


def _is_control(char: str) -> bool:
    """C0, DEL and C1 control characters."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0


class TerminalView(Widget, can_focus=True):
    """A terminal. The one chord it keeps is ctrl+] (leave), shown in the footer."""

    BINDING_GROUP_TITLE = "Terminal"  # how help and the palette name these keys
    #: Every key belongs to the shell (ui/terminal_focus.is_terminal, which needs no import of this).
    TAKES_EVERY_KEY = True

    DEFAULT_CSS = """
    TerminalView {
        height: 1fr;
        width: 1fr;
    }
    """

    BINDINGS = [
        Binding("ctrl+right_square_bracket", "leave", "Leave terminal", priority=True, id="terminal.leave"),
    ]

    class Dirty(Message):
        """The emulator changed (posted from the feeding thread)."""

    class LeaveRequested(Message):
        """The user pressed the leave chord."""

    @dataclass
    class CopyRequested(Message):
        """Text was selected with the mouse: the app copies it (OSC 52 and local clipboard)."""

        text: str

    class KeyAfterEnd(Message):
        """A key was pressed after the program ended (the owner closes the tab)."""

    def __init__(
        self,
        write: Callable[[bytes], None],
        resize: Callable[[int, int], None],
        *,
        scrollback: int = SCROLLBACK,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self._write = write
        self._resize = resize
        #: Guards the emulator, which the reader thread feeds. (Widget.lock is Textual's own.)
        self.emulator_lock = threading.RLock()
        self.emulator = TerminalEmulator(80, 24, respond=write, scrollback=scrollback)
        self.ended = False
        self.scroll_offset_rows = 0  # rows scrolled back into history; 0 = live
        self._scrolled_seen = 0  # the emulator's scrolled_rows at the last paint
        self._cache: dict[int, Strip] = {}
        self._styles: dict[tuple, Style] = {}
        #: Rung by the reader thread per chunk of output: one Dirty message until painted.
        self._dirty_bell = Doorbell(lambda: self.post_message(self.Dirty()))
        self._last_paint = 0.0
        self._paint_timer: Timer | None = None
        self._last_cursor: tuple[int, int] | None = None
        self._selection: tuple[tuple[int, int], tuple[int, int]] | None = None
        self._selecting = False

    # -- output ---------------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        """Feed program output; safe from any thread."""
        with self.emulator_lock:
            self.emulator.feed(data)
        self._dirty_bell.ring()

    def on_terminal_view_dirty(self, message: Dirty) -> None:
        message.stop()
        wait = self._last_paint + FRAME - time.monotonic()
        if wait > 0:
            if self._paint_timer is None:
                self._paint_timer = self.set_timer(wait, self._paint)
        else:
            self._paint()

    def _paint(self) -> None:
        """Take the dirty rows and repaint just those (a scroll makes them all dirty)."""
        self._paint_timer = None
        self._last_paint = time.monotonic()
        self._dirty_bell.answer()
        with self.emulator_lock:
            screen = self.emulator.screen
            dirty = set(screen.dirty)
            screen.dirty.clear()
            cursor = (screen.cursor.x, screen.cursor.y)
            scrolled, history = self.emulator.scrolled_rows, len(self.emulator.scrollback)
        if self.scroll_offset_rows:
            # Scrolled back, the view stays on the rows it shows as new ones go to the history.
            self.scroll_offset_rows = min(history, self.scroll_offset_rows + scrolled - self._scrolled_seen)
        self._scrolled_seen = scrolled
        if cursor != self._last_cursor:
            if self._last_cursor is not None:
                dirty.add(self._last_cursor[1])
            dirty.add(cursor[1])
            self._last_cursor = cursor
        for row in dirty:
            self._cache.pop(row, None)
        if self.scroll_offset_rows:
            return  # looking at history: the live screen changes out of sight
        width = self.size.width
        for row in sorted(dirty):
            self.refresh(Region(0, row, width, 1))

    # -- size -----------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        columns, rows = max(1, event.size.width), max(1, event.size.height)
        with self.emulator_lock:
            self.emulator.resize(columns, rows)
        self._cache.clear()
        self._resize(rows, columns)
        self.refresh()

    # -- drawing --------------------------------------------------------------------------

    def _style(self, char) -> Style:
        key = (char.fg, char.bg, char.bold, char.italics, char.underscore, char.strikethrough, char.reverse)
        style = self._styles.get(key)
        if style is None:
            style = Style(
                color=_color(char.fg),
                bgcolor=_color(char.bg),
                bold=char.bold or None,
                italic=char.italics or None,
                underline=char.underscore or None,
                strike=char.strikethrough or None,
                reverse=char.reverse or None,
            )
            if len(self._styles) > STYLE_CACHE_SIZE:  # a program cycling truecolours
                self._styles.clear()
            self._styles[key] = style
        return style

    def release(self) -> None:
        """The tab closed: let go of the screen, the history and the caches at once (Textual
        may keep the widget object itself a while longer)."""
        with self.emulator_lock:
            self.emulator.release()
        self._cache.clear()
        self._styles.clear()

    def _row_strip(self, row, columns: int, width: int) -> Strip:
        segments: list[Segment] = []
        text: list[str] = []
        current = None
        for x in range(columns):
            char = row[x]
            if not char.data:
                continue  # the second cell of a wide character
            style = self._style(char)
            if style is not current:
                if text:
                    segments.append(Segment("".join(text), current))
                text = []
                current = style
            text.append(char.data)
        if text:
            segments.append(Segment("".join(text), current))
        return Strip(segments).adjust_cell_length(width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        with self.emulator_lock:
            emulator = self.emulator
            screen = emulator.screen
            history = emulator.scrollback
            offset = min(self.scroll_offset_rows, len(history))
            if offset:
                index = len(history) - offset + y
                if index < len(history):
                    strip = self._row_strip(history[index], screen.columns, width)
                    return self._with_selection(strip, y)
                y_screen = index - len(history)
                strip = self._row_strip(screen.buffer[y_screen], screen.columns, width)
                return self._with_selection(strip, y)
            cached = self._cache.get(y)
            # Textual may paint at a new size before on_resize ran (and cleared the cache): a
            # row drawn for the old width is drawn again, or divide() below got too few parts.
            if cached is not None and cached.cell_length == width:
                strip = cached
            else:
                strip = (
                    self._row_strip(screen.buffer[y], screen.columns, width) if y < screen.lines else Strip.blank(width)
                )
                self._cache[y] = strip
            cursor = screen.cursor
            show_cursor = self.has_focus and not cursor.hidden and cursor.y == y and not self.ended
            cursor_x = cursor.x
        if show_cursor and cursor_x < width:
            left, middle, right = strip.divide([cursor_x, cursor_x + 1, width])
            if middle.cell_length == 0:
                middle = Strip([Segment(" ")])
            strip = Strip.join([left, middle.apply_style(Style(reverse=True)), right])
        return self._with_selection(strip, y)

    def _with_selection(self, strip: Strip, y: int) -> Strip:
        if self._selection is None:
            return strip
        (x1, y1), (x2, y2) = sorted(self._selection, key=lambda point: (point[1], point[0]))
        if not y1 <= y <= y2:
            return strip
        start = x1 if y == y1 else 0
        end = x2 + 1 if y == y2 else self.size.width
        left, middle, right = strip.divide([start, end, self.size.width])
        return Strip.join([left, middle.apply_style(Style(reverse=True)), right])

    def on_focus(self) -> None:
        self._cache.pop(self.emulator.screen.cursor.y, None)
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- keys -----------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        if self.ended:
            self.post_message(self.KeyAfterEnd())
            return
        if event.key in SCROLL_KEYS:
            self._scroll_history(SCROLL_KEYS[event.key] * max(1, self.size.height - 1))
            return
        data = key_to_bytes(event.key, event.character, application_cursor=self.emulator.application_cursor)
        if data:
            if self.scroll_offset_rows:
                self.scroll_offset_rows = 0
                self.refresh()
            self._selection = None
            self._write(data)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        if self.ended:
            return
        text = event.text.replace("\r\n", "\r").replace("\n", "\r")
        # No control characters but tab and CR, as xterm: a pasted ESC[201~ would end the
        # bracketed paste early and run the rest as typed commands.
        text = "".join(char for char in text if char in "\t\r" or not _is_control(char))
        if self.emulator.bracketed_paste:
            self._write(b"\x1b[200~" + text.encode() + b"\x1b[201~")
        else:
            self._write(text.encode())

    def _scroll_history(self, delta: int) -> None:
        with self.emulator_lock:
            limit = len(self.emulator.scrollback)
            if not self.scroll_offset_rows:
                self._scrolled_seen = self.emulator.scrolled_rows  # anchored from here on
        self.scroll_offset_rows = max(0, min(limit, self.scroll_offset_rows - delta))
        self._cache.clear()
        self.refresh()

    def action_leave(self) -> None:
        self.post_message(self.LeaveRequested())

    # -- mouse: reported to the program when it asks, otherwise selection ------------------

    def _report_mouse(self, button: int, x: int, y: int, release: bool = False) -> None:
        if self.emulator.sgr_mouse:
            self._write(f"\x1b[<{button};{x + 1};{y + 1}{'m' if release else 'M'}".encode())
        else:
            code = 3 if release else button
            self._write(b"\x1b[M" + bytes([32 + code, 32 + min(x + 1, 223), 32 + min(y + 1, 223)]))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.focus()
        if self.emulator.mouse_reporting:
            event.stop()
            self._report_mouse(max(0, event.button - 1), event.x, event.y)
            return
        self._selection = ((event.x, event.y), (event.x, event.y))
        self._selecting = True
        self.capture_mouse()
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._selecting and self._selection is not None:
            # Captured, the mouse may be dragged past the widget: keep the end on its cells.
            end = (min(max(0, event.x), self.size.width - 1), min(max(0, event.y), self.size.height - 1))
            self._selection = (self._selection[0], end)
            self.refresh()
        elif self.emulator.mouse_reporting:
            modes = self.emulator.private_modes
            if event.button and (1002 in modes or 1003 in modes):  # a drag
                self._report_mouse(32 + max(0, event.button - 1), event.x, event.y)
            elif not event.button and 1003 in modes:  # any motion: 32 + 3, no button held
                self._report_mouse(35, event.x, event.y)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self.emulator.mouse_reporting and not self._selecting:
            event.stop()
            self._report_mouse(max(0, event.button - 1), event.x, event.y, release=True)
            return
        if self._selecting:
            self._selecting = False
            self.release_mouse()
            text = self.selected_text()
            if text.strip():
                self.post_message(self.CopyRequested(text))
            else:
                self._selection = None
            self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        if self.emulator.mouse_reporting:
            self._report_mouse(64, event.x, event.y)
        else:
            self._scroll_history(-3)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        if self.emulator.mouse_reporting:
            self._report_mouse(65, event.x, event.y)
        else:
            self._scroll_history(3)

    def selected_text(self) -> str:
        """The selected cells as text, line by line (trailing blanks dropped)."""
        if self._selection is None:
            return ""
        (x1, y1), (x2, y2) = sorted(self._selection, key=lambda point: (point[1], point[0]))
        lines = []
        for y in range(y1, y2 + 1):
            text = self.render_line_text(y)
            start = x1 if y == y1 else 0
            end = x2 + 1 if y == y2 else len(text)
            lines.append(text[start:end].rstrip())
        return "\n".join(lines)

    def render_line_text(self, y: int) -> str:
        """The plain text of a visible row (history included when scrolled back)."""
        with self.emulator_lock:
            history = self.emulator.scrollback
            offset = min(self.scroll_offset_rows, len(history))
            index = len(history) - offset + y
            screen = self.emulator.screen
            row = history[index] if index < len(history) else screen.buffer[index - len(history)]
            return "".join(row[x].data for x in range(screen.columns)).rstrip()
