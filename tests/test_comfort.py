"""Issue 8: one registry of actions, read-only everywhere, help, palette, :, clipboard, terminals."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dockertui.engine.projects import group_projects
from dockertui.engine.stack_actions import read_stacks
from dockertui.engine.swarm import NodeSummary, read_nodes
from dockertui.engine.target import DaemonTarget
from dockertui.ui.action_registry import BINDING_OWNERS, mutating_bindings
from dockertui.ui.app import DockerTUI
from dockertui.ui.navigation import NAV_IDS
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.disk_usage import DiskUsageScreen
from dockertui.ui.screens.help import HelpScreen
from dockertui.ui.screens.node_availability import NodeAvailabilityDialog
from dockertui.ui.screens.nodes import NodesScreen
from dockertui.ui.screens.project_down import ProjectDownDialog
from dockertui.ui.screens.projects import ProjectsScreen
from dockertui.ui.screens.run_form import RunForm
from dockertui.ui.screens.stacks import StacksScreen
from dockertui.ui.screens.tags import TagsScreen
from tests.support.fake_networks import network_id
from tests.support.fake_swarm_nodes import FakeSwarmAPI
from tests.support.fakes import fake_connector
from tests.support.pilot import wait_for
from tests.support.pty_session import PtySession

ROOT = Path(__file__).resolve().parent.parent


def test_every_binding_has_an_id_description_and_the_registry_knows_the_mutating_ones() -> None:
    ids = []
    for owner in (DockerTUI, *BINDING_OWNERS):
        for binding in owner.__dict__.get("BINDINGS", []):
            assert binding.id and binding.description, f"{owner.__name__}: {binding.key}"
            ids.append(binding.id)
    # One id per binding, but the motions: every list shares them (one keymap entry each).
    own = [binding_id for binding_id in ids if binding_id not in NAV_IDS]
    assert len(own) == len(set(own))
    mutating = {binding.id for _, binding in mutating_bindings()}
    assert {
        "containers.stop",
        "containers.remove",
        "containers.exec",
        "images.pull",
        "images.run",
        "images.prune",
        "hub.pull",
        "tags.run",
        "run_form.run",
    } <= mutating
    assert "containers.copy_id" not in mutating and "events.clear" not in mutating


def projects_of(app):
    """The compose projects ProjectsScreen groups from the fake daemon."""
    return group_projects(app.session.live.inventory.containers.values())


#: The swarm views and dialog with keys read-only mode refuses (issue 17).
SWARM_SCREENS = (NodesScreen, StacksScreen, NodeAvailabilityDialog)


async def swarm_screen(app, pilot, owner):
    """A swarm view (or the node dialog) with a row selected: the fake daemon is in no swarm,
    so the view is given a fake manager's answers (tests/support/fake_swarm_nodes.py)."""
    manager = FakeSwarmAPI([], [])
    if owner is NodeAvailabilityDialog:
        screen = NodeAvailabilityDialog(NodeSummary.from_api(manager.nodes()[0]))
        await app.push_screen(screen)
        screen.action_choose("drain")  # the confirmation step, where y is bound
        return screen
    screen = owner()
    screen._role_checked = True
    screen.read = (
        (lambda session: read_nodes(manager)) if owner is NodesScreen else (lambda session: read_stacks(manager))
    )
    await app.push_screen(screen)
    await wait_for(pilot, lambda: screen.selected() is not None, what=f"a row of {owner.__name__}")
    return screen


async def _app_with_data(read_only: bool):
    connector = fake_connector()
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=connector, read_only=read_only)
    return app


