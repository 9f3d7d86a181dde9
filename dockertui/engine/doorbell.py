"""A bell a producer thread rings, heard once until the reader answers it.

Stream threads ring it for every item they leave (a log line, an event, a pull's
progress line, a chunk of shell output); the reader is told once — one message to the
UI thread — however many rings come before it answers. The reader answers *before* it
reads what was left: a ring after that is heard again, so nothing left is ever missed,
at worst the reader is told once more and finds nothing new.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Doorbell:
    def __init__(self, tell: Callable[[], object]) -> None:
        self._tell = tell
        self._lock = threading.Lock()
        self._rung = False

    def ring(self) -> None:
        """From any thread: tell the reader, unless it was told and has not answered yet."""
        with self._lock:
            if self._rung:
                return
            self._rung = True
        self._tell()

    def answer(self) -> None:
        """The reader is about to read what was left: the next ring tells it again."""
        with self._lock:
            self._rung = False
