"""The DaemonSession seam: read-only is enforced inside it, proved by what reaches the
daemon (a recording proxy in front of the real one), not by a list the test shares
with the code."""

from __future__ import annotations

import inspect
import time

import pytest

from dockertui.engine.connection import connect
from dockertui.engine.container_actions import Action
from dockertui.engine.hub_search import make_query
from dockertui.engine.merged_logs import LogSource
from dockertui.engine.network_actions import NetworkSpec
from dockertui.engine.project_actions import ProjectPlan, Target
from dockertui.engine.prune import PruneKind
from dockertui.engine.references import parse_reference
from dockertui.engine.run_spec import RunSpec
from dockertui.engine.session import MUTATING_VERBS, DaemonSession, ReadOnlyRefused
from dockertui.engine.swarm import ServiceSummary
from dockertui.engine.target import DaemonTarget
from dockertui.ui.action_registry import ACTION_VERBS
from dockertui.ui.app import DockerTUI
from tests.support.hostile_daemon import HostileDaemon
from tests.support.pilot import wait_for

CHANGES = ("POST", "PUT", "DELETE")


def changes(proxy: HostileDaemon) -> list[str]:
    return [request for request in proxy.requests if request.split(" ", 1)[0] in CHANGES]


@pytest.fixture
def recording_daemon(docker_host, tmp_path_factory):
    if not docker_host.startswith("unix://"):
        pytest.skip("the recording proxy fronts a unix socket")
    listen = str(tmp_path_factory.mktemp("recorded") / "docker.sock")
    proxy = HostileDaemon(listen, docker_host[len("unix://") :], lambda path, status, document: document).start()
    yield proxy
    proxy.stop()


def arguments_for(verb, container_id: str, image: str) -> dict:
    """A real call's arguments, by parameter name: a new verb with a parameter this test
    does not know fails here, so it cannot escape the check below."""
    known = {
        "action": Action.STOP,
        "container_id": container_id,
        "name": "target",
        "force": True,
        "target": image,
        "image_id": image,
        "spec": RunSpec(image=image, command=("true",)),
        "reference": parse_reference(image),
        "notify": lambda: None,
        "command": ["sh"],
        "on_output": lambda data: None,
        "on_end": lambda end: None,
        "rows": 24,
        "columns": 80,
        "shells": ("sh",),
        "query": make_query("busybox"),
        "limit": 5,
        "tty": False,
        "tail": 10,
        "on_live": lambda: None,
        "on_stats": lambda: None,
        "backoff": (0.5,),
        "kind": PruneKind.CONTAINERS,
        "sources": [LogSource(container_id, "web")],
        "plan": ProjectPlan("dtui", "stop", (Target(container_id, "target"),)),
        "progress": lambda text: None,
        "network_id": "dtui-test-no-such-network",
        "network_spec": NetworkSpec(name="dtui-test-read-only-network"),
        # swarm: nodes and service logs (issue 17)
        "node_id": "dtui-test-no-such-node",
        "availability": "drain",
        "service_id": "dtui-test-no-such-service",
        "replicas": 3,
        "image": image,
        "service": ServiceSummary.from_api({"ID": "dtui-test-no-such-service", "Spec": {"Name": "web"}}),
    }
    arguments = {}
    for parameter in list(inspect.signature(verb).parameters.values())[1:]:
        if parameter.name not in known:
            if parameter.default is not inspect.Parameter.empty:
                continue
            pytest.fail(f"DaemonSession.{verb.__name__}: teach this test a value for {parameter.name!r}")
        arguments[parameter.name] = known[parameter.name]
    return arguments


def test_every_verb_of_a_read_only_session_leaves_the_daemon_unchanged(
    recording_daemon, containers, fixture_images
) -> None:
    target = containers.running()
    session = DaemonSession(connect(DaemonTarget(host=recording_daemon.url)), read_only=True)
    verbs = [
        name
        for name, member in inspect.getmembers(DaemonSession, inspect.isfunction)
        if not name.startswith("_") and name != "close"
    ]
    refused = []
    try:
        for name in verbs:
            verb = getattr(DaemonSession, name)
            arguments = arguments_for(verb, target.id, fixture_images.busybox)
            try:
                result = getattr(session, name)(**arguments)
            except ReadOnlyRefused as refusal:
                refused.append(name)
                assert "Read-only mode" in str(refusal)
                continue
            except Exception:  # noqa: BLE001 - a read may fail (no index to search offline); only changes count
                continue
            closer = getattr(result, "close", None)
            if callable(closer):
                closer()
        # Streams opened by the reads have a moment to send what they would.
        time.sleep(1.0)
    finally:
        session.close()
    assert sorted(refused) == sorted(MUTATING_VERBS)
    assert {
        "act",
        "remove_image",
        "prune_images",
        "run",
        "pull",
        "open_shell",
        "prune_unused",
        "run_project_plan",
    } <= MUTATING_VERBS
    assert {"create_network", "remove_network", "prune_networks", "connect_network", "disconnect_network"} <= (
        MUTATING_VERBS
    )
    assert changes(recording_daemon) == [], "a read-only session sent changes"
    target.reload()
    assert target.status == "running"


def test_a_writable_session_changes_through_the_same_proxy(recording_daemon, containers) -> None:
    """The recorder sees changes when there are some (else the test above proves nothing)."""
    target = containers.running()
    session = DaemonSession(connect(DaemonTarget(host=recording_daemon.url)))
    try:
        session.act(Action.PAUSE, target.id)
        session.act(Action.UNPAUSE, target.id)
    finally:
        session.close()
    assert changes(recording_daemon) == [f"POST /containers/{target.id}/pause", f"POST /containers/{target.id}/unpause"]


def test_every_action_the_ui_marks_names_a_session_verb() -> None:
    for owner, action, verb in ACTION_VERBS:
        assert callable(getattr(DaemonSession, verb, None)), f"{owner.__name__}.{action} → {verb}?"
    assert DockerTUI.ACTION_VERBS["pull_reference"] in MUTATING_VERBS


async def test_read_only_app_sends_no_change_whatever_keys_are_pressed(
    recording_daemon, containers, fixture_images
) -> None:
    running = containers.running()
    app = DockerTUI(DaemonTarget(host=recording_daemon.url), read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(
            pilot,
            lambda: app.live is not None and running.id in app.query_one("#containers-table").keys,
            what="the container listed",
        )
        for pane_key, table_id in (("1", "#containers-table"), ("2", "#images-table")):
            await pilot.press(pane_key)
            table = app.query_one(table_id)
            keys = sorted(
                {active.binding.key.split(",")[0] for active in app.screen.active_bindings.values()}
                - {"q", "ctrl+c", "1", "2", "3", "4", "5", "colon", "question_mark", "ctrl+x", "ctrl+p"}
            )
            for key in keys:
                if table.row_count:
                    table.focus()
                    table.cursor_row = 0
                await pilot.press(key)
                await pilot.pause()
                # Confirm whatever asked, then back to the list.
                for answer in ("y", "enter", "escape", "escape", "escape"):
                    await pilot.press(answer)
                    await pilot.pause()
                await pilot.press(pane_key)
        # The : command's pull.
        assert await app.run_action("pull_reference('busybox')")
        await pilot.pause()
        refused = list(app.refused)
    assert changes(recording_daemon) == [], "the read-only app sent changes"
    assert refused, "read-only keys were refused with a message"
    running.reload()
    assert running.status == "running"
