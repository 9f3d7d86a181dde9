"""The containers pane against the real daemon: list, keys, confirmations, filter, logs, stats."""

from __future__ import annotations

import uuid

import docker
import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.panes.containers import ContainersPane
from dockertui.ui.screens.confirm import ConfirmDialog
from tests.support.containers import wait_for_state
from tests.support.pilot import wait_for


def pane(app):
    return app.query_one("#containers")


def table(app):
    return app.query_one("#containers-table")


def cell_text(app, container_id: str, column: str) -> str:
    index = [c.key for c in table(app).columns].index(column)
    return str(pane(app).cells(container_id)[index])


async def ready(app, pilot, *containers) -> None:
    await wait_for(
        pilot,
        lambda: (
            app.live is not None and app.live.full_relists >= 1 and all(c.id in table(app).keys for c in containers)
        ),
        what="the containers listed",
    )


async def select(app, pilot, container) -> None:
    await wait_for(pilot, lambda: container.id in table(app).keys, what=f"{container.name} listed")
    assert table(app).select_key(container.id)
    table(app).focus()
    await pilot.pause()


def unique(prefix: str) -> str:
    return f"dtui-test-{prefix}-{uuid.uuid4().hex[:6]}"


@pytest.fixture
def app(docker_host, standard_containers):
    return DockerTUI(DaemonTarget(host=docker_host))


async def test_fixture_containers_listed_with_state_ports_project(app, standard_containers) -> None:
    running, exited = standard_containers["running"], standard_containers["exited"]
    ports, compose = standard_containers["ports"], standard_containers["compose"]
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot, running, exited, ports, compose)
        assert cell_text(app, running.id, "state") == "running"
        assert cell_text(app, exited.id, "state") == "exited (3)"
        assert cell_text(app, exited.id, "age").endswith("ago")
        assert cell_text(app, running.id, "age").startswith("Up ")
        host_port = ports.attrs["NetworkSettings"]["Ports"]["8080/tcp"][0]["HostPort"]
        assert cell_text(app, ports.id, "ports") == f"127.0.0.1:{host_port}→8080"
        assert cell_text(app, compose.id, "project") == f"{compose.labels['com.docker.compose.project']}/web"
        assert cell_text(app, running.id, "name") == running.name


