"""Issue 17: `:hosts` — every docker context at a glance, probed in the background.

Against real engines: the shared test daemon, a private one-node swarm (its own dockerd
in a network namespace of its own), a socket where nothing listens, one we can take away
while the view is open, and a TCP port that accepts and never answers. The rows must say
what the docker CLI says of each host, a host that goes down must show it within a
refresh, a probe that hangs must never hold up the keys, ``enter`` switches the app,
and no text from a context or a daemon reaches the terminal raw.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from dockertui.engine.host_probe import HostProbe, probe_host
from dockertui.engine.target import DaemonTarget, resolve_context, resolve_target
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens import hosts as hosts_module
from dockertui.ui.screens.hosts import HostsScreen
from tests.support.hostile import BIDI, PAYLOAD, TITLE, audit, clipboard_writes, titles
from tests.support.hostile_daemon import HostileDaemon
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pilot import bar_text, wait_for
from tests.support.pty_session import PtySession
from tests.support.remote_endpoints import SshEndpoint, no_ssh_clients_left, ssh_clients
from tests.support.socket_proxy import UnixSocketProxy
from tests.support.swarm_daemon import SwarmDaemon

WAIT = 60.0


@pytest.fixture(scope="module")
def swarm(tmp_path_factory) -> SwarmDaemon:
    daemon = SwarmDaemon("swarm-hosts", tmp_path_factory.mktemp("swarm-hosts"))
    try:
        daemon.start()
        yield daemon
    finally:
        daemon.stop()


class SilentPort:
    """A TCP port that accepts every connection and never answers (a hung daemon)."""

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._held: list[socket.socket] = []
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self._held.append(connection)

    def stop(self) -> None:
        self._stopped = True
        self._listener.close()
        for connection in self._held:
            connection.close()


def create_context(name: str, host: str, description: str = "") -> None:
    """With the docker CLI, in the test's own DOCKER_CONFIG (conftest's autouse fixture)."""
    args = ["docker", "context", "create", name, "--docker", f"host={host}"]
    if description:
        args += ["--description", description]
    subprocess.run(args, check=True, capture_output=True, env=os.environ.copy())


def write_context(name: str, host: str, description: str) -> None:
    folder = Path(os.environ["DOCKER_CONFIG"]) / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
    folder.mkdir(parents=True)
    meta = {"Name": name, "Metadata": {"Description": description}, "Endpoints": {"docker": {"Host": host}}}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def docker_info(host: str) -> tuple[int, int, int, str]:
    """(running, total containers, images, swarm state) as the docker CLI says."""
    out = subprocess.run(
        [
            "docker",
            "-H",
            host,
            "info",
            "--format",
            "{{.ContainersRunning}} {{.Containers}} {{.Images}} {{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[0]), int(out[1]), int(out[2]), out[3] + ("/manager" if out[4] == "true" else "")


def docker_ps_counts(host: str) -> tuple[int, int]:
    """(running, total) counted from `docker ps`."""

    def count(*args: str) -> int:
        out = subprocess.run(["docker", "-H", host, "ps", "-q", *args], check=True, capture_output=True, text=True)
        return len(out.stdout.split())

    return count("--filter", "status=running"), count("-a")


def cell_texts(screen: HostsScreen, key: str) -> list[str]:
    return [getattr(cell, "plain", str(cell)) for cell in screen.cells(key)]


def column(screen: HostsScreen, key: str, name: str) -> str:
    index = [c.key for c in hosts_module.COLUMNS].index(name)
    return cell_texts(screen, key)[index]


async def open_hosts(pilot) -> HostsScreen:
    app = pilot.app
    await wait_for(pilot, lambda: app.session is not None, timeout=WAIT, what="the app connected")
    await pilot.press("colon")
    app.screen.query_one("#command-line-input").value = "hosts"
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, HostsScreen), what="the hosts view")
    return app.screen


def shows_what_the_cli_says(screen: HostsScreen, key: str, host: str) -> bool:
    """The row equals `docker info` and `docker ps` read now (counts may move meanwhile on
    the shared daemon: the caller waits until one reading agrees)."""
    probe = screen.probes.get(key)
    if probe is None or probe.facts is None:
        return False
    running, total, images, _ = docker_info(host)
    ps_running, ps_total = docker_ps_counts(host)
    return (
        column(screen, key, "containers") == f"{running}/{total}"
        and (running, total) == (ps_running, ps_total)
        and column(screen, key, "images") == str(images)
    )


# -- the engine's probe ------------------------------------------------------------------------


def test_a_probe_reads_version_and_info_and_says_why_not(swarm: SwarmDaemon, docker_host, tmp_path) -> None:
    found = probe_host(DaemonTarget(host=swarm.url))
    assert found.reachable and found.facts is not None and found.engine is not None
    running, total, images, state = docker_info(swarm.url)
    assert (found.facts.running, found.facts.containers, found.facts.images) == (running, total, images)
    assert state == "active/manager" and found.facts.swarm.text == "manager"
    assert (
        found.engine.api_version
        == subprocess.run(
            ["docker", "-H", swarm.url, "version", "--format", "{{.Server.APIVersion}}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    shared = probe_host(DaemonTarget(host=docker_host))
    assert shared.facts is not None and shared.facts.swarm.text == "not in a swarm"
    missing = probe_host(DaemonTarget(host=f"unix://{tmp_path}/nothing.sock"))
    assert not missing.reachable and "no daemon socket" in missing.reason
    silent = SilentPort()
    try:
        hung = probe_host(DaemonTarget(host=f"tcp://127.0.0.1:{silent.port}"), timeout=1.0)
    finally:
        silent.stop()
    assert not hung.reachable and "in time" in hung.reason


# -- the view ---------------------------------------------------------------------------------


async def test_every_host_at_a_glance_and_enter_switches(swarm: SwarmDaemon, docker_host, tmp_path) -> None:
    name = f"dtui-test-hosts-{RUN_ID}"
    swarm.docker("run", "-d", "--name", name, "--label", f"{TEST_LABEL}={RUN_ID}", swarm.image, "sleep", "3600")
    swarm.docker("create", "--name", f"{name}-stopped", "--label", f"{TEST_LABEL}={RUN_ID}", swarm.image)
    try:
        create_context("shared", docker_host, "the shared test daemon")
        create_context("swarm", swarm.url, "a one-node swarm")
        create_context("down", f"unix://{tmp_path}/nothing-here.sock")
        app = DockerTUI(resolve_target())
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_hosts(pilot)
            assert list(screen.entries) == ["ctx:default", "ctx:down", "ctx:shared", "ctx:swarm"]
            await wait_for(pilot, lambda: len(screen.probes) == 4, timeout=WAIT, what="every host probed")
            # The current host is marked: the app was started with DOCKER_HOST (the default context).
            assert column(screen, "ctx:default", "current") == "●"
            assert column(screen, "ctx:shared", "current") == ""
            # The shared daemon and the swarm, as the CLI sees them.
            await wait_for(
                pilot,
                lambda: shows_what_the_cli_says(screen, "ctx:shared", docker_host),
                timeout=WAIT,
                what="the shared row to agree with docker info",
            )
            await wait_for(
                pilot,
                lambda: shows_what_the_cli_says(screen, "ctx:swarm", swarm.url),
                timeout=WAIT,
                what="the swarm row to agree with docker info",
            )
            assert column(screen, "ctx:swarm", "containers") == "1/2"
            assert column(screen, "ctx:shared", "swarm") == "not in a swarm"
            assert column(screen, "ctx:swarm", "swarm") == "manager"
            for key in ("ctx:shared", "ctx:swarm"):
                assert column(screen, key, "state") == "reachable"
                assert column(screen, key, "engine").startswith("Docker ")
                assert column(screen, key, "api") == "1.41"
                assert column(screen, key, "cpus") == str(os.cpu_count())
            # The unreachable one says why, in its row and under the table.
            assert column(screen, "ctx:down", "state") == "unreachable"
            down = str(screen.query_one("#hosts-down").render())
            assert f"down: no daemon socket at {tmp_path}/nothing-here.sock" in down
            # enter on the swarm: the app switches to it.
            screen.table.select_key("ctx:swarm")
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.target.context == "swarm", timeout=WAIT, what="the switch")
            assert not isinstance(app.screen, HostsScreen)
            table = app.containers_pane.table
            swarm_ids = set(swarm.docker("ps", "-aq", "--no-trunc").stdout.split())
            await wait_for(
                pilot, lambda: swarm_ids and set(table.keys) == swarm_ids, timeout=WAIT, what="the swarm's containers"
            )
            assert bar_text(app, "endpoint").startswith("swarm")
            # Open again: the swarm is the current one now.
            screen = await open_hosts(pilot)
            await wait_for(pilot, lambda: "ctx:swarm" in screen.probes, timeout=WAIT, what="a probe")
            assert column(screen, "ctx:swarm", "current") == "●"
            assert column(screen, "ctx:default", "current") == ""
            assert screen.table.cursor_key == "ctx:swarm"
    finally:
        swarm.docker("rm", "-f", name, f"{name}-stopped", check=False)


async def test_a_host_that_goes_down_shows_it_and_a_hung_one_never_holds_the_keys(docker_host, tmp_path) -> None:
    if not docker_host.startswith("unix://"):
        pytest.skip("the proxy fronts a unix socket")
    proxy = UnixSocketProxy(str(tmp_path / "flaky.sock"), docker_host[len("unix://") :])
    proxy.start()
    silent = SilentPort()
    try:
        create_context("flaky", proxy.url)
        create_context("hung", f"tcp://127.0.0.1:{silent.port}")
        app = DockerTUI(resolve_target())
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_hosts(pilot)
            await wait_for(
                pilot,
                lambda: column(screen, "ctx:flaky", "state") == "reachable",
                timeout=WAIT,
                what="the flaky host reachable",
            )
            # While the hung host's probe waits, the keys still work.
            await wait_for(pilot, lambda: screen.prober.busy("ctx:hung"), timeout=WAIT, what="a probe hanging")
            before = screen.table.cursor_key
            keys = screen.table.keys
            await pilot.press("G")
            assert screen.prober.busy("ctx:hung"), "the probe was still hanging"
            assert screen.table.cursor_key == keys[-1] != before
            await pilot.press("g")
            assert screen.table.cursor_key == keys[0]
            # The hung one ends as unreachable, with the reason.
            await wait_for(
                pilot, lambda: column(screen, "ctx:hung", "state") == "unreachable", timeout=WAIT, what="timed out"
            )
            assert "no answer" in screen.probes["ctx:hung"].reason
            # The flaky host goes down: shown within a refresh (its probe is refused at once).
            proxy.stop()
            gone = time.monotonic()
            await wait_for(
                pilot,
                lambda: column(screen, "ctx:flaky", "state") == "unreachable",
                timeout=WAIT,
                what="the flaky host shown down",
            )
            taken = time.monotonic() - gone
            assert "no daemon socket" in screen.probes["ctx:flaky"].reason
            # And back.
            proxy.start()
            await wait_for(
                pilot,
                lambda: column(screen, "ctx:flaky", "state") == "reachable",
                timeout=WAIT,
                what="the flaky host back",
            )
            # Nothing is probed while the view is closed.
            await pilot.press("escape")
            started: list[str] = []
            original = hosts_module.probe_host

            def counting(target: DaemonTarget) -> HostProbe:
                started.append(target.host)
                return original(target)

            hosts_module.probe_host = counting
            try:
                await pilot.pause(hosts_module.REFRESH * 1.5)
                assert started == []
            finally:
                hosts_module.probe_host = original
        print(f"down shown after {taken:.1f} s (refresh every {hosts_module.REFRESH} s)")
    finally:
        silent.stop()
        proxy.stop()


async def test_the_address_the_app_started_with_is_listed_when_no_context_has_it(docker_host, tmp_path) -> None:
    """--host X, X in no context: a row of its own (current), kept after switching away,
    and enter on it switches back."""
    if not docker_host.startswith("unix://"):
        pytest.skip("the proxy fronts a unix socket")
    proxy = UnixSocketProxy(str(tmp_path / "other.sock"), docker_host[len("unix://") :])
    proxy.start()
    try:
        create_context("shared", docker_host)
        app = DockerTUI(resolve_target(host=proxy.url))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_hosts(pilot)
            key = f"addr:{proxy.url}"
            assert list(screen.entries) == ["ctx:default", "ctx:shared", key]
            await wait_for(pilot, lambda: key in screen.probes, timeout=WAIT, what="the address probed")
            assert column(screen, key, "current") == "●" and column(screen, "ctx:default", "current") == ""
            screen.table.select_key("ctx:shared")
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.target.context == "shared", timeout=WAIT, what="the switch")
            screen = await open_hosts(pilot)
            assert key in screen.entries
            screen.table.select_key(key)
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.target.host == proxy.url, timeout=WAIT, what="the switch back")
            await wait_for(pilot, lambda: app.session is not None, timeout=WAIT, what="connected again")
        # Switched away with :ctx before :hosts was ever opened: the address is still offered.
        app = DockerTUI(resolve_target(host=proxy.url))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: app.session is not None, timeout=WAIT, what="connected")
            await pilot.press("colon")
            app.screen.query_one("#command-line-input").value = "ctx shared"
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.target.context == "shared", timeout=WAIT, what="the switch")
            screen = await open_hosts(pilot)
            assert list(screen.entries) == ["ctx:default", "ctx:shared", key]
            await wait_for(pilot, lambda: len(screen.probes) == 3, timeout=WAIT, what="every host probed")
            assert column(screen, "ctx:shared", "current") == "●" and column(screen, key, "current") == ""
            assert column(screen, key, "state") == "reachable"
    finally:
        proxy.stop()


# -- hostile text ------------------------------------------------------------------------------


def _hostile_info(path: str, status: int, document):
    if path == "/info" and isinstance(document, dict):
        document["Name"] = f"host{TITLE}{PAYLOAD}"
        document["OperatingSystem"] = f"os{BIDI}{TITLE}"
        document["Swarm"] = {"LocalNodeState": f"weird{TITLE}", "Error": PAYLOAD}
    if path == "/version" and isinstance(document, dict):
        document["Version"] = f"{document.get('Version')}{TITLE}"
    return document


def test_hostile_contexts_and_daemons_never_reach_the_terminal(docker_host, tmp_path) -> None:
    if not docker_host.startswith("unix://"):
        pytest.skip("the hostile daemon fronts a unix socket")
    daemon = HostileDaemon(str(tmp_path / "hostile.sock"), docker_host[len("unix://") :], _hostile_info).start()
    try:
        # The docker CLI refuses such names: written as the CLI would store them. A name with
        # controls is listed in its visible form, which no context has (so it is not probed).
        write_context(f"evil{TITLE}", daemon.url, PAYLOAD)
        write_context("hostile", daemon.url, f"described{TITLE}{BIDI}\x1b]52;c;UFdORUQ=\x07")
        session = PtySession(["--host", docker_host], env={**os.environ})
        try:
            session.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
            session.send(":")
            time.sleep(0.5)
            session.send("hosts")
            time.sleep(0.3)
            session.send("\r")
            session.wait_for("Hosts:", timeout=WAIT)
            session.wait_for("evil␛]0;PWNED-TITLE␇", timeout=WAIT)
            session.wait_for("weird␛]0;PWNE", timeout=WAIT)  # the swarm state, in its row (clipped)
            session.send("j")  # the context with controls in its name: its details
            session.wait_for("does not exist", timeout=WAIT)
            time.sleep(0.3)
            session.send("j")  # the hostile daemon's: its details
            session.wait_for("host␛]0;PWNED-TITLE␇", timeout=WAIT)
            session.wait_for("described␛]0;PWNED-TITLE␇", timeout=WAIT)
            session.wait_for("Swarm       weird␛]0;PWNED-TITLE␇", timeout=WAIT)
            session.send("q")
            assert session.wait_exit(WAIT) == 0, session.text()
            raw = session.raw_output()
            assert b"\x1b]0;" not in raw and b"\x1b]52;" not in raw
            assert audit(raw, ()) == []
            assert titles(raw) == [] and clipboard_writes(raw) == []
        finally:
            session.close()
    finally:
        daemon.stop()


# -- an ssh context ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ssh(tmp_path_factory, docker_host):
    if os.geteuid() != 0:
        pytest.skip("starts sshd: needs root")
    if not docker_host.startswith("unix://"):
        pytest.skip("the sshd relays to a unix-socket daemon")
    endpoint = SshEndpoint(tmp_path_factory.mktemp("ssh-hosts"), docker_host).start()
    yield endpoint
    endpoint.stop()


def test_an_ssh_context_is_probed_through_the_users_ssh_and_leaves_no_process(ssh, docker_host, monkeypatch) -> None:
    monkeypatch.setenv("PATH", ssh.env()["PATH"])  # the ssh wrapper with the endpoint's keys
    create_context("over-ssh", ssh.url, "the shared daemon, through sshd")
    found = probe_host(resolve_context("over-ssh", "a test"))
    assert found.reachable and found.facts is not None, found.reason
    assert found.facts.swarm.text == "not in a swarm"
    assert (
        found.engine is not None
        and found.engine.api_version == probe_host(DaemonTarget(host=docker_host)).engine.api_version
    )
    assert no_ssh_clients_left(ssh.port) == [], "the probe left its ssh process behind"
    # A host key nobody accepted: unreachable, in the diagnosis' words, and nothing accepted.
    monkeypatch.setenv("PATH", os.environ["PATH"].split(":", 1)[1])  # the plain ssh: no known_hosts entry
    refused = probe_host(resolve_context("over-ssh", "a test"))
    assert not refused.reachable and "host key" in refused.reason.lower(), refused.reason
    assert no_ssh_clients_left(ssh.port) == []


# -- an ssh host that accepts and never answers -------------------------------------------------


def test_an_ssh_host_that_never_answers_leaves_no_ssh_process(docker_host) -> None:
    """``ssh`` waits for the banner of a host that accepted the connection for ever: the
    probe ends its process at the timeout, closing the prober ends those still connecting,
    and so does the app's way out (a process orphaned by quitting, in the hostile trial)."""
    from dockertui.engine.host_probe import HostProber
    from dockertui.engine.ssh_processes import end_all

    silent = SilentPort()
    target = DaemonTarget(host=f"ssh://nobody@127.0.0.1:{silent.port}", ssh_client=True)
    try:
        hung = probe_host(target, timeout=1.0)
        assert not hung.reachable and hung.reason
        assert no_ssh_clients_left(silent.port) == [], "the probe left its ssh process behind"

        delivered: list[object] = []
        prober = HostProber(lambda key, probe: delivered.append(probe), probe=lambda t: probe_host(t, timeout=600))
        prober.probe("hung", target)
        deadline = time.monotonic() + 30
        while not ssh_clients(silent.port) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ssh_clients(silent.port), "the probe started no ssh"
        prober.close()  # the view closed: its probe's ssh goes with it
        assert no_ssh_clients_left(silent.port) == []

        # The app's way out ends what is still connecting (the daemon link's, a probe's).
        thread = threading.Thread(target=probe_host, args=(target, 600), daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not ssh_clients(silent.port) and time.monotonic() < deadline:
            time.sleep(0.05)
        end_all()
        assert no_ssh_clients_left(silent.port) == []
        thread.join(30)
        assert not thread.is_alive(), "the probe stayed blocked after its ssh ended"
    finally:
        silent.stop()
