"""Layout snapshots of ``:nodes`` (and its availability dialog), ``:stacks`` (and the
removal question) and a service's merged logs, at 120×40 and 80×24, from a fake swarm
manager (tests/support/fake_swarm_nodes.py; the real swarm is in tests/test_swarm_nodes.py)."""

from __future__ import annotations

import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.messages import ServiceLogsRequested
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.node_availability import NodeAvailabilityDialog
from dockertui.ui.screens.nodes import NodesScreen, open_nodes
from dockertui.ui.screens.service_logs import ServiceLogsScreen
from dockertui.ui.screens.stacks import StacksScreen, open_stacks
from tests.support.fake_swarm_nodes import fake_swarm_connector, log_service
from tests.test_snapshots import SIZES, settle


def swarm_app() -> DockerTUI:
    return DockerTUI(
        DaemonTarget(host="unix:///var/run/docker.sock", source="default socket"), connector=fake_swarm_connector
    )


async def until(pilot, condition) -> None:
    while not condition():
        await pilot.pause(0.05)


async def connected(pilot) -> None:
    app = pilot.app
    await until(pilot, lambda: app.session is not None and app.containers_pane.items)
    await settle(pilot)


async def on_nodes(pilot) -> None:
    await connected(pilot)
    open_nodes(pilot.app)
    await until(pilot, lambda: isinstance(pilot.app.screen, NodesScreen) and pilot.app.screen.loaded)
    await settle(pilot)


async def on_stacks(pilot) -> None:
    await connected(pilot)
    open_stacks(pilot.app)
    await until(pilot, lambda: isinstance(pilot.app.screen, StacksScreen) and pilot.app.screen.loaded)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_nodes_view(snap_compare, size) -> None:
    assert snap_compare(swarm_app(), terminal_size=size, run_before=on_nodes)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_node_drain_confirmation(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await on_nodes(pilot)
        await pilot.press("a", "d")
        await until(pilot, lambda: isinstance(pilot.app.screen, NodeAvailabilityDialog) and pilot.app.screen.choice)
        await settle(pilot)

    assert snap_compare(swarm_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stacks_view(snap_compare, size) -> None:
    assert snap_compare(swarm_app(), terminal_size=size, run_before=on_stacks)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stack_removal_question(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await on_stacks(pilot)
        assert pilot.app.screen.table.select_key("shop")
        await settle(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
        await settle(pilot)

    assert snap_compare(swarm_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_service_logs_view(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await connected(pilot)
        pilot.app.post_message(ServiceLogsRequested(log_service()))
        await until(pilot, lambda: isinstance(pilot.app.screen, ServiceLogsScreen))
        await until(pilot, lambda: len(pilot.app.screen.log_view.lines) >= 24)
        await settle(pilot)

    assert snap_compare(swarm_app(), terminal_size=size, run_before=run_before)
