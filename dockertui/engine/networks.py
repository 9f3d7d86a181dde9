"""Networks as the daemon lists them (``/networks``), typed and made safe.

The list answer carries no attached containers (only inspect does); which containers
are attached, with their addresses, is read from the containers list instead
(``ContainerSummary.networks``), which the event stream already keeps current.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dockertui.engine.safe_text import safe_mapping, safe_text

#: Networks every daemon creates and that can never be removed.
PREDEFINED = frozenset({"bridge", "host", "none"})


@dataclass(frozen=True, slots=True)
class NetworkSummary:
    """One network of ``/networks``."""

    id: str
    name: str
    driver: str
    scope: str
    subnets: tuple[str, ...]
    gateways: tuple[str, ...]
    internal: bool
    attachable: bool
    ingress: bool
    created: str
    labels: Mapping[str, str]

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def predefined(self) -> bool:
        """``bridge``, ``host`` and ``none``: the daemon's own, never offered for removal."""
        return self.name in PREDEFINED

    @property
    def project(self) -> str:
        return self.labels.get("com.docker.compose.project", "")

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> NetworkSummary:
        ipam = raw.get("IPAM")
        given = ipam.get("Config") if isinstance(ipam, dict) else None
        configs = [config for config in given if isinstance(config, dict)] if isinstance(given, list) else []
        return cls(
            id=safe_text(raw["Id"]),
            name=safe_text(raw.get("Name") or ""),
            driver=safe_text(raw.get("Driver") or ""),
            scope=safe_text(raw.get("Scope") or ""),
            subnets=tuple(safe_text(c["Subnet"]) for c in configs if c.get("Subnet")),
            gateways=tuple(safe_text(c["Gateway"]) for c in configs if c.get("Gateway")),
            internal=raw.get("Internal") is True,
            attachable=raw.get("Attachable") is True,
            ingress=raw.get("Ingress") is True,
            created=safe_text(raw.get("Created") or ""),
            labels=safe_mapping(raw.get("Labels")),
        )
