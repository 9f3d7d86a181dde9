"""The swarm reads against a real one-node swarm (a private dockerd in its own network
namespace): role, services with replicas, tasks with their errors, nodes; and a daemon
out of swarm mode says so."""

from __future__ import annotations

import subprocess

import pytest

from dockertui.engine.connection import connect
from dockertui.engine.session import DaemonSession
from dockertui.engine.swarm import ServiceSummary, SwarmReadFailed, SwarmRole, TaskSummary, short_image
from dockertui.engine.target import DaemonTarget
from tests.support.swarm_daemon import SwarmDaemon


@pytest.fixture(scope="module")
def swarm(tmp_path_factory) -> SwarmDaemon:
    daemon = SwarmDaemon("swarm-engine", tmp_path_factory.mktemp("swarm-engine")).start()
    yield daemon
    daemon.stop()


@pytest.fixture
def session(swarm: SwarmDaemon):
    session = DaemonSession(connect(DaemonTarget(host=swarm.url)))
    yield session
    session.close()


def test_the_role_of_a_swarm_manager_and_of_a_daemon_out_of_swarm(session, docker_host) -> None:
    role = session.swarm_role()
    assert role.active and role.manager and role.text == "manager" and role.nodes == 1 and role.node_id
    plain = DaemonSession(connect(DaemonTarget(host=docker_host)))
    try:
        assert plain.swarm_role().text == "not in a swarm"
        with pytest.raises(SwarmReadFailed, match="swarm"):
            plain.services()
    finally:
        plain.close()


def test_services_tasks_and_nodes_as_the_cli_sees_them(swarm: SwarmDaemon, session) -> None:
    swarm.docker(
        "service",
        "create",
        "-d",
        "--name",
        "eng-web",
        "--replicas",
        "2",
        "-p",
        "18301:80",
        swarm.image,
        "sleep",
        "1000000",
    )
    swarm.docker("service", "create", "-d", "--name", "eng-bad", "--replicas", "1", "nosuch/image:zz")
    try:
        swarm.wait_for(lambda: _service(session, "eng-web").running == 2, "eng-web to run 2 tasks")
        web = _service(session, "eng-web")
        assert web.mode == "replicated" and web.desired == 2 and web.image.startswith(swarm.image)
        assert [str(p) for p in web.ports] == ["18301→80"]
        cli = swarm.docker("service", "ls", "--filter", "name=eng-web", "--format", "{{.ID}} {{.Replicas}}").stdout
        assert cli.split() == [web.id[:12], "2/2"]
        tasks = session.tasks(web.id)
        running = [t for t in tasks if t.running]
        assert sorted(t.slot for t in running) == [1, 2] and all(t.container_id for t in running)
        bad = _service(session, "eng-bad")
        swarm.wait_for(lambda: any("No such image" in t.error for t in session.tasks(bad.id)), "the image error")
        errors = {t.error for t in session.tasks(bad.id) if t.error}
        cli_errors = swarm.docker("service", "ps", "--no-trunc", "--format", "{{.Error}}", "eng-bad").stdout
        assert errors and all(f'"{e}"' in cli_errors or e in cli_errors for e in errors)
        [node] = session.nodes()
        assert node.role == "manager" and node.leader and node.availability == "active" and node.state == "ready"
        assert node.hostname == subprocess.run(["hostname"], capture_output=True, text=True).stdout.strip()
        assert node.nano_cpus > 0 and node.memory_bytes > 0
    finally:
        swarm.docker("service", "rm", "eng-web", "eng-bad", check=False)


def test_hostile_service_metadata_is_made_safe() -> None:
    raw = {
        "ID": "abc\x1b]0;owned\x07",
        "Spec": {
            "Name": "web\x1b[2J",
            "Labels": {"com.docker.stack.namespace": "st\u202eack"},
            "Mode": {"Replicated": {"Replicas": 3}},
            "TaskTemplate": {"ContainerSpec": {"Image": "img:1@sha256:" + "a" * 64}},
        },
        "ServiceStatus": {"RunningTasks": 1, "DesiredTasks": 3},
        "UpdateStatus": {"State": "paused", "Message": "line\nbreak\x1b[31m"},
    }
    service = ServiceSummary.from_api(raw)
    for text in (service.id, service.name, service.stack, service.update_message):
        assert "\x1b" not in text and "\u202e" not in text and "\n" not in text and "\x07" not in text
    assert service.desired == 3 and service.running == 1 and service.image_short == "img:1@" + "a" * 12
    task = TaskSummary.from_api({"ID": "t", "Status": {"Err": "bad\x1b]52;c;AAAA\x07", "State": "rejected"}})
    assert "\x1b" not in task.error and task.exit_code is None
    assert SwarmRole.from_info({}).text == "not in a swarm" and short_image("busybox") == "busybox"


def _service(session: DaemonSession, name: str) -> ServiceSummary:
    return next(s for s in session.services() if s.name == name)
