"""Swarm mode as the daemon lists it: this node's role, services, tasks and nodes, typed
and made safe.

Only a manager lists services, tasks and nodes; a worker's daemon refuses ("This node is
not a swarm manager…"), so the UI asks ``read_swarm_role`` first (``/info``, read after
the first paint, never on the start-up path). Tasks send no events: a view that shows them
reads the task list again while it is visible (one list call for every service).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.safe_text import one_line, safe_mapping, safe_text

if TYPE_CHECKING:
    from docker import APIClient

#: The label ``docker stack deploy`` puts on every service, network, secret and config it makes.
STACK_LABEL = "com.docker.stack.namespace"


class SwarmReadFailed(Exception):
    """The daemon refused or failed a swarm list; the message is the daemon's, made safe."""


@dataclass(frozen=True, slots=True)
class SwarmRole:
    """This daemon's place in a swarm (``/info``'s ``Swarm``)."""

    #: "inactive", "pending", "active", "error" or "locked".
    state: str
    manager: bool
    node_id: str = ""
    node_address: str = ""
    cluster_id: str = ""
    nodes: int = 0
    managers: int = 0
    error: str = ""

    @property
    def active(self) -> bool:
        return self.state == "active"

    @property
    def text(self) -> str:
        """For the user: "manager", "worker", "not in a swarm"…"""
        if self.state == "active":
            return "manager" if self.manager else "worker"
        if self.state == "inactive" or not self.state:
            return "not in a swarm"
        return self.state + (f" ({self.error})" if self.error else "")

    @classmethod
    def from_info(cls, info: Mapping[str, Any]) -> SwarmRole:
        swarm = info.get("Swarm") if isinstance(info, Mapping) else None
        if not isinstance(swarm, Mapping):
            return cls(state="inactive", manager=False)
        cluster = swarm.get("Cluster") if isinstance(swarm.get("Cluster"), Mapping) else {}
        return cls(
            state=safe_text(swarm.get("LocalNodeState") or "inactive"),
            manager=bool(swarm.get("ControlAvailable")),
            node_id=safe_text(swarm.get("NodeID") or ""),
            node_address=safe_text(swarm.get("NodeAddr") or ""),
            cluster_id=safe_text((cluster or {}).get("ID") or ""),
            nodes=_int(swarm.get("Nodes")),
            managers=_int(swarm.get("Managers")),
            error=one_line(swarm.get("Error") or ""),
        )


