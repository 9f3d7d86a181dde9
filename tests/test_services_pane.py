"""The Swarm services pane against a real one-node swarm (a private dockerd in its own
network namespace, tests/support/swarm_daemon.py): listed as ``docker service ls`` says,
scaled, updated to a missing image (the tasks say why), rolled back, removed after asking;
read-only refuses every action with nothing sent; the tab is hidden on a daemon out of
swarm (the shared test daemon, never put in swarm mode); a context switch resets it; a
hostile service name, stack and error never reach the terminal raw."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.session import MUTATING_VERBS, DaemonSession, ReadOnlyRefused
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.service_prompt import ServicePrompt
from dockertui.ui.widgets.event_log import EventLog
from tests.support.fake_swarm import fake_swarm_connector
from tests.support.fakes import FAKE_CONTAINERS, FAKE_ENGINE, FAKE_IMAGES, FakeAPI
from tests.support.hostile_daemon import HostileDaemon
from tests.support.pilot import wait_for
from tests.support.pty_session import PtySession
from tests.support.swarm_daemon import SwarmDaemon
from tests.test_hostile_views import MARKER, SHOWN_TITLE, WAIT, assert_nothing_escaped, hostile_answers, press

#: Generous: a swarm converges in seconds, a loaded machine takes longer.
SLOW = 120.0


@pytest.fixture(scope="module")
def swarm(tmp_path_factory) -> SwarmDaemon:
    daemon = SwarmDaemon("swarm-svc-pane", tmp_path_factory.mktemp("swarm-svc-pane")).start()
    yield daemon
    daemon.stop()


def create(swarm: SwarmDaemon, name: str, *args: str, image: str | None = None) -> None:
    """A service whose tasks keep running (the image's own command, sh, ends at once)."""
    swarm.docker("service", "create", "-d", "--name", name, *args, image or swarm.image, "sleep", "1000000")


def cli_replicas(swarm: SwarmDaemon) -> dict[str, str]:
    """``docker service ls``: name → "running/desired"."""
    out = swarm.docker("service", "ls", "--format", "{{.Name}} {{.Replicas}}").stdout
    return {name: replicas.split()[0] for name, replicas in (line.split(" ", 1) for line in out.splitlines())}


def cli_image(swarm: SwarmDaemon, name: str) -> str:
    return swarm.docker(
        "service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", name
    ).stdout.strip()


def cli_version(swarm: SwarmDaemon, name: str) -> str:
    return swarm.docker("service", "inspect", "--format", "{{.Version.Index}}", name).stdout.strip()


def remove(swarm: SwarmDaemon, *names: str) -> None:
    swarm.docker("service", "rm", *names, check=False)


def wait_until(check, what: str, timeout: float = SLOW) -> None:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.25)


async def on_services(pilot, app: DockerTUI) -> None:
    pane = app.services_pane
    await wait_for(pilot, lambda: pane.available, timeout=SLOW, what="the swarm role")
    await pilot.press("8")
    await wait_for(pilot, lambda: app.query_one(TabbedContent).active == "services", timeout=SLOW, what="pane 8")


async def select(pilot, app: DockerTUI, name: str) -> str:
    pane = app.services_pane

    def found() -> str | None:
        return next((key for key, service in pane.items.items() if service.name == name), None)

    await wait_for(pilot, lambda: found() is not None, timeout=SLOW, what=f"{name} listed")
    service_id = found()
    assert service_id is not None and pane.select(service_id)
    pane.table.focus()
    await pilot.pause()
    return service_id


