"""Pruning one kind of object, with the daemon's own figures: what it deleted and the bytes
it says it reclaimed.

What each kind removes (the daemon decides; these are its rules on API 1.41):

- stopped containers: every container not running (paused ones run);
- dangling images: untagged images no container uses; unused images: every image no
  container uses, tagged ones too (``dangling=false``);
- unused volumes: on API 1.41 every volume no container references, named ones too; from
  API 1.42 on the daemon removes only anonymous ones unless asked with ``all=true``,
  which is sent there, so the prune removes the same volumes on every version;
- unused networks: every network no running container is attached to (the daemon's own
  bridge, host and none stay); the daemon reports no bytes for networks;
- build cache: every build cache record not in use (``all``, as the reclaimable figure
  of ``docker system df`` counts them).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.safe_text import safe_text

if TYPE_CHECKING:
    from docker import APIClient

#: The first API version whose volume prune keeps named volumes unless asked (``all``).
NAMED_VOLUMES_KEPT_FROM = "1.42"


class PruneKind(Enum):
    CONTAINERS = "stopped containers"
    DANGLING_IMAGES = "dangling images"
    UNUSED_IMAGES = "unused images"
    VOLUMES = "unused volumes"
    NETWORKS = "unused networks"
    BUILD_CACHE = "build cache"


@dataclass(frozen=True)
class PruneFailed(Exception):
    kind: PruneKind
    explanation: str

    def __str__(self) -> str:
        return self.explanation


@dataclass(frozen=True)
class PruneResult:
    kind: PruneKind
    #: What the daemon lists as deleted: container IDs, image and layer IDs, volume and
    #: network names, cache record IDs.
    deleted: tuple[str, ...]
    #: The bytes the daemon says it reclaimed; None where it says nothing (networks).
    space_reclaimed: int | None
    #: Image references untagged on the way (image prunes only).
    untagged: tuple[str, ...] = ()


def volumes_need_all(api_version: str) -> bool:
    """Whether this API version prunes only anonymous volumes unless ``all=true`` is sent."""
    from docker.utils import version_lt

    try:
        return not version_lt(api_version, NAMED_VOLUMES_KEPT_FROM)
    except (TypeError, ValueError):
        return False


def prune(api: APIClient, kind: PruneKind) -> PruneResult:
    """Prune ``kind`` on the daemon (blocking). Raises PruneFailed with the daemon's words."""
    try:
        answer = _call(api, kind)
    except Exception as error:
        raise PruneFailed(kind, _explained(kind, error)) from error
    return _result(kind, answer if isinstance(answer, dict) else {})


def _call(api: APIClient, kind: PruneKind) -> Any:
    if kind is PruneKind.CONTAINERS:
        return api.prune_containers()
    if kind is PruneKind.DANGLING_IMAGES:
        return api.prune_images(filters={"dangling": True})
    if kind is PruneKind.UNUSED_IMAGES:
        return api.prune_images(filters={"dangling": False})
    if kind is PruneKind.VOLUMES:
        return api.prune_volumes(filters={"all": "true"} if volumes_need_all(api.api_version) else None)
    if kind is PruneKind.NETWORKS:
        return api.prune_networks()
    return api.prune_builds(all=True)


def _explained(kind: PruneKind, error: BaseException) -> str:
    explanation = explain_error(error)
    if kind is PruneKind.BUILD_CACHE and getattr(getattr(error, "response", None), "status_code", None) == 404:
        # Podman's Docker-compatible API has no /build/prune: its builds leave images, not a cache.
        return (
            f"This daemon has no build cache to prune (POST /build/prune: {explanation}). "
            "Podman keeps no BuildKit cache: what its builds leave are images (prune unused images)."
        )
    return explanation


def _names(values: Any) -> tuple[str, ...]:
    return tuple(safe_text(value) for value in values if isinstance(value, str)) if isinstance(values, list) else ()


def _bytes(value: Any) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else 0


def _result(kind: PruneKind, answer: dict) -> PruneResult:
    if kind is PruneKind.CONTAINERS:
        return PruneResult(kind, _names(answer.get("ContainersDeleted")), _bytes(answer.get("SpaceReclaimed")))
    if kind in (PruneKind.DANGLING_IMAGES, PruneKind.UNUSED_IMAGES):
        entries = [e for e in answer.get("ImagesDeleted") or [] if isinstance(e, dict)]
        return PruneResult(
            kind,
            _names([e.get("Deleted") for e in entries]),
            _bytes(answer.get("SpaceReclaimed")),
            untagged=_names([e.get("Untagged") for e in entries]),
        )
    if kind is PruneKind.VOLUMES:
        return PruneResult(kind, _names(answer.get("VolumesDeleted")), _bytes(answer.get("SpaceReclaimed")))
    if kind is PruneKind.NETWORKS:
        return PruneResult(kind, _names(answer.get("NetworksDeleted")), None)
    return PruneResult(kind, _names(answer.get("CachesDeleted")), _bytes(answer.get("SpaceReclaimed")))
