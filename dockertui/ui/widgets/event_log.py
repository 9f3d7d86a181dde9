"""A virtual list of daemon events: render_line over the rows, nothing built per row.

Ten thousand events cost no widgets; each frame renders only the visible lines
(with an LRU cache of strips). A cursor row selects an event for ``enter``.
While the cursor is on the last row the log follows new events, like ``tail -f``.

It scrolls itself (see CursorList) and draws its own one-column scrollbar.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from dockertui.engine.events import DockerEvent
from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.widgets.cursor_list import CursorList

TIME_WIDTH = 13
TYPE_WIDTH = 10
ACTION_WIDTH = 15
OBJECT_WIDTH = 32
STRIP_CACHE_SIZE = 256


class EventLog(CursorList):
    """Events in arrival order; a cursor; follows the tail while the cursor is at the end."""

    BINDING_GROUP_TITLE = "Event list"  # how help and the palette name these keys

    BINDINGS = [
        *navigation_bindings(first="First event", last="Last event (follow)"),
        Binding("enter", "jump", "Go to object", id="events.jump"),
    ]

    COMPONENT_CLASSES = {
        "event-log--time",
        "event-log--object",
        "event-log--details",
        "event-log--cursor",
        "event-log--scrollbar",
        "event-log--scrollbar-thumb",
        "event-log--type-container",
        "event-log--type-image",
        "event-log--type-network",
        "event-log--type-volume",
        "event-log--type-daemon",
        "event-log--type-service",
        "event-log--type-node",
        "event-log--type-secret",
        "event-log--type-config",
        "event-log--type-other",
        "event-log--created",
        "event-log--started",
        "event-log--stopped",
        "event-log--removed",
        "event-log--exec",
        "event-log--healthy",
        "event-log--unhealthy",
        "event-log--other",
    }

    @dataclass
    class JumpRequested(Message):
        """The user asked to go to the object of ``event``."""

        event: DockerEvent

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: deque[DockerEvent] = deque()
        self.cursor = -1  # -1: no rows
        # Looked up once per frame (render_lines): Widget.size is not cheap, and
        # render_line runs for every visible line.
        self._width = 0
        self._bar_geometry: tuple[int, int] | None = None
        # Keyed by id(event); the event itself is stored too, because ids are reused
        # once an event leaves the buffer and is collected.
        self._cache: LRUCache[tuple[int, int, int], tuple[DockerEvent, Strip]] = LRUCache(STRIP_CACHE_SIZE)

    # -- content ------------------------------------------------------------------------

    @property
    def rows(self) -> deque[DockerEvent]:
        return self._rows

    @property
    def following(self) -> bool:
        return self.cursor >= len(self._rows) - 1

    @property
    def selected(self) -> DockerEvent | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def set_rows(self, rows: Iterable[DockerEvent]) -> None:
        """Replace the view (after a filter change, a clear, or a resume). A cursor moved
        up stays on its event if that one is still shown; else it goes to the last row."""
        kept = None if self.following else self.selected
        self._rows = deque(rows)
        self.cursor = len(self._rows) - 1
        if kept is not None:
            self.cursor = next((i for i, event in enumerate(self._rows) if event is kept), self.cursor)
        self.scroll_to_cursor()
        self.refresh()

    def append(self, events: Iterable[DockerEvent]) -> None:
        follow = self.following
        self._rows.extend(events)
        if follow:
            self.cursor = len(self._rows) - 1
            self.scroll_to_cursor()
        self.refresh()

    def drop_oldest(self, event: DockerEvent) -> None:
        """The buffer forgot ``event`` (its oldest); forget it too if shown."""
        if self._rows and self._rows[0] is event:
            self._rows.popleft()
            self.cursor = max(-1 if not self._rows else 0, self.cursor - 1)
            self.top = max(0, self.top - 1)

    def row_total(self) -> int:
        return len(self._rows)

    # -- drawing ------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._cache.clear()
        self.scroll_to_cursor() if self.following else self.clamp_top()

    def render_lines(self, crop: Region) -> list[Strip]:
        # The size may have changed without a Resize reaching us (a pane shown again).
        self.scroll_to_cursor() if self.following else self.clamp_top()
        self._width = self.size.width
        self._bar_geometry = self._scrollbar_geometry()
        return super().render_lines(crop)

    def styles_changed(self) -> None:
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        """One visible line: the event row plus one scrollbar cell (0 none, 1 track, 2 thumb)."""
        width = self._width - 1
        index = self.top + y
        bar = self._scrollbar_state(y)
        if not 0 <= index < len(self._rows):
            return Strip.blank(self._width, self._style("base"))
        event = self._rows[index]
        state = 0 if index != self.cursor else (1 if self.has_focus else 2)
        key = (id(event), width, state * 3 + bar)
        cached = self._cache.get(key)
        if cached is not None and cached[0] is event:
            return cached[1]
        strip = Strip.join([self._render_event(event, width, state), self._scrollbar_cell(bar)])
        self._cache.set(key, (event, strip))
        return strip

    def _scrollbar_geometry(self) -> tuple[int, int] | None:
        """(first row, rows) of the scrollbar thumb, or None when everything fits."""
        total, height = len(self._rows), self.body_height
        if total <= height:
            return None
        thumb = max(1, height * height // total)
        return (height - thumb) * self.top // max(1, total - height), thumb

    def _scrollbar_state(self, y: int) -> int:
        if self._bar_geometry is None:
            return 0
        start, thumb = self._bar_geometry
        return 2 if start <= y < start + thumb else 1

    def _scrollbar_cell(self, bar: int) -> Strip:
        if bar == 0:
            return Strip.blank(1, self._style("base"))
        if bar == 2:
            return Strip([Segment("┃", self._style("event-log--scrollbar-thumb"))])
        return Strip([Segment("│", self._style("event-log--scrollbar"))])

    def _render_event(self, event: DockerEvent, width: int, state: int) -> Strip:
        """``state``: 0 plain, 1 cursor row with focus, 2 cursor row without focus."""
        style = self._style
        base = self._style("base")
        object_width = OBJECT_WIDTH if width >= 100 else 22
        segments = [
            Segment(event.time.strftime("%H:%M:%S.%f")[:12].ljust(TIME_WIDTH), style("event-log--time")),
            Segment(event.type[: TYPE_WIDTH - 1].ljust(TYPE_WIDTH), style(f"event-log--type-{event.type_group}")),
            Segment(event.action[: ACTION_WIDTH - 1].ljust(ACTION_WIDTH), style(f"event-log--{event.action_class}")),
            Segment(_fit(event.object_name, object_width - 1).ljust(object_width), style("event-log--object")),
            Segment(event.key_attributes(), style("event-log--details")),
        ]
        # The cursor goes on top of the cells' styles: under them (apply_style), the widget
        # background each cell carries hid it, and the cursor row looked like every other.
        if state == 1:
            row = Style(bgcolor=style("event-log--cursor").bgcolor)
        elif state == 2:
            row = Style(underline=True)
        else:
            row = None
        strip = Strip(Segment.apply_style(Strip(segments).apply_style(base), post_style=row))
        return strip.adjust_cell_length(width, base + row if row else base).crop(0, width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- keys ---------------------------------------------------------------------------

    def action_jump(self) -> None:
        if self.selected is not None:
            self.post_message(self.JumpRequested(self.selected))


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