async def test_listed_as_docker_service_ls_says_and_scaled_from_the_app(swarm: SwarmDaemon) -> None:
    create(swarm, "svc-web", "--replicas", "2")
    create(swarm, "svc-all", "--mode", "global")
    try:
        wait_until(lambda: cli_replicas(swarm).get("svc-web") == "2/2", "svc-web to run 2 tasks")
        wait_until(lambda: cli_replicas(swarm).get("svc-all") == "1/1", "svc-all to run")
        app = DockerTUI(DaemonTarget(host=swarm.url))
        async with app.run_test(size=(120, 40)) as pilot:
            await on_services(pilot, app)
            pane = app.services_pane

            def shown() -> dict[str, str]:
                return {s.name: f"{s.running}/{s.desired}" for s in pane.items.values()}

            await wait_for(pilot, lambda: shown() == cli_replicas(swarm), timeout=SLOW, what="the CLI's replicas")
            assert {s.name: s.mode for s in pane.items.values()} == {"svc-web": "replicated", "svc-all": "global"}
            # Scale 2 → 3: the prompt holds the current value.
            service_id = await select(pilot, app, "svc-web")
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, ServicePrompt), what="the scale prompt")
            assert app.screen.query_one("#service-prompt-input").value == "2"
            await pilot.press("backspace", "3", "enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, ServicePrompt), what="the prompt to close")
            wait_until(lambda: cli_replicas(swarm).get("svc-web") == "3/3", "docker service ls to say 3/3")
            await wait_for(
                pilot,
                lambda: (pane.items[service_id].running, pane.items[service_id].desired) == (3, 3),
                timeout=SLOW,
                what="3/3 in the pane",
            )
            assert shown() == cli_replicas(swarm)
            # The service's event, entered in the events pane, selects it in pane 8.
            await pilot.press("4")
            event = next(e for e in app.events_pane.buffer if e.type == "service" and e.object_name == "svc-web")
            app.services_pane.table.action_first()
            app.post_message(EventLog.JumpRequested(event))
            await wait_for(pilot, lambda: app.query_one(TabbedContent).active == "services", what="the jump")
            assert pane.selected() is not None and pane.selected().name == "svc-web"
            # A global service has no scale: s is greyed on it.
            await select(pilot, app, "svc-all")
            assert pane.check_action("scale", ()) is None
    finally:
        remove(swarm, "svc-web", "svc-all")


async def test_an_update_to_a_missing_image_shows_why_and_rollback_restores_it(swarm: SwarmDaemon) -> None:
    create(swarm, "svc-roll", "--replicas", "1")
    try:
        wait_until(lambda: cli_replicas(swarm).get("svc-roll") == "1/1", "svc-roll to run")
        before = cli_image(swarm, "svc-roll")
        app = DockerTUI(DaemonTarget(host=swarm.url))
        async with app.run_test(size=(120, 40)) as pilot:
            await on_services(pilot, app)
            pane = app.services_pane
            service_id = await select(pilot, app, "svc-roll")
            await pilot.press("u")
            await wait_for(pilot, lambda: isinstance(app.screen, ServicePrompt), what="the image prompt")
            prompt = app.screen.query_one("#service-prompt-input")
            prompt.value = "bad reference!"
            await pilot.pause()
            assert "Not a valid reference" in str(app.screen.query_one("#service-prompt-message").render())
            await pilot.press("enter")  # refused: nothing sent, the prompt stays
            assert isinstance(app.screen, ServicePrompt)
            prompt.value = "nosuch/missing:1"
            await pilot.press("enter")
            wait_until(lambda: cli_image(swarm, "svc-roll") == "nosuch/missing:1", "the update to be sent")
            # The tasks view opened on the rollout and says why the new task fails, in full.
            await wait_for(pilot, lambda: pane.details_open and pane.details.service_id == service_id, what="tasks")

            def error_rows() -> list[str]:
                options = pane.details.task_list
                return [
                    str(options.get_option_at_index(i).prompt)
                    for i in range(options.option_count)
                    if "No such image: nosuch/missing:1" in str(options.get_option_at_index(i).prompt)
                ]

            await wait_for(pilot, lambda: error_rows() != [], timeout=SLOW, what="the task's error in the tasks view")
            # Rollback: asked, then the previous image is back.
            await pilot.press("R")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the rollback question")
            await pilot.press("y")
            wait_until(lambda: cli_image(swarm, "svc-roll") == before, "the rollback to restore the image")
            await wait_for(
                pilot, lambda: pane.items[service_id].image == before, timeout=SLOW, what="the pane to follow"
            )
    finally:
        remove(swarm, "svc-roll")


async def test_force_update_then_removing_asks_first_and_cancel_keeps_it(swarm: SwarmDaemon) -> None:
    create(swarm, "svc-rm", "--replicas", "1")
    try:
        app = DockerTUI(DaemonTarget(host=swarm.url))
        async with app.run_test(size=(120, 40)) as pilot:
            await on_services(pilot, app)
            pane = app.services_pane
            service_id = await select(pilot, app, "svc-rm")
            # F: asked, then every task replaced (TaskTemplate.ForceUpdate + 1).
            await pilot.press("F")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the force question")
            await pilot.press("y")
            force = ("service", "inspect", "--format", "{{.Spec.TaskTemplate.ForceUpdate}}", "svc-rm")
            wait_until(lambda: swarm.docker(*force).stdout.strip() == "1", "ForceUpdate to be 1")
            await wait_for(pilot, lambda: pane.details_open, what="the tasks view showing the rollout")
            pane.table.focus()
            await pilot.pause()
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
            await pilot.press("n")
            await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmDialog), what="the dialog to close")
            await pilot.pause(1)
            assert "svc-rm" in cli_replicas(swarm) and service_id in pane.items
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question again")
            await pilot.press("y")
            wait_until(lambda: "svc-rm" not in cli_replicas(swarm), "the service to go")
            await wait_for(pilot, lambda: service_id not in pane.items, timeout=SLOW, what="the row to go")
    finally:
        remove(swarm, "svc-rm")


