"""A whole dialog typed in one write to the terminal, against the real daemon: the key that
opens the run form or the pull prompt, then the fields, tabs and enter, as a paste or a
fast typist over ssh delivers them. Every key must land where it was meant, whatever the
app's latency (see dockertui/ui/type_ahead.py)."""

from __future__ import annotations

import random
import socket
import time

import docker
import pytest

from tests.support.pty_session import PtySession

#: Letters no key of the images list acts on: were they to reach the list (the bug), they do nothing.
INERT = "bfhmnuvwxz"


@pytest.fixture
def session(docker_host, fixture_images):
    """The real app at 120x40 on the images pane, the busybox fixture under the cursor."""
    pty = PtySession(["--host", docker_host], columns=120, rows=40)
    try:
        pty.wait_for_pattern(r"\d+/\d+ running", timeout=30)
        pty.send("2")
        pty.wait_for("Repository:Tag", timeout=30)
        pty.send(f"/{fixture_images.busybox}\r")
        pty.wait_for(f"filter {fixture_images.busybox}", timeout=30)
        pty.wait_for_pattern(r"\b1 shown", timeout=30)
        yield pty
    finally:
        pty.close()


def wait_for_container(client: docker.DockerClient, name: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return client.containers.get(name)
        except docker.errors.NotFound:
            time.sleep(0.1)
    raise AssertionError(f"no container {name} after {timeout} s")


def test_a_whole_run_form_in_one_write_creates_exactly_that_container(session, docker_client, fixture_images) -> None:
    """``r``, name, tab, command, tab, ports, tab, tab, env, tab × 4, space (--rm), ctrl+r:
    the name field got everything ("ux-webhttpd -f -p 8018200:80" is not a valid name), or
    the list behind the form got the keys."""
    name = "tuitest-" + "".join(random.choice(INERT) for _ in range(10))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    keys = "\t".join(
        [
            "r" + name,
            "tail -f /dev/null",
            f"127.0.0.1:{port}:80",
            "",  # volumes
            "GREETING=hi",
            "",  # restart policy
            "",  # retries
            " ",  # --rm on
        ]
    )
    try:
        session.send(keys + "\x12")  # ctrl+r runs
        container = wait_for_container(docker_client, name)
        attrs = container.attrs
        assert attrs["Name"] == f"/{name}"
        assert attrs["Config"]["Image"] == fixture_images.busybox
        assert attrs["Config"]["Cmd"] == ["tail", "-f", "/dev/null"]
        assert attrs["HostConfig"]["PortBindings"] == {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(port)}]}
        assert "GREETING=hi" in attrs["Config"]["Env"]
        assert attrs["HostConfig"]["AutoRemove"] is True
        assert attrs["Config"]["Tty"] is False and attrs["Mounts"] == []
        # The form closed, and the new container is shown in the containers pane.
        session.wait_until_gone("Run dockertui-test", timeout=30)
        session.wait_for(name, timeout=30)
    finally:
        try:
            docker_client.api.remove_container(name, force=True, v=True)
        except docker.errors.NotFound:
            pass


def test_a_pull_typed_in_one_write_pulls_that_reference(session, fixture_images) -> None:
    """``p``, a reference and enter: the reference replaces the prefilled one and its pull starts."""
    reference = fixture_images.layered_remote.replace(
        ":latest", ":no-such-tag-" + "".join(random.choice(INERT) for _ in range(8))
    )
    session.send(f"p{reference}\r")
    # The prompt closed; the pulls view shows that pull, and the registry's answer to it.
    session.wait_for("manifest unknown", timeout=60)
    session.wait_until_gone("Pull an image", timeout=30)
    assert reference in session.text()


def test_a_volume_create_typed_in_one_write_creates_exactly_that_volume(docker_host, docker_client) -> None:
    """``C``, a name with digits, tab, tab, labels, enter. Before, the name's letters reached the
    pane behind the dialog and its digits switched panes (a hostile trial saw ``s`` stop a
    container and ``d``…``y`` remove one), and a fast tab was lost (the labels went to Driver)."""
    name = "tuitest-vol-7" + "".join(random.choice(INERT) for _ in range(8)) + "31"
    pty = PtySession(["--host", docker_host], columns=120, rows=40)
    try:
        pty.wait_for_pattern(r"\d+/\d+ running", timeout=30)
        pty.send("6")
        pty.wait_for("MOUNTPOINT", timeout=30)
        pty.send(f"C{name}\t\towner=tuitest tier=7\r")
        volume = None
        deadline = time.monotonic() + 60
        while volume is None and time.monotonic() < deadline:
            try:
                volume = docker_client.volumes.get(name)
            except docker.errors.NotFound:
                time.sleep(0.1)
        assert volume is not None, f"no volume {name}: {pty.text()}"
        try:
            assert volume.attrs["Driver"] == "local"
            assert volume.attrs["Labels"] == {"owner": "tuitest", "tier": "7"}
            pty.wait_for(f"Created volume {name}", timeout=30)
            assert "MOUNTPOINT" in pty.text(), "a digit of the name switched panes"
        finally:
            volume.remove()
    finally:
        pty.close()