async def test_read_only_refuses_every_mutating_action() -> None:
    app = await _app_with_data(read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#containers-table").row_count > 0, what="rows")
        containers_table = app.query_one("#containers-table")
        containers_table.focus()
        await pilot.press("2")
        await pilot.press("3")
        app.query_one("#hub-input").value = "nginx"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query_one("#hub").results, what="hub results")
        await pilot.press("down")  # out of the search box: 1 below switches panes
        api = app.session.connection.api
        # A network d could remove (not one of the daemon's own: d is not for those).
        networks_table = app.query_one("#networks-table")
        await wait_for(pilot, lambda: networks_table.row_count > 3, what="networks listed")
        assert networks_table.select_key(network_id("backend"))
        nodes = {
            "ContainersPane": app.query_one("#containers"),
            "ImagesPane": app.query_one("#images"),
            "HubPane": app.query_one("#hub"),
            "VolumesPane": app.query_one("#volumes"),
            "NetworksPane": app.query_one("#networks"),
            "ContainerDetails": app.query_one("#container-details"),
            "ServicesPane": app.query_one("#services"),  # hidden (no swarm), its keys refused all the same
            "TaskList": app.query_one("#service-tasks-list"),
        }
        walked = []
        for owner, binding in mutating_bindings():
            if owner.__name__ in nodes:
                node = nodes[owner.__name__]
            elif owner is TagsScreen:
                screen = TagsScreen("127.0.0.1:9/nothing")
                await app.push_screen(screen)
                node = screen
            elif owner is RunForm:
                screen = RunForm("busybox:latest")
                await app.push_screen(screen)
                node = screen
            elif owner is DiskUsageScreen:
                screen = DiskUsageScreen()
                await app.push_screen(screen)
                await wait_for(pilot, lambda shown=screen: shown.usage is not None, what="the disk usage read")
                node = screen
            elif owner is ProjectsScreen:  # the fake daemon's project "shop" is selected
                screen = ProjectsScreen()
                await app.push_screen(screen)
                await wait_for(pilot, lambda shown=screen: shown.selected() is not None, what="a project")
                node = screen
            elif owner is ProjectDownDialog:
                screen = ProjectDownDialog(projects_of(app)["shop"])
                await app.push_screen(screen)
                node = screen
            elif owner in SWARM_SCREENS:
                node = screen = await swarm_screen(app, pilot, owner)
            else:
                pytest.fail(f"no way to reach {owner.__name__}.{binding.action} in this test")
            before = len(app.refused)
            target, name, parameters = app._parse_action(binding.action, node)
            if target.check_action(name, parameters) is False:
                # The node's other binding of the key applies (start on a running row):
                # hidden, as in normal mode, and the other one is walked instead.
                assert app._check_action_state(binding.action, node) is False, binding.id
            else:
                # The footer, help and palette see it disabled…
                assert app._check_action_state(binding.action, node) is None, binding.id
                # …and running it, by key, palette or :, is refused with a message.
                assert await app.run_action(binding.action, node)
                await pilot.pause()
                assert len(app.refused) == before + 1, binding.id
                assert not isinstance(app.screen, ConfirmDialog), binding.id
            walked.append(binding.id)
            if owner in (TagsScreen, RunForm, DiskUsageScreen, ProjectsScreen, ProjectDownDialog, *SWARM_SCREENS):
                app.pop_screen()
                await pilot.pause()
        assert len(walked) == len(mutating_bindings())
        assert await app.run_action("pull_reference('busybox')")  # the : command's way to pull
        assert app.pulls == [] and api.calls == []
        assert any("Read-only mode" in n.message for n in app._notifications)
        # Non-mutating keys still work.
        await pilot.press("1")
        assert app.query_one("#panes").active == "containers"
        # Help says why a key is disabled: read-only for the mutating ones only.
        await pilot.press("question_mark")
        table = app.screen.query_one("#help-table")
        descriptions = {table.get_row_at(i)[3]: str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert descriptions["containers.remove"].endswith("(read-only)")
        assert not descriptions["containers.copy_id"].endswith(")")


async def test_read_only_footer_keeps_the_panes_choice_of_start_or_stop() -> None:
    """Issue 15 (hostile trial): on an exited container the read-only footer showed a greyed
    ``s Stop`` (normal mode: ``s Start``) and s said "stop is refused"; the pane decides which
    binding applies, read-only only greys it."""
    from textual.widgets._footer import FooterKey

    from tests.support.fakes import FAKE_CONTAINERS

    app = await _app_with_data(read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: table.row_count > 0, what="rows")
        exited = next(c["Id"] for c in FAKE_CONTAINERS if c["Names"] == ["/migrate"])
        assert table.select_key(exited)
        table.focus()
        await pilot.pause()
        app.query_one("#containers").refresh_bindings()

        def s_key() -> list[tuple[str, bool]]:
            keys = app.screen.query(FooterKey)
            return [(key.description, key.has_class("-disabled")) for key in keys if key.key == "s"]

        await wait_for(pilot, lambda: s_key() == [("Start", True)], what="a greyed s Start in the footer")
        before = len(app.refused)
        await pilot.press("s")
        await wait_for(pilot, lambda: len(app.refused) == before + 1, what="s refused")
        assert app.refused[-1] == "ContainersPane.start"
        assert any("start is refused" in n.message for n in app._notifications)
        assert app.session.connection.api.calls == []


def screenshot_text(app) -> str:
    """The text of what the terminal shows (the SVG a snapshot would hold)."""
    import html

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def test_a_confirmation_dialog_shows_the_screen_behind_it() -> None:
    """Issue 15 (hostile trial): the kill/stop/remove dialogs blanked the whole screen (header
    and list gone), where the pull prompt keeps it visible, dimmed."""
    app = await _app_with_data(read_only=False)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: table.row_count > 0, what="rows")
        table.focus()
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the kill dialog")
        await pilot.pause()
        shown = screenshot_text(app)
        assert "(y)" in shown  # the dialog…
        assert "dockertui" in shown and "1 Containers" in shown and "cache" in shown  # …and behind it
        await pilot.press("n")


