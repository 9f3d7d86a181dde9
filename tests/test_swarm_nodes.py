"""Swarm nodes, stacks and service logs against a real one-node swarm (a private dockerd in
its own network namespace, tests/support/swarm_daemon.py): a service's logs merged across
its tasks with task/node prefixes in timestamp order; draining the node from the app
(its tasks shut down, as ``docker service ps`` and ``docker node inspect`` say) and
activating it again; removing a stack as ``docker stack rm`` does; read-only mode
refusing both with no request; hostile node labels, service and stack names inert in a
real terminal."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from dockertui.engine.connection import connect
from dockertui.engine.merged_logs import timestamp_key
from dockertui.engine.session import DaemonSession
from dockertui.engine.swarm import STACK_LABEL, ServiceSummary
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.messages import ServiceLogsRequested
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.node_availability import NodeAvailabilityDialog
from dockertui.ui.screens.nodes import NodesScreen, open_nodes
from dockertui.ui.screens.service_logs import ServiceLogsScreen
from dockertui.ui.screens.stacks import StacksScreen, open_stacks
from tests.support.hostile import PAYLOAD_SHOWN, audit, titles
from tests.support.hostile_daemon import HostileDaemon, replace_everywhere
from tests.support.pilot import wait_for
from tests.support.pty_session import PtySession
from tests.support.swarm_daemon import SwarmDaemon

WAIT = 120.0
MARKER = "xhostilex"
HOSTNAME = subprocess.run(["hostname"], capture_output=True, text=True).stdout.strip()

# Each task prints its slot and a title sequence (which must never reach the terminal raw),
# and ends at once on SIGTERM.
LOOP = (
    "trap 'exit 0' TERM; i=0; while :; do i=$((i+1)); "
    'printf \'slot %s line %s \\033]0;PWNED\\007\\n\' "$SLOT" "$i"; sleep 0.3 & wait; done'
)


@pytest.fixture(scope="module")
def swarm(tmp_path_factory):
    daemon = SwarmDaemon("swarm-nodes-app", tmp_path_factory.mktemp("swarm-nodes-app")).start()
    yield daemon
    daemon.stop()


@pytest.fixture
def session(swarm: SwarmDaemon):
    session = DaemonSession(connect(DaemonTarget(host=swarm.url)))
    yield session
    session.close()


def create_service(swarm: SwarmDaemon, name: str, *args: str, replicas: int = 2) -> None:
    swarm.docker(
        "service", "create", "-d", "--name", name, "--replicas", str(replicas), "--env", "SLOT={{.Task.Slot}}",
        "--stop-grace-period", "2s", *args, swarm.image, "sh", "-c", LOOP,
    )  # fmt: skip


def running(session: DaemonSession, name: str) -> int:
    found = [s for s in session.services() if s.name == name]
    return found[0].running if found else -1


def service(session: DaemonSession, name: str) -> ServiceSummary:
    return next(s for s in session.services() if s.name == name)


def availability(swarm: SwarmDaemon) -> str:
    return swarm.docker("node", "inspect", "self", "--format", "{{.Spec.Availability}}").stdout.strip()


def node_id(swarm: SwarmDaemon) -> str:
    """(``docker node update`` takes no ``self``.)"""
    return swarm.docker("node", "inspect", "self", "--format", "{{.ID}}").stdout.strip()


def service_ps(swarm: SwarmDaemon, name: str) -> list[tuple[str, str]]:
    """(desired state, current state's first word) of every task, as the CLI shows them."""
    out = swarm.docker("service", "ps", name, "--format", "{{.DesiredState}} {{.CurrentState}}").stdout
    return [(line.split()[0], line.split()[1]) for line in out.splitlines() if line.strip()]


def app_for(url: str, **kwargs) -> DockerTUI:
    return DockerTUI(DaemonTarget(host=url), **kwargs)


def record_notes(app: DockerTUI) -> list[str]:
    """Every notification's text, kept (a shown one expires after a few seconds)."""
    said: list[str] = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        said.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return said


async def connected(app: DockerTUI, pilot) -> None:
    await wait_for(pilot, lambda: app.session is not None, timeout=WAIT, what="connected")


# -- service logs --------------------------------------------------------------------------


async def test_service_logs_merge_two_tasks_with_their_prefixes_in_time_order(swarm, session) -> None:
    create_service(swarm, "logs-web")
    try:
        swarm.wait_for(lambda: running(session, "logs-web") == 2, "logs-web running 2 tasks", WAIT)
        time.sleep(1.5)  # some history in both tasks' logs before the view opens
        web = service(session, "logs-web")
        app = app_for(swarm.url)
        async with app.run_test(size=(120, 40)) as pilot:
            await connected(app, pilot)
            app.post_message(ServiceLogsRequested(web))
            await wait_for(pilot, lambda: isinstance(app.screen, ServiceLogsScreen), what="the service logs view")
            screen = app.screen
            view = screen.log_view
            prefixes = {f"logs-web.{slot}@{HOSTNAME}": str(slot) for slot in (1, 2)}

            def count(prefix: str) -> int:
                return sum(1 for line in view.lines if line.source == prefix)

            await wait_for(
                pilot, lambda: all(count(p) >= 12 for p in prefixes), timeout=WAIT, what="lines of both tasks"
            )
            lines = [line for line in view.lines if line.source]
            rows = [view._row_text(i).plain for i in range(4)]
            # Search finds a line.
            needle = lines[-3].text.split(" \u241b")[0]  # "slot N line M"
            await pilot.press("slash")
            await wait_for(pilot, lambda: screen.search_box.has_focus, what="the search box")
            screen.search_box.value = needle
            await pilot.press("enter")
            await wait_for(pilot, lambda: view.current_match is not None, what="a match")
            assert needle in view.lines[view.current_match].text
            # Closing the view closes the stream.
            merged = screen.merged
            assert merged is not None and merged.follower is not None and not merged.ended
            await pilot.press("escape")  # the kept search first
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, ServiceLogsScreen), what="the view closed")
            await wait_for(pilot, lambda: merged.ended, timeout=WAIT, what="the stream closed")
    finally:
        swarm.docker("service", "rm", "logs-web", check=False)
    assert {line.source for line in lines} == set(prefixes)
    for line in lines:
        assert line.text.startswith(f"slot {prefixes[line.source]} line "), (line.source, line.text)
        assert "\x1b]" not in line.text and "\x07" not in line.text  # the title sequence, made inert
    keys = [timestamp_key(line.timestamp) for line in lines]
    assert None not in keys and keys == sorted(keys), "lines in timestamp order"
    sources = [line.source for line in lines]
    assert sum(1 for a, b in zip(sources, sources[1:], strict=False) if a != b) >= 6, "interleaved"
    assert all(any(row[1:].startswith(f"{p} | ") for p in prefixes) for row in rows), rows


