"""What ``docker system df`` prints, computed from ``/system/df`` the way the CLI computes it.

The daemon (API 1.41, and Podman's compatible API) sends lists, not totals; the CLI adds
them up (cli/command/formatter/disk_usage.go):

- Images: size is ``LayersSize`` (layers counted once); active: images with containers;
  reclaimable: the size minus what images with containers hold alone
  (``Size - SharedSize``; ``VirtualSize`` where an old daemon has no Size).
- Containers: size is the sum of ``SizeRw``; active: running, paused or restarting;
  reclaimable: the writable layers of the others.
- Local volumes: ``UsageData.Size`` (-1, unknown, is left out); active: ``RefCount`` > 0;
  reclaimable: the volumes no container references.
- Build cache: size is the records not shared; active: records in use; reclaimable: the
  size minus records in use and not shared (printed without a percentage).

Podman (4.3) sends ``LayersSize`` 0 whatever its images hold: the docker CLI then prints
0B and a negative reclaimable figure. Where the layer total is missing but images have a
size, the images' size is summed from the images themselves (their own sizes, shared
layers once), as ``podman system df`` does, and ``note`` says so.

Networks are not in ``/system/df``: they come from ``/networks``, and a network counts as
in use when a running (or paused) container is attached, as the daemon's network prune
decides. Every figure from the daemon may be missing or not a number: it reads as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.docker_units import human_size, truncated_percent
from dockertui.engine.networks import PREDEFINED
from dockertui.engine.safe_text import safe_text
from dockertui.engine.volumes import VolumeSummary

if TYPE_CHECKING:
    from docker import APIClient

#: A container in one of these states is active (the CLI's ``isActive``, by substring).
_ACTIVE_STATES = ("running", "paused", "restarting")


class DiskUsageFailed(Exception):
    """``/system/df`` (or ``/networks``) failed; the message is the daemon's words."""


@dataclass(frozen=True)
class KindUsage:
    """One line of ``docker system df``."""

    kind: str  # "Images", "Containers", "Local Volumes", "Build Cache": the CLI's TYPE
    total: int
    active: int
    size: int
    reclaimable: int
    #: The CLI prints no percentage for the build cache.
    with_percent: bool = True

    @property
    def percent(self) -> int | None:
        if not self.with_percent or self.size <= 0:
            return None
        return truncated_percent(self.reclaimable, self.size)

    @property
    def size_text(self) -> str:
        return human_size(self.size)

    @property
    def reclaimable_text(self) -> str:
        """``25.64MB (92%)``, as the CLI prints it."""
        percent = self.percent
        return human_size(self.reclaimable) + (f" ({percent}%)" if percent is not None else "")


@dataclass(frozen=True)
class Reclaim:
    """What a prune of one kind would remove, roughly: how many objects, how many bytes."""

    count: int
    size: int


@dataclass(frozen=True)
class NetworkUsage:
    total: int
    active: int
    #: Names of the networks a network prune would remove (no running container, not predefined).
    unused: tuple[str, ...]


@dataclass(frozen=True)
class DiskUsage:
    images: KindUsage
    containers: KindUsage
    volumes: KindUsage
    build_cache: KindUsage
    networks: NetworkUsage
    dangling_images: Reclaim
    unused_images: Reclaim
    stopped_containers: Reclaim
    unused_volumes: Reclaim
    #: Of the unused volumes, how many have a name (not 64 hex digits): a prune on API
    #: 1.41 removes them too; from 1.42 on only when asked (``all``).
    named_unused_volumes: int
    unused_cache: Reclaim
    #: What differs from ``docker system df`` on this daemon, said to the user ("" if nothing).
    note: str = ""

    @property
    def kinds(self) -> tuple[KindUsage, ...]:
        """The four lines of ``docker system df``, in its order."""
        return (self.images, self.containers, self.volumes, self.build_cache)

    @classmethod
    def from_api(cls, answer: Any, networks: Any = ()) -> DiskUsage:
        """From the answers of ``/system/df`` and ``/networks``."""
        df = answer if isinstance(answer, Mapping) else {}
        images = _dicts(df.get("Images"))
        containers = _dicts(df.get("Containers"))
        volumes = _dicts(df.get("Volumes"))
        cache = _dicts(df.get("BuildCache"))
        unused_volumes = [v for v in volumes if _number(_usage(v).get("RefCount")) == 0]
        unused_cache = [record for record in cache if record.get("InUse") is not True]
        layers_size, note = _number(df.get("LayersSize")), ""
        if layers_size <= 0 and any(_number(image.get("Size")) > 0 for image in images):
            layers_size = _summed_image_size(images)
            note = (
                "The daemon reports no total layer size (LayersSize 0, as Podman does): "
                "the images' size is summed from the images, as podman system df does."
            )
        image_usage = _images(images, layers_size)
        container_usage = _containers(containers)
        cache_usage = _build_cache(cache)
        return cls(
            images=image_usage,
            containers=container_usage,
            volumes=_volumes(volumes),
            build_cache=cache_usage,
            networks=_networks(_dicts(networks), containers),
            dangling_images=Reclaim(
                sum(1 for i in images if _dangling(i) and _number(i.get("Containers")) == 0),
                sum(_unique_size(i) for i in images if _dangling(i) and _number(i.get("Containers")) == 0),
            ),
            unused_images=Reclaim(
                sum(1 for i in images if _number(i.get("Containers")) == 0), max(image_usage.reclaimable, 0)
            ),
            stopped_containers=Reclaim(
                container_usage.total - container_usage.active, max(container_usage.reclaimable, 0)
            ),
            unused_volumes=Reclaim(
                len(unused_volumes), sum(max(_number(_usage(v).get("Size")), 0) for v in unused_volumes)
            ),
            named_unused_volumes=sum(1 for v in unused_volumes if isinstance(v.get("Name"), str) and not _anonymous(v)),
            unused_cache=Reclaim(len(unused_cache), max(cache_usage.reclaimable, 0)),
            note=note,
        )


