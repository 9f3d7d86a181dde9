"""Docker's human durations ("Up 3 minutes", "Exited (0) About an hour ago"), both ways.

The container list only carries the daemon's Status text; reading its duration
back gives an approximate start (or exit) time, from which the age is shown and
kept current locally without asking the daemon again.
"""

from __future__ import annotations

import re

_UNITS = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
    "year": 365 * 86400,
}
_NUMBER_UNIT = re.compile(r"(\d+) (second|minute|hour|day|week|month|year)s?")


def parse_duration(text: str) -> float | None:
    """Seconds in a Docker human duration, or None when there is none."""
    if "Less than a second" in text:
        return 0.0
    if "About a minute" in text:
        return 60.0
    if "About an hour" in text:
        return 3600.0
    match = _NUMBER_UNIT.search(text)
    if match:
        return int(match.group(1)) * _UNITS[match.group(2)]
    return None


def human_duration(seconds: float) -> str:
    """The same wording as the docker CLI (go-units HumanDuration)."""
    seconds = int(seconds)
    if seconds < 1:
        return "Less than a second"
    if seconds == 1:
        return "1 second"
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = round(minutes / 60)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{hours // 24 // 365} years"


def compact_duration(seconds: float) -> str:
    """ "5s", "3m", "2h", "4d", "3w", "5mo", "2y": an age that fits a narrow column."""
    seconds = max(0, int(seconds))
    for limit, unit, size in (
        (60, "s", 1),
        (3600, "m", 60),
        (86400 * 2, "h", 3600),
        (86400 * 14, "d", 86400),
        (86400 * 60, "w", 7 * 86400),
        (86400 * 730, "mo", 30 * 86400),
    ):
        if seconds < limit:
            return f"{seconds // size}{unit}"
    return f"{seconds // (365 * 86400)}y"