# -- nodes -----------------------------------------------------------------------------------


async def test_drain_the_node_from_the_app_then_activate_it(swarm, session) -> None:
    create_service(swarm, "drain-web")
    try:
        swarm.wait_for(lambda: running(session, "drain-web") == 2, "drain-web running 2 tasks", WAIT)
        app = app_for(swarm.url)
        async with app.run_test(size=(120, 40)) as pilot:
            await connected(app, pilot)
            open_nodes(app)
            await wait_for(pilot, lambda: isinstance(app.screen, NodesScreen), what="the nodes view")
            screen = app.screen
            await wait_for(pilot, lambda: len(screen.nodes) == 1, timeout=WAIT, what="the node listed")
            [node] = screen.nodes.values()
            assert (node.hostname, node.role, node.availability, node.state, node.manager_status) == (
                HOSTNAME,
                "manager",
                "active",
                "ready",
                "leader",
            )
            # a: the choice, d: drain, y: yes — typed at once, the keys land in the dialog.
            await pilot.press("a", "d")
            await wait_for(
                pilot,
                lambda: isinstance(app.screen, NodeAvailabilityDialog) and app.screen.choice == "drain",
                what="drain chosen",
            )
            await pilot.press("y")
            await wait_for(pilot, lambda: availability(swarm) == "drain", timeout=WAIT, what="node inspect: drain")
            await wait_for(
                pilot,
                lambda: (
                    (ps := service_ps(swarm, "drain-web"))
                    and not any(current == "Running" for _, current in ps)
                    and sum(1 for desired, current in ps if (desired, current) == ("Shutdown", "Shutdown")) >= 2
                ),
                timeout=WAIT,
                what="service ps: the running tasks shut down",
            )
            await wait_for(
                pilot,
                lambda: next(iter(screen.nodes.values())).availability == "drain",
                timeout=WAIT,
                what="the view: drain",
            )
            await wait_for(pilot, lambda: running(session, "drain-web") == 0, timeout=WAIT, what="none running")
            # Activate again: the tasks run again.
            await pilot.press("a", "a", "y")
            await wait_for(pilot, lambda: availability(swarm) == "active", timeout=WAIT, what="node inspect: active")
            await wait_for(pilot, lambda: running(session, "drain-web") == 2, timeout=WAIT, what="running again")
            await wait_for(
                pilot,
                lambda: next(iter(screen.nodes.values())).availability == "active",
                timeout=WAIT,
                what="the view: active",
            )
    finally:
        swarm.docker("node", "update", "--availability", "active", node_id(swarm), check=False)
        swarm.docker("service", "rm", "drain-web", check=False)


