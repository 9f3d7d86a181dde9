"""The containers pane filter: free words and docker-style ``key=value`` terms.

``web status=exited label=tier=front`` keeps containers whose name, image or
compose project contains "web", that have exited, and carry label tier=front.
Every term must match. Keys: name, image (or ancestor), status (or state),
label (key or key=value), project, service, id, health, exited (exit code).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dockertui.engine.inventory import ContainerSummary

Predicate = Callable[[ContainerSummary], bool]

KEYS = ("name", "image", "ancestor", "status", "state", "label", "project", "service", "id", "health", "exited")


@dataclass(frozen=True)
class ContainerFilter:
    text: str
    predicates: tuple[Predicate, ...]
    #: Terms that look like key=value with a key we do not know (shown to the user).
    unknown_keys: tuple[str, ...] = ()

    def matches(self, container: ContainerSummary) -> bool:
        return all(predicate(container) for predicate in self.predicates)


def _contains(needle: str) -> Predicate:
    def check(c: ContainerSummary) -> bool:
        return needle in c.name.lower() or needle in c.image.lower() or needle in c.project.lower()

    return check


def _term(key: str, value: str) -> Predicate | None:
    low = value.lower()
    if key == "name":
        return lambda c: low in c.name.lower()
    if key in ("image", "ancestor"):
        return lambda c: low in c.image.lower() or c.image_id.removeprefix("sha256:").startswith(low)
    if key in ("status", "state"):
        return lambda c: c.state == low
    if key == "label":
        label, equals, wanted = value.partition("=")
        if equals:
            return lambda c: c.labels.get(label) == wanted
        return lambda c: label in c.labels
    if key == "project":
        return lambda c: c.project.lower() == low
    if key == "service":
        return lambda c: c.service.lower() == low
    if key == "id":
        return lambda c: c.id.startswith(low)
    if key == "health":
        return lambda c: (c.health or "none") == low
    if key == "exited":
        return lambda c: c.state == "exited" and str(c.exit_code) == value
    return None


def parse_filter(text: str) -> ContainerFilter:
    predicates: list[Predicate] = []
    unknown: list[str] = []
    for word in text.split():
        key, equals, value = word.partition("=")
        if equals and key.lower() in KEYS:
            predicate = _term(key.lower(), value)
        else:
            if equals:
                unknown.append(key)
            predicate = _contains(word.lower())
        if predicate is not None:
            predicates.append(predicate)
    return ContainerFilter(text, tuple(predicates), tuple(unknown))
