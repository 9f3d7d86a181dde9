"""A VT emulator on top of pyte, with what pyte lacks for a real shell.

- **Alternate screen** (private modes 1049/1047/47): vim, top and less draw on a
  second buffer and the shell's screen comes back when they quit. pyte only
  records the mode bit and would lose the main screen.
- **Device queries** answered through ``respond``: cursor position (``ESC[6n`` —
  busybox sh asks after every prompt) and device attributes.
- **Never raises**: pyte raises on some sequences (e.g. odd private CSI forms);
  every handler call is guarded and the parser goes on with the next byte.
- What pyte gets wrong, put right: zero-width characters no longer end a line's
  text, the DEC line-drawing set works in UTF-8, DCS/APC strings are not drawn,
  ``ESC[3J`` clears the scrollback (not the screen), RIS leaves the alternate
  screen, fewer rows keep the cursor's line (xterm's way).
- **Scrollback**: lines scrolled off the top of the main screen are kept
  (default 5,000).
- Modes a program can switch on are recorded for the view: mouse reporting
  (1000/1002/1003, SGR 1006), bracketed paste (2004), application cursor keys (1).
- UTF-8 split across reads is decoded incrementally; wide characters take two
  cells (pyte's own handling).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import deque
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pyte
import pyte.charsets
from pyte import modes as pyte_modes
from wcwidth import wcwidth

SCROLLBACK = 5000
#: Attribute combinations whose cells are kept for sharing (a program cycling colours
#: could make many; past this the cache starts afresh).
CELL_CACHE_ATTRS = 512
_LATIN1 = pyte.charsets.LAT1_MAP
_CHAR = pyte.screens.Char
_new_char = tuple.__new__
ALTERNATE_MODES = {47, 1047, 1049}
#: Private modes pyte must not see: the alternate screen (ours), and DECCOLM (3), with
#: which pyte resized itself to 132 or 80 columns whatever the window (reset sends ?3l).
DECCOLM = 3
_NOT_FOR_PYTE = ALTERNATE_MODES | {DECCOLM}
#: DCS, SOS, PM and APC: strings pyte does not know, dropped up to their ESC \\.
_CONTROL_STRING_START = re.compile("\x1b[P_^X]")
MOUSE_MODES = {9, 1000, 1002, 1003}
SGR_MOUSE = 1006
BRACKETED_PASTE = 2004
APPLICATION_CURSOR = 1


class RowBuffer:
    """pyte's screen buffer (row number → line), with O(1) full-screen scrolling.

    pyte scrolls by moving every row one place up (40 dict writes per line); here
    rows are keyed by ``y + offset`` and a scroll moves the offset. ``seq 1 100000``
    went from 0.93 s to well under half that.
    """

    def __init__(self, default_factory: Callable[[], Any]) -> None:
        self.default_factory = default_factory
        self._rows: dict[int, Any] = {}
        self._offset = 0

    def __getitem__(self, y: int) -> Any:
        key = y + self._offset
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = self.default_factory()
        return row

    def __setitem__(self, y: int, row: Any) -> None:
        self._rows[y + self._offset] = row

    def __delitem__(self, y: int) -> None:
        del self._rows[y + self._offset]

    def __contains__(self, y: object) -> bool:
        return isinstance(y, int) and y + self._offset in self._rows

    def __iter__(self):
        return iter([key - self._offset for key in self._rows])

    def __len__(self) -> int:
        return len(self._rows)

    def pop(self, y: int, default: Any = None) -> Any:
        return self._rows.pop(y + self._offset, default)

    def keys(self) -> list[int]:
        return list(self)

    def values(self) -> list[Any]:
        return list(self._rows.values())

    def items(self) -> list[tuple[int, Any]]:
        return [(key - self._offset, row) for key, row in self._rows.items()]

    def clear(self) -> None:
        self._rows.clear()

    def scroll_up(self) -> Any:
        """Row 0 leaves the screen (returned); every other row moves up one."""
        row = self._rows.pop(self._offset, None)
        self._offset += 1
        return row


class _Screen(pyte.Screen):
    # pyte declares a plain dict; ours scrolls by moving its row offset (RowBuffer).
    buffer: RowBuffer  # type: ignore[assignment]

    def __init__(self, columns: int, lines: int, owner: TerminalEmulator) -> None:
        super().__init__(columns, lines)
        self._owner = owner
        self.buffer = RowBuffer(self.buffer.default_factory)

    # Replies to the program (cursor position, device attributes).
    def write_process_input(self, data: str) -> None:
        self._owner.respond(data.encode())

    def report_device_status(self, mode: int, **kwargs: Any) -> None:
        if mode == 6 and self.cursor.x >= self.columns:
            # A wrap is pending at the right margin: xterm reports the last column.
            pending = self.cursor.x
            self.cursor.x = self.columns - 1
            try:
                super().report_device_status(mode, **kwargs)
            finally:
                self.cursor.x = pending
            return
        super().report_device_status(mode, **kwargs)

    def report_device_attributes(self, mode: int = 0, **kwargs: Any) -> None:
        if mode == 0 and not kwargs.get("private"):
            self.write_process_input("\x1b[?62;22c")  # a VT220 with ANSI colour, like xterm says

    def set_title(self, param: str) -> None:
        super().set_title(param)
        self._owner.title = param

    def _take_private_modes(self, modes: tuple[int, ...], on: bool) -> tuple[int, ...]:
        """Record private modes for the view and switch the alternate screen ourselves;
        return what is left for pyte."""
        owner = self._owner
        if on:
            owner.private_modes.update(modes)
        else:
            owner.private_modes.difference_update(modes)
        if ALTERNATE_MODES & set(modes):
            if on:
                owner.enter_alternate(save_cursor=1049 in modes)
            else:
                owner.leave_alternate(restore_cursor=1049 in modes)
        return tuple(m for m in modes if m not in _NOT_FOR_PYTE)

    def set_mode(self, *modes: int, **kwargs: Any) -> None:
        if kwargs.get("private"):
            modes = self._take_private_modes(modes, on=True)
            if not modes:
                return
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs: Any) -> None:
        if kwargs.get("private"):
            modes = self._take_private_modes(modes, on=False)
            if not modes:
                return
        super().reset_mode(*modes, **kwargs)

    def resize(self, lines: int | None = None, columns: int | None = None) -> None:
        """Fewer rows keep the cursor's row on screen, as xterm does: rows below the cursor
        go first, then rows leave at the top into the scrollback. (pyte drops rows at the
        top and leaves the cursor where it was: the prompt line vanished.)"""
        lines = lines or self.lines
        if lines < self.lines and self._owner.alternate:
            self._owner.shrink_saved_main(lines)
        if lines < self.lines:
            leaving = max(0, self.cursor.y + 1 - lines)
            for _ in range(leaving):
                row = self.buffer.scroll_up()
                if not self._owner.alternate:
                    self._owner.keep_in_scrollback(row if row is not None else self.buffer.default_factory())
            self.cursor.y -= leaving
            for y in range(lines, self.lines):
                self.buffer.pop(y, None)
            self.lines = lines
            self.set_margins()
            self.dirty.update(range(lines))
        super().resize(lines, columns)
        if self.cursor.x >= self.columns:  # narrower: the cursor stays on screen (pyte left it out)
            self.cursor.x = self.columns - 1

    def erase_in_display(self, how: int = 0, *args: Any, **kwargs: Any) -> None:
        if how == 3:
            # "Erase saved lines" (clear sends it after ESC[2J): the scrollback, not the screen.
            self._owner.scrollback.clear()
            return
        super().erase_in_display(how, *args, **kwargs)

    def reset(self) -> None:
        """RIS (``reset`` sends it): also back to the main screen, every private mode off."""
        owner = getattr(self, "_owner", None)  # None while pyte's __init__ runs
        if owner is not None and owner.alternate and owner._saved_main is not None:
            self.buffer = owner._saved_main[0]
        super().reset()
        if owner is not None:
            owner.alternate = False
            owner._saved_main = None
            owner.private_modes.clear()

    def index(self) -> None:
        top, bottom = self.margins or pyte.screens.Margins(0, self.lines - 1)
        if self.cursor.y == bottom and top == 0 and bottom == self.lines - 1:
            # The whole screen scrolls: O(1), and the top line goes to the scrollback.
            row = self.buffer.scroll_up()
            if not self._owner.alternate:
                self._owner.keep_in_scrollback(row if row is not None else self.buffer.default_factory())
            if len(self.dirty) != self.lines:
                self.dirty.update(range(self.lines))
            return
        super().index()

    def draw(self, data: str) -> None:
        # Fast path for the common case (characters one cell wide, no charset translation,
        # no insert mode): pyte builds each cell with namedtuple._replace, slow for bulk
        # output, and every cell a new object.
        if not (
            (data.isascii() and data.isprintable() or all(map(_narrow, data)))
            and self.charset == 0
            and self.g0_charset is _LATIN1
            and pyte_modes.IRM not in self.mode
        ):
            if not data.isascii():
                # pyte stops drawing at a zero-width character that is not a combining mark
                # (a zero-width joiner, an emoji's variation selector): the rest was lost.
                data = "".join(char for char in data if _drawable(char))
            self._draw_any(data)
            return
        cursor = self.cursor
        attrs = tuple(cursor.attrs)[1:]
        cells = self._owner.cells_for(attrs)
        columns = self.columns
        autowrap = pyte_modes.DECAWM in self.mode
        line = self.buffer[cursor.y]
        for char in data:
            if cursor.x == columns:
                if autowrap:
                    self.dirty.add(cursor.y)
                    self.carriage_return()
                    self.linefeed()
                    line = self.buffer[cursor.y]
                else:
                    cursor.x -= 1
            cell = cells.get(char)
            if cell is None:
                cell = cells[char] = _new_char(_CHAR, (char, *attrs))
            line[cursor.x] = cell
            cursor.x = min(cursor.x + 1, columns)
        self.dirty.add(cursor.y)

    def _draw_any(self, data: str) -> None:
        """pyte's draw (charsets, insert mode, wide and combining characters), with cells
        shared like the fast path's instead of a new one per character."""
        data = data.translate(self.g1_charset if self.charset else self.g0_charset)
        cursor = self.cursor
        cells = self._owner.cells_for(tuple(cursor.attrs)[1:])

        def cell(char: str) -> Any:
            made = cells.get(char)
            if made is None:
                made = cells[char] = _new_char(_CHAR, (char, *tuple(cursor.attrs)[1:]))
            return made

        for char in data:
            width = wcwidth(char)
            if cursor.x == self.columns:
                if pyte_modes.DECAWM in self.mode:
                    self.dirty.add(cursor.y)
                    self.carriage_return()
                    self.linefeed()
                elif width > 0:
                    cursor.x -= width
            if pyte_modes.IRM in self.mode and width > 0:
                self.insert_characters(width)
            line = self.buffer[cursor.y]
            if width == 1:
                line[cursor.x] = cell(char)
            elif width == 2:
                line[cursor.x] = cell(char)
                if cursor.x + 1 < self.columns:
                    line[cursor.x + 1] = cell("")  # the stub slot after a two-cell character
            elif width == 0 and unicodedata.combining(char):
                # Combined with the character before it, on this line or the one above.
                if cursor.x:
                    row, x = line, cursor.x - 1
                elif cursor.y:
                    row, x = self.buffer[cursor.y - 1], self.columns - 1
                else:
                    continue
                last = row[x]
                combined = unicodedata.normalize("NFC", last.data + char)
                row[x] = self._owner.cells_for(tuple(last)[1:]).setdefault(combined, last._replace(data=combined))
            else:
                break  # unprintable, or it does not advance the cursor
            if width > 0:
                cursor.x = min(cursor.x + width, self.columns)
        self.dirty.add(cursor.y)