# -- stacks ----------------------------------------------------------------------------------


def make_stack(swarm: SwarmDaemon, stack: str) -> None:
    label = f"{STACK_LABEL}={stack}"
    swarm.docker("network", "create", "-d", "overlay", "--label", label, f"{stack}_net")
    create_service(swarm, f"{stack}_web", "--label", label, "--network", f"{stack}_net", replicas=1)
    create_service(swarm, f"{stack}_db", "--label", label, replicas=1)


def service_names(swarm: SwarmDaemon) -> set[str]:
    return set(swarm.docker("service", "ls", "--format", "{{.Name}}").stdout.split())


def network_names(swarm: SwarmDaemon, stack: str) -> set[str]:
    out = swarm.docker("network", "ls", "--filter", f"label={STACK_LABEL}={stack}", "--format", "{{.Name}}").stdout
    return set(out.split())


def secret_and_config_names(swarm: SwarmDaemon, stack: str) -> set[str]:
    found = set()
    for kind in ("secret", "config"):
        out = swarm.docker(kind, "ls", "--filter", f"label={STACK_LABEL}={stack}", "--format", "{{.Name}}").stdout
        found |= set(out.split())
    return found


async def test_remove_a_stack_from_the_app(swarm, session) -> None:
    make_stack(swarm, "shop")
    create_service(swarm, "loner", replicas=1)
    api = swarm.api()
    api.create_secret("shop_password", b"hunter2", labels={STACK_LABEL: "shop"})
    api.create_config("shop_conf", b"listen 80", labels={STACK_LABEL: "shop"})
    api.create_secret("loner_password", b"other")  # no label: stays
    try:
        swarm.wait_for(lambda: running(session, "shop_web") == 1, "shop_web running", WAIT)
        app = app_for(swarm.url)
        said = record_notes(app)
        async with app.run_test(size=(120, 40)) as pilot:
            await connected(app, pilot)
            open_stacks(app)
            await wait_for(pilot, lambda: isinstance(app.screen, StacksScreen), what="the stacks view")
            screen = app.screen
            await wait_for(pilot, lambda: "shop" in screen.stacks, timeout=WAIT, what="the stack listed")
            shop = screen.stacks["shop"]
            assert [s.name for s in shop.services] == ["shop_db", "shop_web"]
            assert [n.name for n in shop.networks] == ["shop_net"]
            assert screen.table.select_key("shop")
            # Asked first; n keeps it.
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
            body = str(app.screen.query_one("#confirm-body").render())
            assert "shop_web" in body and "shop_db" in body and "shop_net" in body and "loner" not in body
            assert "Secrets removed (1):\n  shop_password" in body and "Configs removed (1):\n  shop_conf" in body
            await pilot.press("n")
            await wait_for(pilot, lambda: app.screen is screen, what="the question gone")
            time.sleep(1)
            assert {"shop_web", "shop_db", "loner"} <= service_names(swarm)
            assert network_names(swarm, "shop") == {"shop_net"}
            # d, y: gone, as docker stack rm does it.
            await pilot.press("d", "y")
            await wait_for(
                pilot, lambda: not {"shop_web", "shop_db"} & service_names(swarm), timeout=WAIT, what="services gone"
            )
            await wait_for(pilot, lambda: network_names(swarm, "shop") == set(), timeout=WAIT, what="network gone")
            assert secret_and_config_names(swarm, "shop") == set()
            await wait_for(pilot, lambda: "shop" not in screen.stacks, timeout=WAIT, what="the view: gone")
            await wait_for(
                pilot,
                lambda: any("Stack shop removed" in text for text in said),
                timeout=WAIT,
                what="the report",
            )
        assert "loner" in service_names(swarm)
        assert "loner_password" in swarm.docker("secret", "ls", "--format", "{{.Name}}").stdout.split()
    finally:
        swarm.docker("service", "rm", "shop_web", "shop_db", "loner", check=False)
        swarm.docker("network", "rm", "shop_net", check=False)
        swarm.docker("secret", "rm", "shop_password", "loner_password", check=False)
        swarm.docker("config", "rm", "shop_conf", check=False)


