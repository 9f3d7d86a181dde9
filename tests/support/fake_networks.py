"""Networks for the fake daemon (layout snapshots and the read-only walk): the daemon's
own three, a compose project's network with two containers on it, an internal one."""

from __future__ import annotations

import hashlib

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.target import DaemonTarget
from tests.support.fakes import FAKE_CONTAINERS, FAKE_ENGINE, FAKE_IMAGES, FakeAPI


def fake_network(
    name: str,
    driver: str = "bridge",
    *,
    subnet: str = "",
    gateway: str = "",
    internal: bool = False,
    attachable: bool = False,
    labels: dict | None = None,
) -> dict:
    config = [{"Subnet": subnet, "Gateway": gateway}] if subnet else []
    return {
        "Name": name,
        "Id": hashlib.sha256(f"network {name}".encode()).hexdigest(),
        "Created": "2026-11-30T09:12:41.123456789Z",
        "Scope": "local",
        "Driver": driver,
        "EnableIPv6": False,
        "IPAM": {"Driver": "default", "Options": None, "Config": config},
        "Internal": internal,
        "Attachable": attachable,
        "Ingress": False,
        "Options": {"com.docker.network.bridge.name": "docker0"} if name == "bridge" else {},
        "Labels": labels or {},
    }


FAKE_NETWORKS = [
    fake_network("bridge", subnet="172.17.0.0/16", gateway="172.17.0.1"),
    fake_network("host", "host"),
    fake_network("none", "null"),
    fake_network(
        "shop_default",
        subnet="172.20.0.0/16",
        gateway="172.20.0.1",
        attachable=True,
        labels={"com.docker.compose.project": "shop", "com.docker.compose.network": "default"},
    ),
    fake_network("backend", subnet="10.231.7.0/24", gateway="10.231.7.1", internal=True),
]

#: Which fake containers sit on which network, with their IPv4 and MAC addresses.
ATTACHED = {
    "web-1": [("shop_default", "172.20.0.2", "02:42:ac:14:00:02"), ("backend", "10.231.7.2", "02:42:0a:e7:07:02")],
    "db": [("backend", "10.231.7.3", "02:42:0a:e7:07:03")],
    "cache": [("bridge", "172.17.0.2", "02:42:ac:11:00:02")],
}


def network_id(name: str) -> str:
    return next(n["Id"] for n in FAKE_NETWORKS if n["Name"] == name)


def networked_containers() -> list[dict]:
    """FAKE_CONTAINERS with their networks, as ``/containers/json`` gives them."""
    containers = []
    for raw in FAKE_CONTAINERS:
        name = raw["Names"][0].lstrip("/")
        networks = {
            network: {"NetworkID": network_id(network), "IPAddress": ipv4, "GlobalIPv6Address": "", "MacAddress": mac}
            for network, ipv4, mac in ATTACHED.get(name, [])
        }
        containers.append({**raw, "NetworkSettings": {"Networks": networks}})
    return containers


class FakeNetworkAPI(FakeAPI):
    """The fake daemon, with inspect for its networks."""

    def inspect_network(self, network_id: str) -> dict:
        network = next(n for n in FAKE_NETWORKS if n["Id"] == network_id)
        endpoints = {}
        for raw in networked_containers():
            attached = raw["NetworkSettings"]["Networks"].get(network["Name"])
            if attached:
                endpoints[raw["Id"]] = {
                    "Name": raw["Names"][0].lstrip("/"),
                    "MacAddress": attached["MacAddress"],
                    "IPv4Address": f"{attached['IPAddress']}/16",
                    "IPv6Address": "",
                }
        return {**network, "Containers": endpoints}


def fake_network_connector():
    def connector(target: DaemonTarget) -> DaemonConnection:
        return DaemonConnection(
            target=target, api=FakeNetworkAPI(networked_containers(), FAKE_IMAGES), engine=FAKE_ENGINE
        )

    return connector
