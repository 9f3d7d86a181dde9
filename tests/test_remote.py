"""Remote daemons with real components on loopback: ssh://, tcp+TLS, contexts, Podman."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import docker
import pytest

from dockertui.config import Config
from dockertui.engine.connection import connect
from dockertui.engine.logs import LogFollower
from dockertui.engine.pull import PullJob
from dockertui.engine.references import parse_reference
from dockertui.engine.stats import StatsHub
from dockertui.engine.target import DaemonTarget, resolve_target
from dockertui.engine.unavailable import DaemonUnavailable
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.context_picker import ContextPicker
from dockertui.ui.widgets.shell_tab import ShellTab
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pilot import wait_for
from tests.support.pty_session import PtySession
from tests.support.remote_endpoints import PodmanService, SecondDaemon, SshEndpoint, no_ssh_clients_left, ssh_clients

IDLE = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="starts sshd, dockerd and podman: needs root")


@pytest.fixture(scope="module")
def ssh(tmp_path_factory, docker_host):
    if not docker_host.startswith("unix://"):
        pytest.skip("the sshd relays to a unix-socket daemon")
    endpoint = SshEndpoint(tmp_path_factory.mktemp("ssh"), docker_host).start()
    yield endpoint
    endpoint.stop()


def _load_busybox(source: docker.DockerClient, image: str, load) -> None:
    data = b"".join(source.images.get(image).save(named=True))
    load(data)


@pytest.fixture(scope="module")
def second(tmp_path_factory, docker_client, fixture_images):
    daemon = SecondDaemon(tmp_path_factory.mktemp("second")).start()
    client = daemon.client()
    _load_busybox(docker_client, fixture_images.busybox, lambda data: client.images.load(data))
    container = client.containers.run(
        fixture_images.busybox,
        IDLE,
        name=f"dtui-second-{uuid.uuid4().hex[:6]}",
        detach=True,
        network_mode="none",
        labels={TEST_LABEL: RUN_ID},
    )
    daemon.container = container
    yield daemon
    try:
        container.remove(force=True)
    except docker.errors.NotFound:
        pass
    client.close()
    daemon.stop()


@pytest.fixture(scope="module")
def podman(tmp_path_factory, docker_client, fixture_images):
    service = PodmanService(tmp_path_factory.mktemp("podman"))
    try:
        service.start()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"podman system service does not start here: {error}")
    _load_busybox(docker_client, fixture_images.busybox, lambda data: service.podman("load", stdin=data))
    name = f"dtui-podman-{uuid.uuid4().hex[:6]}"
    ran = service.podman(
        "run",
        "-d",
        "--name",
        name,
        "--network",
        "none",
        "--label",
        f"{TEST_LABEL}={RUN_ID}",
        f"localhost/{fixture_images.busybox}",
        *IDLE,
    )
    if ran.returncode != 0:
        service.stop()
        pytest.skip(f"podman cannot run containers on this machine: {ran.stderr.decode()[-300:]}")
    service.container_name = name
    yield service
    service.podman("rm", "-f", name)
    service.stop()


async def shell_answers(app, pilot, container_id: str, what: str) -> None:
    """`e` on the container opens a shell in which arithmetic works."""
    table = app.query_one("#containers-table")
    table.select_key(container_id)
    table.focus()
    await pilot.press("e")
    await wait_for(
        pilot, lambda: app.query(ShellTab) and app.query(ShellTab).last().session is not None, timeout=15, what=what
    )
    tab = app.query(ShellTab).last()
    tab.session.write(b"echo $((6*7))\r")
    await wait_for(pilot, lambda: "\n42" in "\n".join(tab.view.emulator.display()), timeout=10, what="42")


def test_ssh_lists_events_exec_and_quits_quickly(ssh, docker_client, standard_containers, containers) -> None:
    running = standard_containers["running"]
    session = PtySession([], columns=120, rows=40, env=ssh.env())
    try:
        session.wait_for(ssh.url, timeout=15)
        session.wait_for(running.name, timeout=20)
        session.wait_for_pattern(r"\d+/\d+ running", timeout=10)
        # An event, through the ssh-carried stream.
        session.send("4")
        fresh = containers.running(name=f"dtui-test-viassh-{uuid.uuid4().hex[:6]}")
        session.wait_for(fresh.name, timeout=10)
        # An exec shell through the ssh client's socket.
        session.send("1")
        session.send("/")
        session.wait_for("filter:", timeout=5)
        session.send(f"name={running.name}\r")
        session.wait_for("1 shown", timeout=5)
        session.send("e")
        session.wait_for("/ #", timeout=15)
        session.send("echo $((6*7))\r")
        session.wait_for_pattern(r"\n42\s*\n", timeout=10)
        assert ssh_clients(ssh.port), "no ssh client seen: the leftover check below would prove nothing"
        session.send("\x1d")  # ctrl+] leaves the terminal
        session.wait_for("Close tab", timeout=10)  # the shells pane's own keys: out of the terminal
        session.send("q")
        assert session.wait_exit(20) == 0
    finally:
        session.close()
    assert no_ssh_clients_left(ssh.port) == [], "ssh client processes left behind"


def test_ssh_stats_logs_and_pull_stream_and_close(ssh, docker_client, containers, fixture_images, monkeypatch) -> None:
    """The other streams over ssh: each is its own ssh process, and each must close cleanly."""
    monkeypatch.setenv("PATH", ssh.env()["PATH"])
    talker = containers.running(command=["sh", "-c", "echo hello-over-ssh; while :; do sleep 1; done"])
    connection = connect(DaemonTarget(host=ssh.url))
    hub = StatsHub(connection.api, notify=lambda: None)
    follower = LogFollower(connection.api, talker.id, tty=False, notify=lambda: None, tail=100)
    remote = fixture_images.layered_remote
    for reference in (remote, fixture_images.layered):
        docker_client.images.remove(reference)
    try:
        hub.watch([talker.id])
        follower.start()
        job = PullJob(connection.api, parse_reference(remote), notify=lambda: None)
        job.start()
        assert job.join(60), "the pull over ssh did not finish"
        assert job.state.succeeded, job.state.error
        assert len(job.state.layers) == 2 and all(layer.done for layer in job.state.layers.values())
        deadline = time.monotonic() + 10
        samples, lines = [], []
        while time.monotonic() < deadline and not (len(samples) >= 2 and lines):
            samples += hub.samples.take()
            lines += follower.lines.take()
            time.sleep(0.1)
        assert any(line.text == "hello-over-ssh" for line in lines), lines
        assert len(samples) >= 2 and samples[-1].cpu_percent is not None and samples[-1].memory_used > 0
        hub.close()
        follower.close()
        assert follower.ended.wait(20), "the log stream did not end on close over ssh"
        connection.close()
    finally:
        docker_client.images.get(remote).tag(*fixture_images.layered.rsplit(":", 1))
    assert no_ssh_clients_left(ssh.port) == [], "ssh client processes left behind"


async def test_ssh_through_paramiko_when_configured(ssh, standard_containers, monkeypatch) -> None:
    monkeypatch.setenv("HOME", ssh.paramiko_env()["HOME"])
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")  # no ssh wrapper: it must not be used
    app = DockerTUI(DaemonTarget(host=ssh.url), config=Config(ssh_transport="paramiko"))
    running = standard_containers["running"]
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: running.id in table.keys, timeout=15, what="containers over paramiko")
        assert not app.session.target.ssh_client
        await shell_answers(app, pilot, running.id, "an exec shell over paramiko")


@pytest.mark.parametrize("ssh_client", [True, False], ids=["ssh-client", "paramiko"])
def test_ssh_after_a_local_daemon_in_one_process(ssh, docker_host, ssh_client) -> None:
    """docker-py is imported without paramiko for a local daemon (docker_import: it is slow to
    import); an ssh:// daemon later in the same process — a context switch, a :hosts probe —
    still connects and answers, through the ssh client and through paramiko."""
    script = f"""