async def test_read_only_refuses_every_action_and_sends_nothing(swarm: SwarmDaemon) -> None:
    create(swarm, "svc-ro", "--replicas", "1")
    try:
        wait_until(lambda: cli_replicas(swarm).get("svc-ro") == "1/1", "svc-ro to run")
        version = cli_version(swarm, "svc-ro")
        app = DockerTUI(DaemonTarget(host=swarm.url), read_only=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await on_services(pilot, app)
            await select(pilot, app, "svc-ro")
            for key, action in (("s", "scale"), ("u", "update_image"), ("R", "rollback"), ("F", "force_update")):
                before = len(app.refused)
                await pilot.press(key)
                await wait_for(pilot, lambda n=before: len(app.refused) == n + 1, what=f"{key} refused")
                assert app.refused[-1] == f"ServicesPane.{action}"
                assert not isinstance(app.screen, (ServicePrompt, ConfirmDialog))
            before = len(app.refused)
            await pilot.press("d")
            await wait_for(pilot, lambda: len(app.refused) == before + 1, what="d refused")
            assert not isinstance(app.screen, ConfirmDialog)
            # e in the tasks view: refused too.
            await pilot.press("enter")
            pane = app.services_pane
            await wait_for(pilot, lambda: any(t.running for t in pane.details.tasks), timeout=SLOW, what="tasks")
            pane.details.task_list.focus()
            await pilot.pause()
            before = len(app.refused)
            await pilot.press("e")
            await wait_for(pilot, lambda: len(app.refused) == before + 1, what="e refused")
        assert cli_version(swarm, "svc-ro") == version and cli_replicas(swarm)["svc-ro"] == "1/1"
    finally:
        remove(swarm, "svc-ro")
    # Whoever calls them, the session's service verbs refuse before any request.
    api = FakeAPI(FAKE_CONTAINERS, FAKE_IMAGES)
    session = DaemonSession(DaemonConnection(DaemonTarget(host="unix:///fake"), api, FAKE_ENGINE), read_only=True)
    verbs = {
        "scale_service": lambda: session.scale_service("x", 3),
        "update_service_image": lambda: session.update_service_image("x", "busybox:2"),
        "rollback_service": lambda: session.rollback_service("x"),
        "force_update_service": lambda: session.force_update_service("x"),
        "remove_service": lambda: session.remove_service("x"),
    }
    assert set(verbs) <= MUTATING_VERBS
    for verb in verbs.values():
        with pytest.raises(ReadOnlyRefused):
            verb()
    assert api.calls == []


async def test_polling_only_while_the_pane_is_shown(swarm: SwarmDaemon) -> None:
    create(swarm, "svc-poll", "--replicas", "1")
    try:
        app = DockerTUI(DaemonTarget(host=swarm.url))
        async with app.run_test(size=(120, 40)) as pilot:
            await on_services(pilot, app)
            await select(pilot, app, "svc-poll")
            session = app.session
            calls: list[str] = []
            real_services, real_tasks = session.services, session.tasks
            session.services = lambda: calls.append("services") or real_services()  # type: ignore[method-assign]
            session.tasks = lambda sid=None: calls.append("tasks") or real_tasks(sid)  # type: ignore[method-assign]
            await pilot.press("enter")  # the tasks view: tasks read too
            await wait_for(pilot, lambda: calls.count("tasks") >= 3, timeout=SLOW, what="tasks polled")
            assert calls.count("services") >= 3
            await pilot.press("1")
            await pilot.pause(1)  # a read under way when the pane was left ends
            left = len(calls)
            await pilot.pause(6)
            assert len(calls) == left, calls[left:]
            # Back: reading again at once.
            await pilot.press("8")
            await wait_for(pilot, lambda: len(calls) > left, what="a read on coming back")
    finally:
        remove(swarm, "svc-poll")


async def test_hidden_out_of_swarm_and_reset_by_a_context_switch(swarm: SwarmDaemon, docker_host: str) -> None:
    """The shared test daemon is not in a swarm (and is never put in one)."""
    create(swarm, "svc-ctx", "--replicas", "1")
    try:
        app = DockerTUI(DaemonTarget(host=docker_host))
        async with app.run_test(size=(120, 40)) as pilot:
            pane, tabs = app.services_pane, app.query_one(TabbedContent)
            await wait_for(pilot, lambda: pane.role is not None, timeout=SLOW, what="the role read")
            assert not pane.available and tabs.get_tab("services").display is False
            await pilot.press("8")
            await wait_for(
                pilot,
                lambda: any("not in a swarm" in n.message for n in app._notifications),
                what="8 saying there is no swarm",
            )
            assert tabs.active == "containers"
            # To the swarm: the tab shows, its services are listed.
            await app.switch_target(DaemonTarget(host=swarm.url))
            await wait_for(pilot, lambda: pane.available, timeout=SLOW, what="the swarm's role")
            assert tabs.get_tab("services").display is True
            await pilot.press("8")
            await wait_for(
                pilot, lambda: any(s.name == "svc-ctx" for s in pane.items.values()), timeout=SLOW, what="svc-ctx"
            )
            # And back: emptied, hidden, the pane in front replaced by the containers.
            await app.switch_target(DaemonTarget(host=docker_host))
            assert pane.items == {} and pane.role is None
            await wait_for(pilot, lambda: pane.role is not None, timeout=SLOW, what="the role read again")
            assert tabs.get_tab("services").display is False and tabs.active == "containers"
    finally:
        remove(swarm, "svc-ctx")


async def test_a_worker_node_says_only_managers_list_services() -> None:
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_swarm_connector(manager=False))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.services_pane
        await on_services(pilot, app)
        await wait_for(pilot, lambda: "worker" in str(pane.status_text()), what="the worker note")
        assert "only by managers" in pane.table.empty_text and pane.items == {}
        assert "services" not in app.session.connection.api.calls


