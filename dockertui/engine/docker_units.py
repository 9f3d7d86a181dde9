"""Sizes and percentages written exactly as the docker CLI writes them.

``docker system df`` prints sizes with go-units' ``HumanSize``: decimal units (kB, MB…),
four significant digits, no space (``27.63MB``, ``0B``), and percentages with Go's integer
division, which truncates towards zero. Written the same way here, our figures read the
same as the CLI's for the same daemon, to the last digit.
"""

from __future__ import annotations

_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")


def human_size(size: float) -> str:
    """go-units ``HumanSize``: ``1234567`` → ``1.235MB``."""
    unit = 0
    while size >= 1000.0 and unit < len(_UNITS) - 1:
        size /= 1000.0
        unit += 1
    return f"{size:.4g}{_UNITS[unit]}"


def truncated_percent(part: int, whole: int) -> int:
    """``part * 100 / whole`` as Go's int64 division computes it (towards zero)."""
    quotient = abs(part) * 100 // abs(whole)
    return quotient if (part >= 0) == (whole >= 0) else -quotient
