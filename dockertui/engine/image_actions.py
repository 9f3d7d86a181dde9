"""Removing and pruning images, with the daemon's own words and numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.safe_text import safe_text

if TYPE_CHECKING:
    from docker import APIClient

# "(must force)" / "(must be forced)": the daemon would accept force; "(cannot be forced)": never.
_FORCE_ALLOWED = re.compile(r"\(must (?:be )?force(?:d)?\)")


@dataclass(frozen=True)
class ImageActionFailed(Exception):
    target: str
    explanation: str

    @property
    def force_allowed(self) -> bool:
        """Whether the daemon says force would make it work."""
        return bool(_FORCE_ALLOWED.search(self.explanation))

    def __str__(self) -> str:
        return self.explanation


@dataclass(frozen=True)
class PruneReport:
    deleted: tuple[str, ...]  # image IDs the daemon deleted
    untagged: tuple[str, ...]
    space_reclaimed: int


@dataclass(frozen=True)
class RemovalReport:
    """What a remove did, from the daemon's list: tags untagged, digest references
    (``repo@sha256:…``, untagged along with the last tag of a repository) and images deleted."""

    tags: tuple[str, ...]
    digests: tuple[str, ...]
    deleted: tuple[str, ...]

    @classmethod
    def from_answer(cls, entries: list[dict]) -> RemovalReport:
        untagged = [safe_text(e["Untagged"]) for e in entries if isinstance(e, dict) and e.get("Untagged")]
        return cls(
            tags=tuple(name for name in untagged if "@" not in name),
            digests=tuple(name for name in untagged if "@" in name),
            deleted=tuple(safe_text(e["Deleted"]) for e in entries if isinstance(e, dict) and e.get("Deleted")),
        )


def remove_image(api: APIClient, target: str, *, force: bool = False) -> RemovalReport:
    """Remove a tag (or an image by ID)."""
    try:
        answer = api.remove_image(target, force=force) or []
    except Exception as error:
        raise ImageActionFailed(target, explain_error(error)) from error
    return RemovalReport.from_answer(answer if isinstance(answer, list) else [])


def prune_dangling(api: APIClient) -> PruneReport:
    try:
        answer = api.prune_images(filters={"dangling": True}) or {}
    except Exception as error:
        raise ImageActionFailed("dangling images", explain_error(error)) from error
    entries = answer.get("ImagesDeleted") or []
    return PruneReport(
        deleted=tuple(safe_text(e["Deleted"]) for e in entries if e.get("Deleted")),
        untagged=tuple(safe_text(e["Untagged"]) for e in entries if e.get("Untagged")),
        space_reclaimed=int(answer.get("SpaceReclaimed") or 0),
    )
