"""Layout snapshots of the Swarm services pane at 120×40 and 80×24: the list (replicated and
global, converged and not, an update under way, a paused one, a stack, published ports) and
the tasks of a service being updated and of one whose tasks fail (the errors in full).
Data from fakes (tests/support/fake_swarm.py); the real swarm is in test_services_pane."""

from __future__ import annotations

import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from tests.support.fake_swarm import FAKE_SERVICES, fake_swarm_connector
from tests.support.fake_volumes import FAKE_NOW
from tests.test_snapshots import settle

SIZES = [(120, 40), (80, 24)]


@pytest.fixture(autouse=True)
def _clock(monkeypatch) -> None:
    from types import SimpleNamespace

    from dockertui.ui.widgets import service_tasks

    monkeypatch.setattr(service_tasks, "time", SimpleNamespace(time=lambda: FAKE_NOW))


def services_app() -> DockerTUI:
    return DockerTUI(
        DaemonTarget(host="unix:///var/run/docker.sock", source="default socket"),
        connector=fake_swarm_connector(),
    )


async def on_services(pilot) -> None:
    await settle(pilot)
    pane = pilot.app.query_one("#services")
    for _ in range(200):
        if pane.available:
            break
        await pilot.pause(0.05)
    await pilot.press("8")
    for _ in range(200):
        if len(pane.items) == len(FAKE_SERVICES):
            break
        await pilot.pause(0.05)
    await settle(pilot)


async def on_tasks_of(pilot, name: str) -> None:
    await on_services(pilot)
    pane = pilot.app.query_one("#services")
    service_id = next(key for key, service in pane.items.items() if service.name == name)
    assert pane.select(service_id)
    await pilot.press("enter")
    for _ in range(200):
        if pane.details.tasks:
            break
        await pilot.pause(0.05)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_services_pane(snap_compare, size) -> None:
    assert snap_compare(services_app(), terminal_size=size, run_before=on_services)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tasks_of_a_service_being_updated(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await on_tasks_of(pilot, "shop_api")

    assert snap_compare(services_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tasks_with_errors(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await on_tasks_of(pilot, "batch")

    assert snap_compare(services_app(), terminal_size=size, run_before=run_before)
