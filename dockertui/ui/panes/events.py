"""The events pane (key 4): the daemon's live event stream, filterable, pausable."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input

from dockertui.engine.events import DockerEvent
from dockertui.ui.panes.pane import Pane
from dockertui.ui.text_roles import role_style
from dockertui.ui.widgets.event_log import EventLog
from dockertui.ui.widgets.filter_input import FilterInput, opening_key
from dockertui.ui.widgets.status_line import StatusLine

#: Toggle key and label per type group.
TYPE_TOGGLES = (
    ("C", "container"),
    ("I", "image"),
    ("N", "network"),
    ("V", "volume"),
    ("D", "daemon"),
    ("O", "other"),
    # Swarm: named in the status line once one is seen or hidden (a daemon out of swarm
    # sends none). The key is the capital letter in the word: Service, nodE, secRet, conFig.
    ("S", "service"),
    ("E", "node"),
    ("R", "secret"),
    ("F", "config"),
)
SWARM_TYPES = frozenset({"service", "node", "secret", "config"})


class EventsPane(Pane):
    """Every event of the daemon, newest at the bottom; see the bindings for what keys do."""

    PANE_ID = "events"
    TITLE = "Events"
    HOTKEY = "4"

    BINDINGS = [
        Binding("space", "toggle_pause", "Pause", id="events.pause"),
        Binding("c", "clear", "Clear", id="events.clear"),
        opening_key("filter", "Filter", id="events.filter"),
        *(
            Binding(key, f"toggle_type('{group}')", f"Show {group} events", id=f"events.type.{group}", show=False)
            for key, group in TYPE_TOGGLES
        ),
    ]

    def __init__(self, buffer_size: int) -> None:
        """``buffer_size``: events kept in memory ([events] buffer)."""
        super().__init__()
        self.buffer: deque[DockerEvent] = deque(maxlen=buffer_size)
        self.paused = False
        self.arrived_while_paused = 0
        self.total_seen = 0
        self.hidden_types: set[str] = set()
        self.text_filter = ""
        #: The type groups of the events received (the swarm ones are named once seen).
        self.seen_types: set[str] = set()

    def compose(self) -> ComposeResult:
        yield StatusLine(id="events-status")
        yield FilterInput(
            placeholder="filter: text in type, action, object or attributes — enter keeps it, escape clears",
            id="events-filter",
            back_to=lambda: self.event_log,
        )
        yield EventLog(id="event-log")

    def on_mount(self) -> None:
        self._rebuild()

    @property
    def event_log(self) -> EventLog:
        return self.query_one("#event-log", EventLog)

    def primary_widget(self) -> Widget:
        return self.event_log

    # -- feeding ------------------------------------------------------------------------

    def add_events(self, events: Iterable[DockerEvent]) -> None:
        """Take a batch from the stream (one call per frame, however many events)."""
        if not self.is_mounted:  # on_mount shows what the buffer holds by then
            for event in events:
                self.buffer.append(event)
                self.seen_types.add(event.type_group)
                self.total_seen += 1
            return
        log = self.event_log
        shown: deque[DockerEvent] = deque()
        count = 0
        for event in events:
            count += 1
            if len(self.buffer) == self.buffer.maxlen:
                oldest = self.buffer[0]
                if not self.paused:
                    # The oldest is shown already, or waits in this batch (a batch larger than the buffer).
                    log.drop_oldest(oldest)
                    if shown and shown[0] is oldest:
                        shown.popleft()
            self.buffer.append(event)
            self.seen_types.add(event.type_group)
            if not self.paused and self._visible(event):
                shown.append(event)
        if not count:
            return
        self.total_seen += count
        if self.paused:
            self.arrived_while_paused += count
        elif shown:
            log.append(shown)
        self._show_status()

    def _visible(self, event: DockerEvent) -> bool:
        return event.type_group not in self.hidden_types and event.matches(self.text_filter)

    def _rebuild(self) -> None:
        self.event_log.set_rows(event for event in self.buffer if self._visible(event))
        self._show_status()

    def _show_status(self) -> None:
        status = Text()
        muted = role_style(self, "muted")
        status.append(f"{len(self.buffer):,} events", style=role_style(self, "strong"))
        if self.total_seen > len(self.buffer):
            status.append(f" ({self.total_seen:,} seen, max {self.buffer.maxlen:,})", style=muted)
        else:
            status.append(f" (max {self.buffer.maxlen:,})", style=muted)
        if self.text_filter or self.hidden_types:
            status.append(f"  ·  showing {len(self.event_log.rows):,}")
        if self.text_filter:
            status.append("  ·  filter ")
            status.append(repr(self.text_filter), style=role_style(self, "strong"))
        status.append("  ·  ")
        if self.paused:
            status.append(
                f" PAUSED — {self.arrived_while_paused:,} new ", style=role_style(self, "warning", "strong", "inverse")
            )
        else:
            status.append("● live", style=role_style(self, "good"))
        status.append("   ")
        struck, key = role_style(self, "muted", "struck"), role_style(self, "strong", "underlined")
        for toggle, group in TYPE_TOGGLES:
            # The capital letter is the toggle key; hidden types are struck through.
            hidden = group in self.hidden_types
            if group in SWARM_TYPES and not hidden and group not in self.seen_types:
                continue
            at = group.find(toggle.lower())
            status.append(group[:at], style=struck if hidden else "")
            status.append(toggle, style=struck if hidden else key)
            status.append(f"{group[at + 1 :]} ", style=struck if hidden else "")
        self.query_one("#events-status", StatusLine).set_text(status)

    # -- actions ------------------------------------------------------------------------

    def action_toggle_pause(self) -> None:
        self.paused = not self.paused
        if self.paused:
            self.arrived_while_paused = 0
            self._show_status()
        else:
            self._rebuild()

    def reset(self) -> None:
        """Another daemon: its events start from nothing."""
        self.buffer.clear()
        self.seen_types.clear()
        self.total_seen = 0
        self.arrived_while_paused = 0
        if self.is_mounted:
            self._rebuild()

    def action_clear(self) -> None:
        self.buffer.clear()
        self.total_seen = 0
        self.arrived_while_paused = 0
        self._rebuild()

    def action_toggle_type(self, group: str) -> None:
        self.hidden_types ^= {group}
        self._rebuild()

    def action_filter(self) -> None:
        self.query_one("#events-filter", FilterInput).open_from_key(self)

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input.id == "events-filter":
            self.text_filter = message.value.strip()
            self._rebuild()
