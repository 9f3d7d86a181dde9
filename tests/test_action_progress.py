"""Actions under way show in the row ("stopping… 4s") until the daemon's event, and a
bulk action acts on every container at once — against the real daemon."""

from __future__ import annotations

import threading
import time

import pytest

from dockertui.engine.container_actions import Action
from dockertui.engine.target import DaemonTarget
from dockertui.engine.transitions import SETTLE_GRACE, Transitions, reached
from dockertui.ui.app import DockerTUI
from tests.support.containers import wait_for_state
from tests.support.labels import run_labels
from tests.support.pilot import wait_for
from tests.test_containers_pane import cell_text, pane, ready, select, table, unique

#: A bare sleep as PID 1 ignores SIGTERM: a stop waits out the whole timeout.
DEAF = ["sleep", "3600"]


@pytest.fixture
def app(docker_host):
    return DockerTUI(DaemonTarget(host=docker_host))


@pytest.mark.parametrize(("key", "under_way", "after"), [("s", "stopping…", "exited"), ("r", "restarting…", "running")])
async def test_the_row_says_what_is_under_way_with_seconds(app, containers, docker_client, key, under_way, after):
    deaf = containers.running(name=unique("deaf"), command=DEAF)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, deaf)
        await select(app, pilot, deaf)
        await pilot.press(key)
        await wait_for(pilot, lambda: cell_text(app, deaf.id, "state").startswith(under_way), what=under_way)
        first = cell_text(app, deaf.id, "state")
        # The daemon is still waiting for the container to give up: the row says so and counts.
        assert docker_client.containers.get(deaf.id).status == "running"
        assert pane(app).items[deaf.id].state == "running"
        await wait_for(
            pilot,
            lambda: cell_text(app, deaf.id, "state") != first,
            what="the seconds counting",
        )
        counted = cell_text(app, deaf.id, "state")
        assert counted.startswith(under_way) and counted.endswith("s") and counted != first, counted
        # And on screen, not only in the cell function.
        assert under_way in "".join(s.text for s in table(app).render_lines(table(app).region.reset_offset))
        await wait_for(
            pilot,
            lambda: cell_text(app, deaf.id, "state").startswith(after) and deaf.id not in pane(app).transitions,
            timeout=60,
            what=f"{after} once the daemon is done",
        )


