"""One daemon, as the UI uses it: every verb typed, read-only enforced here.

The UI never holds docker-py's client. It holds a ``DaemonSession`` and calls its
verbs (blocking ones from workers); a context switch replaces the session, and an
answer that arrives for an old one is recognised by identity and dropped.

Read-only mode is enforced inside: every verb that changes the daemon (container
actions, removing and pruning images, run, pull, exec) raises ``ReadOnlyRefused``
before any request leaves, whatever part of the UI called it. ``MUTATING_VERBS``
names them, so the UI can grey out what would be refused.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, Concatenate, ParamSpec, TypeVar

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.container_actions import Action, run_action
from dockertui.engine.disk_usage import DiskUsage, read_disk_usage
from dockertui.engine.exec_session import ExecEnd, ExecSession, choose_shell
from dockertui.engine.hub_search import SearchQuery, SearchResult, search
from dockertui.engine.image_actions import PruneReport, RemovalReport, prune_dangling, remove_image
from dockertui.engine.inspection import ImageInspection, inspect_container, inspect_image
from dockertui.engine.inventory import Inventory
from dockertui.engine.live_session import BACKOFF, LiveSession
from dockertui.engine.logs import LogFollower
from dockertui.engine.merged_logs import LogSource, MergedLogs
from dockertui.engine.models import EngineInfo
from dockertui.engine.network_actions import (
    NetworkSpec,
    connect_network,
    create_network,
    disconnect_network,
    prune_networks,
    remove_network,
)
from dockertui.engine.network_inspection import NetworkInspection, inspect_network
from dockertui.engine.node_actions import set_availability
from dockertui.engine.project_actions import ProjectPlan, ProjectReport, run_plan
from dockertui.engine.prune import PruneKind, PruneResult, prune
from dockertui.engine.pull import PullJob
from dockertui.engine.references import ImageReference
from dockertui.engine.run_spec import RunSpec, create_and_start
from dockertui.engine.service_actions import (
    ServiceUpdateReport,
    force_update,
    remove_service,
    rollback_service,
    scale_service,
    update_image,
)
from dockertui.engine.service_logs import ServiceLogs
from dockertui.engine.stack_actions import StackPlan, StackReport, Stacks, read_stacks, remove_stack
from dockertui.engine.stats import StatsHub
from dockertui.engine.swarm import (
    NodeSummary,
    ServiceSummary,
    SwarmRole,
    TaskSummary,
    read_nodes,
    read_services,
    read_swarm_role,
    read_tasks,
)
from dockertui.engine.target import DaemonTarget
from dockertui.engine.volume_actions import (
    VolumePruneReport,
    create_volume,
    inspect_volume,
    prune_volumes,
    remove_volume,
)
from dockertui.engine.volume_usage import VolumeUsageReport, read_volume_usage
from dockertui.engine.volumes import VolumeSummary

P = ParamSpec("P")
R = TypeVar("R")

#: Names of the verbs that change the daemon (filled in by ``@mutating``).
MUTATING_VERBS: set[str] = set()


class ReadOnlyRefused(Exception):
    """A verb that would change the daemon was called in read-only mode."""

    def __init__(self, verb: str, what: str) -> None:
        super().__init__(f"Read-only mode: {what} is refused (dockertui --read-only).")
        self.verb = verb


def mutating(
    what: str,
) -> Callable[[Callable[Concatenate[DaemonSession, P], R]], Callable[Concatenate[DaemonSession, P], R]]:
    """Mark a verb as changing the daemon (``what`` it does, for the user): refused,
    before any request, when the session is read-only."""

    def mark(verb: Callable[Concatenate[DaemonSession, P], R]) -> Callable[Concatenate[DaemonSession, P], R]:
        MUTATING_VERBS.add(verb.__name__)

        @functools.wraps(verb)
        def guarded(self: DaemonSession, *args: P.args, **kwargs: P.kwargs) -> R:
            if self.read_only:
                raise ReadOnlyRefused(verb.__name__, what)
            return verb(self, *args, **kwargs)

        return guarded

    return mark


class DaemonSession:
    """The connection to one daemon and everything running against it: the live
    stream and model, stats, pulls, shells and log followers started through it."""

    def __init__(self, connection: DaemonConnection, *, read_only: bool = False) -> None:
        self.connection = connection
        self.read_only = read_only
        self.live: LiveSession | None = None
        self.stats: StatsHub | None = None
        self.pulls: list[PullJob] = []
        self.closed = False

    @property
    def target(self) -> DaemonTarget:
        return self.connection.target

    @property
    def engine(self) -> EngineInfo:
        return self.connection.engine

    @property
    def _api(self) -> Any:
        return self.connection.api

    # -- streams ------------------------------------------------------------------------

    def start_streams(
        self,
        *,
        on_live: Callable[[], object],
        on_stats: Callable[[], object],
        backoff: tuple[float, ...] = BACKOFF,
        on_live_soon: Callable[[], object] | None = None,
        inventory: Inventory | None = None,
    ) -> None:
        """Open the event stream (with the model it keeps) and the stats hub; ``on_live_soon``:
        a container's row changed from its own event (see LiveSession); ``inventory``: one
        seeded with what is already shown (``first_look``)."""
        self.live = LiveSession(
            self._api, notify=on_live, backoff=backoff, notify_soon=on_live_soon, inventory=inventory
        )
        self.live.start()
        self.stats = StatsHub(self._api, notify=on_stats)

    def follow_logs(self, container_id: str, *, tty: bool, notify: Callable[[], object], tail: int) -> LogFollower:
        """Start following a container's logs (the caller closes the follower)."""
        follower = LogFollower(self._api, container_id, tty=tty, tail=tail, notify=notify)
        follower.start()
        return follower

    # -- reads (blocking: call from a worker) -------------------------------------------

    def inspect_container(self, container_id: str) -> dict[str, Any]:
        return inspect_container(self._api, container_id)

    def inspect_image(self, image_id: str) -> ImageInspection:
        return inspect_image(self._api, image_id)

    def search(self, query: SearchQuery, limit: int) -> list[SearchResult]:
        """Raises SearchFailed with the daemon's reason."""
        return search(self._api, query, limit)

    # -- changes (refused when read-only) -----------------------------------------------

    @mutating("changing a container")
    def act(self, action: Action, container_id: str, *, name: str = "", force: bool = False) -> None:
        """A lifecycle action on a container; raises ActionFailed with the daemon's message."""
        run_action(self._api, action, container_id, name=name, force=force)

    @mutating("removing an image")
    def remove_image(self, target: str, *, force: bool = False) -> RemovalReport:
        """Raises ImageActionFailed (``force_allowed`` says if forcing would work)."""
        return remove_image(self._api, target, force=force)

    @mutating("pruning images")
    def prune_images(self) -> PruneReport:
        """Prune dangling images; raises ImageActionFailed."""
        return prune_dangling(self._api)

    @mutating("running a container")
    def run(self, spec: RunSpec) -> str:
        """Create and start a container (pulling its image if missing); its ID. Raises RunFailed."""
        return create_and_start(self._api, spec)

    @mutating("pulling an image")
    def pull(self, reference: ImageReference, notify: Callable[[], object]) -> PullJob:
        """Start pulling in the background; the last ten pulls (and failed ones) are kept."""
        job = PullJob(self._api, reference, notify=notify)
        self.pulls = [j for j in self.pulls if not j.state.finished or j.state.error][-9:] + [job]
        job.start()
        return job

    @mutating("running a command in a container")
    def open_shell(
        self,
        container_id: str,
        command: list[str] | None,
        *,
        on_output: Callable[[bytes], None],
        on_end: Callable[[ExecEnd], object],
        rows: int = 24,
        columns: int = 80,
        shells: tuple[str, ...],
    ) -> ExecSession:
        """Start ``command`` (or the first of ``shells`` that runs) with a tty (blocking).
        Raises ExecFailed with the daemon's words."""
        command = command or [choose_shell(self._api, container_id, shells)]
        session = ExecSession(
            self._api, container_id, command, on_output=on_output, on_end=on_end, rows=rows, columns=columns
        )
        session.start()
        return session

    # -- volumes ------------------------------------------------------------------------

    def volume_usage(self) -> VolumeUsageReport:
        """Size and users of every volume (``/system/df``: slow on big daemons, call from a
        worker). Raises UsageUnavailable."""
        return read_volume_usage(self._api)

    def inspect_volume(self, name: str) -> dict[str, Any]:
        """Raises VolumeActionFailed."""
        return inspect_volume(self._api, name)

    @mutating("creating a volume")
    def create_volume(
        self, name: str = "", driver: str = "local", labels: Mapping[str, str] | None = None
    ) -> VolumeSummary:
        """No name: an anonymous volume. Raises VolumeActionFailed (also for a name taken)."""
        return create_volume(self._api, name, driver, labels)

    @mutating("removing a volume")
    def remove_volume(self, name: str) -> None:
        """Never forced: a volume in use stays. Raises VolumeActionFailed with the daemon's words."""
        remove_volume(self._api, name)

    @mutating("pruning volumes")
    def prune_volumes(self) -> VolumePruneReport:
        """Remove every volume no container uses; raises VolumeActionFailed."""
        return prune_volumes(self._api, self.engine.product)

    # -- networks -----------------------------------------------------------------------

    def inspect_network(self, network_id: str) -> NetworkInspection:
        """The network's inspect document and its containers' endpoints (blocking)."""
        return inspect_network(self._api, network_id)

    @mutating("creating a network")
    def create_network(self, network_spec: NetworkSpec) -> str:
        """The new network's ID; raises NetworkActionFailed with the daemon's words."""
        network_id = create_network(self._api, network_spec)
        self._networks_changed()
        return network_id

    @mutating("removing a network")
    def remove_network(self, network_id: str, *, name: str = "") -> None:
        """Raises NetworkActionFailed (the daemon's own networks are refused unsent)."""
        remove_network(self._api, network_id, name)
        self._networks_changed()

    @mutating("pruning networks")
    def prune_networks(self) -> tuple[str, ...]:
        """Remove the networks no container uses; the names the daemon deleted."""
        deleted = prune_networks(self._api)
        self._networks_changed()
        return deleted

    @mutating("connecting a container to a network")
    def connect_network(self, network_id: str, container_id: str, *, name: str = "") -> None:
        connect_network(self._api, network_id, container_id, network=name)
        self._networks_changed(container_id)

    @mutating("disconnecting a container from a network")
    def disconnect_network(self, network_id: str, container_id: str, *, name: str = "") -> None:
        disconnect_network(self._api, network_id, container_id, network=name)
        self._networks_changed(container_id)

    def _networks_changed(self, *container_ids: str) -> None:
        """Docker's events would bring the change; Podman sends none for a network's create
        or remove, so the lists are read again either way."""
        if self.live is not None:
            self.live.reread_networks(container_ids)

    # -- compose projects ---------------------------------------------------------------

    def follow_merged_logs(self, sources: list[LogSource], *, notify: Callable[[], object], tail: int) -> MergedLogs:
        """Follow several containers' logs as one, in timestamp order (the caller closes it)."""
        merged = MergedLogs(self._api, sources, notify=notify, tail=tail)
        merged.start()
        return merged

    @mutating("changing a compose project")
    def run_project_plan(self, plan: ProjectPlan, *, progress: Callable[[str], object]) -> ProjectReport:
        """Stop, start, restart or take down a project's containers, networks (and volumes)
        as confirmed (blocking); every failure is in the report."""
        return run_plan(self._api, plan, progress)

    # -- disk usage and prune -----------------------------------------------------------

    def disk_usage(self) -> DiskUsage:
        """``docker system df``'s figures, plus networks (blocking, slow on a big daemon).
        Raises DiskUsageFailed with the daemon's words."""
        return read_disk_usage(self._api)

    @mutating("pruning unused objects")
    def prune_unused(self, kind: PruneKind) -> PruneResult:
        """Prune one kind (engine/prune.py says what each removes); the daemon's figures.
        Raises PruneFailed with the daemon's words."""
        return prune(self._api, kind)

    # -- swarm: reads ---------------------------------------------------------------------

    def swarm_role(self) -> SwarmRole:
        """This daemon's swarm state (``/info``, blocking). Raises SwarmReadFailed."""
        return read_swarm_role(self._api)

    def services(self) -> list[ServiceSummary]:
        """Raises SwarmReadFailed (on a worker: the daemon's "not a swarm manager")."""
        return read_services(self._api)

    def tasks(self, service_id: str | None = None) -> list[TaskSummary]:
        return read_tasks(self._api, service_id)

    def nodes(self) -> list[NodeSummary]:
        return read_nodes(self._api)

    # -- swarm: services -----------------------------------------------------------------

    @mutating("scaling a service")
    def scale_service(self, service_id: str, replicas: int, *, name: str = "") -> ServiceUpdateReport:
        """Raises ServiceActionFailed with the daemon's words."""
        return scale_service(self._api, service_id, replicas, name)

    @mutating("updating a service's image")
    def update_service_image(self, service_id: str, image: str, *, name: str = "") -> ServiceUpdateReport:
        return update_image(self._api, service_id, image, name)

    @mutating("rolling back a service")
    def rollback_service(self, service_id: str, *, name: str = "") -> ServiceUpdateReport:
        return rollback_service(self._api, service_id, name)

    @mutating("force-updating a service")
    def force_update_service(self, service_id: str, *, name: str = "") -> ServiceUpdateReport:
        return force_update(self._api, service_id, name)

    @mutating("removing a service")
    def remove_service(self, service_id: str, *, name: str = "") -> None:
        remove_service(self._api, service_id, name)

    # -- swarm: service logs -------------------------------------------------------------

    def follow_service_logs(self, service: ServiceSummary, *, notify: Callable[[], object], tail: int) -> ServiceLogs:
        """Follow a service's logs across its tasks, tagged ``web.2@host``, in timestamp order
        (the caller closes it; closing ends the stream)."""
        logs = ServiceLogs(self._api, service, notify=notify, tail=tail)
        logs.start()
        return logs

    # -- swarm: nodes and stacks ---------------------------------------------------------

    @mutating("changing a node's availability")
    def set_node_availability(self, node_id: str, availability: str) -> None:
        """``docker node update --availability`` (active, pause, drain); raises NodeActionFailed."""
        set_availability(self._api, node_id, availability)

    def stacks(self) -> Stacks:
        """Services, networks, secrets and configs grouped by stack (blocking). Raises SwarmReadFailed."""
        return read_stacks(self._api)

    @mutating("removing a stack")
    def remove_stack(self, plan: StackPlan, *, progress: Callable[[str], object]) -> StackReport:
        """``docker stack rm`` of what was confirmed (blocking); every failure is in the report."""
        return remove_stack(self._api, plan, progress)

    # -- end ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the streams, cancel unfinished pulls, close the connection. Shells are
        ended by their owners first (ending one needs the connection)."""
        self.closed = True
        live, self.live = self.live, None
        if live is not None:
            live.close()
        stats, self.stats = self.stats, None
        if stats is not None:
            stats.close()
        for job in self.pulls:
            if not job.state.finished:
                job.cancel()
        self.connection.close()
