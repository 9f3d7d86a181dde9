"""Issue 16: the `:df` screen and the image prune's choice, at 120×40 and 80×24, from the
fake daemon's figures (tests/support/fakes.py FAKE_DF)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens import disk_usage
from dockertui.ui.screens.disk_usage import DiskUsageScreen
from tests.support.fakes import fake_connector

SIZES = [(120, 40), (80, 24)]


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch) -> None:
    """ "read at 12:00:00 in 0.0 s", whenever the picture is taken."""
    monkeypatch.setattr(disk_usage, "time", SimpleNamespace(strftime=lambda _: "12:00:00", monotonic=lambda: 1000.0))


def fake_app() -> DockerTUI:
    return DockerTUI(
        DaemonTarget(host="unix:///var/run/docker.sock", source="default socket"), connector=fake_connector()
    )


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.2)


async def open_df(pilot) -> None:
    await settle(pilot)
    await pilot.press("colon", "d", "f", "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DiskUsageScreen)
    while screen.usage is None:
        await pilot.pause(0.05)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_df_screen(snap_compare, size) -> None:
    assert snap_compare(fake_app(), terminal_size=size, run_before=open_df)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_df_prune_images_choice(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await open_df(pilot)
        await pilot.press("P")  # the images row is the first
        await settle(pilot)

    assert snap_compare(fake_app(), terminal_size=size, run_before=run_before)