async def test_a_refused_action_ends_its_transition_at_once(app, containers) -> None:
    """Pause of a container that stopped meanwhile fails: the row goes back to its state."""
    target = containers.running(name=unique("refused"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, target)
        await select(app, pilot, target)
        target.stop(timeout=0)
        target.wait()
        pane(app)._launch(Action.PAUSE, [pane(app).items[target.id]])
        await wait_for(pilot, lambda: target.id not in pane(app).transitions, what="the transition ended")
        await wait_for(pilot, lambda: cell_text(app, target.id, "state").startswith("exited"), what="exited shown")
        assert any("pause" in str(n.title) and "failed" in str(n.title) for n in app._notifications)


async def test_a_bulk_stop_signals_every_container_before_any_has_stopped(app, containers, docker_client) -> None:
    prefix = unique("bulk-deaf")
    trio = [containers.running(name=f"{prefix}-{i}", command=DEAF) for i in range(3)]
    ids = {c.id for c in trio}
    events: list[dict] = []
    stream = docker_client.events(decode=True, since=int(time.time()) - 1, filters={"type": "container"})
    reader = threading.Thread(target=lambda: events.extend(e for e in stream if e.get("id") in ids), daemon=True)
    reader.start()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(app, pilot, *trio)
            await pilot.press("slash")
            app.query_one("#containers-filter").value = prefix
            await pilot.press("enter")
            await pilot.press("space", "space", "space")
            await pilot.press("s")
            await pilot.press("y")
            await wait_for(
                pilot,
                lambda: all(cell_text(app, c.id, "state").startswith("stopping…") for c in trio),
                what="all three stopping",
            )
            for container in trio:
                wait_for_state(container, "exited", timeout=60)
            await wait_for(
                pilot,
                lambda: all(cell_text(app, c.id, "state").startswith("exited") for c in trio),
                what="all three exited on screen",
            )
            await wait_for(pilot, lambda: sum(e.get("status") == "die" for e in events) == 3, what="three die events")
            # One report naming every container.
            await wait_for(
                pilot,
                lambda: any(
                    str(n.message).startswith("stopped") and all(c.name in str(n.message) for c in trio)
                    for n in app._notifications
                ),
                what="one report naming all three",
            )
    finally:
        stream.close()
    order = [(e["status"], e.get("Actor", {}).get("Attributes", {}).get("signal"), e["id"]) for e in events]
    first_die = next(i for i, (status, _, _) in enumerate(order) if status == "die")
    asked = {cid for status, signal, cid in order[:first_die] if status == "kill" and signal == "15"}
    assert asked == ids, f"containers signalled one after another, not together: {order}"


def test_transitions_end_on_the_state_the_action_leads_to() -> None:
    transitions = Transitions()
    transitions.begin(["a", "b", "c"], Action.STOP, now=100.0)
    assert transitions.get("a").label(104.7) == "stopping… 4s"
    assert not transitions.observe("a", "running")  # a kill event: still under way
    assert transitions.observe("a", "exited") and "a" not in transitions
    transitions.finish("b", Action.STOP, succeeded=False, now=101.0, state="running")
    assert "b" not in transitions  # refused: the row shows its real state at once
    transitions.finish("c", Action.STOP, succeeded=True, now=110.0, state="running")  # the event is on its way
    assert "c" in transitions and transitions.expire(110.0 + SETTLE_GRACE / 2) == set()
    assert transitions.expire(110.0 + SETTLE_GRACE) == {"c"} and not transitions
    transitions.begin(["d"], Action.REMOVE, now=0.0)
    assert transitions.observe("d", None) and not transitions
    assert reached(Action.START, "running") and not reached(Action.START, "exited")
    assert reached(Action.PAUSE, "paused") and reached(Action.KILL, "dead") and not reached(Action.RESTART, "running")


def test_an_earlier_actions_answer_leaves_a_later_transition_alone() -> None:
    """s then r at once: the start's answer came while the restart was under way and ended
    it, so the row said running for the whole restart."""
    transitions = Transitions()
    transitions.begin(["a"], Action.START, now=0.0)
    transitions.begin(["a"], Action.RESTART, now=0.3)
    transitions.finish("a", Action.START, succeeded=True, now=0.5, state="running")
    assert transitions.get("a").action is Action.RESTART
    transitions.finish("a", Action.RESTART, succeeded=True, now=10.0, state="running")
    assert "a" not in transitions


class _RecordingApi:
    def __init__(self, stop_timeout) -> None:
        self.config = {} if stop_timeout is None else {"StopTimeout": stop_timeout}
        self.calls: list[tuple[str, int]] = []

    def inspect_container(self, container_id):
        return {"Config": self.config}

    def stop(self, container_id, timeout):
        self.calls.append(("stop", timeout))

    def restart(self, container_id, timeout):
        self.calls.append(("restart", timeout))


@pytest.mark.parametrize(("configured", "used"), [(200, 200), (None, 10), (0, 0), ("soon", 10), (-1, 10)])
def test_stop_and_restart_wait_the_containers_own_stop_timeout(configured, used) -> None:
    """docker stop waits the container's --stop-timeout; a fixed 10 s killed a database given 200."""
    from dockertui.engine.container_actions import run_action

    api = _RecordingApi(configured)
    run_action(api, Action.STOP, "c")
    run_action(api, Action.RESTART, "c")
    assert api.calls == [("stop", used), ("restart", used)]


def test_the_stop_timeout_is_read_from_the_real_container(containers, docker_client) -> None:
    from dockertui.engine.container_actions import stop_timeout

    # Created, not started: the timeout is in its config either way.
    patient = docker_client.api.create_container(
        containers.image, command=["sleep", "1"], name=unique("patient"), stop_timeout=200, labels=run_labels()
    )
    containers.created.append(patient["Id"])  # removed with the test's others
    assert stop_timeout(docker_client.api, patient["Id"]) == 200
    plain = containers.running(name=unique("plain"))
    assert stop_timeout(docker_client.api, plain.id) == 10


async def test_s_again_on_a_stopping_row_does_not_stop_it_again(app, containers, docker_client) -> None:
    deaf = containers.running(name=unique("again"), command=DEAF)
    events: list[dict] = []
    stream = docker_client.events(decode=True, since=int(time.time()) - 1, filters={"container": deaf.id})
    reader = threading.Thread(target=lambda: events.extend(stream), daemon=True)
    reader.start()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(app, pilot, deaf)
            await select(app, pilot, deaf)
            await pilot.press("s")
            await wait_for(pilot, lambda: cell_text(app, deaf.id, "state").startswith("stopping… "), what="stopping")
            await wait_for(pilot, lambda: cell_text(app, deaf.id, "state") != "stopping… 0s", what="a second")
            await pilot.press("s")
            await wait_for(
                pilot,
                lambda: any("already stopping" in str(n.message) for n in app._notifications),
                what="already stopping",
            )
            assert cell_text(app, deaf.id, "state") != "stopping… 0s"  # the count went on
            await wait_for(
                pilot, lambda: cell_text(app, deaf.id, "state").startswith("exited"), timeout=60, what="exited"
            )
            await wait_for(pilot, lambda: any(e.get("status") == "stop" for e in events), what="the stop event")
    finally:
        stream.close()
    assert sum(e.get("status") == "kill" and e["Actor"]["Attributes"].get("signal") == "15" for e in events) == 1


async def test_marks_are_used_up_by_an_action_even_those_it_left_alone(app, containers, docker_client) -> None:
    prefix = unique("marks")
    up = [containers.running(name=f"{prefix}-a{i}") for i in range(2)]
    down = containers.exited(3, name=f"{prefix}-b")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, *up, down)
        await pilot.press("slash")
        app.query_one("#containers-filter").value = prefix
        await pilot.press("enter")
        await pilot.press("space", "space", "space")
        assert table(app).marked == {c.id for c in (*up, down)}
        await pilot.press("s")
        body = str(app.screen.query_one("#confirm-body").render())
        assert "1 other marked container(s) left alone" in body and down.name not in body
        await pilot.press("y")
        assert table(app).marked == set()
        await wait_for(pilot, lambda: all(pane(app).items[c.id].state == "exited" for c in up), what="both stopped")
        # No mark left behind: s now acts on the row under the cursor only.
        assert table(app).cursor_key is not None and not table(app).marked


async def test_with_the_focus_in_the_details_keys_act_on_the_container_shown(app, containers, docker_client) -> None:
    shown = containers.running(name=unique("shown"))
    other = containers.exited(0, name=unique("other"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot, shown, other)
        await select(app, pilot, shown)
        await pilot.press("l")  # details on the Logs tab, the focus in them
        await wait_for(pilot, lambda: pane(app).details.has_focus_within, what="the focus in the details")
        table(app).select_key(other.id)  # the list cursor moves on (a row removed above it…)
        await pilot.pause()
        assert [c.id for c in pane(app)._targets()] == [shown.id]
        assert pane(app).selected().id == shown.id  # c (copy ID) and e (shell) too
        shown.remove(force=True)
        await wait_for(pilot, lambda: shown.id not in pane(app).items, what="removed from outside")
        assert pane(app)._targets() == [] and pane(app).selected() is None
        await pilot.press("s")
        await pilot.pause(0.5)
        assert docker_client.containers.get(other.id).status == "exited"  # never started
