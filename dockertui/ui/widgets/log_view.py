"""A container's log: a bounded ring of lines drawn only where visible.

Lines arrive sanitised by the engine (``safe_log_line``: SGR colours kept, nothing else);
here they are parsed into Rich Text once (cached), prefixed with a gutter that
tells stderr from stdout, optionally with their timestamp, wrapped or cropped.
While the view is at the end it follows new lines. Search highlights matches
and moves between them; ctrl+s saves what is buffered.

The lines that hold the search text are counted as they arrive (``match_status``: "3/17",
the current one and how many), kept by their number since the log began so that lines
falling out of the ring leave the count without a rescan.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from dockertui.engine.logs import LogLine
from dockertui.engine.safe_text import strip_sgr
from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.widgets.cursor_list import StyledLines

TEXT_CACHE_SIZE = 2048
#: Colours for the sources of a merged log (``log-view--source-N`` in app.tcss).
SOURCE_COLOURS = 6


def source_colours(names: Iterable[str]) -> dict[str, int]:
    """A colour for each source, the same for a name every time (from its hash), distinct
    while there are colours enough: a name whose colour is taken gets the next free one,
    names placed in sorted order so the result depends only on the set of names."""
    taken: dict[str, int] = {}
    for name in sorted(set(names)):
        slot = zlib.crc32(name.encode("utf-8", "replace")) % SOURCE_COLOURS
        used = set(taken.values())
        if len(used) < SOURCE_COLOURS:
            while slot in used:
                slot = (slot + 1) % SOURCE_COLOURS
        taken[name] = slot
    return taken


def plain(line: LogLine) -> str:
    return strip_sgr(line.text)


class LogView(StyledLines, can_focus=True):
    BINDING_GROUP_TITLE = "Logs"  # how help and the palette name these keys
    BINDINGS = [
        *navigation_bindings(vim_keys=False, first="Oldest", last="Follow", shown={"last"}),
        Binding("t", "toggle_timestamps", "Timestamps", id="logs.timestamps"),
        Binding("w", "toggle_wrap", "Wrap", id="logs.wrap"),
        Binding("n", "next_match(1)", "Next", id="logs.next", show=False),
        Binding("N", "next_match(-1)", "Previous", id="logs.previous", show=False),
        Binding("ctrl+s", "save", "Save", id="logs.save"),
    ]

    COMPONENT_CLASSES = {
        "log-view--timestamp",
        "log-view--stderr",
        "log-view--stdout",
        "log-view--match",
        "log-view--current",
        "log-view--notice",
        *(f"log-view--source-{n}" for n in range(SOURCE_COLOURS)),
    }

    class MatchesCounted(Message):
        """``match_status`` changed (a search, n / N, lines that came or went)."""

    def __init__(self, buffer_size: int, **kwargs) -> None:
        """``buffer_size``: lines kept in memory ([logs] buffer)."""
        super().__init__(**kwargs)
        self.lines: deque[LogLine] = deque(maxlen=buffer_size)
        self.dropped = 0  # lines that fell out of the ring
        self.top = 0  # index (into lines) of the first line on screen
        self.follow = True
        self.timestamps = False
        self.wrap = False
        self.query_text = ""
        self.current_match: int | None = None
        #: The lines holding query_text, by number since the log began (index + dropped).
        self._hits: list[int] = []
        self._counted = ""  # the match_status last announced
        self.notice = ""  # e.g. "log ended", shown after the last line
        self.save_name = "container"
        #: The colour of each source of a merged log, and the width its names are padded to.
        self.sources: dict[str, int] = {}
        self._source_width = 0
        self._texts: LRUCache[int, tuple[LogLine, Text]] = LRUCache(TEXT_CACHE_SIZE)
        self._frame: list[Strip] = []

    # -- content ------------------------------------------------------------------------

    def set_sources(self, names: Iterable[str]) -> None:
        """A merged log: lines are prefixed with their source's name, in its colour."""
        self.sources = source_colours(names)
        self._source_width = min(20, max((len(name) for name in self.sources), default=0))
        self.refresh()

    def clear(self) -> None:
        self.lines.clear()
        self.dropped = 0
        self.top = 0
        self.follow = True
        self.current_match = None
        self._hits = []
        self.notice = ""
        self._texts.clear()
        self.refresh()
        self._announce_count()

    def add(self, lines: Iterable[LogLine]) -> None:
        added = 0
        needle = self.query_text.lower()
        for line in lines:
            if line.stream == "end":
                self.notice = f"log ended: {line.text}" if line.text else "log ended (the container stopped)"
                continue
            if line.stream == "skipped" and self.lines and self.lines[-1].stream == "skipped":
                continue  # one note for skips in a row
            if len(self.lines) == self.lines.maxlen:
                self.dropped += 1
                self.top = max(0, self.top - 1)
                if self.current_match is not None:
                    self.current_match = self.current_match - 1 if self.current_match > 0 else None
            self.lines.append(line)
            added += 1
            if needle and needle in plain(line).lower():
                self._hits.append(self.dropped + len(self.lines) - 1)
        if self._hits and self._hits[0] < self.dropped:
            del self._hits[: bisect_left(self._hits, self.dropped)]
        if added or self.notice:
            self.refresh()
        self._announce_count()

    # -- drawing ------------------------------------------------------------------------

    def _text(self, line: LogLine) -> Text:
        key = id(line)
        cached = self._texts.get(key)
        if cached is not None and cached[0] is line:
            return cached[1]
        text = Text.from_ansi(line.text, no_wrap=True) if "\x1b" in line.text else Text(line.text)
        self._texts.set(key, (line, text))
        return text

    def _row_text(self, index: int) -> Text:
        line = self.lines[index]
        row = Text(no_wrap=not self.wrap)
        row.append(
            "▌" if line.stream == "stderr" else " ",
            self._style("log-view--stderr" if line.stream == "stderr" else "log-view--stdout"),
        )
        if self.timestamps and line.timestamp:
            row.append(_short_time(line.timestamp) + " ", self._style("log-view--timestamp"))
        if line.source:
            colour = self.sources.get(line.source, 0)
            width = self._source_width or len(line.source)
            row.append(f"{line.source[:width]:<{width}} | ", self._style(f"log-view--source-{colour}"))
        body = self._text(line).copy()
        if line.stream == "skipped":
            body = Text(f"⋯ {line.text}", style=self._style("log-view--notice"))
        if self.query_text:
            body.highlight_words([self.query_text], self._style("log-view--match"), case_sensitive=False)
        row.append_text(body)
        if index == self.current_match:
            row.stylize(self._style("log-view--current"))
        return row

    def _rows_of(self, index: int, width: int) -> list[Text]:
        text = self._row_text(index)
        if not self.wrap:
            return [text]
        return list(text.wrap(self.app.console, width, overflow="fold")) or [Text()]

    def _height(self) -> int:
        return max(1, self.size.height)

    def _top_for_end(self, width: int) -> int:
        """The first line to show so that the last lines fill the screen."""
        height = self._height() - (1 if self.notice else 0)
        rows = 0
        index = len(self.lines)
        while index > 0:
            rows += len(self._rows_of(index - 1, width)) if self.wrap else 1
            if rows > height:
                break
            index -= 1
        return index

    def render_lines(self, crop: Region) -> list[Strip]:
        # Wrapped lines take several rows, so the frame is laid out as a whole here and
        # render_line hands out its rows.
        self._frame = self._layout_frame()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if 0 <= y < len(self._frame):
            return self._frame[y]
        return Strip.blank(self.size.width, self._style("base"))

    def _layout_frame(self) -> list[Strip]:
        width, height = self.size.width, self._height()
        if self.follow:
            self.top = self._top_for_end(width)
        self.top = max(0, min(self.top, max(0, len(self.lines) - 1)))
        base = self._style("base")
        console = self.app.console
        strips: list[Strip] = []
        index = self.top
        while len(strips) < height and index < len(self.lines):
            for row in self._rows_of(index, width):
                strips.append(Strip(row.render(console), row.cell_len).adjust_cell_length(width, base).crop(0, width))
                if len(strips) == height:
                    break
            index += 1
        if self.notice and len(strips) < height and index >= len(self.lines):
            strips.append(
                Strip(
                    Text(f" — {self.notice} —", style=self._style("log-view--notice")).render(console)
                ).adjust_cell_length(width, base)
            )
        while len(strips) < height:
            strips.append(Strip.blank(width, base))
        return strips

    # -- moving -------------------------------------------------------------------------

    def _scroll_to_line(self, index: int) -> None:
        self.top = max(0, min(index, max(0, len(self.lines) - 1)))
        self.follow = self.top >= self._top_for_end(self.size.width)
        self.refresh()

    def action_cursor(self, delta: int) -> None:
        if self.follow:
            self.top = self._top_for_end(self.size.width)
        self._scroll_to_line(self.top + delta)

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self._height() - 1))

    def action_first(self) -> None:
        self._scroll_to_line(0)

    def action_last(self) -> None:
        """Follow: show the last lines and the ones that come."""
        self.follow = True
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.action_cursor(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.action_cursor(-3)

    def action_toggle_timestamps(self) -> None:
        self.timestamps = not self.timestamps
        self.refresh()

    def action_toggle_wrap(self) -> None:
        self.wrap = not self.wrap
        self.refresh()

    # -- search -------------------------------------------------------------------------

    def search(self, text: str, direction: int = 1) -> bool:
        """Go to the next line (from the current match or the top) that contains ``text``."""
        needle = text.lower()
        if needle != self.query_text.lower():
            self._hits = [
                self.dropped + index
                for index, line in enumerate(self.lines)
                if needle and needle in plain(line).lower()
            ]
        self.query_text = text
        found = self._go_to_match(needle, direction)
        self._announce_count()
        return found

    def _go_to_match(self, needle: str, direction: int) -> bool:
        if not needle:
            self.current_match = None
            self.refresh()
            return False
        count = len(self.lines)
        start = (
            self.current_match if self.current_match is not None else (self.top - 1 if direction > 0 else self.top + 1)
        )
        for step in range(1, count + 1):
            index = (start + direction * step) % count
            if needle in plain(self.lines[index]).lower():
                self.current_match = index
                self.follow = False
                if not self.top <= index < self.top + self._height() - 1:
                    self.top = max(0, index - self._height() // 3)
                self.refresh()
                return True
        self.current_match = None
        self.refresh()
        return False

    @property
    def match_status(self) -> str:
        """ "3/17": the current match and how many lines match ("-/17" when the current one
        is not there); "" with no search."""
        if not self.query_text:
            return ""
        number = "-"
        if self.current_match is not None:
            position = bisect_left(self._hits, self.dropped + self.current_match)
            if position < len(self._hits) and self._hits[position] == self.dropped + self.current_match:
                number = str(position + 1)
        return f"{number}/{len(self._hits)}"

    def _announce_count(self) -> None:
        status = self.match_status
        if status != self._counted:
            self._counted = status
            self.post_message(self.MatchesCounted())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # n / N move between matches while a search is kept; else they are the panel's keys.
        if action == "next_match":
            return bool(self.query_text)
        return True

    def action_next_match(self, direction: int) -> None:
        if self.query_text and not self.search(self.query_text, direction):
            self.notify(f"No line contains {self.query_text!r}", severity="warning")

    # -- saving -------------------------------------------------------------------------

    def save(self, folder: Path | None = None) -> Path:
        """Write the buffered lines as plain text; return the file's path."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", self.save_name) or "container"
        path = (folder or Path.cwd()) / f"{safe}-{stamp}.log"
        with path.open("w", encoding="utf-8") as output:
            for line in self.lines:
                prefix = f"{line.timestamp} " if line.timestamp else ""
                marker = "stderr " if line.stream == "stderr" else ""
                source = f"{line.source} | " if line.source else ""
                output.write(f"{prefix}{source}{marker}{plain(line)}\n")
        return path

    def action_save(self) -> None:
        try:
            path = self.save()
        except OSError as error:
            self.notify(f"Could not save the log: {error}", severity="error")
            return
        self.notify(f"Saved {len(self.lines):,} lines to {path}")


def _short_time(stamp: str) -> str:
    """ "2026-11-28T04:11:42.284410241Z" → "04:11:42.284"."""
    _, _, clock = stamp.partition("T")
    return clock[:12] if clock else stamp
