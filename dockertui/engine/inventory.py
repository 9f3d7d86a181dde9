"""The in-memory model of containers, images, volumes and networks, and the diffs the panes apply.

Events say *which* object changed; the model re-reads exactly those objects (one
filtered list call per batch) so it ends up holding what the daemon says, never a state
guessed from an event sequence that may be incomplete. The one exception is short: a
container event that says the container's state (die, start, pause…) is shown at once
(``apply_event``), and that row is *held* — a re-read that does not show the event yet
does not replace it — until a re-read agrees or the session gives up waiting
(``release``) and re-lists everything.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.durations import compact_duration, human_duration, parse_duration
from dockertui.engine.keyed_changes import KeyedChanges
from dockertui.engine.models import ContainerCounts
from dockertui.engine.networks import NetworkSummary
from dockertui.engine.safe_text import safe_mapping, safe_text
from dockertui.engine.volumes import VolumeSummary, listed_volumes

if TYPE_CHECKING:
    from docker import APIClient

T = TypeVar("T")

_EXIT_CODE = re.compile(r"^Exited \((-?\d+)\)")
_HEALTH = re.compile(r"\((healthy|unhealthy|health: starting)\)")


@dataclass(frozen=True, slots=True)
class PortMapping:
    host_ip: str
    host_port: int | None
    container_port: int
    protocol: str

    def __str__(self) -> str:
        if self.host_port is None:
            return f"{self.container_port}/{self.protocol}"
        host = "" if self.host_ip in ("", "0.0.0.0", "::") else f"{self.host_ip}:"
        suffix = "" if self.protocol == "tcp" else f"/{self.protocol}"
        return f"{host}{self.host_port}→{self.container_port}{suffix}"


@dataclass(frozen=True, slots=True)
class NetworkAttachment:
    """A container's place on one network, as the containers list reports it."""

    network: str
    network_id: str
    ipv4: str
    ipv6: str = ""

    @property
    def address(self) -> str:
        return self.ipv4 or self.ipv6


@dataclass(frozen=True, slots=True)
class MountPoint:
    """One mount of a container: for volumes, ``name`` is the volume's name."""

    type: str
    name: str
    source: str
    destination: str