@lru_cache(maxsize=4096)
def _narrow(char: str) -> bool:
    """One cell wide and nothing pyte would do differently (no combining, no control)."""
    return wcwidth(char) == 1 and unicodedata.combining(char) == 0 and char.isprintable()


@lru_cache(maxsize=4096)
def _drawable(char: str) -> bool:
    """Whether pyte can draw ``char``: it takes a cell or more, or combines with the last."""
    width = wcwidth(char)
    return width > 0 or (width == 0 and unicodedata.combining(char) != 0)


class HistoryRow(tuple):
    """A row gone to the scrollback: its cells in a tuple (pyte's row is a dict), read like
    pyte's rows — past its end, blank cells. With the cells shared (``cells_for``), a
    history row takes about a kilobyte; pyte's dict of a new tuple per cell took some
    twenty, and 5,000 rows of history over a hundred megabytes."""

    __slots__ = ()

    def __getitem__(self, x: int) -> Any:  # type: ignore[override]  # tuple's takes slices too
        return tuple.__getitem__(self, x) if 0 <= x < len(self) else _BLANK


_BLANK = _CHAR(" ")


def _history_row(row: Any) -> HistoryRow:
    if not row:
        return HistoryRow()
    return HistoryRow(map(row.__getitem__, range(max(row) + 1)))


