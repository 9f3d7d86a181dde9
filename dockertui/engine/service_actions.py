"""What changes a swarm service: scale, a new image, rollback, force update, remove.

Each reads the service afresh (its spec and version: the daemon refuses an update sent
with an old version), edits the spec as the docker CLI does and sends it whole. Failures
raise ``ServiceActionFailed`` with the daemon's words, made safe.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.safe_text import one_line
from dockertui.engine.transport import post_service_update

if TYPE_CHECKING:
    from docker import APIClient


@dataclass(frozen=True)
class ServiceActionFailed(Exception):
    """``target``: the service's name; ``explanation``: the daemon's words (safe, one line)."""

    target: str
    explanation: str

    def __str__(self) -> str:
        return self.explanation


@dataclass(frozen=True)
class ServiceUpdateReport:
    #: The daemon's warnings (e.g. an image it could not resolve), made safe.
    warnings: tuple[str, ...] = ()


def scale_service(api: APIClient, service_id: str, replicas: int, name: str = "") -> ServiceUpdateReport:
    """Set a replicated service's replicas (``docker service scale``)."""
    if replicas < 0:
        raise ServiceActionFailed(name or service_id, "replicas must be 0 or more")

    def edit(spec: dict[str, Any]) -> None:
        mode = spec.get("Mode")
        if not isinstance(mode, dict) or not isinstance(mode.get("Replicated"), dict):
            raise ServiceActionFailed(name or service_id, "only a replicated service can be scaled")
        mode["Replicated"]["Replicas"] = replicas

    return _update(api, service_id, name, edit)


def update_image(api: APIClient, service_id: str, image: str, name: str = "") -> ServiceUpdateReport:
    """Roll the service out to another image (``docker service update --image``)."""

    def edit(spec: dict[str, Any]) -> None:
        _container_spec(spec, service_id, name)["Image"] = image

    return _update(api, service_id, name, edit)


def force_update(api: APIClient, service_id: str, name: str = "") -> ServiceUpdateReport:
    """Replace every task even though nothing changed (``docker service update --force``)."""

    def edit(spec: dict[str, Any]) -> None:
        template = spec.setdefault("TaskTemplate", {})
        force = template.get("ForceUpdate")
        template["ForceUpdate"] = (force if isinstance(force, int) and not isinstance(force, bool) else 0) + 1

    return _update(api, service_id, name, edit)


def rollback_service(api: APIClient, service_id: str, name: str = "") -> ServiceUpdateReport:
    """Go back to the previous spec (``docker service rollback``: the current spec is sent
    with ``rollback=previous``; the daemon refuses when there is no previous one)."""
    return _update(api, service_id, name, lambda spec: None, rollback=True)


def remove_service(api: APIClient, service_id: str, name: str = "") -> None:
    try:
        api.remove_service(service_id)
    except Exception as error:
        raise ServiceActionFailed(name or service_id, explain_error(error)) from error


def _update(api: APIClient, service_id: str, name: str, edit: Any, *, rollback: bool = False) -> ServiceUpdateReport:
    target = name or service_id
    try:
        current = api.inspect_service(service_id)
    except Exception as error:
        raise ServiceActionFailed(target, explain_error(error)) from error
    if not isinstance(current, Mapping) or not isinstance(current.get("Spec"), Mapping):
        raise ServiceActionFailed(target, "the daemon sent no spec for this service")
    spec = copy.deepcopy(dict(current["Spec"]))
    version = current.get("Version", {}).get("Index") if isinstance(current.get("Version"), Mapping) else None
    if not isinstance(version, int):
        raise ServiceActionFailed(target, "the daemon sent no version for this service")
    edit(spec)
    try:
        answer = post_service_update(api, service_id, version, spec, rollback=rollback)
    except Exception as error:
        raise ServiceActionFailed(target, explain_error(error)) from error
    warnings = answer.get("Warnings") if isinstance(answer, Mapping) else None
    return ServiceUpdateReport(tuple(one_line(w) for w in warnings or () if w))


def _container_spec(spec: dict[str, Any], service_id: str, name: str) -> dict[str, Any]:
    template = spec.setdefault("TaskTemplate", {})
    container = template.get("ContainerSpec")
    if not isinstance(container, dict):
        raise ServiceActionFailed(name or service_id, "this service runs no container (a plugin?)")
    return container
