"""Creating, inspecting, removing and pruning volumes, with the daemon's own words and numbers.

Removal is never forced: a volume in use stays, and the daemon's refusal is shown.

Prune: API 1.41 (Docker 20.10) and Podman remove every volume no container uses;
from API 1.42 (Docker 23) the daemon removes only anonymous ones unless asked with
``all=true``. We always mean "every unused volume" (what the confirmation counts),
so the filter is sent where the daemon needs it, and only there: Podman refuses it
("all" is an invalid volume filter).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.safe_text import safe_text, safe_tree
from dockertui.engine.volumes import VolumeSummary

if TYPE_CHECKING:
    from docker import APIClient

#: The first API version whose prune keeps named volumes unless told ``all=true``.
PRUNE_ALL_FILTER_SINCE = (1, 42)


@dataclass(frozen=True)
class VolumeActionFailed(Exception):
    target: str
    explanation: str

    def __str__(self) -> str:
        return self.explanation


class InvalidLabels(ValueError):
    """Labels typed as ``key=value`` words that are not."""


@dataclass(frozen=True)
class VolumePruneReport:
    """What the daemon says it removed."""

    deleted: tuple[str, ...]  # volume names
    space_reclaimed: int


def parse_labels(text: str) -> dict[str, str]:
    """``key=value`` words (shell quoting for values with spaces) → labels; raises InvalidLabels."""
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise InvalidLabels(f"cannot split the labels: {error}") from error
    labels: dict[str, str] = {}
    for word in words:
        key, equals, value = word.partition("=")
        if not equals or not key.strip():
            raise InvalidLabels(f"{safe_text(word)!r} is not key=value")
        labels[key] = value
    return labels


def create_volume(
    api: APIClient, name: str = "", driver: str = "local", labels: Mapping[str, str] | None = None
) -> VolumeSummary:
    """Create a volume (no name: an anonymous one, named by the daemon).

    Docker answers a create of a name that exists with the existing volume, as if it had
    made it: that is refused here, with words that say so.
    """
    if name:
        try:
            api.inspect_volume(name)
        except Exception:  # noqa: BLE001 - not there (or unreadable): the create says
            pass
        else:
            raise VolumeActionFailed(name, f"a volume named {safe_text(name)} already exists")
    try:
        answer = api.create_volume(name or None, driver=driver or "local", labels=dict(labels or {}) or None)
    except Exception as error:
        raise VolumeActionFailed(name or "a new volume", explain_error(error)) from error
    if not isinstance(answer, dict) or not isinstance(answer.get("Name"), str):
        raise VolumeActionFailed(name or "a new volume", "the daemon's answer names no volume")
    return VolumeSummary.from_api(answer)


def remove_volume(api: APIClient, name: str) -> None:
    """Remove one volume, never forced."""
    try:
        api.remove_volume(name, force=False)
    except Exception as error:
        raise VolumeActionFailed(name, explain_error(error)) from error


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return (0,)


def prune_filters(api_version: str, product: str) -> dict[str, Any] | None:
    """The filters that make this daemon prune every unused volume (see the module's doc)."""
    if product != "Podman" and _version(api_version) >= PRUNE_ALL_FILTER_SINCE:
        return {"all": "true"}
    return None


def prune_volumes(api: APIClient, product: str = "Docker") -> VolumePruneReport:
    """Remove every volume no container uses."""
    filters = prune_filters(str(getattr(api, "api_version", "")), product)
    try:
        answer = api.prune_volumes(filters=filters) if filters else api.prune_volumes()
    except Exception as error:
        raise VolumeActionFailed("unused volumes", explain_error(error)) from error
    answer = answer if isinstance(answer, dict) else {}
    deleted = answer.get("VolumesDeleted")
    reclaimed = answer.get("SpaceReclaimed")
    return VolumePruneReport(
        deleted=tuple(safe_text(name) for name in (deleted if isinstance(deleted, list) else []) if name),
        space_reclaimed=reclaimed if isinstance(reclaimed, int) and not isinstance(reclaimed, bool) else 0,
    )


def inspect_volume(api: APIClient, name: str) -> dict[str, Any]:
    """``GET /volumes/{name}``, safe; raises VolumeActionFailed with the daemon's words."""
    try:
        document = safe_tree(api.inspect_volume(name))
    except Exception as error:
        raise VolumeActionFailed(name, explain_error(error)) from error
    return document if isinstance(document, dict) else {}
