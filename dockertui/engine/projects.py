"""Compose projects, grouped from the live inventory: no request of their own.

Compose (docker-compose v1, ``docker compose`` v2, podman-compose) labels what it creates:
containers with ``com.docker.compose.project`` / ``.service`` / ``.project.working_dir`` /
``.project.config_files`` / ``.container-number`` / ``.oneoff``, networks and volumes with
``com.docker.compose.project``. A project here is the containers that carry its name, with
the networks and volumes labelled with it; a project whose containers are all gone is not
listed (its volumes are in the volumes pane). Label values are safe text already (the
summaries are built through ``safe_mapping``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.networks import NetworkSummary
from dockertui.engine.volumes import VolumeSummary

WORKING_DIR = "com.docker.compose.project.working_dir"
CONFIG_FILES = "com.docker.compose.project.config_files"
CONTAINER_NUMBER = "com.docker.compose.container-number"
ONEOFF = "com.docker.compose.oneoff"

#: States in which a container counts as up (stop acts on these).
UP_STATES = frozenset({"running", "paused", "restarting"})


def is_oneoff(container: ContainerSummary) -> bool:
    """A ``docker-compose run`` container: stop/start leave it alone, down removes it."""
    return container.labels.get(ONEOFF, "").lower() == "true"


def _number(container: ContainerSummary) -> int:
    value = container.labels.get(CONTAINER_NUMBER, "")
    return int(value) if value.isdigit() else 0


@dataclass(frozen=True, slots=True)
class Service:
    """One service of a project and its containers (replicas and one-offs)."""

    name: str
    containers: tuple[ContainerSummary, ...]

    @property
    def running(self) -> int:
        return sum(1 for c in self.containers if c.state == "running")

    @property
    def total(self) -> int:
        return len(self.containers)


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    working_dir: str
    config_files: tuple[str, ...]
    #: Ordered by service, then container number; one-offs included.
    containers: tuple[ContainerSummary, ...]
    networks: tuple[NetworkSummary, ...]
    volumes: tuple[VolumeSummary, ...]

    @property
    def services(self) -> tuple[Service, ...]:
        by_name: dict[str, list[ContainerSummary]] = {}
        for container in self.containers:
            by_name.setdefault(container.service or container.name, []).append(container)
        return tuple(Service(name, tuple(found)) for name, found in by_name.items())

    @property
    def service_names(self) -> tuple[str, ...]:
        return tuple(service.name for service in self.services)

    @property
    def running(self) -> int:
        return sum(1 for c in self.containers if c.state == "running")

    @property
    def total(self) -> int:
        return len(self.containers)

    @property
    def up(self) -> list[ContainerSummary]:
        """The service containers that are up (what stop stops)."""
        return [c for c in self.containers if c.state in UP_STATES and not is_oneoff(c)]

    @property
    def down(self) -> list[ContainerSummary]:
        """The service containers that are not up (what start starts)."""
        return [c for c in self.containers if c.state not in UP_STATES and not is_oneoff(c)]

    @property
    def state_text(self) -> str:
        """ "running", "exited", "running 1/2" (Compose's own words for ``ls``)."""
        if self.running == self.total:
            return "running"
        if self.running == 0:
            states = sorted({c.state for c in self.containers})
            return states[0] if len(states) == 1 else "stopped"
        return f"running {self.running}/{self.total}"


def group_projects(
    containers: Iterable[ContainerSummary],
    networks: Iterable[NetworkSummary] = (),
    volumes: Iterable[VolumeSummary] = (),
) -> dict[str, Project]:
    """The projects of these objects, by name (sorted by name)."""
    members: dict[str, list[ContainerSummary]] = {}
    for container in containers:
        if container.project:
            members.setdefault(container.project, []).append(container)
    project_networks: dict[str, list[NetworkSummary]] = {}
    for network in networks:
        if network.project in members:
            project_networks.setdefault(network.project, []).append(network)
    project_volumes: dict[str, list[VolumeSummary]] = {}
    for volume in volumes:
        if volume.project in members:
            project_volumes.setdefault(volume.project, []).append(volume)
    projects = {}
    for name in sorted(members, key=str.lower):
        found = sorted(members[name], key=lambda c: (c.service.lower(), is_oneoff(c), _number(c), c.name))
        # The working dir and files of the newest container that names them (a project
        # re-created from another folder says where it lives now; a container added by hand
        # with only the project label says nothing, and hid them).
        labelled = [c for c in found if c.labels.get(WORKING_DIR)] or found
        newest = max(labelled, key=lambda c: c.created)
        files = newest.labels.get(CONFIG_FILES, "")
        projects[name] = Project(
            name=name,
            working_dir=newest.labels.get(WORKING_DIR, ""),
            config_files=tuple(part for part in files.split(",") if part),
            containers=tuple(found),
            networks=tuple(sorted(project_networks.get(name, []), key=lambda n: n.name)),
            volumes=tuple(sorted(project_volumes.get(name, []), key=lambda v: v.name)),
        )
    return projects
