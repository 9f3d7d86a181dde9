"""Upserts and removals by key, folded so that only the latest word on each key counts.

The inventory's diffs are made of these (a UI that drains late merges several),
and a pane that is not on screen holds one until it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class KeyedChanges(Generic[T]):
    def __init__(self, key: Callable[[T], str]) -> None:
        self._key = key
        self._upserts: dict[str, T] = {}
        self._removals: dict[str, None] = {}  # a dict keeps the order removals came in

    def add(self, upserted: Iterable[T] = (), removed: Iterable[str] = ()) -> None:
        for item in upserted:
            key = self._key(item)
            self._upserts[key] = item
            self._removals.pop(key, None)
        for key in removed:
            self._upserts.pop(key, None)
            self._removals[key] = None

    def fold(self, later: KeyedChanges[T]) -> None:
        """Add everything ``later`` holds, as having happened after what this holds."""
        self.add(later._upserts.values(), later._removals)

    @property
    def upserted(self) -> list[T]:
        return list(self._upserts.values())

    @property
    def removed(self) -> list[str]:
        return list(self._removals)

    def __bool__(self) -> bool:
        return bool(self._upserts or self._removals)
