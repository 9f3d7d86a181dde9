"""Run a callback at most once per interval, however often it is asked for.

The first request after a quiet spell runs at once; requests that come sooner are
gathered into one run at the end of the interval.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class Throttle:
    def __init__(self, owner: MessagePump, interval: float, callback: Callable[[], None]) -> None:
        self._owner = owner
        self._interval = interval
        self._callback = callback
        self._timer: Timer | None = None
        self._last = 0.0
        self._due = 0.0

    def request(self, interval: float | None = None) -> None:
        """``interval``: for this request, a shorter one than the throttle's (a run already
        scheduled later than it allows is brought forward)."""
        now = time.monotonic()
        wait = self._last + (self._interval if interval is None else interval) - now
        if self._timer is not None:
            if self._due <= now + max(wait, 0.0):
                return  # a run is already scheduled in time; it will cover this request too
            self._timer.stop()
            self._timer = None
        if wait > 0:
            self._due = now + wait
            self._timer = self._owner.set_timer(wait, self.run_now)
        else:
            self.run_now()

    def run_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._last = time.monotonic()
        self._callback()