async def test_help_lists_every_binding_of_the_focused_pane() -> None:
    app = await _app_with_data(read_only=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#containers-table").row_count > 0, what="rows")
        for key, pane_id in (("1", "containers"), ("2", "images"), ("4", "events")):
            await pilot.press(key)
            pane = app.query_one(f"#{pane_id}")
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            table = help_screen.query_one("#help-table")
            listed = {table.get_row_at(i)[3] for i in range(table.row_count)}
            expected = set()
            for owner in type(pane).__mro__:
                for binding in owner.__dict__.get("BINDINGS", []):
                    action = binding.action.split("(")[0]
                    if pane.check_action(action, ()) is not False:
                        expected.add(binding.id)
            assert expected <= listed, expected - listed
            await pilot.press("escape")


async def test_command_line_runs_actions() -> None:
    app = await _app_with_data(read_only=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="connected")
        for text, pane in ((":images", "images"), ("ev", "events"), ("co", "containers"), ("hub nginx", "hub")):
            await pilot.press("colon")
            app.screen.query_one("#command-line-input").value = text
            await pilot.press("enter")
            await pilot.pause()
            assert app.query_one("#panes").active == pane, text
        await wait_for(pilot, lambda: app.query_one("#hub").results, what="the :hub search")
        await pilot.pause(0.5)  # longer than the typing debounce
        assert app.session.connection.api.searches == ["nginx"], "one search for one :hub"
        await pilot.press("escape", "colon")
        line = app.screen
        line.query_one("#command-line-input").value = "frobnicate"
        await pilot.press("enter")
        message = line.query_one("#command-line-message")
        assert "Unknown command" in str(message.render())
        await pilot.pause()
        # Seen, not only set: it lay under the input, both docked at the bottom.
        assert message.region.height > 0 and not message.region.overlaps(line.query_one("#command-line-input").region)
        line.query_one("#command-line-input").value = "pull Not/Valid"
        await pilot.press("enter")
        await pilot.pause()
        assert any("Not a valid reference" in (n.title or "") for n in app._notifications)
        await pilot.press("colon")
        app.screen.query_one("#command-line-input").value = "q"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.is_running, what=":q")


def test_copying_emits_osc52(docker_host, standard_containers) -> None:
    container = standard_containers["running"]
    session = PtySession(["--host", docker_host], columns=120, rows=40)
    try:
        session.wait_for(container.name, timeout=15)
        session.send("/")
        session.wait_for("filter:", timeout=5)
        session.send(f"name={container.name}\r")
        session.wait_for("1 shown", timeout=5)
        offset = session.output_offset
        session.send("c")
        encoded = base64.b64encode(container.id.encode()).decode()
        session.wait_for_output(f"\x1b]52;c;{encoded}\x07", offset, timeout=30)
        session.wait_for("Copied the ID", timeout=5)
    finally:
        session.close()


@pytest.mark.parametrize("term", ["xterm-256color", "screen-256color", "tmux-256color"])
def test_runs_under_other_terminals_at_80x24(docker_host, term) -> None:
    env = dict(os.environ, TERM=term)
    session = PtySession(["--host", docker_host], columns=80, rows=24, env=env)
    try:
        session.wait_for_pattern(r"\d+/\d+ running", timeout=15)
        # On the last line (the counts may come in the first frame, the footer's keys in the next).
        session.wait_for_pattern(r"q Quit[^\n]*\? Help[^\n]*$", timeout=15)
        session.send("q")
        assert session.wait_exit(5) == 0
    finally:
        session.close()


