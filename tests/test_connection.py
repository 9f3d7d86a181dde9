"""Connecting to real daemons and to real broken addresses: every failure becomes one clear line."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockertui.engine.connection import connect
from dockertui.engine.target import DaemonTarget, TLSSettings
from dockertui.engine.unavailable import DaemonUnavailable

ROOT = Path(__file__).resolve().parent.parent


def failure(target: DaemonTarget, timeout: float = 5.0) -> DaemonUnavailable:
    with pytest.raises(DaemonUnavailable) as caught:
        connect(target, timeout=timeout)
    error = caught.value
    assert "\n" not in error.reason and "Traceback" not in error.reason
    assert error.hints
    return error


@pytest.fixture
def http_server() -> Iterator[int]:
    """Something that speaks HTTP but is not a Docker daemon."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener.getsockname()[1]
    listener.close()


def test_real_daemon_reports_its_version(docker_client, docker_host) -> None:
    connection = connect(DaemonTarget(host=docker_host))
    try:
        expected = docker_client.version()
        assert connection.engine.version == expected["Version"]
        assert connection.engine.api_version == expected["ApiVersion"]
        assert connection.api.api_version == expected["ApiVersion"]
        assert connection.api.ping()
    finally:
        connection.close()


def test_missing_socket() -> None:
    error = failure(DaemonTarget(host="unix:///nonexistent.sock", source="--host"))
    assert error.kind == "missing"
    assert "/nonexistent.sock" in error.reason
    assert any("dockerd" in hint for hint in error.hints)


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = failure(DaemonTarget(host=f"tcp://127.0.0.1:{port}"))
    assert error.kind == "refused"
    assert f"127.0.0.1:{port}" in error.reason


def test_not_a_docker_daemon(http_server: int) -> None:
    error = failure(DaemonTarget(host=f"tcp://127.0.0.1:{http_server}"))
    assert error.kind == "protocol"
    assert "not like a Docker daemon" in error.reason


def test_no_answer_times_out(silent_server: int) -> None:
    error = failure(DaemonTarget(host=f"tcp://127.0.0.1:{silent_server}"), timeout=0.5)
    assert error.kind == "timeout"


def test_tls_against_plain_http(http_server: int) -> None:
    error = failure(DaemonTarget(host=f"tcp://127.0.0.1:{http_server}", tls=TLSSettings(verify=False)))
    assert error.kind == "tls"


def test_unknown_host_name() -> None:
    error = failure(DaemonTarget(host="tcp://no-such-host.invalid:2375"))
    assert error.kind == "dns"


SETPRIV = shutil.which("setpriv")


@pytest.mark.skipif(os.geteuid() != 0 or SETPRIV is None, reason="needs root and util-linux setpriv")
def test_permission_denied_on_the_socket(tmp_path: Path) -> None:
    """A real EACCES: a socket owned by `nobody` with mode 0600, connected to by a client
    that has dropped the capability to override file permissions (like a non-root user)."""
    path = tmp_path / "docker.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.listen(1)
    os.chown(path, 65534, 65534)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    code = (
        "from dockertui.engine.connection import connect\n"
        "from dockertui.engine.target import DaemonTarget\n"
        "from dockertui.engine.unavailable import DaemonUnavailable\n"
        f"try: connect(DaemonTarget(host='unix://{path}'))\n"
        "except DaemonUnavailable as e: print(e.kind, '|', e.reason, '|', e.hints[0])\n"
    )
    try:
        result = subprocess.run(
            [
                SETPRIV,
                "--inh-caps=-dac_override,-dac_read_search",
                "--bounding-set=-dac_override,-dac_read_search",
                sys.executable,
                "-c",
                code,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    finally:
        listener.close()
    assert result.returncode == 0, result.stderr
    kind, reason, hint = (part.strip() for part in result.stdout.split("|"))
    assert kind == "permission"
    assert str(path) in reason
    assert "docker group" in hint


def test_address_docker_py_cannot_parse() -> None:
    """resolve_target refuses most bad addresses; what slips through still reads clearly."""
    error = failure(DaemonTarget(host="tcp://host"))
    assert error.kind == "address"
    assert error.reason.startswith("invalid daemon address:")