@dataclass(frozen=True, slots=True)
class PublishedPort:
    published: int
    target: int
    protocol: str
    mode: str  # "ingress" or "host"

    def __str__(self) -> str:
        text = f"{self.published}→{self.target}" + ("" if self.protocol == "tcp" else f"/{self.protocol}")
        return text + (" host" if self.mode == "host" else "")


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    """One service of ``/services?status=true``."""

    id: str
    name: str
    #: "replicated", "global", "replicated-job" or "global-job".
    mode: str
    #: Replicated: the replicas asked for; global: what the daemon's status says is desired.
    desired: int
    running: int
    #: As the spec holds it ("busybox:1.36@sha256:…" once the manager resolved a digest).
    image: str
    ports: tuple[PublishedPort, ...]
    #: "" (never updated), "updating", "paused", "completed", "rollback_started",
    #: "rollback_paused", "rollback_completed".
    update_state: str
    update_message: str
    labels: Mapping[str, str]
    created: str
    updated: str
    #: The spec's image before the last update: what a rollback would go back to ("" if none).
    previous_image: str
    version: int

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def stack(self) -> str:
        return self.labels.get(STACK_LABEL, "")

    @property
    def replicated(self) -> bool:
        return self.mode in ("replicated", "replicated-job")

    @property
    def image_short(self) -> str:
        """``name:tag`` and the digest cut to 12 hex digits: ``busybox:1.36@a1b2c3d4e5f6``."""
        return short_image(self.image)

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> ServiceSummary:
        spec = _mapping(raw.get("Spec"))
        mode_spec = _mapping(spec.get("Mode"))
        mode = "replicated"
        for key, name in (
            ("Replicated", "replicated"),
            ("Global", "global"),
            ("ReplicatedJob", "replicated-job"),
            ("GlobalJob", "global-job"),
        ):
            if key in mode_spec:
                mode = name
                break
        status = _mapping(raw.get("ServiceStatus"))
        desired = _int(status.get("DesiredTasks"))
        if mode == "replicated" and "Replicas" in _mapping(mode_spec.get("Replicated")):
            desired = _int(_mapping(mode_spec.get("Replicated")).get("Replicas"))
        endpoint = _mapping(raw.get("Endpoint"))
        ports = tuple(
            PublishedPort(
                published=_int(p.get("PublishedPort")),
                target=_int(p.get("TargetPort")),
                protocol=safe_text(p.get("Protocol") or "tcp"),
                mode=safe_text(p.get("PublishMode") or "ingress"),
            )
            for p in _list(endpoint.get("Ports") or _mapping(spec.get("EndpointSpec")).get("Ports"))
            if isinstance(p, Mapping)
        )
        update = _mapping(raw.get("UpdateStatus"))
        previous = _mapping(raw.get("PreviousSpec"))
        return cls(
            id=safe_text(raw.get("ID") or ""),
            name=safe_text(spec.get("Name") or ""),
            mode=mode,
            desired=desired,
            running=_int(status.get("RunningTasks")),
            image=_task_image(spec),
            ports=ports,
            update_state=safe_text(update.get("State") or ""),
            update_message=one_line(update.get("Message") or ""),
            labels=safe_mapping(spec.get("Labels")),
            created=safe_text(raw.get("CreatedAt") or ""),
            updated=safe_text(raw.get("UpdatedAt") or ""),
            previous_image=_task_image(previous) if previous else "",
            version=_int(_mapping(raw.get("Version")).get("Index")),
        )


@dataclass(frozen=True, slots=True)
class TaskSummary:
    """One task of ``/tasks``: a slot of a service on a node, and the container it runs."""

    id: str
    service_id: str
    #: Replicated services number their tasks; a global service's tasks have slot 0.
    slot: int
    node_id: str
    desired_state: str
    state: str
    #: The orchestrator's words ("started", "task: non-zero exit (1)"…).
    message: str
    #: Why the task failed ("No such image: …", "no suitable node …"), in full; "" if it did not.
    error: str
    container_id: str
    exit_code: int | None
    image: str
    created: str
    updated: str
    #: When the task reached its current state (``Status.Timestamp``).
    since: str

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def running(self) -> bool:
        return self.state == "running"

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> TaskSummary:
        status = _mapping(raw.get("Status"))
        container = _mapping(status.get("ContainerStatus"))
        exit_code = container.get("ExitCode")
        return cls(
            id=safe_text(raw.get("ID") or ""),
            service_id=safe_text(raw.get("ServiceID") or ""),
            slot=_int(raw.get("Slot")),
            node_id=safe_text(raw.get("NodeID") or ""),
            desired_state=safe_text(raw.get("DesiredState") or ""),
            state=safe_text(status.get("State") or ""),
            message=one_line(status.get("Message") or ""),
            error=safe_text(status.get("Err") or ""),
            container_id=safe_text(container.get("ContainerID") or ""),
            exit_code=exit_code if isinstance(exit_code, int) and not isinstance(exit_code, bool) else None,
            image=_task_image(_mapping(raw.get("Spec"))),
            created=safe_text(raw.get("CreatedAt") or ""),
            updated=safe_text(raw.get("UpdatedAt") or ""),
            since=safe_text(status.get("Timestamp") or ""),
        )


