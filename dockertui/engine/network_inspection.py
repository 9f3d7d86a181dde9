"""A network's inspect document, made safe, with the endpoints of its containers.

Only inspect has the MAC addresses and options; which containers are attached (and
their addresses) is also in the containers list, which the event stream keeps current,
so views take the members from there and the MACs from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockertui.engine.safe_text import safe_tree

if TYPE_CHECKING:
    from docker import APIClient


@dataclass(frozen=True, slots=True)
class NetworkEndpoint:
    """One container's endpoint on the network, as inspect reports it."""

    container_id: str
    name: str
    ipv4: str
    ipv6: str
    mac: str


@dataclass(frozen=True)
class NetworkInspection:
    document: dict[str, Any]
    endpoints: tuple[NetworkEndpoint, ...]

    @property
    def options(self) -> dict[str, str]:
        options = self.document.get("Options")
        return {str(k): str(v) for k, v in options.items()} if isinstance(options, dict) else {}

    @property
    def ipv6_enabled(self) -> bool:
        return self.document.get("EnableIPv6") is True

    def mac_of(self, container_id: str) -> str:
        return next((e.mac for e in self.endpoints if e.container_id == container_id), "")


def inspect_network(api: APIClient, network_id: str) -> NetworkInspection:
    """``GET /networks/{id}``, safe (blocking; docker-py's errors propagate)."""
    document = safe_tree(api.inspect_network(network_id))
    if not isinstance(document, dict):
        document = {}
    containers = document.get("Containers")
    endpoints = []
    for container_id, endpoint in containers.items() if isinstance(containers, dict) else ():
        if not isinstance(endpoint, dict):
            continue
        endpoints.append(
            NetworkEndpoint(
                container_id=str(container_id),
                name=str(endpoint.get("Name") or ""),
                ipv4=str(endpoint.get("IPv4Address") or ""),
                ipv6=str(endpoint.get("IPv6Address") or ""),
                mac=str(endpoint.get("MacAddress") or ""),
            )
        )
    return NetworkInspection(document, tuple(sorted(endpoints, key=lambda e: e.name)))
