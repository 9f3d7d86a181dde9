"""How much of outside data a summary shows (Info, image details, notifications, status lines).

A value is shown to ``VALUE_CHARS`` characters and a list to its first ``ROWS``
entries; what is left out is counted on screen, and the Inspect tab (and ``c``
there) has all of it. Without this, a container with fifty thousand labels froze
the app for half a minute, and every resize re-wrapped megabytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")
VALUE_CHARS = 300
ROWS = 100


def clipped(value: Any, limit: int = VALUE_CHARS) -> str:
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def first_rows(items: Sequence[T], limit: int = ROWS) -> tuple[Sequence[T], int]:
    """The entries shown, and how many more there are."""
    return items[:limit], max(0, len(items) - limit)


def more_rows(hidden: int, what: str, where: str = "the Inspect tab") -> str:
    return f"  … {hidden:,} more {what} ({where} lists them all)\n"