class _Guarded:
    """Stands for the screen in front of pyte's parser: a handler that fails is a no-op."""

    def __init__(self, screen: _Screen) -> None:
        self._screen = screen

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._screen, name)
        if not callable(attribute):
            return attribute

        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return attribute(*args, **kwargs)
            except Exception:  # noqa: BLE001 - a sequence we cannot honour is ignored, never fatal
                return None

        return guarded


class _SafeStream(pyte.Stream):
    """pyte.Stream whose feed goes on after a parser error instead of dropping the rest.

    Its text arrives decoded, so it runs in pyte's 8-bit mode: that is what honours
    ``ESC ( 0`` and SO/SI (the DEC line-drawing set of htop, mc and dialog boxes), which
    pyte's UTF-8 mode ignores; xterm draws them in UTF-8 too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.use_utf8 = False

    def select_other_charset(self, code: str) -> None:
        pass  # ESC % G / ESC % @: the text is always decoded as UTF-8 before it gets here

    def feed(self, data: str) -> None:
        listener = self.listener
        assert listener is not None, "attached to its screen at construction"
        draw = listener.draw
        match_text = self._text_pattern.match
        taking_plain_text = self._taking_plain_text
        length = len(data)
        offset = 0
        while offset < length:
            if taking_plain_text:
                match = match_text(data, offset)
                if match:
                    start, offset = match.span()
                    draw(data[start:offset])
                else:
                    taking_plain_text = False
            else:
                try:
                    taking_plain_text = self._send_to_parser(data[offset : offset + 1])
                except Exception:  # noqa: BLE001 - pyte reset its parser; carry on
                    taking_plain_text = self._taking_plain_text
                offset += 1
        self._taking_plain_text = taking_plain_text


class TerminalEmulator:
    """Feed it the program's bytes; read ``screen`` (and ``scrollback``) to draw."""

    def __init__(
        self,
        columns: int = 80,
        rows: int = 24,
        *,
        respond: Callable[[bytes], None] = lambda _: None,
        scrollback: int = SCROLLBACK,
    ) -> None:
        self.respond = respond
        self.title = ""
        self.private_modes: set[int] = set()
        self.alternate = False
        self.scrollback: deque = deque(maxlen=scrollback)
        self._cells: dict[tuple, dict[str, Any]] = {}
        #: Rows ever sent to the scrollback: a view scrolled back follows it to stay put.
        self.scrolled_rows = 0
        self.screen = _Screen(columns, rows, self)
        self._saved_main: tuple | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._in_control_string = False
        self._pending_escape = False
        self._stream = _SafeStream()
        self._stream.attach(_Guarded(self.screen))  # type: ignore[arg-type]  # a proxy of the Screen

    # -- input ----------------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        """Never raises, whatever the bytes."""
        try:
            text = self._decoder.decode(data)
        except Exception:  # noqa: BLE001 - an impossible decoder state: start afresh
            self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
            text = data.decode("utf-8", "replace")
        self._stream.feed(self._without_control_strings(text))

    def _without_control_strings(self, text: str) -> str:
        """Drop DCS, APC, PM and SOS strings (``ESC P … ESC \\`` and the like: an editor's
        capability queries, sixel and kitty images). pyte knows none of them and drew
        their payload as text. Kept across feeds: a string may arrive in pieces."""
        if (
            not (self._in_control_string or self._pending_escape)
            and not text.endswith("\x1b")
            and _CONTROL_STRING_START.search(text) is None
        ):
            return text  # the common case, colours and all: one C-speed search
        if self._pending_escape:
            text, self._pending_escape = "\x1b" + text, False
        kept: list[str] = []
        index, length = 0, len(text)
        while index < length:
            if self._in_control_string:
                end = text.find("\x1b\\", index)
                if end < 0:
                    self._pending_escape = text.endswith("\x1b")  # perhaps the terminator's start
                    break
                index, self._in_control_string = end + 2, False
                continue
            escape = text.find("\x1b", index)
            if escape < 0:
                kept.append(text[index:])
                break
            kept.append(text[index:escape])
            if escape + 1 == length:
                self._pending_escape = True  # what it starts comes with the next feed
                break
            if text[escape + 1] in "P_^X":
                self._in_control_string, index = True, escape + 2
            else:
                kept.append("\x1b")
                index = escape + 1
        return "".join(kept)

    def resize(self, columns: int, rows: int) -> None:
        columns, rows = max(1, columns), max(1, rows)
        if (columns, rows) == (self.screen.columns, self.screen.lines):
            return
        try:
            self.screen.resize(rows, columns)
        except Exception:  # noqa: BLE001 - keep the old size rather than fail
            return
        self.screen.dirty.update(range(self.screen.lines))

    # -- alternate screen ---------------------------------------------------------------

    def enter_alternate(self, save_cursor: bool) -> None:
        if self.alternate:
            return
        screen = self.screen
        cursor = screen.cursor
        saved_cursor = (cursor.x, cursor.y, cursor.attrs, cursor.hidden) if save_cursor else None
        self._saved_main = (screen.buffer, saved_cursor, screen.margins)
        screen.buffer = type(screen.buffer)(screen.buffer.default_factory)
        screen.margins = None
        self.alternate = True
        screen.dirty.update(range(screen.lines))

    def keep_in_scrollback(self, row: Any) -> None:
        self.scrollback.append(_history_row(row))
        self.scrolled_rows += 1

    def release(self) -> None:
        """The session ended and its tab closed: let go of the screen and the history."""
        self.scrollback.clear()
        self.screen.buffer.clear()
        self._cells.clear()
        self._saved_main = None

    def cells_for(self, attrs: tuple) -> dict[str, Any]:
        """The cells already made for these attributes, by character: every "a" in plain
        text is one shared object (the rows of the history hold references, not copies)."""
        cells = self._cells.get(attrs)
        if cells is None:
            if len(self._cells) > CELL_CACHE_ATTRS:
                self._cells.clear()
            cells = self._cells[attrs] = {}
        return cells

    def shrink_saved_main(self, rows: int) -> None:
        """Fewer rows while the alternate screen shows: the main screen keeps its cursor's
        row too (its top rows go to the scrollback), so the prompt is there on return."""
        if self._saved_main is None:
            return
        buffer, saved_cursor, margins = self._saved_main
        cursor_y = saved_cursor[1] if saved_cursor is not None else self.screen.cursor.y
        leaving = max(0, cursor_y + 1 - rows)
        for _ in range(leaving):
            row = buffer.scroll_up()
            self.keep_in_scrollback(row if row is not None else buffer.default_factory())
        if saved_cursor is not None:
            x, y, attrs, hidden = saved_cursor
            saved_cursor = (x, y - leaving, attrs, hidden)
        self._saved_main = (buffer, saved_cursor, margins)

    def leave_alternate(self, restore_cursor: bool) -> None:
        if not self.alternate or self._saved_main is None:
            return
        screen = self.screen
        buffer, saved_cursor, margins = self._saved_main
        self._saved_main = None
        screen.buffer = buffer
        screen.margins = margins
        # Rows beyond a size changed while in the alternate screen are dropped.
        for row in [y for y in buffer if y >= screen.lines]:
            del buffer[row]
        if saved_cursor is not None:
            x, y, attrs, hidden = saved_cursor
            screen.cursor.x = min(x, screen.columns - 1)
            screen.cursor.y = min(y, screen.lines - 1)
            screen.cursor.attrs = attrs
            screen.cursor.hidden = hidden
        self.alternate = False
        screen.dirty.update(range(screen.lines))

    # -- what the view needs to know ----------------------------------------------------

    @property
    def mouse_reporting(self) -> bool:
        return bool(self.private_modes & MOUSE_MODES)

    @property
    def sgr_mouse(self) -> bool:
        return SGR_MOUSE in self.private_modes

    @property
    def bracketed_paste(self) -> bool:
        return BRACKETED_PASTE in self.private_modes

    @property
    def application_cursor(self) -> bool:
        return APPLICATION_CURSOR in self.private_modes

    def line_text(self, y: int) -> str:
        row = self.screen.buffer[y]
        return "".join(row[x].data for x in range(self.screen.columns)).rstrip()

    def display(self) -> list[str]:
        return [self.line_text(y) for y in range(self.screen.lines)]
