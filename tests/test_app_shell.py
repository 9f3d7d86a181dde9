"""The app shell against the real daemon: header, panes, help, palette, quitting."""

from __future__ import annotations

import pytest
from rich.text import Text

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.help import HelpScreen
from tests.support.pilot import bar_text, wait_for


def real_counts(docker_client) -> str:
    summaries = docker_client.api.containers(all=True)
    running = sum(1 for summary in summaries if summary["State"] == "running")
    return f"{running}/{len(summaries)} running"


async def test_header_shows_real_engine_version_and_counts(
    docker_client, docker_host, standard_containers, containers
) -> None:
    version = docker_client.version()
    app = DockerTUI(DaemonTarget(host=docker_host, source="DOCKER_HOST"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: version["Version"] in bar_text(app, "engine"), what="engine version")
        assert f"API {version['ApiVersion']}" in bar_text(app, "engine")
        assert docker_host in bar_text(app, "endpoint")
        await wait_for(pilot, lambda: bar_text(app, "counts") == real_counts(docker_client), what="container counts")
        # A container started outside the app shows up in the counts. (Not "the counts
        # changed": another container going away meanwhile can bring them back to what they were.)
        started = containers.running()
        await wait_for(
            pilot,
            lambda: (
                app.live is not None
                and started.id in app.live.inventory.containers
                and bar_text(app, "counts") == real_counts(docker_client)
            ),
            what="counts to follow the new container",
        )


async def test_read_only_marker(docker_host) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host), read_only=True)
    async with app.run_test(size=(80, 24)):
        assert app.query_one("EngineBar").read_only
        assert "READ-ONLY" in str(app.query_one("EngineBar").render())
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(80, 24)):
        assert "READ-ONLY" not in str(app.query_one("EngineBar").render())


async def test_digit_keys_switch_panes_and_focus_them(docker_host) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        tabs = app.query_one("#panes")
        assert tabs.active == "containers"
        assert app.query_one("#containers") in app.focused.ancestors_with_self
        for key, pane in (("2", "images"), ("3", "hub"), ("4", "events"), ("1", "containers")):
            if tabs.active == "hub":
                assert app.query_one("#hub-input").has_focus  # the search box takes typing…
                await pilot.press("escape")  # …until escape leaves it
            await pilot.press(key)
            assert tabs.active == pane
            assert app.query_one(f"#{pane}") in app.focused.ancestors_with_self
            assert app.query_one(f"#{pane}").display


async def test_help_lists_the_bindings_of_what_has_focus(docker_host) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = [
            app.screen.query_one("#help-table").get_row_at(i)
            for i in range(app.screen.query_one("#help-table").row_count)
        ]
        ids = {row[3] for row in rows}
        assert {"app.quit", "app.help", "app.pane.containers", "app.pane.events"} <= ids
        quit_row = next(row for row in rows if row[3] == "app.quit")
        assert "q" in quit_row[1] and "^c" in quit_row[1]
        assert not any("Tabs" in row[0] for row in rows)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)

        # Focus the tab strip: its own keys now lead the list.
        app.query_one("Tabs").focus()
        await pilot.press("question_mark")
        groups = [
            app.screen.query_one("#help-table").get_row_at(i)[0]
            for i in range(app.screen.query_one("#help-table").row_count)
        ]
        assert groups[0] == "Tabs"
        assert "Keys — Tabs" in str(app.screen.query_one("#help-title").render())


async def test_command_palette_runs_bound_actions(docker_host) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        assert app.screen.__class__.__name__ == "CommandPalette"
        # "Events" alone ties with the :events command (either may come first): the group too.
        await pilot.press(*"Global", "space", *"Events")
        await wait_for(
            pilot,
            lambda: "Global: Events" in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt),
            what="palette hit",
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query_one("#panes").active == "events", what="events pane")


async def test_q_and_ctrl_c_quit_at_once(docker_host) -> None:
    for key in ("q", "ctrl+c"):
        app = DockerTUI(DaemonTarget(host=docker_host))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(key)
            await wait_for(pilot, lambda app=app: not app.is_running, timeout=20, what=f"{key} to quit")