@dataclass(frozen=True, slots=True)
class ContainerSummary:
    """One row of ``/containers/json``, typed."""

    id: str
    name: str
    image: str
    image_id: str
    command: str
    created: int
    state: str
    status: str
    exit_code: int | None
    health: str | None
    ports: tuple[PortMapping, ...]
    labels: Mapping[str, str] = field(compare=True)
    #: When the current state began (started, or exited), read back from Status; approximate.
    state_since: float | None = field(default=None, compare=False)
    #: The networks the container is attached to (live: connect/disconnect re-read it).
    networks: tuple[NetworkAttachment, ...] = ()
    mounts: tuple[MountPoint, ...] = ()

    def volume_names(self) -> list[str]:
        return [mount.name for mount in self.mounts if mount.type == "volume" and mount.name]

    @property
    def project(self) -> str:
        return self.labels.get("com.docker.compose.project", "")

    @property
    def service(self) -> str:
        return self.labels.get("com.docker.compose.service", "")

    @property
    def state_text(self) -> str:
        """ "running (healthy)", "exited (137)", "paused"."""
        if self.state == "exited" and self.exit_code is not None:
            return f"exited ({self.exit_code})"
        if self.health:
            return f"{self.state} ({self.health})"
        return self.state

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> ContainerSummary:
        """Every string the daemon sent is made safe here (see ``safe_text``)."""
        status = safe_text(raw.get("Status") or "")
        exit_match = _EXIT_CODE.match(status)
        health_match = _HEALTH.search(status)
        names = raw.get("Names") if isinstance(raw.get("Names"), list) else []
        ports = []
        seen = set()
        raw_ports = raw.get("Ports")
        for port in raw_ports if isinstance(raw_ports, list) else []:
            if not isinstance(port, dict):
                continue
            mapping = PortMapping(
                host_ip=safe_text(port.get("IP") or ""),
                host_port=_number(port.get("PublicPort")) or None,
                container_port=_number(port.get("PrivatePort")),
                protocol=safe_text(port.get("Type") or "tcp"),
            )
            # The daemon lists 0.0.0.0 and :: separately for one published port.
            key = (
                mapping.host_port,
                mapping.container_port,
                mapping.protocol,
                mapping.host_ip if mapping.host_ip not in ("0.0.0.0", "::") else "",
            )
            if key not in seen:
                seen.add(key)
                ports.append(mapping)
        return cls(
            id=safe_text(raw["Id"]),
            name=safe_text(names[0]).lstrip("/") if names else safe_text(raw["Id"])[:12],
            image=safe_text(raw.get("Image") or ""),
            image_id=safe_text(raw.get("ImageID") or ""),
            command=safe_text(raw.get("Command") or ""),
            created=_number(raw.get("Created")),
            state=safe_text(raw.get("State") or ""),
            status=status,
            exit_code=int(exit_match.group(1)) if exit_match else None,
            health=health_match.group(1).replace("health: ", "") if health_match else None,
            ports=tuple(sorted(ports, key=lambda p: (p.container_port, p.protocol, p.host_port or 0))),
            labels=safe_mapping(raw.get("Labels")),
            state_since=_since(status),
            networks=_attachments(raw.get("NetworkSettings")),
            mounts=_mounts(raw.get("Mounts")),
        )

    def age_text(self, now: float, *, compact: bool = False) -> str:
        """ "Up 3 minutes", "Exited 2 hours ago", "Created"… kept current from state_since.

        ``compact`` is for a narrow column: "Up 3m", "2h ago", "Restarting 4s".
        """
        if self.state_since is None:
            return self.status.split(" (")[0] if self.status.startswith("Up") else self.status
        seconds = max(0.0, now - self.state_since)
        duration = compact_duration(seconds) if compact else human_duration(seconds)
        if self.state in ("running", "paused", "restarting") and self.status.startswith("Up"):
            return f"Up {duration}"
        if self.state == "restarting":
            return f"Restarting {duration}" if compact else f"Restarting {duration} ago"
        return f"{duration} ago"


