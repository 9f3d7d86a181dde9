"""Typed views of what the daemon reports, so the UI never digs through raw dicts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dockertui.engine.safe_text import safe_text


@dataclass(frozen=True)
class EngineInfo:
    """The daemon's ``/version`` answer, reduced to what we show and decide on."""

    product: str
    version: str
    api_version: str
    min_api_version: str
    os: str
    arch: str
    kernel: str

    @classmethod
    def from_version(cls, answer: Mapping[str, Any]) -> EngineInfo:
        platform = (answer.get("Platform") or {}).get("Name") or ""
        return cls(
            product=_product_name(platform, answer),
            version=safe_text(answer.get("Version", "?")),
            api_version=safe_text(answer.get("ApiVersion", "?")),
            min_api_version=safe_text(answer.get("MinAPIVersion", "")),
            os=safe_text(answer.get("Os", "")),
            arch=safe_text(answer.get("Arch", "")),
            kernel=safe_text(answer.get("KernelVersion", "")),
        )


def _product_name(platform: str, answer: Mapping[str, Any]) -> str:
    components = [str(c.get("Name", "")) for c in answer.get("Components") or []]
    if "podman" in platform.lower() or any("podman" in name.lower() for name in components):
        return "Podman"
    return "Docker"


@dataclass(frozen=True)
class ContainerCounts:
    """How many containers exist and how many of them run (paused ones count as not running)."""

    running: int
    total: int
