"""Layout snapshots of the networks pane, its details, the create prompt and a
container's network picker, at 120×40 and 80×24 (fake data: tests/support/fake_networks.py)."""

from __future__ import annotations

import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.network_connect import pick_network
from tests.support.fake_networks import fake_network_connector, network_id
from tests.test_snapshots import SIZES, settle, steady_cursor


def networks_app() -> DockerTUI:
    return DockerTUI(
        DaemonTarget(host="unix:///var/run/docker.sock", source="default socket"), connector=fake_network_connector()
    )


async def on_networks(pilot) -> None:
    await settle(pilot)
    await pilot.press("7")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_networks_pane(snap_compare, size) -> None:
    assert snap_compare(networks_app(), terminal_size=size, run_before=on_networks)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_network_details(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await on_networks(pilot)
        assert pilot.app.query_one("#networks-table").select_key(network_id("backend"))
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(networks_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_network_details_of_the_daemons_own_bridge(snap_compare, size) -> None:
    """d is greyed in the footer on bridge, host and none."""

    async def run_before(pilot) -> None:
        await on_networks(pilot)
        assert pilot.app.query_one("#networks-table").select_key(network_id("bridge"))
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(networks_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_network_create_prompt_with_a_bad_subnet(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await on_networks(pilot)
        await pilot.press("C")
        await settle(pilot)
        prompt = pilot.app.screen
        prompt.field("name").value = "backend-2"
        prompt.field("subnet").value = "10.231.8.5/24"
        await settle(pilot)
        await steady_cursor(pilot)

    assert snap_compare(networks_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_network_picker_of_a_container(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        app = pilot.app
        web = next(c for c in app.containers_pane.items.values() if c.name == "web-1")
        pick_network(app, web)
        await settle(pilot)

    assert snap_compare(networks_app(), terminal_size=size, run_before=run_before)