def test_hostile_service_names_stacks_and_errors_stay_inert(swarm: SwarmDaemon, tmp_path) -> None:
    """The swarm behind a proxy that puts escape sequences wherever the marker is: the name,
    the stack, the image and the task's error (the real daemon validates names and images)."""
    name = f"hsvc-{MARKER}"
    create(swarm, name, "--replicas", "1", "--label", f"com.docker.stack.namespace=st{MARKER}", image="nosuch/x:1")
    proxy = HostileDaemon(str(tmp_path / "docker.sock"), str(swarm.socket), hostile_answers).start()
    session = None
    try:
        session = PtySession(["--host", proxy.url], env={**os.environ, "DOCKER_HOST": proxy.url})
        session.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
        session.wait_for("8 Services", timeout=SLOW)
        press(session, "8")
        session.wait_for(f"hsvc-{SHOWN_TITLE[:8]}", timeout=SLOW)  # the name, made visible
        press(session, "\r")
        session.wait_for("No such image: nosuch/x:1", timeout=SLOW)  # the task's error
        assert_nothing_escaped(session)
    finally:
        if session is not None:
            session.close()
        proxy.stop()
        remove(swarm, name)


def test_a_prompt_typed_in_one_write_lands_in_the_prompt(swarm: SwarmDaemon) -> None:
    """``s``, backspace, ``4``, enter in one write (a paste, a fast typist over ssh): the digit
    goes to the prompt, never to the app (where 4 would switch to the events pane)."""
    create(swarm, "svc-typed", "--replicas", "1")
    session = None
    try:
        session = PtySession(["--host", swarm.url], columns=120, rows=40)
        session.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
        session.wait_for("8 Services", timeout=SLOW)
        press(session, "8")
        session.wait_for("svc-typed", timeout=SLOW)
        press(session, "/")
        session.send("svc-typed\r")
        session.wait_for("filter svc-typed", timeout=WAIT)
        session.send("s\x7f4\r")
        wait_until(lambda: cli_replicas(swarm).get("svc-typed") == "4/4", "docker service ls to say 4/4")
        session.wait_for("4/4", timeout=SLOW)
        assert "Events" not in session.text().splitlines()[3]  # still the services pane's status line
    finally:
        if session is not None:
            session.close()
        remove(swarm, "svc-typed")