async def test_stopped_outside_leaves_running_state(app, containers) -> None:
    """How soon is a figure of benchmarks/; here only that it happens."""
    victim = containers.running(name=unique("stopout"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, victim)
        await wait_for(pilot, lambda: cell_text(app, victim.id, "state") == "running", what="running")
        victim.kill()
        await wait_for(
            pilot, lambda: cell_text(app, victim.id, "state").startswith("exited"), timeout=20, what="exited on screen"
        )


async def test_lifecycle_keys_change_the_real_container(app, containers, docker_client) -> None:
    target = containers.running(name=unique("keys"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, target)
        await select(app, pilot, target)

        async def press_and_wait(key: str, state: str) -> None:
            await pilot.press(key)
            wait_for_state(target, state, timeout=15)
            await wait_for(pilot, lambda: pane(app).items[target.id].state == state, what=f"{state} on screen")

        await press_and_wait("p", "paused")
        await press_and_wait("p", "running")  # p unpauses a paused one
        await press_and_wait("s", "exited")  # stop
        await press_and_wait("s", "running")  # start
        started = docker_client.api.inspect_container(target.id)["State"]["StartedAt"]
        await pilot.press("r")
        await wait_for(
            pilot,
            lambda: docker_client.api.inspect_container(target.id)["State"]["StartedAt"] != started,
            what="the container restarted",
        )
        # The restart's die and start events are still on their way: let them land.
        await pilot.pause(0.6)
        await wait_for(pilot, lambda: pane(app).items[target.id].state == "running", what="running again")
        await pilot.press("k")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        wait_for_state(target, "exited", timeout=10)
        assert target.attrs["State"]["ExitCode"] == 137
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await wait_for(pilot, lambda: target.id not in table(app).keys, what="row removed")
        with pytest.raises(docker.errors.NotFound):
            docker_client.containers.get(target.id)


async def test_remove_cancelled_leaves_it(app, containers, docker_client) -> None:
    target = containers.exited(0, name=unique("keep"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, target)
        await select(app, pilot, target)
        for cancel in ("n", "escape"):
            await pilot.press("d")
            dialog = app.screen
            assert isinstance(dialog, ConfirmDialog)
            assert dialog.focused.id == "confirm-cancel"  # cancel has the focus
            await pilot.press(cancel)
            assert not isinstance(app.screen, ConfirmDialog)
        await pilot.press("d", "enter")  # enter presses the focused button: Cancel
        assert not isinstance(app.screen, ConfirmDialog)
        await pilot.pause(0.3)
        assert docker_client.containers.get(target.id).status == "exited"


async def test_removing_a_running_container_is_never_silent(app, containers, docker_client) -> None:
    target = containers.running(name=unique("runrm"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, target)
        await select(app, pilot, target)
        await pilot.press("d")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        title = str(dialog.query_one("#confirm-title").render())
        assert f"{target.name} is running" in title and "Force" in title
        assert "Force remove" in str(dialog.query_one("#confirm-ok").label)
        await pilot.press("n")
        assert docker_client.containers.get(target.id).status == "running"
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: target.id not in table(app).keys, what="force-removed")


async def test_bulk_stop_of_three_marked(app, containers, docker_client) -> None:
    prefix = unique("bulk")
    trio = [containers.running(name=f"{prefix}-{i}") for i in range(3)]
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, *trio)
        await pilot.press("slash")
        app.query_one("#containers-filter").value = prefix
        await pilot.press("enter")
        assert table(app).keys == [c.id for c in trio]
        await pilot.press("space", "space", "space")
        assert table(app).marked == {c.id for c in trio}
        await pilot.press("s")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        body = str(dialog.query_one("#confirm-body").render())
        assert all(c.name in body for c in trio)
        await pilot.press("y")
        for container in trio:
            wait_for_state(container, "exited", timeout=20)
        await wait_for(
            pilot, lambda: all(pane(app).items[c.id].state == "exited" for c in trio), what="all three exited on screen"
        )


async def test_actions_target_the_ids_captured_at_the_key(app, containers, docker_client) -> None:
    target = containers.exited(0, name=unique("m-captured"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, target)
        await select(app, pilot, target)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        # Rows move while the dialog is open: a container that sorts first appears.
        newcomer = containers.running(name="a" + unique("newcomer"))
        await wait_for(pilot, lambda: newcomer.id in table(app).keys, what="newcomer row")
        await pilot.press("y")
        await wait_for(pilot, lambda: target.id not in table(app).keys, what="target removed")
        assert docker_client.containers.get(newcomer.id).status == "running"


async def test_daemon_error_is_shown_verbatim(app, containers) -> None:
    target = containers.running(name=unique("err"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, target)
        await select(app, pilot, target)
        await pilot.press("k")
        target.stop(timeout=1)  # gone before the user confirms
        await pilot.press("y")
        await wait_for(
            pilot, lambda: any("is not running" in n.message for n in app._notifications), what="the daemon's message"
        )
        note = next(n for n in app._notifications if "is not running" in n.message)
        assert note.severity == "error" and target.name in note.title


async def test_filter_running_only_sort_copy_and_exec_refusal(app, standard_containers) -> None:
    running, exited = standard_containers["running"], standard_containers["exited"]
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, running, exited)
        await pilot.press("slash")
        field = app.query_one("#containers-filter")
        assert field.has_focus
        field.value = f"status=exited name={exited.name}"
        await pilot.pause()
        assert table(app).keys == [exited.id]
        await pilot.press("enter")
        assert table(app).has_focus and table(app).cursor_key == exited.id
        assert field.value  # the filter is kept
        await pilot.press("slash", "escape")
        assert not field.value and not field.display
        assert running.id in table(app).keys and exited.id in table(app).keys

        await pilot.press("a")
        assert exited.id not in table(app).keys and running.id in table(app).keys
        await pilot.press("a")
        assert exited.id in table(app).keys

        await pilot.press("S")
        assert pane(app).sort_key == "state"
        states = [pane(app).items[k].state for k in table(app).keys]
        assert states == sorted(states)

        assert table(app).select_key(running.id)
        await pilot.press("c")
        assert app.clipboard == running.id
        assert table(app).select_key(exited.id)
        await pilot.press("e")
        assert any("needs a running container" in n.message for n in app._notifications)
        assert app.query_one("#panes").active == "containers"


async def test_logs_are_followed(app, containers) -> None:
    talker = containers.running(
        name=unique("talk"), command=["sh", "-c", "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.1; done"]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, talker)
        await select(app, pilot, talker)
        await pilot.press("l")
        details = app.query_one("ContainerDetails")
        log = details.log_view
        await wait_for(pilot, lambda: len(log.lines) >= 5, timeout=5, what="first log lines")
        seen = len(log.lines)
        await wait_for(pilot, lambda: len(log.lines) >= seen + 5, timeout=20, what="more lines, followed")
        numbers = [int(line.text.split()[1]) for line in log.lines]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        assert log.follow and all(line.stream == "stdout" and line.timestamp for line in log.lines)
        await pilot.press("t")
        assert log.timestamps
        # Closed and opened again on the same container: following again, not frozen.
        await pilot.press("escape")
        assert not details.display
        # Closed, the panel holds nothing of the logs (a followed flood would stay otherwise).
        assert len(log.lines) == 0 and details.document is None
        await pilot.press("l")
        await wait_for(pilot, lambda: len(log.lines) >= 5, timeout=5, what="log lines after reopening")
        seen = len(log.lines)
        await wait_for(pilot, lambda: len(log.lines) >= seen + 5, timeout=20, what="followed after reopening")


async def test_hostile_output_becomes_plain_lines(app, containers) -> None:
    script = (
        r"printf 'before\033[2Jafter\n'; printf '\033]0;evil title\007titled\n'; "
        r"printf '\033]52;c;ZXZpbA==\007clip\n'; printf '\033[31mred\033[0m\n'; "
        r"echo oops >&2; sleep 600"
    )
    noisy = containers.running(name=unique("noisy"), command=["sh", "-c", script])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, noisy)
        await select(app, pilot, noisy)
        await pilot.press("l")
        log = app.query_one("ContainerDetails").log_view
        await wait_for(pilot, lambda: len(log.lines) >= 5, timeout=5, what="the five lines")
        # stdout and stderr are copied by separate daemon goroutines: only each one's order is kept.
        stdout = [line.text for line in log.lines if line.stream == "stdout"]
        assert stdout == ["beforeafter", "titled", "clip", "\x1b[31mred\x1b[0m"]
        assert [line.text for line in log.lines if line.stream == "stderr"] == ["oops"]
        await pilot.pause()
        rendered = sorted(log.render_line(y).text[1:].rstrip() for y in range(5))
        assert rendered == sorted(["beforeafter", "titled", "clip", "red", "oops"])
        assert all("\x1b" not in row and "]" not in row for row in rendered)


async def test_busy_loop_shows_cpu(app, containers) -> None:
    busy = containers.running(name=unique("busy"), command=["sh", "-c", "while :; do :; done"])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, busy)
        await wait_for(
            pilot, lambda: cell_text(app, busy.id, "cpu") not in ("", "0.0"), timeout=8, what="CPU % of the busy loop"
        )
        assert float(cell_text(app, busy.id, "cpu")) > 10
        assert "B" in cell_text(app, busy.id, "memory")
        assert busy.id in app.stats_hub.watched


async def test_details_info_masks_env_and_inspect_copies(app, containers) -> None:
    target = containers.running(name=unique("info"), environment={"SECRET_TOKEN": "hunter2"})
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, target)
        await select(app, pilot, target)
        await pilot.press("enter")
        details = app.query_one("ContainerDetails")
        body = app.query_one("#details-info-body")
        await wait_for(pilot, lambda: "SECRET_TOKEN" in str(body.render()), what="info loaded")
        assert "hunter2" not in str(body.render())
        await pilot.press("v")
        assert "hunter2" in str(body.render())
        await pilot.press("i")
        assert details.active_tab == "inspect"
        tree = app.query_one("#details-inspect-tree")
        await pilot.pause()
        details._find_in_tree("SECRET_TOKEN")
        await wait_for(
            pilot,
            lambda: tree.cursor_node is not None and "SECRET_TOKEN" in tree.cursor_node.label.plain,
            what="search hit",
        )
        await pilot.press("c")
        assert app.clipboard == "SECRET_TOKEN=hunter2"
        await pilot.press("escape")
        assert not details.display
        assert tree.root.data is None and not tree.root.children and details.document is None


