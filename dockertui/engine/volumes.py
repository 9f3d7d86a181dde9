"""Volumes as the daemon lists them (``/volumes``), typed and made safe.

Size and reference count are not in the list: only ``/system/df`` has them, and it is
slow on big daemons, so they live apart (``VolumeUsage``) and are fetched lazily.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dockertui.engine.safe_text import safe_mapping, safe_text

#: Docker names an anonymous volume with 64 hex digits (and, since 23.0, labels it).
_ANONYMOUS_NAME = re.compile(r"^[0-9a-f]{64}$")
ANONYMOUS_LABEL = "com.docker.volume.anonymous"


@dataclass(frozen=True, slots=True)
class VolumeSummary:
    """One volume of ``/volumes``."""

    name: str
    driver: str
    scope: str
    mountpoint: str
    created: str
    labels: Mapping[str, str]

    @property
    def anonymous(self) -> bool:
        return ANONYMOUS_LABEL in self.labels or bool(_ANONYMOUS_NAME.match(self.name))

    @property
    def short_name(self) -> str:
        """An anonymous volume's 64 hex digits shortened as IDs are; a named one as it is."""
        return self.name[:12] if self.anonymous else self.name

    @property
    def project(self) -> str:
        return self.labels.get("com.docker.compose.project", "")

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> VolumeSummary:
        return cls(
            name=safe_text(raw["Name"]),
            driver=safe_text(raw.get("Driver") or ""),
            scope=safe_text(raw.get("Scope") or ""),
            mountpoint=safe_text(raw.get("Mountpoint") or ""),
            created=safe_text(raw.get("CreatedAt") or ""),
            labels=safe_mapping(raw.get("Labels")),
        )


def listed_volumes(answer: Any) -> list[dict]:
    """The volumes of a ``/volumes`` answer that can be read at all (a dict with a Name)."""
    rows = answer.get("Volumes") if isinstance(answer, dict) else None
    if not isinstance(rows, list):
        return []
    return [row for row in rows if isinstance(row, dict) and isinstance(row.get("Name"), str) and row["Name"]]
