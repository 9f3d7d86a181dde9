"""Swarm stacks: services (and networks, secrets, configs) grouped by the label
``docker stack deploy`` puts on them, and ``docker stack rm``.

A stack is nothing but that label (``com.docker.stack.namespace``): the daemon has no
stack object. Reading them is one call per kind (services with their task counts,
networks, secrets and configs filtered by the label).

Removing one does what ``docker stack rm`` does, in its order: the stack's services, then
its secrets, configs and networks. What goes is captured when the user confirms
(``StackPlan``: IDs and names), never read again: a service labelled since stays. The
daemon takes a removed service's tasks down in the background, and a network their
containers are still attached to is refused as in use: such a network is tried again
until ``NETWORK_WAIT`` seconds have passed. Every failure is collected, none is forced.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.safe_text import safe_mapping, safe_text
from dockertui.engine.swarm import STACK_LABEL, ServiceSummary, SwarmReadFailed, read_services

if TYPE_CHECKING:
    from docker import APIClient

#: Seconds a network in use by a removed service's tasks is tried again.
NETWORK_WAIT = 60.0


@dataclass(frozen=True, slots=True)
class StackObject:
    """A network, secret or config of a stack."""

    id: str
    name: str
    kind: str  # "network", "secret", "config"
    driver: str = ""

    @classmethod
    def from_api(cls, raw: Mapping[str, Any], kind: str) -> StackObject:
        spec = raw.get("Spec") if isinstance(raw.get("Spec"), Mapping) else {}
        name = raw.get("Name") or (spec or {}).get("Name") or ""
        return cls(
            id=safe_text(raw.get("Id") or raw.get("ID") or ""),
            name=safe_text(name),
            kind=kind,
            driver=safe_text(raw.get("Driver") or ""),
        )


@dataclass(frozen=True, slots=True)
class Stack:
    name: str
    services: tuple[ServiceSummary, ...]
    networks: tuple[StackObject, ...] = ()
    secrets: tuple[StackObject, ...] = ()
    configs: tuple[StackObject, ...] = ()

    @property
    def running(self) -> int:
        return sum(service.running for service in self.services)

    @property
    def desired(self) -> int:
        return sum(service.desired for service in self.services)


@dataclass(frozen=True, slots=True)
class Failure:
    kind: str
    name: str
    explanation: str


@dataclass(frozen=True, slots=True)
class StackPlan:
    """What ``d`` removes, captured when confirmed."""

    stack: str
    services: tuple[StackObject, ...]
    networks: tuple[StackObject, ...] = ()
    secrets: tuple[StackObject, ...] = ()
    configs: tuple[StackObject, ...] = ()

    @property
    def count(self) -> int:
        return len(self.services) + len(self.networks) + len(self.secrets) + len(self.configs)


@dataclass
class StackReport:
    plan: StackPlan
    done: list[StackObject] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def group_stacks(
    services: Sequence[ServiceSummary],
    networks: Sequence[tuple[str, StackObject]] = (),
    secrets: Sequence[tuple[str, StackObject]] = (),
    configs: Sequence[tuple[str, StackObject]] = (),
) -> dict[str, Stack]:
    """Stacks by name, sorted; ``networks``/``secrets``/``configs`` as (stack, object)."""
    names = {service.stack for service in services if service.stack}
    for pairs in (networks, secrets, configs):
        names.update(stack for stack, _ in pairs)

    def of(pairs: Sequence[Any], name: str) -> tuple[StackObject, ...]:
        return tuple(sorted((obj for stack, obj in pairs if stack == name), key=lambda o: o.name))

    return {
        name: Stack(
            name=name,
            services=tuple(sorted((s for s in services if s.stack == name), key=lambda s: s.name)),
            networks=of(networks, name),
            secrets=of(secrets, name),
            configs=of(configs, name),
        )
        for name in sorted(names)
    }


@dataclass(frozen=True, slots=True)
class Stacks:
    """What ``read_stacks`` found: the stacks, and how many services belong to none."""

    stacks: dict[str, Stack]
    loose_services: int = 0


def read_stacks(api: APIClient) -> Stacks:
    """Every stack of the swarm (raises SwarmReadFailed, e.g. on a worker)."""
    services = read_services(api)
    labelled = {"label": STACK_LABEL}

    def objects(kind: str, read: Callable[[], Any]) -> list[tuple[str, StackObject]]:
        try:
            rows = read()
        except Exception as error:
            raise SwarmReadFailed(explain_error(error)) from error
        found = []
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, Mapping):
                continue
            spec = row.get("Spec") if isinstance(row.get("Spec"), Mapping) else {}
            labels = safe_mapping(row.get("Labels") if "Labels" in row else (spec or {}).get("Labels"))
            if labels.get(STACK_LABEL):
                found.append((labels[STACK_LABEL], StackObject.from_api(row, kind)))
        return found

    stacks = group_stacks(
        services,
        objects("network", lambda: api.networks(filters=labelled)),
        objects("secret", lambda: api.secrets(filters=labelled)),
        objects("config", lambda: api.configs(filters=labelled)),
    )
    return Stacks(stacks, sum(1 for service in services if not service.stack))


def plan_removal(stack: Stack) -> StackPlan:
    return StackPlan(
        stack=stack.name,
        services=tuple(StackObject(s.id, s.name, "service") for s in stack.services),
        networks=stack.networks,
        secrets=stack.secrets,
        configs=stack.configs,
    )


def remove_stack(
    api: APIClient, plan: StackPlan, progress: Callable[[str], object] = lambda _: None, *, wait: float = NETWORK_WAIT
) -> StackReport:
    """``docker stack rm``: services, then secrets, configs, networks (blocking)."""
    report = StackReport(plan)

    def attempt(obj: StackObject, remove: Callable[[str], object]) -> str | None:
        try:
            remove(obj.id)
        except Exception as error:  # noqa: BLE001 - collected, reported per object
            if getattr(getattr(error, "response", None), "status_code", None) == 404:
                return None  # gone already: what was asked for
            return explain_error(error)
        return None

    steps: list[tuple[tuple[StackObject, ...], Callable[[str], object]]] = [
        (plan.services, api.remove_service),
        (plan.secrets, api.remove_secret),
        (plan.configs, api.remove_config),
    ]
    done = 0
    for objects, remove in steps:
        for obj in objects:
            progress(f"removing {obj.kind} {obj.name} ({done + 1}/{plan.count})…")
            error = attempt(obj, remove)
            if error is None:
                report.done.append(obj)
            else:
                report.failures.append(Failure(obj.kind, obj.name, error))
            done += 1
    deadline = time.monotonic() + wait
    for obj in plan.networks:
        progress(f"removing network {obj.name} ({done + 1}/{plan.count})…")
        while True:
            error = attempt(obj, api.remove_network)
            if error is None:
                report.done.append(obj)
                break
            in_use = "in use" in error or "active endpoints" in error
            if not in_use or time.monotonic() >= deadline:
                report.failures.append(Failure(obj.kind, obj.name, error))
                break
            time.sleep(0.5)  # the removed services' tasks are still going down
        done += 1
    return report
