"""Issue 17: the `:hosts` view at 120×40 and 80×24, from fake probe results (no daemon is
probed): a current host, a swarm manager, a worker over ssh, one out of reach and one
whose /info failed."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from dockertui.engine.host_probe import HostFacts, HostProbe
from dockertui.engine.models import EngineInfo
from dockertui.engine.swarm import SwarmRole
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens import hosts
from dockertui.ui.screens.hosts import HostsScreen
from tests.support.fakes import fake_connector

SIZES = [(120, 40), (80, 24)]
GIB = 1024**3

CONTEXTS = {
    "prod-swarm": ("tcp://10.0.0.5:2376", "the production swarm"),
    "edge": ("ssh://deploy@edge.example.com", "edge box in the shop"),
    "lab": ("tcp://lab.local:2375", ""),
    "old-nas": ("unix:///run/nas/docker.sock", "NAS, docker 19"),
}


def engine(version: str, api: str, product: str = "Docker") -> EngineInfo:
    return EngineInfo(product, version, api, "1.12", "linux", "amd64", "6.1.0-18-amd64")


def facts(role: SwarmRole, running: int, total: int, images: int, cpus: int, memory: int, name: str) -> HostFacts:
    return HostFacts(role, total, running, 0, images, cpus, memory, name, "Debian GNU/Linux 12 (bookworm)")


NOT_IN_SWARM = SwarmRole(state="inactive", manager=False)
MANAGER = SwarmRole("active", True, "p2v1kq9x3m0a7d", "10.0.0.5", "c1", nodes=3, managers=1)
WORKER = SwarmRole("active", False, "w8e2rt5y6u1i0o", "10.0.0.9")

PROBES = {
    "unix:///var/run/docker.sock": HostProbe(
        "unix:///var/run/docker.sock",
        True,
        engine=engine("27.3.1", "1.47"),
        facts=facts(NOT_IN_SWARM, 5, 9, 23, 8, 32 * GIB, "laptop"),
        seconds=0.004,
    ),
    "tcp://10.0.0.5:2376": HostProbe(
        "tcp://10.0.0.5:2376",
        True,
        engine=engine("26.1.4", "1.45"),
        facts=facts(MANAGER, 41, 44, 67, 16, 64 * GIB, "prod-mgr-1"),
        seconds=0.031,
    ),
    "ssh://deploy@edge.example.com": HostProbe(
        "ssh://deploy@edge.example.com",
        True,
        engine=engine("20.10.24+dfsg1", "1.41"),
        facts=facts(WORKER, 3, 3, 4, 4, int(7.8 * GIB), "edge"),
        seconds=0.912,
    ),
    "tcp://lab.local:2375": HostProbe(
        "tcp://lab.local:2375", False, reason="connection refused by tcp://lab.local:2375 (nothing is listening there)"
    ),
    "unix:///run/nas/docker.sock": HostProbe(
        "unix:///run/nas/docker.sock",
        True,
        reason="/info failed: permission denied",
        engine=engine("19.03.15", "1.40"),
        seconds=0.012,
    ),
}


@pytest.fixture(autouse=True)
def _fake_hosts(monkeypatch) -> None:
    """Contexts in the test's own DOCKER_CONFIG; every probe answered from PROBES."""
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    config = Path(os.environ["DOCKER_CONFIG"])
    for name, (host, description) in CONTEXTS.items():
        folder = config / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
        folder.mkdir(parents=True)
        meta = {"Name": name, "Metadata": {"Description": description}, "Endpoints": {"docker": {"Host": host}}}
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setattr(hosts, "probe_host", lambda target: PROBES[target.host])


def fake_app() -> DockerTUI:
    return DockerTUI(
        DaemonTarget(host="unix:///var/run/docker.sock", source="default socket"), connector=fake_connector()
    )


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.2)


async def open_hosts(pilot) -> None:
    await settle(pilot)
    await pilot.press("colon", "h", "o", "s", "t", "s", "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HostsScreen)
    while len(screen.probes) < len(PROBES):
        await pilot.pause(0.05)
    # The details of the swarm manager (the current host's would show live stats).
    screen.table.select_key("ctx:prod-swarm")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_hosts_view(snap_compare, size) -> None:
    assert snap_compare(fake_app(), terminal_size=size, run_before=open_hosts)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_hosts_view_on_a_host_out_of_reach(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await open_hosts(pilot)
        pilot.app.screen.table.select_key("ctx:lab")
        await settle(pilot)

    assert snap_compare(fake_app(), terminal_size=size, run_before=run_before)
