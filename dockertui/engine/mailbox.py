"""A thread-safe queue that tells its reader once, until the reader takes what is there.

Producers (stream threads) ``put``; the first item after a ``take`` calls
``notify`` (e.g. posting a message to the UI); the UI ``take``s everything at
once. A thousand lines become one UI update, not a thousand.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Mailbox(Generic[T]):
    def __init__(self, notify: Callable[[], None]) -> None:
        self._notify = notify
        self._lock = threading.Lock()
        self._items: list[T] = []
        self._notified = False

    def put(self, item: T) -> None:
        self.extend((item,))

    def extend(self, items: Iterable[T]) -> None:
        with self._lock:
            before = len(self._items)
            self._items.extend(items)
            if len(self._items) == before or self._notified:
                return
            self._notified = True
        self._notify()

    def take(self) -> list[T]:
        with self._lock:
            items, self._items = self._items, []
            self._notified = False
        return items
