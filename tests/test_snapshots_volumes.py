"""Layout snapshots of the volumes pane at 120×40 and 80×24: the list (named, anonymous,
compose-made, unknown size, in use and not), the details of a volume in use, and the
create dialog with a bad label. Data from fakes; the real daemon is in test_volumes_pane."""

from __future__ import annotations

import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from tests.support.fake_volumes import FAKE_NOW, fake_df, with_mounts
from tests.support.fakes import FAKE_CONTAINERS, FakeAPI, fake_connector
from tests.test_snapshots import settle, steady_cursor

SIZES = [(120, 40), (80, 24)]


@pytest.fixture(autouse=True)
def _fake_df_and_clock(monkeypatch) -> None:
    from types import SimpleNamespace

    from dockertui.ui.widgets import volume_details

    monkeypatch.setattr(FakeAPI, "df", lambda self: fake_df(), raising=False)
    monkeypatch.setattr(volume_details, "time", SimpleNamespace(time=lambda: FAKE_NOW))


def volumes_app() -> DockerTUI:
    return DockerTUI(
        DaemonTarget(host="unix:///var/run/docker.sock", source="default socket"),
        connector=fake_connector(containers=with_mounts(FAKE_CONTAINERS)),
    )


async def on_volumes(pilot) -> None:
    await settle(pilot)
    await pilot.press("6")
    pane = pilot.app.query_one("#volumes")
    for _ in range(100):
        if pane.usage is not None and pane.users:
            break
        await pilot.pause(0.05)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_volumes_pane(snap_compare, size) -> None:
    assert snap_compare(volumes_app(), terminal_size=size, run_before=on_volumes)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_volume_details(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await on_volumes(pilot)
        assert pilot.app.query_one("#volumes-table").select_key("pg-data")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(volumes_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_create_volume_dialog(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await on_volumes(pilot)
        await pilot.press("C")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#volume-create-name").value = "pg-data-2"
        dialog.query_one("#volume-create-labels").value = "backup=nightly owner"
        await settle(pilot)
        await steady_cursor(pilot)

    assert snap_compare(volumes_app(), terminal_size=size, run_before=run_before)