def test_no_color_and_no_mouse(docker_host) -> None:
    env = dict(os.environ, NO_COLOR="1", TERM="xterm-256color")
    session = PtySession(["--host", docker_host, "--no-mouse"], columns=80, rows=24, env=env)
    try:
        session.wait_for_pattern(r"\d+/\d+ running", timeout=15)
        raw = bytes(session._raw)
        assert b"\x1b[?1000h" not in raw and b"\x1b[?1003h" not in raw  # no mouse reporting asked for
        # NO_COLOR: Textual draws in shades of grey only (the 256-colour greys and grey cube corners).
        greys = set(range(232, 256)) | {0, 7, 8, 15, 16, 59, 102, 145, 188, 231}
        # Colours are read from the SGR sequences only: a container named "␛[38;5;2m" (a hostile
        # test's, shown inert) carries the same digits as text, and failed this test now and then.
        params = [sgr.split(b";") for sgr in re.findall(rb"\x1b\[([0-9;]*)m", raw)]
        used = {int(p[i + 2]) for p in params for i in range(len(p) - 2) if p[i] in (b"38", b"48") and p[i + 1] == b"5"}
        assert used and used <= greys, used - greys
        assert not any(
            p[i] in (b"38", b"48") and p[i + 1] == b"2" for p in params for i in range(len(p) - 1)
        )  # no truecolour
        session.send("q")
        assert session.wait_exit(5) == 0
    finally:
        session.close()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_inside_tmux(docker_host, tmp_path) -> None:
    socket = str(tmp_path / "tmux.sock")
    command = f"{sys.executable} -m dockertui --host {docker_host}"
    subprocess.run(
        ["tmux", "-S", socket, "new-session", "-d", "-x", "80", "-y", "24", command],
        check=True,
        env=dict(os.environ, TERM="xterm-256color"),
    )
    try:
        deadline = time.monotonic() + 15
        screen = ""
        while time.monotonic() < deadline:
            screen = subprocess.run(["tmux", "-S", socket, "capture-pane", "-p"], capture_output=True, text=True).stdout
            if "running" in screen.splitlines()[0] if screen.strip() else False:
                break
            time.sleep(0.1)
        assert docker_host in screen.splitlines()[0] and "q Quit" in screen
        app_pid = int(
            subprocess.run(
                ["tmux", "-S", socket, "list-panes", "-F", "#{pane_pid}"], capture_output=True, text=True
            ).stdout.split()[0]
        )
    finally:
        subprocess.run(["tmux", "-S", socket, "kill-server"], capture_output=True)
    # The terminal went away (SIGHUP): the app goes too. It used to hang in Textual's shutdown,
    # writing to the terminal that was gone, and stayed running for ever.
    deadline = time.monotonic() + 20
    while Path(f"/proc/{app_pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{app_pid}").exists(), "the app outlived its terminal"


def test_screenshot_script_writes_the_svgs(docker_host, registry, fixture_images, tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=240,
        env=dict(os.environ, DOCKER_HOST=docker_host, DOCKERTUI_TEST_REGISTRY=registry),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for name in ("containers-details", "images", "hub", "events", "shell-top", "run-form", "pull"):
        svg = (tmp_path / f"{name}.svg").read_text()
        assert svg.startswith("<svg") and "dockertui" in svg, name
    assert "PID" in (tmp_path / "shell-top.svg").read_text()
    assert "web.3" in (tmp_path / "services.svg").read_text()  # the tasks of a service on a real swarm
    assert "swarm-lab" in (tmp_path / "hosts.svg").read_text()


async def test_switching_daemons_leaves_nothing_of_the_old_one_on_screen() -> None:
    from dockertui.engine.live_session import FeedStatus

    app = await _app_with_data(read_only=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#containers-table").row_count > 0, what="rows")
        await pilot.press("enter")  # container details open…
        assert app.query_one("ContainerDetails").display
        await pilot.press("3")
        app.query_one("#hub-input").value = "nginx"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query_one("#hub").results, what="hub results")
        await pilot.press("down", "2")  # the results, then the images pane (in the box, 2 is text)
        await wait_for(pilot, lambda: app.query_one("#images-table").row_count > 0, what="image rows")
        await pilot.press("enter")  # …and image details
        assert app.query_one("ImageDetails").display
        app._banner.show_status(FeedStatus(live=False, attempt=2, retry_in=1.0, reason="stream cut"))
        await app.switch_target(DaemonTarget(host="unix:///other.sock"))
        await wait_for(pilot, lambda: app.session is not None, what="the other daemon")
        assert app.query_one("#panes").active == "images"  # the user stays where they were
        assert not app.query_one("ImageDetails").display and not app.query_one("ContainerDetails").display
        assert "fake.sock" not in str(app.query_one("#hub-status").text)
        assert not app._banner.display
        # With the focus in the container details, a switch leaves it on the list, not nowhere.
        await pilot.press("1", "enter", "right_square_bracket")
        await pilot.pause()
        assert app.query_one("ContainerDetails") in app.focused.ancestors
        await app.switch_target(DaemonTarget(host="unix:///third.sock"))
        await pilot.pause()
        assert app.query_one("#panes").active == "containers"
        assert app.focused is app.query_one("#containers-table")
