"""The logs of several containers (a compose project's services) as one, in timestamp order.

Each container is followed by its own ``LogFollower`` (sanitised lines, stderr told
apart, backpressure, skipping ahead in a flood); a merging thread takes their lines,
tags each with its source (the service name) and hands them on in timestamp order:

- nothing goes out until every follower has sent its first lines or ended (at most
  ``HISTORY_WAIT`` seconds);
- then a line goes out once every stream still open has sent a line at least as late (each
  stream's own lines come in order, so nothing earlier can follow it), in order;
- a quiet stream holds the others back at most ``WINDOW`` seconds: a line that has waited
  that long goes out, with everything earlier. A line later than that is shown where it
  arrives rather than held back for ever.

The daemon stamps lines with RFC 3339 at nanosecond precision; stamps are compared as
instants (``timestamp_key``), so a stamp written with fewer digits or another offset
(Podman) still sorts right.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.inspection import mapping
from dockertui.engine.logs import PENDING_LINES, LogFollower, LogLine
from dockertui.engine.mailbox import Mailbox

if TYPE_CHECKING:
    from docker import APIClient

#: Seconds a live line waits for earlier lines of other streams.
WINDOW = 0.5
#: Seconds the history waits for the slowest stream to start.
HISTORY_WAIT = 2.0

_STAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$")


def timestamp_key(stamp: str) -> int | None:
    """Nanoseconds since the epoch of an RFC 3339 stamp; None if it is not one."""
    match = _STAMP.match(stamp)
    if match is None:
        return None
    base, fraction, zone = match.groups()
    try:
        moment = dt.datetime.fromisoformat(base + ("+00:00" if zone == "Z" else zone))
    except ValueError:
        return None
    nanos = int((fraction or "0")[:9].ljust(9, "0"))
    return int(moment.timestamp()) * 1_000_000_000 + nanos


@dataclass(frozen=True, slots=True)
class LogSource:
    """One container to follow, and the name its lines are tagged with."""

    container_id: str
    name: str


class MergedLogs:
    """Follows ``sources`` and puts their lines, merged, in ``lines`` (a Mailbox)."""

    def __init__(
        self,
        api: APIClient,
        sources: Sequence[LogSource],
        *,
        notify: Callable[[], object],
        tail: int,
        window: float = WINDOW,
        history_wait: float = HISTORY_WAIT,
    ) -> None:
        self.api = api
        self.sources = tuple(sources)
        self.tail = tail
        self.window = window
        self.history_wait = history_wait
        self.lines: Mailbox[LogLine] = Mailbox(notify, limit=PENDING_LINES)
        self.followers: list[LogFollower] = []
        self._bell = threading.Event()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="merged-logs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._closing = True
        self._bell.set()
        self.lines.close()
        for follower in list(self.followers):
            follower.close()

    # -- the merging thread ---------------------------------------------------------------

    def _tty(self, container_id: str) -> bool:
        """How the container's stream is framed (a tty's is raw)."""
        try:
            document = self.api.inspect_container(container_id)
        except Exception:  # noqa: BLE001 - its follower then says what is wrong
            return False
        return bool(mapping(mapping(document).get("Config")).get("Tty"))

    def _start_followers(self) -> None:
        for source in self.sources:
            if self._closing:
                return
            follower = LogFollower(
                self.api, source.container_id, tty=self._tty(source.container_id), notify=self._bell.set, tail=self.tail
            )
            self.followers.append(follower)
            follower.start()
            if self._closing:  # closed meanwhile: close() may have listed the followers before this one
                follower.close()

    def _run(self) -> None:
        try:
            self._start_followers()
            self._merge()
        except Exception as error:  # noqa: BLE001 - shown as the end of the log
            if not self._closing:
                self.lines.put(LogLine("end", "", explain_error(error)))

    def _merge(self) -> None:
        pending: list[tuple[int, int, float, LogLine]] = []  # (instant, sequence, arrival, line)
        sequence = 0
        last_key = [0] * len(self.followers)  # a line without a stamp goes where its stream was
        heard = [False] * len(self.followers)
        ended = [False] * len(self.followers)
        history_until = time.monotonic() + self.history_wait
        while not self._closing:
            self._bell.wait(self.window / 2 if pending or not all(heard) else None)
            self._bell.clear()
            now = time.monotonic()
            for index, follower in enumerate(self.followers):
                for line in follower.lines.take():
                    heard[index] = True
                    if line.stream == "end":
                        ended[index] = True
                        if line.text:  # the reason this stream ended, said once, in place
                            line = replace(line, text=f"{self.sources[index].name}: {line.text}", stream="skipped")
                        else:
                            continue
                    key = timestamp_key(line.timestamp)
                    if key is None:
                        key = last_key[index]
                    last_key[index] = max(last_key[index], key)
                    sequence += 1
                    tagged = replace(line, source=self.sources[index].name)
                    heapq.heappush(pending, (key, sequence, now, tagged))
            starting = now < history_until and not all(heard)
            # A line is safe once every stream still open has sent a line as late as it: each
            # stream's own lines come in order, so nothing earlier can follow. (A backlog of
            # history comes in several batches: sorting the first ones alone put later batches'
            # older lines after newer ones, in blocks.)
            open_marks = [last_key[i] for i in range(len(self.followers)) if not ended[i] and (heard[i] or starting)]
            safe = min(open_marks) if open_marks else None
            # A quiet stream holds nothing back longer than the window (nor, at the start, than
            # the history wait).
            ripe = [entry[0] for entry in pending if now - entry[2] >= self.window] if not starting else []
            cutoff = max(ripe) if ripe else None
            released = []
            while pending and (
                (not starting and (safe is None or pending[0][0] <= safe))
                or (cutoff is not None and pending[0][0] <= cutoff)
            ):
                released.append(heapq.heappop(pending)[3])
            if released:
                self.lines.extend(released)
            if all(ended) and not pending:
                self.lines.put(LogLine("end", "", "every container's log ended (stopped or removed)"))
                return
