"""Typed daemon events and how to show them.

Only ``Type``, ``Action``, ``Actor.ID``, ``Actor.Attributes`` and ``timeNano`` are
relied on (network/volume events have no ``status``/``id``/``from``). Attributes
also carry every label of the object, so only a chosen few are shown. Every string
of an event is made safe when it is parsed: labels and exec commands are anyone's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dockertui.engine.safe_text import safe_mapping, safe_text

#: Event types with their own toggle in the events pane; anything else is "other".
EVENT_TYPES = ("container", "image", "network", "volume", "daemon", "service", "node", "secret", "config")

#: Attributes worth a glance, per type (the rest are labels and internals).
KEY_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "container": ("exitCode", "signal", "image"),
    "network": ("container", "type"),
    "volume": ("driver", "container", "destination"),
    "image": (),
    "daemon": (),
    # Swarm: what an update changed (the daemon sends the old and the new value).
    "service": ("replicas.new", "image.new", "updatestate.new"),
    "node": ("state.new", "availability.new", "role.new"),
    "secret": (),
    "config": (),
}

_ACTION_CLASSES = {
    "created": (
        "create",
        "pull",
        "import",
        "load",
        "tag",
        "connect",
        "mount",
        "commit",
        "copy",
        "save",
        "rename",
        "update",
        "attach",
        "top",
        "export",
        "archive-path",
        "resize",
    ),
    "started": ("start", "unpause", "restart"),
    # Podman says "died" where Docker says "die".
    "stopped": ("die", "died", "kill", "stop", "pause", "oom", "disconnect", "unmount", "detach", "cleanup"),
    "removed": ("destroy", "delete", "untag", "remove", "prune"),
}
ACTION_CLASS = {action: cls for cls, actions in _ACTION_CLASSES.items() for action in actions}
#: The attributes an event keeps: the rest are the object's labels, which nothing shows and
#: which made every buffered event as big as them (a megabyte label, ten thousand events).
KEPT_ATTRIBUTES = frozenset({"name", "container", *(key for keys in KEY_ATTRIBUTES.values() for key in keys)})


@dataclass(frozen=True, slots=True)
class DockerEvent:
    """One event from the daemon's stream, ready to display and to act on."""

    time_nano: int
    type: str
    action: str
    #: What follows the colon in actions like ``exec_start: sh -c ls`` or ``health_status: healthy``.
    detail: str
    actor_id: str
    #: The name to show: container name, image reference (resolved for untag/delete), …
    object_name: str
    attributes: Mapping[str, str]
    #: For network/volume events about a container: its name, when known.
    container_name: str = ""

    @property
    def time(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.time_nano / 1e9)

    @property
    def action_class(self) -> str:
        """created / started / stopped / removed / exec / healthy / unhealthy / other."""
        if self.action.startswith("exec_"):
            return "exec"
        if self.action == "health_status":
            return "healthy" if self.detail == "healthy" else "unhealthy"
        return ACTION_CLASS.get(self.action, "other")

    @property
    def type_group(self) -> str:
        return self.type if self.type in EVENT_TYPES else "other"

    def key_attributes(self) -> str:
        parts = []
        if self.detail:
            parts.append(self.detail)
        for key in KEY_ATTRIBUTES.get(self.type, ()):
            value = self.attributes.get(key)
            if value:
                if key == "container":
                    value = self.container_name or value[:12]
                parts.append(f"{key}={value}")
        return " ".join(parts)

    def matches(self, needle: str) -> bool:
        """Case-insensitive text filter over everything shown on the row."""
        if not needle:
            return True
        haystack = (
            f"{self.type} {self.action} {self.detail} {self.object_name} {self.actor_id} "
            f"{self.key_attributes()}".lower()
        )
        return needle.lower() in haystack


NameLookup = Callable[[str], "str | None"]


def parse_event(
    raw: Mapping, image_names: NameLookup | None = None, container_names: NameLookup | None = None
) -> DockerEvent:
    """Build a DockerEvent from the decoded JSON of one stream line.

    ``image_names`` maps an image ID to its last known reference: untag and
    delete events carry only the sha256 ID, which says nothing to a user.
    ``container_names`` does the same for the container IDs in network and
    volume events.
    """
    event_type = safe_text(raw.get("Type") or "")
    action, _, detail = safe_text(raw.get("Action") or raw.get("status") or "").partition(":")
    actor = raw.get("Actor") or {}
    actor_id = safe_text(actor.get("ID") or raw.get("id") or "")
    given = actor.get("Attributes")
    attributes = safe_mapping(
        {key: value for key, value in given.items() if key in KEPT_ATTRIBUTES} if isinstance(given, dict) else {}
    )
    time_nano = int(raw.get("timeNano") or int(raw.get("time") or 0) * 1_000_000_000)
    related = attributes.get("container", "")
    container_name = (container_names(related) or "") if related and container_names else ""
    return DockerEvent(
        time_nano=time_nano,
        type=event_type,
        action=action.strip(),
        detail=detail.strip(),
        actor_id=actor_id,
        object_name=_object_name(event_type, actor_id, attributes, image_names),
        attributes=attributes,
        container_name=container_name,
    )


def _object_name(event_type: str, actor_id: str, attributes: Mapping[str, str], image_names: NameLookup | None) -> str:
    name = attributes.get("name", "")
    if event_type == "image":
        reference = name or actor_id
        if reference.startswith("sha256:"):
            known = image_names(reference) if image_names else None
            return known or reference[len("sha256:") :][:12]
        return reference
    if event_type == "volume":
        return actor_id if len(actor_id) < 64 else actor_id[:12]
    if name:
        return name
    return actor_id[:12]
