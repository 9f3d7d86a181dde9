"""Inspect documents of containers and images, made safe to show.

An inspect document is almost entirely outside text: labels, env, commands, the
image's build history, health-check output. It is read whole and every key and
string in it passes the sanitiser before any view walks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockertui.engine.safe_text import safe_tree

if TYPE_CHECKING:
    from docker import APIClient


def inspect_container(api: APIClient, container_id: str) -> dict[str, Any]:
    """``GET /containers/{id}/json``, safe (blocking; docker-py's errors propagate)."""
    document = safe_tree(api.inspect_container(container_id))
    return document if isinstance(document, dict) else {}


@dataclass(frozen=True)
class ImageInspection:
    document: dict[str, Any]
    #: ``GET /images/{id}/history``, newest layer first.
    history: list[dict[str, Any]]


def inspect_image(api: APIClient, image_id: str) -> ImageInspection:
    """The image's inspect document and its layer history, safe (blocking)."""
    document = safe_tree(api.inspect_image(image_id))
    history = safe_tree(api.history(image_id))
    return ImageInspection(
        document if isinstance(document, dict) else {},
        [layer for layer in history if isinstance(layer, dict)] if isinstance(history, list) else [],
    )


def mapping(value: Any) -> dict[str, Any]:
    """``value`` if it is an object, else an empty one: a daemon may send any shape."""
    return value if isinstance(value, dict) else {}


def sequence(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []
