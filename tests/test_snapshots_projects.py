"""Layout snapshots of the compose projects view and its down dialog, at 120×40 and 80×24,
from fake data (the real daemon and docker-compose are in tests/test_projects.py)."""

from __future__ import annotations

import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.projects import ProjectsScreen
from tests.support.fakes import fake_project_connector

SIZES = [(120, 40), (80, 24)]


def projects_app() -> DockerTUI:
    return DockerTUI(
        DaemonTarget(host="unix:///var/run/docker.sock", source="default socket"), connector=fake_project_connector
    )


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.2)


async def open_shop(pilot) -> None:
    """P in the containers pane, then the project "shop" (the second row)."""
    app = pilot.app
    while not app.containers_pane.items:
        await pilot.pause(0.05)
    await settle(pilot)
    await pilot.press("P")
    while not (isinstance(app.screen, ProjectsScreen) and "shop" in app.screen.projects):
        await pilot.pause(0.05)
    await pilot.press("down")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_projects_view(snap_compare, size) -> None:
    assert snap_compare(projects_app(), terminal_size=size, run_before=open_shop)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_down_dialog_with_volumes_ticked(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await open_shop(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(projects_app(), terminal_size=size, run_before=run_before)