# -- read-only -------------------------------------------------------------------------------


@pytest.fixture
def recording_daemon(swarm, tmp_path_factory):
    listen = str(tmp_path_factory.mktemp("recorded") / "docker.sock")
    proxy = HostileDaemon(listen, str(swarm.socket), lambda path, status, document: document).start()
    yield proxy
    proxy.stop()


async def test_read_only_refuses_drain_and_stack_removal_with_no_request(swarm, session, recording_daemon) -> None:
    make_stack(swarm, "ro")
    try:
        app = app_for(recording_daemon.url, read_only=True)
        said = record_notes(app)
        async with app.run_test(size=(120, 40)) as pilot:
            await connected(app, pilot)
            open_nodes(app)
            await wait_for(pilot, lambda: isinstance(app.screen, NodesScreen), what="the nodes view")
            nodes = app.screen
            await wait_for(pilot, lambda: len(nodes.nodes) == 1, timeout=WAIT, what="the node listed")
            assert app._check_action_state("availability", nodes) is None  # greyed
            before = len(app.refused)
            await pilot.press("a", "d", "y")
            await pilot.pause()
            assert app.refused[before] == "NodesScreen.availability" and app.screen is nodes
            # The dialog's own yes is refused, and the session refuses what got past the keys.
            [node] = nodes.nodes.values()
            dialog = NodeAvailabilityDialog(node)
            await app.push_screen(dialog)
            await pilot.press("d", "y")
            await pilot.pause()
            assert app.refused[-1] == "NodeAvailabilityDialog.confirm"
            app.pop_screen()
            nodes._launch(node, "drain")
            await wait_for(pilot, lambda: not nodes.busy, timeout=WAIT, what="the refused drain reported")
            await pilot.press("escape")
            open_stacks(app)
            await wait_for(pilot, lambda: isinstance(app.screen, StacksScreen), what="the stacks view")
            stacks = app.screen
            await wait_for(pilot, lambda: "ro" in stacks.stacks, timeout=WAIT, what="the stack listed")
            stacks.table.select_key("ro")
            await pilot.pause()
            await pilot.press("d", "y")
            await pilot.pause()
            assert app.refused[-1] == "StacksScreen.remove" and app.screen is stacks
            from dockertui.engine.stack_actions import plan_removal

            stacks._launch(plan_removal(stacks.stacks["ro"]))
            await wait_for(pilot, lambda: not stacks.busy, timeout=WAIT, what="the refused removal reported")
            refusals = [text for text in said if "Read-only mode" in text]
            assert any("changing a node's availability" in text for text in refusals), said
            assert any("removing a stack" in text for text in refusals), said
        changes = [r for r in recording_daemon.requests if r.split(" ", 1)[0] in ("POST", "PUT", "DELETE")]
        assert changes == [], "the read-only app sent changes"
        assert availability(swarm) == "active"
        assert {"ro_web", "ro_db"} <= service_names(swarm) and network_names(swarm, "ro") == {"ro_net"}
    finally:
        swarm.docker("service", "rm", "ro_web", "ro_db", check=False)
        swarm.docker("network", "rm", "ro_net", check=False)


# -- hostile text ------------------------------------------------------------------------------


@pytest.fixture
def hostile_swarm(swarm, tmp_path_factory):
    """The swarm behind a proxy that turns MARKER into the payload wherever the daemon says it."""
    from tests.support.hostile import PAYLOAD

    listen = str(tmp_path_factory.mktemp("hostile-swarm") / "docker.sock")
    proxy = HostileDaemon(listen, str(swarm.socket), replace_everywhere(MARKER, PAYLOAD)).start()
    yield proxy
    proxy.stop()


