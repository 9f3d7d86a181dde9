"""Creating, removing and pruning networks, and connecting containers to them, with the
daemon's own words on failure.

What the user types for a new network is checked here first (``parse_network_spec``):
a subnet that is no subnet, or a gateway outside it, is said before any request
leaves, and nothing is created.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.networks import PREDEFINED
from dockertui.engine.safe_text import safe_text

if TYPE_CHECKING:
    from docker import APIClient

DEFAULT_DRIVER = "bridge"


@dataclass(frozen=True)
class NetworkActionFailed(Exception):
    """The daemon refused (or the request never reached it); ``explanation`` says why."""

    target: str
    explanation: str

    def __str__(self) -> str:
        return self.explanation


class NetworkSpecError(ValueError):
    """What the user typed for a new network cannot be sent: the message says what is wrong."""


@dataclass(frozen=True)
class NetworkSpec:
    """A network to create: what ``docker network create`` would be given."""

    name: str
    driver: str = DEFAULT_DRIVER
    subnet: str = ""
    gateway: str = ""
    internal: bool = False
    attachable: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def ipv6(self) -> bool:
        return bool(self.subnet) and ipaddress.ip_network(self.subnet).version == 6

    def command(self) -> str:
        """The ``docker network create`` line that does the same (shown in the prompt)."""
        parts = ["docker network create", f"--driver {self.driver}"]
        if self.subnet:
            parts.append(f"--subnet {self.subnet}")
        if self.gateway:
            parts.append(f"--gateway {self.gateway}")
        if self.ipv6:
            parts.append("--ipv6")
        if self.internal:
            parts.append("--internal")
        if self.attachable:
            parts.append("--attachable")
        parts.append(self.name or "NAME")
        return " ".join(parts)


def parse_network_spec(
    name: str,
    driver: str = "",
    subnet: str = "",
    gateway: str = "",
    *,
    internal: bool = False,
    attachable: bool = False,
    labels: Mapping[str, str] | None = None,
) -> NetworkSpec:
    """The network the user asked for, or NetworkSpecError saying what is wrong with it."""
    name, driver, subnet, gateway = name.strip(), driver.strip(), subnet.strip(), gateway.strip()
    if not name:
        raise NetworkSpecError("Type a name for the network.")
    if any(char.isspace() for char in name):
        raise NetworkSpecError(f"A network name has no spaces: {name!r}.")
    if name in PREDEFINED:
        raise NetworkSpecError(f"{name!r} is one of the daemon's own networks (bridge, host, none).")
    if any(char.isspace() for char in driver):
        raise NetworkSpecError(f"A driver name has no spaces: {driver!r}.")
    network = None
    if subnet:
        try:
            network = ipaddress.ip_network(subnet, strict=True)
        except ValueError as error:
            hint = ""
            try:
                hint = f" (did you mean {ipaddress.ip_network(subnet, strict=False)}?)"
            except ValueError:
                pass
            raise NetworkSpecError(f"Not a subnet: {error}{hint}. Example: 10.231.7.0/24.") from None
        if "/" not in subnet:
            raise NetworkSpecError(f"A subnet needs its prefix length: {subnet}/24, for example.")
    if gateway:
        if network is None:
            raise NetworkSpecError("A gateway needs a subnet to belong to: give the subnet too.")
        try:
            address = ipaddress.ip_address(gateway)
        except ValueError as error:
            raise NetworkSpecError(f"Not a gateway address: {error}.") from None
        if address not in network:
            raise NetworkSpecError(f"The gateway {address} is not in the subnet {network}.")
        if address in (network.network_address, network.broadcast_address) and network.num_addresses > 2:
            raise NetworkSpecError(f"The gateway {address} is the subnet's network or broadcast address.")
    return NetworkSpec(
        name=name,
        driver=driver or DEFAULT_DRIVER,
        subnet=str(network) if network is not None else "",
        gateway=gateway,
        internal=internal,
        attachable=attachable,
        labels=dict(labels or {}),
    )


def create_network(api: APIClient, spec: NetworkSpec) -> str:
    """Create the network; its ID."""
    from docker.types import IPAMConfig, IPAMPool

    ipam = None
    if spec.subnet:
        pool = IPAMPool(subnet=spec.subnet, gateway=spec.gateway or None)
        ipam = IPAMConfig(pool_configs=[pool])
    try:
        answer = api.create_network(
            spec.name,
            driver=spec.driver,
            ipam=ipam,
            internal=spec.internal,
            attachable=spec.attachable,
            labels=dict(spec.labels) or None,
            enable_ipv6=spec.ipv6 or None,
        )
    except Exception as error:
        raise NetworkActionFailed(spec.name, explain_error(error)) from error
    return safe_text(answer.get("Id") or "") if isinstance(answer, dict) else ""


def remove_network(api: APIClient, network_id: str, name: str) -> None:
    """Remove a network; the daemon's own ones (by ``name``) are refused here, unsent."""
    if name in PREDEFINED:
        raise NetworkActionFailed(name, f"{name} is one of the daemon's own networks: it cannot be removed.")
    try:
        api.remove_network(network_id)
    except Exception as error:
        raise NetworkActionFailed(name or network_id, explain_error(error)) from error


def prune_networks(api: APIClient) -> tuple[str, ...]:
    """Remove every network no container uses; the names the daemon says it deleted."""
    try:
        answer = api.prune_networks() or {}
    except Exception as error:
        raise NetworkActionFailed("unused networks", explain_error(error)) from error
    deleted = answer.get("NetworksDeleted") if isinstance(answer, dict) else None
    return tuple(safe_text(name) for name in deleted or () if isinstance(name, str))


def connect_network(api: APIClient, network_id: str, container_id: str, *, network: str = "") -> None:
    try:
        api.connect_container_to_network(container_id, network_id)
    except Exception as error:
        raise NetworkActionFailed(network or network_id, explain_error(error)) from error


def disconnect_network(api: APIClient, network_id: str, container_id: str, *, network: str = "") -> None:
    try:
        api.disconnect_container_from_network(container_id, network_id)
    except Exception as error:
        raise NetworkActionFailed(network or network_id, explain_error(error)) from error
