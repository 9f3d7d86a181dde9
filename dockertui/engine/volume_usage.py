"""How much room each volume takes and how many containers use it, from ``/system/df``.

Only ``/system/df`` says this, and it walks every volume's files: seconds on a big
daemon. So it is read apart from the volume list, when asked (the UI asks lazily and
caches the answer), never on the way to showing the list. The daemon says ``-1`` for
what it does not know (a volume of a driver that cannot tell): kept as ``None``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.safe_text import safe_text

if TYPE_CHECKING:
    from docker import APIClient


class UsageUnavailable(Exception):
    """``/system/df`` failed; ``str()`` is the daemon's reason. ``answered``: the daemon
    answered with an error (it refuses /system/df), rather than not answering at all."""

    def __init__(self, reason: str, *, answered: bool = False) -> None:
        super().__init__(reason)
        self.answered = answered


@dataclass(frozen=True, slots=True)
class VolumeUsage:
    size: int | None  # bytes; None: the daemon does not know
    ref_count: int | None  # containers using it (running or not); None: unknown


@dataclass(frozen=True)
class VolumeUsageReport:
    """Usage by volume name, as one ``/system/df`` answer gave it."""

    volumes: Mapping[str, VolumeUsage]
    read_at: float = field(default_factory=time.monotonic)

    def get(self, name: str) -> VolumeUsage | None:
        return self.volumes.get(name)

    def total_size(self, names: set[str] | None = None) -> int:
        """The known sizes added up (of ``names`` only, when given)."""
        return sum(usage.size or 0 for name, usage in self.volumes.items() if names is None or name in names)


def _count(value: Any) -> int | None:
    """A size or count as the daemon sends it; -1 (unknown) and anything not a number → None."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def usage_from_df(answer: Any) -> VolumeUsageReport:
    """The volumes part of a ``/system/df`` answer (rows of another shape are left out)."""
    rows = answer.get("Volumes") if isinstance(answer, dict) else None
    volumes: dict[str, VolumeUsage] = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not isinstance(row.get("Name"), str) or not row["Name"]:
            continue
        data = row.get("UsageData")
        data = data if isinstance(data, dict) else {}
        volumes[safe_text(row["Name"])] = VolumeUsage(
            size=_count(data.get("Size")), ref_count=_count(data.get("RefCount"))
        )
    return VolumeUsageReport(volumes)


def read_volume_usage(api: APIClient) -> VolumeUsageReport:
    """Ask the daemon (blocking, slow on big daemons); raises UsageUnavailable."""
    try:
        answer = api.df()
    except Exception as error:
        answered = type(error).__name__ == "APIError" or hasattr(error, "response") and error.response is not None
        raise UsageUnavailable(explain_error(error), answered=answered) from error
    return usage_from_df(answer)