import sys
from dockertui.engine.connection import connect
from dockertui.engine.target import DaemonTarget
local = connect(DaemonTarget(host={docker_host!r}))
print("paramiko after local:", "paramiko" in sys.modules)
remote = connect(DaemonTarget(host={ssh.url!r}, ssh_client={ssh_client!r}))
print("remote containers:", len(remote.api.containers(all=True)) >= 0, remote.engine.version)
remote.api.close()
"""
    env = ssh.env() if ssh_client else dict(ssh.paramiko_env(), PATH="/usr/local/bin:/usr/bin:/bin")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    local_version = docker.APIClient(base_url=docker_host, version="auto").version()["Version"]
    assert result.stdout.splitlines() == ["paramiko after local: False", f"remote containers: True {local_version}"]


def test_ssh_unknown_host_key_is_explained(ssh, tmp_path) -> None:
    # The same key, but a known_hosts that does not know the server.
    config = tmp_path / "ssh_config"
    config.write_text(
        f"Host 127.0.0.1\n  UserKnownHostsFile {tmp_path / 'empty_known_hosts'}\n"
        f"  IdentityFile {ssh.home / '.ssh' / 'id_ed25519'}\n  IdentitiesOnly yes\n"
        "  StrictHostKeyChecking yes\n"
    )
    (tmp_path / "bin").mkdir()
    wrapper = tmp_path / "bin" / "ssh"
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/ssh -F {config} "$@"\n')
    wrapper.chmod(0o755)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
        with pytest.raises(DaemonUnavailable) as caught:
            connect(DaemonTarget(host=ssh.url), timeout=5)
    assert caught.value.kind == "ssh-host-key"
    assert "known_hosts" in " ".join(caught.value.hints)


def _stranger_key(folder) -> Path:
    key = folder / "stranger"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return key


def test_ssh_refused_key_is_explained(ssh, tmp_path, monkeypatch) -> None:
    key = _stranger_key(tmp_path)
    config = tmp_path / "ssh_config"
    config.write_text(
        f"Host 127.0.0.1\n  UserKnownHostsFile {ssh.home / '.ssh' / 'known_hosts'}\n"
        f"  IdentityFile {key}\n  IdentitiesOnly yes\n"
    )
    (tmp_path / "bin").mkdir()
    wrapper = tmp_path / "bin" / "ssh"
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/ssh -F {config} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    with pytest.raises(DaemonUnavailable) as caught:
        connect(DaemonTarget(host=ssh.url), timeout=5)
    assert caught.value.kind == "ssh-auth", caught.value
    assert "refused authentication" in str(caught.value)


def test_paramiko_failures_are_explained(ssh, tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    target = DaemonTarget(host=ssh.url, ssh_client=False)
    # A key the server accepts, but no known_hosts.
    (home / ".ssh" / "config").write_text(f"Host 127.0.0.1\n  IdentityFile {ssh.home / '.ssh' / 'id_ed25519'}\n")
    with pytest.raises(DaemonUnavailable) as caught:
        connect(target, timeout=5)
    assert caught.value.kind == "ssh-host-key" and "known_hosts" in str(caught.value), caught.value
    # The host is known, but the key is not one the server accepts.
    (home / ".ssh" / "known_hosts").write_text((ssh.home / ".ssh" / "known_hosts").read_text())
    (home / ".ssh" / "config").write_text(f"Host 127.0.0.1\n  IdentityFile {_stranger_key(tmp_path)}\n")
    with pytest.raises(DaemonUnavailable) as caught:
        connect(target, timeout=5)
    assert caught.value.kind == "ssh-auth", caught.value
    assert 'transport = "client"' in " ".join(caught.value.hints)


def test_tls_with_docker_tls_verify(second, monkeypatch) -> None:
    certs = second.client_certs["ca"].parent
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")  # must not break it
    monkeypatch.setenv("CURL_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    environ = {
        "DOCKER_HOST": second.tls_url,
        "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": str(certs),
        "DOCKER_CONFIG": str(certs),
    }
    target = resolve_target(environ=environ)
    connection = connect(target)
    try:
        names = [c["Names"][0].lstrip("/") for c in connection.api.containers(all=True)]
        assert second.container.name in names
        events = connection.api.events(decode=True, since=0, until=int(time.time()) + 1)
        assert any(e.get("Type") == "container" for e in events)
    finally:
        connection.close()
    # Without the client certificate the daemon refuses, and we say it is TLS.
    with pytest.raises(DaemonUnavailable) as caught:
        connect(DaemonTarget(host=second.tls_url, tls=None), timeout=5)
    assert caught.value.kind in ("protocol", "other", "refused", "tls")


async def test_switching_contexts_in_app(second, docker_host, standard_containers, tmp_path, monkeypatch) -> None:
    certs = second.client_certs
    config = tmp_path / "docker-config"
    env = dict(os.environ, DOCKER_CONFIG=str(config), HOME=str(tmp_path))
    env.pop("DOCKER_HOST", None)
    for name, host in (
        ("main", f"host={docker_host}"),
        ("second", f"host={second.tls_url},ca={certs['ca']},cert={certs['cert']},key={certs['key']}"),
    ):
        subprocess.run(
            ["docker", "context", "create", name, "--docker", host], env=env, check=True, capture_output=True
        )
    subprocess.run(["docker", "context", "use", "main"], env=env, check=True, capture_output=True)
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    target = resolve_target()
    assert target.context == "main"
    app = DockerTUI(target)
    running = standard_containers["running"]
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: running.id in table.keys, timeout=10, what="main's containers")
        await pilot.press("ctrl+x")
        picker = app.screen
        assert isinstance(picker, ContextPicker)
        options = picker.query_one("#contexts-list")
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == ["default", "main", "second"]
        options.highlighted = 2
        await pilot.press("enter")
        await wait_for(pilot, lambda: second.container.id in table.keys, timeout=15, what="second's containers")
        assert running.id not in table.keys
        # A shell open on main: switching asks first, and "n" keeps everything.
        await pilot.press("colon")
        app.screen.query_one("#command-line-input").value = "ctx main"
        await pilot.press("enter")
        await wait_for(pilot, lambda: running.id in table.keys, timeout=15, what="main again")
        table.select_key(running.id)
        table.focus()
        await pilot.press("e")
        await wait_for(
            pilot,
            lambda: app.query(ShellTab) and app.query(ShellTab).last().session is not None,
            timeout=15,
            what="a shell on main",
        )
        await pilot.press("ctrl+right_square_bracket", "ctrl+x")
        assert isinstance(app.screen, ContextPicker)
        app.screen.query_one("#contexts-list").highlighted = 2
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        assert "1 open shell" in str(app.screen.query_one("#confirm-body").render())
        await pilot.press("n")
        await pilot.pause(0.3)
        assert app.target.context == "main" and len(app.query(ShellTab)) == 1 and running.id in table.keys
        await pilot.press("colon")
        app.screen.query_one("#command-line-input").value = "ctx second"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question again")
        await pilot.press("y")
        await wait_for(pilot, lambda: second.container.id in table.keys, timeout=15, what="second's containers")
        assert len(app.query(ShellTab)) == 0
        assert running.id not in table.keys
        bar = app.query_one("EngineBar")
        assert bar.endpoint_text == f"second ({second.tls_url})"
        assert app.target.context == "second"
        # And back with :ctx main.
        await pilot.press("colon")
        app.screen.query_one("#command-line-input").value = "ctx main"
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: running.id in table.keys and second.container.id not in table.keys,
            timeout=15,
            what="main again",
        )


async def test_podman_lists_and_execs(podman) -> None:
    app = DockerTUI(DaemonTarget(host=podman.url))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one("#containers")
        await wait_for(
            pilot,
            # (listed by the first look before the session is there: wait for both)
            lambda: app.session is not None and any(c.name == podman.container_name for c in pane.items.values()),
            timeout=15,
            what="the podman container listed",
        )
        assert app.session.engine.product == "Podman"
        assert "Podman" in app.query_one("EngineBar").engine_text
        container_id = next(key for key, c in pane.items.items() if c.name == podman.container_name)
        assert pane.items[container_id].state == "running"
        await shell_answers(app, pilot, container_id, "a podman exec shell")
        # CPU % from Podman's stats stream (its precpu may be empty: two samples are compared).
        hub = StatsHub(app.session.connection.api, notify=lambda: None)
        try:
            hub.watch([container_id])
            samples = []
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not any(s.cpu_percent is not None for s in samples):
                samples += hub.samples.take()
                await pilot.pause(0.2)
            assert any(s.cpu_percent is not None for s in samples), samples
            assert samples[-1].memory_used > 0
        finally:
            hub.close()
        # Podman's event stream drives the list too: a container stopped outside shows as exited.
        stopped = podman.podman("stop", "-t", "1", podman.container_name)
        assert stopped.returncode == 0, stopped.stderr
        await wait_for(
            pilot,
            lambda: pane.items[container_id].state == "exited",
            timeout=15,
            what="the stop seen through Podman's events",
        )
        await pilot.press("4")
        log = app.query_one("#events").buffer
        assert any(
            e.actor_id.startswith(container_id[:12]) or container_id.startswith(e.actor_id)
            for e in log
            if e.type == "container"
        ), [(e.type, e.action) for e in log]


def test_podman_pull_progress_ends_in_success(podman, fixture_images) -> None:
    """Podman's pull stream ends without docker's "Status: Downloaded newer image" line."""
    connection = connect(DaemonTarget(host=podman.url))

    def pull(reference: str) -> PullJob:
        job = PullJob(connection.api, parse_reference(reference), notify=lambda: None)
        job.start()
        assert job.join(60), "the pull did not end"
        return job

    try:
        job = pull(fixture_images.layered_remote)
        assert job.state.succeeded, (job.state.status, job.state.error)
        assert job.state.layers and all(layer.done for layer in job.state.layers.values()), job.state.layers
        again = pull(fixture_images.layered_remote)  # already there
        assert again.state.succeeded, (again.state.status, again.state.error)
        missing = pull(fixture_images.layered_remote.rsplit(":", 1)[0] + ":no-such-tag")
        assert not missing.state.succeeded and missing.state.error, missing.state
    finally:
        podman.podman("rmi", "-f", fixture_images.layered_remote)
        connection.api.close()