@dataclass(frozen=True, slots=True)
class NodeSummary:
    """One node of ``/nodes``."""

    id: str
    hostname: str
    #: "manager" or "worker".
    role: str
    #: "active", "pause" or "drain".
    availability: str
    #: "ready", "down", "unknown", "disconnected".
    state: str
    address: str
    leader: bool
    #: A manager's "reachable" / "unreachable" / "unknown"; "" for a worker.
    reachability: str
    engine_version: str
    nano_cpus: int
    memory_bytes: int
    labels: Mapping[str, str]
    engine_labels: Mapping[str, str]
    version: int

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def manager_status(self) -> str:
        if self.leader:
            return "leader"
        return self.reachability

    @property
    def cpus(self) -> float:
        return self.nano_cpus / 1e9

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> NodeSummary:
        spec = _mapping(raw.get("Spec"))
        description = _mapping(raw.get("Description"))
        resources = _mapping(description.get("Resources"))
        status = _mapping(raw.get("Status"))
        manager = _mapping(raw.get("ManagerStatus"))
        return cls(
            id=safe_text(raw.get("ID") or ""),
            hostname=safe_text(description.get("Hostname") or ""),
            role=safe_text(spec.get("Role") or ""),
            availability=safe_text(spec.get("Availability") or ""),
            state=safe_text(status.get("State") or ""),
            address=safe_text(status.get("Addr") or ""),
            leader=bool(manager.get("Leader")),
            reachability=safe_text(manager.get("Reachability") or ""),
            engine_version=safe_text(_mapping(description.get("Engine")).get("EngineVersion") or ""),
            nano_cpus=_int(resources.get("NanoCPUs")),
            memory_bytes=_int(resources.get("MemoryBytes")),
            labels=safe_mapping(spec.get("Labels")),
            engine_labels=safe_mapping(_mapping(description.get("Engine")).get("Labels")),
            version=_int(_mapping(raw.get("Version")).get("Index")),
        )


def short_image(image: str) -> str:
    """``name:tag@sha256:<64 hex>`` → ``name:tag@<12 hex>``."""
    name, at, digest = image.partition("@")
    if not at:
        return name
    return f"{name}@{digest.removeprefix('sha256:')[:12]}"


# -- reads (blocking) -------------------------------------------------------------------


def read_swarm_role(api: APIClient) -> SwarmRole:
    """This daemon's swarm state from ``/info``; raises SwarmReadFailed."""
    try:
        return SwarmRole.from_info(api.info())
    except Exception as error:
        raise SwarmReadFailed(explain_error(error)) from error


def read_services(api: APIClient) -> list[ServiceSummary]:
    """Every service with its running/desired task counts (one call)."""
    rows = _call(lambda: api.services(status=True))
    return [ServiceSummary.from_api(row) for row in rows if isinstance(row, Mapping) and row.get("ID")]


def read_tasks(api: APIClient, service_id: str | None = None) -> list[TaskSummary]:
    """Every task (of one service, if given), newest first within a slot."""
    filters = {"service": service_id} if service_id else None
    rows = _call(lambda: api.tasks(filters=filters))
    tasks = [TaskSummary.from_api(row) for row in rows if isinstance(row, Mapping) and row.get("ID")]
    tasks.sort(key=lambda t: t.created, reverse=True)
    return tasks


def read_nodes(api: APIClient) -> list[NodeSummary]:
    rows = _call(lambda: api.nodes())
    return [NodeSummary.from_api(row) for row in rows if isinstance(row, Mapping) and row.get("ID")]


def _call(read: Any) -> list:
    try:
        answer = read()
    except Exception as error:
        raise SwarmReadFailed(explain_error(error)) from error
    return answer if isinstance(answer, list) else []


def _task_image(spec: Mapping[str, Any]) -> str:
    template = _mapping(spec.get("TaskTemplate")) if "TaskTemplate" in spec else spec
    return safe_text(_mapping(template.get("ContainerSpec")).get("Image") or "")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
