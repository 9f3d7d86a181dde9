"""A thread-safe queue that tells its reader once, until the reader takes what is there.

Producers (stream threads) ``put``; the first item after a ``take`` calls
``notify`` (e.g. posting a message to the UI); the UI ``take``s everything at
once. A thousand lines become one UI update, not a thousand.

With a ``limit``, a producer that gets that far ahead waits for the next ``take``
(backpressure): a container logging as fast as it can then runs at the pace the
screen takes its lines, instead of a reader thread that keeps the CPU (and the
GIL) from the UI. ``close`` releases a waiting producer for good.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from dockertui.engine.doorbell import Doorbell

T = TypeVar("T")


class Mailbox(Generic[T]):
    def __init__(self, notify: Callable[[], object], limit: int | None = None) -> None:
        self._bell = Doorbell(notify)
        self._limit = limit
        self._lock = threading.Lock()
        self._taken = threading.Condition(self._lock)
        self._items: list[T] = []
        self._closed = False

    def put(self, item: T) -> None:
        self.extend((item,))

    def extend(self, items: Iterable[T]) -> float:
        """Add the items; return the seconds it waited for room first (0.0 when it did not)."""
        waited = 0.0
        with self._lock:
            if self._limit is not None and len(self._items) >= self._limit and not self._closed:
                started = time.monotonic()
                while len(self._items) >= self._limit and not self._closed:
                    self._taken.wait()
                waited = time.monotonic() - started
            if self._closed:
                return waited
            before = len(self._items)
            self._items.extend(items)
            if len(self._items) == before:
                return waited
        self._bell.ring()
        return waited

    def take(self) -> list[T]:
        self._bell.answer()
        with self._lock:
            items, self._items = self._items, []
            self._taken.notify_all()
        return items

    def close(self) -> None:
        """No more items are taken in; a producer waiting for room goes on (and drops them)."""
        with self._lock:
            self._closed = True
            self._taken.notify_all()
