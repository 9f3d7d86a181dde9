"""Changes held back for a pane that is not on screen, folded so only the latest counts.

Updating a hidden table still costs layout passes; a pane applies what it was
sent when it is shown (or when something must be selected in it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class PendingChanges(Generic[T]):
    def __init__(self, key: Callable[[T], str]) -> None:
        self._key = key
        self._upserts: dict[str, T] = {}
        self._removals: set[str] = set()

    def add(self, upserted: Iterable[T], removed: Iterable[str]) -> None:
        for item in upserted:
            key = self._key(item)
            self._upserts[key] = item
            self._removals.discard(key)
        for key in removed:
            self._upserts.pop(key, None)
            self._removals.add(key)

    def take(self) -> tuple[list[T], list[str]]:
        upserts, removals = list(self._upserts.values()), list(self._removals)
        self._upserts, self._removals = {}, set()
        return upserts, removals

    def __bool__(self) -> bool:
        return bool(self._upserts or self._removals)
