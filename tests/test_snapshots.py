"""Layout snapshots at 120×40 and 80×24 (the SSH default). Data comes from fakes so the
pictures are stable; the same screens are exercised against the real daemon elsewhere."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from tests.support.fakes import fake_connector, refusing_connector

SIZES = [(120, 40), (80, 24)]


def shell_app(**options) -> DockerTUI:
    return DockerTUI(
        DaemonTarget(host="unix:///var/run/docker.sock", source="default socket"),
        connector=fake_connector(),
        **options,
    )


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.2)


async def steady_cursor(pilot) -> None:
    """The focused input's cursor, shown and no longer blinking: a blink between the last
    pause and the picture (a loaded machine) made the snapshot differ now and then."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.press("end")  # any key shows the cursor again, and with blinking off it stays
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_shell(snap_compare, size) -> None:
    assert snap_compare(shell_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_shell_read_only_on_images(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(shell_app(read_only=True), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(shell_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_unreachable(snap_compare, size, monkeypatch) -> None:
    # A clock that stands still: under load the countdown could read 3599 s when drawn.
    from types import SimpleNamespace

    from dockertui.ui import daemon_link
    from dockertui.ui.screens import unreachable

    frozen = SimpleNamespace(monotonic=lambda: 1000.0)
    monkeypatch.setattr(daemon_link, "time", frozen)
    monkeypatch.setattr(unreachable, "time", frozen)
    app = DockerTUI(
        DaemonTarget(host="unix:///nonexistent.sock", source="--host"),
        connector=refusing_connector,
        retry_interval=3600,
    )
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_run_form(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#run-name").value = "web-1"
        form.query_one("#run-ports").value = "8080:80 127.0.0.1:8053:53/udp"
        form.query_one("#run-env").text = "GREETING=hello"
        form.query_one("#run-volumes").value = "bad volume"
        await settle(pilot)
        await steady_cursor(pilot)

    assert snap_compare(shell_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_images_pane(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(shell_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_hub_results(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("3")
        pilot.app.query_one("#hub-input").value = "nginx"
        await pilot.press("enter")
        for _ in range(50):
            if not pilot.app.query_one("#hub").pending:
                break
            await pilot.pause(0.05)
        await pilot.press("down")  # enter keeps the focus in the box; down goes to the results
        await settle(pilot)

    assert snap_compare(shell_app(), terminal_size=size, run_before=run_before)