async def test_footer_label_follows_the_selection(app, standard_containers) -> None:
    running, exited = standard_containers["running"], standard_containers["exited"]
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, running, exited)

        def shown_actions() -> set[str]:
            return {b.binding.action for b in app.screen.active_bindings.values() if b.binding.key == "s"}

        await select(app, pilot, running)
        assert shown_actions() == {"stop"}
        await select(app, pilot, exited)
        assert shown_actions() == {"start"}


async def test_footer_follows_the_selected_row_when_its_state_changes(docker_host, containers) -> None:
    """Started from outside (or by the app) with the cursor on it, the row turns running: the
    footer must then say s Stop — it kept s Start, and pressing s stopped the container."""
    from textual.widgets._footer import FooterKey

    stopped = containers.running(name=unique("footer"))
    stopped.stop(timeout=0)
    wait_for_state(stopped, "exited")
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, stopped)
        await select(app, pilot, stopped)

        def s_label() -> str:
            return " ".join(key.description for key in app.screen.query(FooterKey) if key.key == "s")

        await wait_for(pilot, lambda: s_label() == "Start", what="s Start on the exited row")
        stopped.start()
        await wait_for(pilot, lambda: app.query_one("#containers").items[stopped.id].state == "running", what="running")
        await wait_for(pilot, lambda: s_label() == "Stop", what="the footer to say s Stop")


