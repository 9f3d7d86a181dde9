"""Changing a swarm node's availability: ``docker node update --availability``.

``POST /nodes/{id}/update?version=N`` replaces the node's whole spec, so the spec is read
fresh (with its version) and sent back with only ``Availability`` changed: the node's
labels and role stay as they are, and a node changed meanwhile by someone else is refused
by the daemon ("update out of sequence") rather than overwritten.

- ``active``: the scheduler may place tasks on it;
- ``pause``: no new tasks, the running ones stay;
- ``drain``: no new tasks, and its tasks are shut down and placed on other nodes (on a
  one-node swarm they stay pending).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockertui.engine.daemon_errors import explain_error

if TYPE_CHECKING:
    from docker import APIClient

AVAILABILITIES = ("active", "pause", "drain")


class NodeActionFailed(Exception):
    """The daemon refused; the message is the daemon's, made safe."""


def set_availability(api: APIClient, node_id: str, availability: str) -> None:
    if availability not in AVAILABILITIES:
        raise NodeActionFailed(f"unknown availability {availability!r} (active, pause or drain)")
    try:
        node = api.inspect_node(node_id)
        spec = dict(node.get("Spec") or {}) if isinstance(node, Mapping) else {}
        version = _version(node)
        spec["Availability"] = availability
        api.update_node(node_id, version, spec)
    except Exception as error:
        raise NodeActionFailed(explain_error(error)) from error


def _version(node: Any) -> int:
    version = node.get("Version") if isinstance(node, Mapping) else None
    index = version.get("Index") if isinstance(version, Mapping) else None
    if not isinstance(index, int) or isinstance(index, bool):
        raise NodeActionFailed("the daemon sent no version for the node")
    return index