async def test_a_late_connection_to_the_daemon_switched_away_from_is_dropped() -> None:
    """Switch while the first daemon is still connecting (slow ssh): its answer must not win."""
    import threading

    from tests.support.fakes import fake_connector

    slow, fast = DaemonTarget(host="ssh://slow.example"), DaemonTarget(host="unix:///fast.sock")
    release = threading.Event()
    connected = fake_connector()
    closed: list[DaemonTarget] = []

    def connector(target: DaemonTarget):
        if target == slow:
            release.wait(5)
        connection = connected(target)
        connection.api.close = lambda: closed.append(target)
        return connection

    app = DockerTUI(slow, connector=connector)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.1)
        await app.switch_target(fast)
        await wait_for(pilot, lambda: app.session is not None, what="the fast daemon")
        release.set()
        await wait_for(pilot, lambda: slow in closed, timeout=30, what="the late connection closed")
        assert app.session.target == fast and app.target == fast
        assert "unix:///fast.sock" in bar_text(app, "endpoint")


async def test_a_repaint_arriving_during_a_deferred_refresh_is_not_lost() -> None:
    """Textual 8 loses a widget's repaint when its Update is handled between a layout
    refresh made during a batch and the compositor refresh that batch deferred (see
    ui/screen_repaint.py); a status line then stayed stale. The order is made here."""
    from tests.support.fakes import fake_connector
    from tests.support.late_repaint import late_update_is_painted

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#containers-table").row_count > 0, what="rows")
        await pilot.pause()
        status = app.query_one("#containers-status")
        assert await late_update_is_painted(
            app, pilot, status, lambda: status.set_text(Text("LATE-STATUS")), "LATE-STATUS"
        )


@pytest.mark.parametrize("screen", ["help", "contexts", "tags", "pulls", "confirm", "tags-filter"])
async def test_q_quits_from_every_screen_without_a_text_input(screen) -> None:
    """A modal screen stops the app's own q: each one passes it on, but a text input keeps it."""
    from dockertui.ui.screens.confirm import ConfirmDialog
    from dockertui.ui.screens.pulls import PullsView
    from dockertui.ui.screens.tags import TagsScreen
    from tests.support.fakes import fake_connector

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    quits: list[str] = []
    app.action_quit = lambda: quits.append(screen)  # what q asks for, without ending the test
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if screen == "help":
            await pilot.press("question_mark")
        elif screen == "contexts":
            await pilot.press("ctrl+x")
        elif screen in ("tags", "tags-filter"):
            await app.push_screen(TagsScreen("127.0.0.1:9/nothing-listens"))
        elif screen == "pulls":
            await app.push_screen(PullsView([]))
        else:
            await app.push_screen(ConfirmDialog("Remove it?", "It goes."))
        await pilot.pause()
        if screen == "tags-filter":
            await pilot.press("slash")
        opened = app.screen
        await pilot.press("q")
        await pilot.pause()
        if screen == "tags-filter":
            assert quits == [] and opened.query_one("#tags-filter").value == "q"
        else:
            assert quits == [screen], f"q did nothing on the {screen} screen"


async def test_a_megabyte_message_makes_a_short_note_and_status_lines_stay_one_line() -> None:
    from dockertui.ui.plain_notifications import NOTE_CHARS
    from dockertui.ui.widgets.status_line import StatusLine
    from tests.support.fakes import fake_connector

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.notify("daemon says " + "x" * 2_000_000, title="t" * 1000)
        await pilot.pause()
        note = list(app._notifications)[-1]
        assert len(note.message) < NOTE_CHARS + 40 and note.message.endswith("more characters)")
        assert len(note.title) < 200
        # A line of its own: the panes' status lines are rewritten by the live model
        # and one of them, taken here, was overwritten before the assertion (CI once).
        line = StatusLine(id="probe-status")
        await app.screen.mount(line)
        line.set_text(Text("word " * 500))
        await pilot.pause()
        assert line.text.no_wrap and line.render().plain.startswith("word")
        assert line.region.height == 1