def test_a_motion_typed_with_an_action_moves_first(swarm: SwarmDaemon) -> None:
    """``Up d y`` and ``G k s …`` in one write: the action is for the row the motion reached
    (it was for the row before, the motion lost behind the dialog: the wrong service removed)."""
    names = ("svc-mo-a", "svc-mo-b", "svc-mo-c")
    for name in names:
        create(swarm, name, "--replicas", "1")
    session = None
    try:
        session = PtySession(["--host", swarm.url], columns=120, rows=40)
        session.wait_for("8 Services", timeout=SLOW)
        press(session, "8")
        session.wait_for("svc-mo-c", timeout=SLOW)
        press(session, "/")
        session.send("svc-mo\r")
        session.wait_for("filter svc-mo", timeout=WAIT)
        press(session, "G")  # the cursor on svc-mo-c, the last row
        session.send("\x1b[Ad")  # up, then d, in one write: asks about svc-mo-b
        session.wait_for("Remove service svc-mo-b?", timeout=WAIT)
        session.send("y")
        wait_until(lambda: "svc-mo-b" not in cli_replicas(swarm), "svc-mo-b to be removed")
        assert {"svc-mo-a", "svc-mo-c"} <= set(cli_replicas(swarm))
        wait_until(lambda: "svc-mo-b" not in session.text(), "svc-mo-b gone from the list")
        session.send("Gks\x7f3\r")  # last row (c), up (a), scale it to 3
        wait_until(lambda: cli_replicas(swarm).get("svc-mo-a") == "3/3", "svc-mo-a scaled to 3")
        assert cli_replicas(swarm).get("svc-mo-c") == "1/1"
    finally:
        if session is not None:
            session.close()
        remove(swarm, *names)


async def test_the_events_pane_names_and_toggles_the_swarm_types() -> None:
    from dockertui.engine.events import parse_event

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_swarm_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        events = app.events_pane
        await pilot.press("4")
        status = app.query_one("#events-status")
        assert "Service" not in str(status._text)  # none seen: not named
        raw = {"Type": "service", "Action": "update", "Actor": {"ID": "svc01", "Attributes": {"name": "web"}}}
        events.add_events([parse_event({**raw, "timeNano": 1}), parse_event({**raw, "Type": "node", "timeNano": 2})])
        await pilot.pause()
        assert "Service" in str(status._text) and "nodE" in str(status._text)
        assert len(events.event_log.rows) == 2
        await pilot.press("S")
        await wait_for(pilot, lambda: len(events.event_log.rows) == 1, what="service events hidden")
        assert "service" in events.hidden_types
        await pilot.press("E")
        await wait_for(pilot, lambda: len(events.event_log.rows) == 0, what="node events hidden")
        await pilot.press("E", "S")  # both shown again; enter on the node event opens :nodes
        await wait_for(pilot, lambda: len(events.event_log.rows) == 2, what="both shown again")
        events.event_log.focus()
        await pilot.press("end", "enter")
        from dockertui.ui.screens.nodes import NodesScreen

        await wait_for(pilot, lambda: isinstance(app.screen, NodesScreen), what="the nodes view")


async def test_l_asks_for_the_service_logs() -> None:
    """The service logs view (another part of issue 17) takes the message; here it is only posted."""
    from dockertui.ui import app as app_module
    from dockertui.ui.messages import ServiceLogsRequested

    posted: list[ServiceLogsRequested] = []

    class App(DockerTUI):
        CSS_PATH = str(Path(app_module.__file__).parent / "styles" / "app.tcss")

        def on_service_logs_requested(self, message: ServiceLogsRequested) -> None:
            posted.append(message)

    app = App(DaemonTarget(host="unix:///fake.sock"), connector=fake_swarm_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        await on_services(pilot, app)
        service_id = await select(pilot, app, "shop_web")
        await pilot.press("l")
        await wait_for(pilot, lambda: posted != [], what="the message")
        assert [m.service.id for m in posted] == [service_id]


def test_the_scale_prompt_takes_ascii_digits_only_and_says_what_is_too_many() -> None:
    from dockertui.ui.screens.service_prompt import replicas_check

    check = replicas_check("web", 2)
    assert check("3") == (3, "enter scales web from 2 to 3 replica(s)")
    assert check("\u0665")[0] is None and "Not a number" in check("\u0665")[1]  # an Arabic-Indic 5
    assert check("1000000") == (None, "1000000 replicas is more than this prompt sends (at most 999999)")
    assert check("2")[0] is None and check("-1")[0] is None