def _number(value: Any) -> int:
    """A count or time from the daemon; anything else (a hostile or broken one's "yesterday")
    reads as 0 rather than failing the whole list."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return 0


def _attachments(settings: Any) -> tuple[NetworkAttachment, ...]:
    networks = settings.get("Networks") if isinstance(settings, dict) else None
    if not isinstance(networks, dict):
        return ()
    return tuple(
        sorted(
            (
                NetworkAttachment(
                    network=safe_text(name),
                    network_id=safe_text(value.get("NetworkID") or ""),
                    ipv4=safe_text(value.get("IPAddress") or ""),
                    ipv6=safe_text(value.get("GlobalIPv6Address") or ""),
                )
                for name, value in networks.items()
                if isinstance(name, str) and isinstance(value, dict)
            ),
            key=lambda attachment: attachment.network,
        )
    )


def _mounts(value: Any) -> tuple[MountPoint, ...]:
    return tuple(
        MountPoint(
            type=safe_text(mount.get("Type") or ""),
            name=safe_text(mount.get("Name") or ""),
            source=safe_text(mount.get("Source") or ""),
            destination=safe_text(mount.get("Destination") or ""),
        )
        for mount in (value if isinstance(value, list) else [])
        if isinstance(mount, dict)
    )


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def listed(rows: Any) -> list[dict]:
    """The rows of a list answer that can be read at all (an object with an Id)."""
    if not isinstance(rows, list):
        return []
    return [row for row in rows if isinstance(row, dict) and isinstance(row.get("Id"), str) and row["Id"]]


def _since(status: str) -> float | None:
    if not (status.startswith("Up") or " ago" in status):
        return None
    duration = parse_duration(status)
    return None if duration is None else time.time() - duration


@dataclass(frozen=True, slots=True)
class ImageSummary:
    """One row of ``/images/json``, typed."""

    id: str
    tags: tuple[str, ...]
    digests: tuple[str, ...]
    created: int
    size: int
    labels: Mapping[str, str]

    @property
    def short_id(self) -> str:
        return self.id.removeprefix("sha256:")[:12]

    @property
    def dangling(self) -> bool:
        return not self.tags

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> ImageSummary:
        """Every string the daemon sent is made safe here (see ``safe_text``)."""
        tags = tuple(safe_text(tag) for tag in _strings(raw.get("RepoTags")) if tag != "<none>:<none>")
        digests = tuple(safe_text(d) for d in _strings(raw.get("RepoDigests")) if d != "<none>@<none>")
        return cls(
            id=safe_text(raw["Id"]),
            tags=tags,
            digests=digests,
            created=_number(raw.get("Created")),
            size=_number(raw.get("Size")),
            labels=safe_mapping(raw.get("Labels")),
        )


def _container_id(container: ContainerSummary) -> str:
    return container.id


def _image_id(image: ImageSummary) -> str:
    return image.id


def _volume_name(volume: VolumeSummary) -> str:
    return volume.name


def _network_id(network: NetworkSummary) -> str:
    return network.id


@dataclass
class InventoryDiff:
    """What changed in one batch. ``full`` means it came from a complete re-list."""

    containers: KeyedChanges[ContainerSummary] = field(default_factory=lambda: KeyedChanges(_container_id))
    images: KeyedChanges[ImageSummary] = field(default_factory=lambda: KeyedChanges(_image_id))
    volumes: KeyedChanges[VolumeSummary] = field(default_factory=lambda: KeyedChanges(_volume_name))
    networks: KeyedChanges[NetworkSummary] = field(default_factory=lambda: KeyedChanges(_network_id))
    counts: ContainerCounts | None = None
    #: Kinds the daemon refused to list ("volumes", "networks") → its reason; "" once listed again.
    unlisted: dict[str, str] = field(default_factory=dict)
    full: bool = False

    def __bool__(self) -> bool:
        return bool(self.containers or self.images or self.volumes or self.networks or self.full)

    def merge(self, later: InventoryDiff) -> None:
        """Fold a later diff into this one (the UI may drain several at once)."""
        self.containers.fold(later.containers)
        self.images.fold(later.images)
        self.volumes.fold(later.volumes)
        self.networks.fold(later.networks)
        self.unlisted.update(later.unlisted)
        self.counts = later.counts or self.counts
        self.full = self.full or later.full


def _read_volumes(api: APIClient) -> list[VolumeSummary]:
    return [VolumeSummary.from_api(raw) for raw in listed_volumes(api.volumes())]


def _read_networks(api: APIClient) -> list[NetworkSummary]:
    return [NetworkSummary.from_api(raw) for raw in listed(api.networks())]


def _read_optional(
    kind: str, read: Callable[[APIClient], list[T]], api: APIClient, diff: InventoryDiff
) -> list[T] | None:
    """Volumes and networks are read beside the containers, but a daemon that answers their
    list with an error (a socket proxy that allows only containers, an old Podman) must not
    take the containers list down with it: None, and the daemon's reason in ``diff.unlisted``.
    A lost connection is not an answer: it is raised, and the whole list is read again later."""
    from docker.errors import APIError

    try:
        found = read(api)
    except APIError as error:
        diff.unlisted[kind] = explain_error(error)
        return None
    diff.unlisted[kind] = ""
    return found


def _replace_all(current: dict[str, T], fresh: dict[str, T], changes: KeyedChanges[T]) -> None:
    """Make ``current`` equal ``fresh``, recording what changed in ``changes``."""
    removed = [key for key in current if key not in fresh]
    for key in removed:
        del current[key]
    upserted = [item for key, item in fresh.items() if current.get(key) != item]
    current.update(fresh)
    changes.add(upserted, removed)


class Inventory:
    """Containers, images and networks by ID, volumes by name; thread-safe; every change
    returns a diff."""

    #: Filtered list calls carry at most this many IDs.
    ID_BATCH = 100

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.containers: dict[str, ContainerSummary] = {}
        self.images: dict[str, ImageSummary] = {}
        self.volumes: dict[str, VolumeSummary] = {}
        self.networks: dict[str, NetworkSummary] = {}
        # Last known references of every image seen, kept after removal so that
        # untag/delete events (which carry only the ID) can still be named.
        self._image_names: dict[str, str] = {}
        # Rows an event set (gone, for destroy), by container ID: what a re-read must show
        # to replace them.
        self._held: dict[str, Callable[[ContainerSummary | None], bool]] = {}

    def seed(self, containers: Iterable[ContainerSummary]) -> None:
        """Containers read before this inventory's first list (``first_look``), as the UI
        shows them: the first re-list's diff then says which of them went meanwhile."""
        with self._lock:
            self.containers = {container.id: container for container in containers}

    # -- reading from the daemon (blocking) ----------------------------------------------

    def relist(self, api: APIClient) -> InventoryDiff:
        containers = [ContainerSummary.from_api(raw) for raw in listed(api.containers(all=True))]
        images = [ImageSummary.from_api(raw) for raw in listed(api.images())]
        diff = InventoryDiff(full=True)
        volumes = _read_optional("volumes", _read_volumes, api, diff)
        networks = _read_optional("networks", _read_networks, api, diff)
        with self._lock:
            fresh = {c.id: c for c in containers}
            for container_id in list(self._held):
                if self._held_back(container_id, fresh.get(container_id)):
                    kept = self.containers.get(container_id)
                    if kept is None:
                        fresh.pop(container_id, None)
                    else:
                        fresh[container_id] = kept
            _replace_all(self.containers, fresh, diff.containers)
            self._replace_images(images, diff)
            if volumes is not None:
                _replace_all(self.volumes, {v.name: v for v in volumes}, diff.volumes)
            if networks is not None:
                _replace_all(self.networks, {n.id: n for n in networks}, diff.networks)
            diff.counts = self._counts()
        return diff

    def refresh_containers(self, api: APIClient, ids: Iterable[str]) -> InventoryDiff:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, ContainerSummary] = {}
        for start in range(0, len(wanted), self.ID_BATCH):
            chunk = wanted[start : start + self.ID_BATCH]
            for raw in listed(api.containers(all=True, filters={"id": chunk})):
                summary = ContainerSummary.from_api(raw)
                found[summary.id] = summary
        with self._lock:
            diff = InventoryDiff()
            for container_id in wanted:
                now = found.get(container_id)
                if self._held_back(container_id, now):
                    continue
                if now is None:
                    if self.containers.pop(container_id, None) is not None:
                        diff.containers.add(removed=[container_id])
                elif self.containers.get(container_id) != now:
                    self.containers[container_id] = now
                    diff.containers.add([now])
            diff.counts = self._counts()
        return diff

    def refresh_images(self, api: APIClient) -> InventoryDiff:
        images = [ImageSummary.from_api(raw) for raw in listed(api.images())]
        diff = InventoryDiff()
        with self._lock:
            self._replace_images(images, diff)
        return diff

    def refresh_volumes(self, api: APIClient) -> InventoryDiff:
        diff = InventoryDiff()
        volumes = _read_optional("volumes", _read_volumes, api, diff)
        if volumes is not None:
            with self._lock:
                _replace_all(self.volumes, {v.name: v for v in volumes}, diff.volumes)
        return diff

    def refresh_networks(self, api: APIClient) -> InventoryDiff:
        diff = InventoryDiff()
        networks = _read_optional("networks", _read_networks, api, diff)
        if networks is not None:
            with self._lock:
                _replace_all(self.networks, {n.id: n for n in networks}, diff.networks)
        return diff

    # -- what events say at once ---------------------------------------------------------

    def apply_event(
        self,
        container_id: str,
        row_after: Callable[[ContainerSummary], ContainerSummary | None],
        expected: Callable[[ContainerSummary | None], bool],
    ) -> InventoryDiff:
        """Show what a container event says now: ``row_after`` the known row (None: gone),
        held until a re-read passes ``expected``. A container not known yet (created a
        moment ago) is left to the re-read: nothing changes."""
        diff = InventoryDiff()
        with self._lock:
            before = self.containers.get(container_id)
            if before is None:
                return diff
            after = row_after(before)
            self._held[container_id] = expected
            if after is None:
                del self.containers[container_id]
                diff.containers.add(removed=[container_id])
            elif after != before:
                self.containers[container_id] = after
                diff.containers.add([after])
            diff.counts = self._counts()
        return diff

    def settle(self, diff: InventoryDiff) -> None:
        """Make ``diff``'s containers and counts what this inventory holds now: each container
        it names is upserted as it is here, or removed if it is not here any more."""
        with self._lock:
            named = [*(c.id for c in diff.containers.upserted), *diff.containers.removed]
            settled: KeyedChanges[ContainerSummary] = KeyedChanges(_container_id)
            for container_id in named:
                row = self.containers.get(container_id)
                if row is None:
                    settled.add(removed=[container_id])
                else:
                    settled.add([row])
            diff.containers = settled
            if diff.counts is not None:
                diff.counts = self._counts()

    def held(self, container_id: str) -> bool:
        """Whether the container's row is still what an event said, no re-read agreeing yet."""
        with self._lock:
            return container_id in self._held

    def release(self, container_id: str) -> None:
        """Stop holding the row an event set: the next re-read replaces it, agreeing or not."""
        with self._lock:
            self._held.pop(container_id, None)

    def _held_back(self, container_id: str, row: ContainerSummary | None) -> bool:
        """Whether a re-read ``row`` is too early for the event shown (under the lock); a
        re-read that agrees ends the hold and replaces the event's row."""
        expected = self._held.get(container_id)
        if expected is None:
            return False
        if expected(row):
            del self._held[container_id]
            return False
        return True

    # -- bookkeeping ---------------------------------------------------------------------

    def _replace_images(self, images: list[ImageSummary], diff: InventoryDiff) -> None:
        for image in images:
            if image.tags:
                self._image_names[image.id] = ", ".join(image.tags)
        _replace_all(self.images, {i.id: i for i in images}, diff.images)

    def _counts(self) -> ContainerCounts:
        running = sum(1 for c in self.containers.values() if c.state == "running")
        return ContainerCounts(running=running, total=len(self.containers))

    def image_users(self) -> dict[str, list[str]]:
        """Names of the containers using each image, by image ID."""
        with self._lock:
            users: dict[str, list[str]] = {}
            for container in self.containers.values():
                users.setdefault(container.image_id, []).append(container.name)
        return {image_id: sorted(names) for image_id, names in users.items()}

    def volume_users(self) -> dict[str, list[ContainerSummary]]:
        """The containers mounting each volume, by volume name."""
        with self._lock:
            users: dict[str, list[ContainerSummary]] = {}
            for container in self.containers.values():
                for name in container.volume_names():
                    users.setdefault(name, []).append(container)
        return {name: sorted(found, key=lambda c: c.name) for name, found in users.items()}

    def network_members(self) -> dict[str, list[tuple[ContainerSummary, NetworkAttachment]]]:
        """The containers attached to each network with their addresses, by network name
        (what the containers list names them by; a network's ID is not always given)."""
        with self._lock:
            members: dict[str, list[tuple[ContainerSummary, NetworkAttachment]]] = {}
            for container in self.containers.values():
                for attachment in container.networks:
                    members.setdefault(attachment.network, []).append((container, attachment))
        return {name: sorted(found, key=lambda pair: pair[0].name) for name, found in members.items()}

    def container(self, container_id: str) -> ContainerSummary | None:
        with self._lock:
            return self.containers.get(container_id)

    def container_name(self, container_id: str) -> str | None:
        summary = self.containers.get(container_id)
        return summary.name if summary is not None else None

    def image_id_for(self, reference: str) -> str | None:
        """The ID of the image tagged ``reference`` (or ``reference:latest``), if listed."""
        wanted = (reference, f"{reference}:latest")
        with self._lock:
            return next((image.id for image in self.images.values() if any(t in image.tags for t in wanted)), None)

    def image_name(self, image_id: str) -> str | None:
        """The last references the image was known by (also after it is gone)."""
        with self._lock:
            return self._image_names.get(image_id)

    def remember_image_name(self, image_id: str, reference: str) -> None:
        """Learn a reference from a tag/pull event before the next image re-list."""
        with self._lock:
            known = self._image_names.get(image_id, "")
            names = [n for n in known.split(", ") if n]
            if reference not in names:
                names.append(reference)
            self._image_names[image_id] = ", ".join(names)