def test_hostile_node_labels_service_and_stack_names_stay_inert(swarm, session, hostile_swarm) -> None:
    stack = f"evil{MARKER}"
    swarm.docker("node", "update", "--label-add", f"title={MARKER}", node_id(swarm))
    create_service(swarm, f"svc-{MARKER}", "--label", f"{STACK_LABEL}={stack}", replicas=1)
    app = None
    try:
        app = PtySession(
            ["--host", hostile_swarm.url], columns=120, rows=40, env={**os.environ, "DOCKER_HOST": hostile_swarm.url}
        )
        app.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
        for key in (":", "nodes", "\r"):
            app.send(key)
            time.sleep(0.3)
        app.wait_for("Swarm nodes: 1", timeout=WAIT)
        app.wait_for(f"title={PAYLOAD_SHOWN[:20]}", timeout=WAIT)  # the label, made visible
        for key in ("\x1b", ":", "stacks", "\r"):
            app.send(key)
            time.sleep(0.3)
        app.wait_for("Stacks: 1", timeout=WAIT)
        app.wait_for(f"svc-{PAYLOAD_SHOWN[:16]}", timeout=WAIT)  # the service, in the details
        app.send("d")
        app.wait_for("Remove stack evil", timeout=WAIT)  # the question quotes the name, inert
        app.send("n")
        time.sleep(0.3)
        app.send("q")
        assert app.wait_exit(WAIT) == 0, app.text()
        raw = app.raw_output()
        assert b"\x1b]0;" not in raw and b"\x1b]52;" not in raw
        assert audit(raw, ()) == [] and titles(raw) == []
    finally:
        if app is not None:
            app.close()
        swarm.docker("node", "update", "--label-rm", "title", node_id(swarm), check=False)
        swarm.docker("service", "rm", f"svc-{MARKER}", check=False)


# -- a daemon out of swarm mode, a worker --------------------------------------------------------


async def test_a_daemon_out_of_swarm_mode_says_so_in_both_views(docker_host) -> None:
    """The shared test daemon is never in a swarm: its role is read (``/info``), nothing else."""
    app = app_for(docker_host, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await connected(app, pilot)
        for opener, screen_class in ((open_nodes, NodesScreen), (open_stacks, StacksScreen)):
            opener(app)
            await wait_for(pilot, lambda cls=screen_class: isinstance(app.screen, cls), what="the view")
            screen = app.screen
            await wait_for(pilot, lambda s=screen: s.loaded, timeout=WAIT, what="the role read")
            assert "not in a swarm" in screen.error and "docker swarm init" in screen.error
            assert screen.table.empty_text == screen.error and screen.table.row_count == 0
            assert app._check_action_state("availability" if opener is open_nodes else "remove", screen) is None
            await pilot.press("escape")


def test_a_worker_is_told_to_ask_a_manager() -> None:
    from dockertui.engine.swarm import SwarmRole
    from dockertui.ui.screens.swarm_list import role_message

    worker = SwarmRole(state="active", manager=False)
    assert "swarm worker" in role_message(worker, "nodes") and "manager" in role_message(worker, "nodes")
    assert role_message(SwarmRole(state="active", manager=True), "nodes") == ""
    assert "locked" in role_message(SwarmRole(state="locked", manager=False), "stacks")


# -- a fast typist ------------------------------------------------------------------------------


def test_keys_typed_in_one_write_land_in_the_dialogs(swarm, session) -> None:
    """``ady`` (drain, yes), ``aay`` (activate, yes), ``dy`` (remove the stack, yes), each
    in one write as a paste or a fast typist over ssh delivers them: the keys after the one
    that opens the dialog land in the dialog, never on the view behind it."""
    make_stack(swarm, "fast")
    app = None
    try:
        app = PtySession(["--host", swarm.url], columns=120, rows=40, env={**os.environ, "DOCKER_HOST": swarm.url})
        app.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
        app.send(":")
        app.wait_for("containers · images", timeout=WAIT)  # the command line's placeholder
        app.send("nodes\r")
        app.wait_for("Swarm nodes: 1", timeout=WAIT)
        app.send("ady")
        swarm.wait_for(lambda: availability(swarm) == "drain", "the node drained", WAIT)
        app.wait_for("drain ", timeout=WAIT)
        app.send("aay")
        swarm.wait_for(lambda: availability(swarm) == "active", "the node active again", WAIT)
        app.send("\x1b")
        time.sleep(0.3)
        app.send(":")
        app.wait_for("containers · images", timeout=WAIT)
        app.send("stacks\r")
        app.wait_for("Stacks: 1 (2 service(s)", timeout=WAIT)  # (a container's name says fast_web too)
        app.send("dy")
        swarm.wait_for(lambda: not {"fast_web", "fast_db"} & service_names(swarm), "the stack's services gone", WAIT)
        swarm.wait_for(lambda: network_names(swarm, "fast") == set(), "the stack's network gone", WAIT)
        app.send("q")
        assert app.wait_exit(WAIT) == 0, app.text()
    finally:
        if app is not None:
            app.close()
        swarm.docker("node", "update", "--availability", "active", node_id(swarm), check=False)
        swarm.docker("service", "rm", "fast_web", "fast_db", check=False)
        swarm.docker("network", "rm", "fast_net", check=False)