async def test_stats_stream_only_for_rows_on_screen(docker_host, containers, monkeypatch) -> None:
    monkeypatch.setattr(ContainersPane, "STATS_LINGER", 1.0)
    prefix = unique("view")
    many = [containers.running(name=f"{prefix}-{i:02d}") for i in range(12)]
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 16)) as pilot:
        await ready(app, pilot, *many)
        app.query_one("#containers-filter").value = prefix
        await pilot.pause()
        table(app).focus()
        await pilot.pause()
        visible = set(table(app).visible_keys())
        assert 0 < len(visible) < 12
        await wait_for(pilot, lambda: app.stats_hub.watched == visible, what="streams for the visible rows")
        await pilot.press("end")
        await pilot.pause()
        moved = set(table(app).visible_keys())
        assert moved != visible
        await wait_for(pilot, lambda: app.stats_hub.watched == moved, what="streams follow scrolling")
        # Another pane and back at once: the streams stay open (they linger a while).
        streams = dict(app.stats_hub._watches)
        await pilot.press("4", "1")
        await pilot.pause()
        assert app.stats_hub.watched == moved and app.stats_hub._watches == streams
        await pilot.press("4")  # the pane is hidden: nothing is visible, nothing streams
        await pilot.pause()
        assert app.stats_hub.watched == moved  # not yet: they linger
        await wait_for(pilot, lambda: app.stats_hub.watched == set(), what="streams closed")


async def test_a_sample_that_shows_the_same_cells_does_not_redraw(app, containers, monkeypatch) -> None:
    """An idle container's samples say "0.0  1 MiB" second after second: no repaint for them."""
    from dockertui.engine.stats import StatsSample

    box = containers.running(name=unique("same"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, box)
        pane = app.query_one("#containers")
        redrawn: list[list[str]] = []
        monkeypatch.setattr(table(app), "invalidate", lambda keys=None: redrawn.append(list(keys or [])))

        def sample(cpu: float, memory: int) -> StatsSample:
            return StatsSample(box.id, cpu, memory, 2**30, 0, 0, 0, 0, 1)

        pane.apply_stats([sample(0.01, 1_100_000)])
        pane.apply_stats([sample(0.04, 1_150_000)])  # "0.0", "1 MiB" both times
        assert redrawn == [[box.id]]
        pane.apply_stats([sample(12.5, 1_150_000)])
        assert redrawn == [[box.id], [box.id]]
        assert pane.cells(box.id)[-2:] == ("12.5", "1 MiB")


async def test_stats_tab_shows_numbers_and_sparklines(app, containers) -> None:
    busy = containers.running(name=unique("stats"), command=["sh", "-c", "while :; do :; done"])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, busy)
        await select(app, pilot, busy)
        await pilot.press("enter", "right_square_bracket", "right_square_bracket")
        details = app.query_one("ContainerDetails")
        assert details.active_tab == "stats"
        await pilot.pause()
        assert app.focused is not None and details in app.focused.ancestors, app.focused  # its keys work
        body = app.query_one("#details-stats-body")
        await wait_for(
            pilot,
            lambda: "Memory" in str(body.render()) and "PIDs" in str(body.render()),
            timeout=6,
            what="stats numbers",
        )
        await wait_for(
            pilot, lambda: max(app.query_one("#spark-cpu").data or [0]) > 10, timeout=6, what="a CPU sparkline"
        )


async def test_s_stops_a_restarting_container() -> None:
    """A container in a restart loop is "restarting": s must stop it, not start it."""
    from tests.support.fakes import fake_connector, fake_container

    looping = fake_container("looping", "restarting", status="Restarting (1) 2 seconds ago")
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector([looping], []))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#containers-table").row_count == 1, what="the row")
        app.query_one("#containers-table").focus()
        await pilot.pause()
        assert app.query_one("#containers").check_action("stop", ()) is True
        assert app.query_one("#containers").check_action("start", ()) is False
        await pilot.press("s")
        await wait_for(pilot, lambda: "stop" in app.session.connection.api.calls, what="the stop")
        assert [call for call in app.session.connection.api.calls if call != "inspect_container"] == ["stop"]