def read_disk_usage(api: APIClient) -> DiskUsage:
    """``/system/df`` and ``/networks`` (blocking: slow on a big daemon, which also allows
    only one ``/system/df`` at a time)."""
    try:
        answer = api.df()
        networks = api.networks()
    except Exception as error:
        raise DiskUsageFailed(explain_error(error)) from error
    return DiskUsage.from_api(answer, networks)


# -- the CLI's sums, line by line ----------------------------------------------------------


def _images(images: list[dict], layers_size: int) -> KindUsage:
    used = 0
    for image in images:
        if _number(image.get("Containers")) != 0:  # the CLI's test: unknown (-1) counts as used
            size = image.get("Size", image.get("VirtualSize"))
            shared = image.get("SharedSize")
            if _number(size) == -1 or _number(shared) == -1:
                continue
            used += _number(size) - _number(shared)
    return KindUsage(
        "Images",
        total=len(images),
        active=sum(1 for image in images if _number(image.get("Containers")) > 0),
        size=layers_size,
        reclaimable=layers_size - used,
    )


def _summed_image_size(images: list[dict]) -> int:
    """Every image's own layers, and the shared ones once (at most the largest share)."""
    shared = max((_number(image.get("SharedSize")) for image in images), default=0)
    return sum(_unique_size(image) for image in images) + max(shared, 0)


def _container_active(container: Mapping[str, Any]) -> bool:
    state = container.get("State")
    return isinstance(state, str) and any(active in state for active in _ACTIVE_STATES)


def _containers(containers: list[dict]) -> KindUsage:
    return KindUsage(
        "Containers",
        total=len(containers),
        active=sum(1 for c in containers if _container_active(c)),
        size=sum(_number(c.get("SizeRw")) for c in containers),
        reclaimable=sum(_number(c.get("SizeRw")) for c in containers if not _container_active(c)),
    )


def _volumes(volumes: list[dict]) -> KindUsage:
    known = [v for v in volumes if _number(_usage(v).get("Size")) != -1]
    return KindUsage(
        "Local Volumes",
        total=len(volumes),
        active=sum(1 for v in volumes if _number(_usage(v).get("RefCount")) > 0),
        size=sum(_number(_usage(v).get("Size")) for v in known),
        reclaimable=sum(_number(_usage(v).get("Size")) for v in known if _number(_usage(v).get("RefCount")) == 0),
    )


def _build_cache(records: list[dict]) -> KindUsage:
    size = sum(_number(r.get("Size")) for r in records if r.get("Shared") is not True)
    in_use = sum(_number(r.get("Size")) for r in records if r.get("InUse") is True and r.get("Shared") is not True)
    return KindUsage(
        "Build Cache",
        total=len(records),
        active=sum(1 for r in records if r.get("InUse") is True),
        size=size,
        reclaimable=size - in_use,
        with_percent=False,
    )


def _networks(networks: list[dict], containers: list[dict]) -> NetworkUsage:
    attached: set[str] = set()
    for container in containers:
        if not _container_active(container):
            continue
        settings = container.get("NetworkSettings")
        joined = settings.get("Networks") if isinstance(settings, Mapping) else None
        for name, endpoint in (joined or {}).items() if isinstance(joined, Mapping) else ():
            attached.add(safe_text(name))
            if isinstance(endpoint, Mapping) and isinstance(endpoint.get("NetworkID"), str):
                attached.add(safe_text(endpoint["NetworkID"]))
    named = [(safe_text(n.get("Name") or ""), safe_text(n.get("Id") or "")) for n in networks]
    used = [name for name, network_id in named if name in attached or network_id in attached]
    return NetworkUsage(
        total=len(named),
        active=len(used),
        unused=tuple(sorted(name for name, _ in named if name not in PREDEFINED and name not in used)),
    )


# -- reading what the daemon sent ---------------------------------------------------------


def _number(value: Any) -> int:
    """A count or size from the daemon; anything that is not a number reads as 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    return int(value)


def _dicts(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, Iterable) else []


def _usage(volume: Mapping[str, Any]) -> Mapping[str, Any]:
    usage = volume.get("UsageData")
    return usage if isinstance(usage, Mapping) else {}


def _dangling(image: Mapping[str, Any]) -> bool:
    tags = image.get("RepoTags")
    return not tags or (isinstance(tags, list) and all(tag == "<none>:<none>" for tag in tags))


def _unique_size(image: Mapping[str, Any]) -> int:
    size, shared = _number(image.get("Size")), _number(image.get("SharedSize"))
    return max(size - max(shared, 0), 0)


def _anonymous(volume: Mapping[str, Any]) -> bool:
    try:
        return VolumeSummary.from_api(volume).anonymous
    except (KeyError, TypeError):
        return False
