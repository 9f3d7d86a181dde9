#!/usr/bin/env python3
"""Bring up (and later tear down) the real Docker engine and registry the tests use.

    scripts/testenv.py up      # prints `export …` lines for the shell to eval
    scripts/testenv.py down    # stops exactly what `up` started
    scripts/testenv.py status  # what is recorded as started

`up` uses a reachable daemon if there is one (DOCKER_HOST, else the default
socket). Otherwise, as root on Debian/Ubuntu, it installs docker.io,
docker-registry and busybox-static when missing and starts a private dockerd: its
own data-root, exec-root, pidfile and socket, so it never starts or touches the
user's containers. When another dockerd already runs, the private one also gets
its own bridge and leaves iptables alone (never `--bridge=none`: that deletes the
shared docker0). A registry without auth is started on 127.0.0.1:5000 unless one
already answers there. Standard library only: it runs before the venv exists.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

STATE_DIR = Path(os.environ.get("DOCKERTUI_TEST_STATE", "/var/tmp/dockertui-test"))
STATE_FILE = STATE_DIR / "started.json"
RUN_DIR = Path("/run/dockertui-test")
DATA_ROOT = STATE_DIR / "docker"
PRIVATE_SOCKET = RUN_DIR / "docker.sock"
PRIVATE_PIDFILE = RUN_DIR / "docker.pid"
DEFAULT_HOST = "unix:///var/run/docker.sock"
BRIDGE = "dtui-br0"
BRIDGE_CIDR = "10.231.253.1/24"
REGISTRY_ADDR = os.environ.get("DOCKERTUI_TEST_REGISTRY", "127.0.0.1:5000")
PACKAGES = {
    "dockerd": "docker.io",
    "docker-registry": "docker-registry",
    "busybox": "busybox-static",
    # Remote-daemon tests: an sshd on loopback, and Podman's Docker-compatible service.
    "sshd": "openssh-server",
    "ssh": "openssh-client",
    "podman": "podman",
    "openssl": "openssl",
    # Compose projects (issue 16): the tests bring projects up as a user would.
    "docker-compose": "docker-compose",
    # Swarm tests (issue 17): a private dockerd in a network namespace of its own.
    "ip": "iproute2",
    "nsenter": "util-linux",
}
READY_TIMEOUT = 90.0


def log(message: str) -> None:
    print(f"testenv: {message}", file=sys.stderr, flush=True)


def fail(message: str) -> None:
    log(f"error: {message}")
    raise SystemExit(1)


# -- probes ---------------------------------------------------------------------------


def ping_daemon(host: str, timeout: float = 2.0) -> bool:
    """True when `host` answers GET /_ping with 200 (plain unix or tcp only)."""
    try:
        if host.startswith("unix://"):
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(timeout)
            conn.connect(host[len("unix://") :])
        elif host.startswith("tcp://"):
            address = host[len("tcp://") :].rstrip("/")
            name, _, port = address.rpartition(":")
            conn = socket.create_connection((name, int(port)), timeout=timeout)
        else:
            return False
        with conn:
            conn.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            answer = conn.recv(64)
        return answer.split(b"\r\n", 1)[0].split(b" ")[1:2] == [b"200"]
    except (OSError, ValueError, IndexError):
        return False


def registry_answer(address: str) -> int | None:
    """HTTP status of GET /v2/ at `address`, or None when nothing listens."""
    try:
        with urllib.request.urlopen(f"http://{address}/v2/", timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, ValueError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_dockerds() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() == "dockerd":
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def wait_until(check, timeout: float, what: str, log_file: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    tail = ""
    if log_file and log_file.exists():
        tail = "\n" + "\n".join(log_file.read_text(errors="replace").splitlines()[-25:])
    fail(f"{what} did not become ready within {timeout:.0f} s{tail}")


# -- installation ---------------------------------------------------------------------


def busybox_is_static(path: str) -> bool:
    """A static ELF has no PT_INTERP program header."""
    try:
        with open(path, "rb") as binary:
            header = binary.read(64)
            if header[:4] != b"\x7fELF" or header[4] != 2:
                return False
            phoff = int.from_bytes(header[32:40], "little")
            phentsize = int.from_bytes(header[54:56], "little")
            phnum = int.from_bytes(header[56:58], "little")
            binary.seek(phoff)
            table = binary.read(phentsize * phnum)
    except OSError:
        return False
    return all(int.from_bytes(table[i * phentsize : i * phentsize + 4], "little") != 3 for i in range(phnum))


def missing_packages() -> list[str]:
    missing = [
        package
        for tool, package in PACKAGES.items()
        if tool != "busybox" and not shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    ]
    busybox = shutil.which("busybox")
    if not busybox or not busybox_is_static(busybox):
        missing.append("busybox-static")
    return missing


def ensure_packages(extra: list[str]) -> None:
    missing = missing_packages() + [p for p in extra if p]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        fail(
            f"missing {', '.join(missing)} and cannot install them (needs root and apt-get). "
            "Install them, or start a Docker daemon and set DOCKER_HOST."
        )
    log(f"installing {' '.join(missing)} (apt-get)…")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            fail(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}")
    still = missing_packages()
    if still:
        fail(f"still missing after apt-get: {', '.join(still)}")


# -- daemon ---------------------------------------------------------------------------


def settle_previous_private_daemon() -> None:
    """Deal with a private daemon left by an earlier run (crashed or still stopping)."""
    if not PRIVATE_PIDFILE.exists():
        return
    try:
        pid = int(PRIVATE_PIDFILE.read_text().strip() or "0")
    except ValueError:
        pid = 0
    if pid and pid_alive(pid):
        log(f"an earlier private dockerd (pid {pid}) is still running; waiting for it to stop")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 40
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.25)
        if pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
    PRIVATE_PIDFILE.unlink(missing_ok=True)


def ensure_bridge() -> bool:
    """Create our own bridge for a second daemon. True when we created it."""
    if subprocess.run(["ip", "link", "show", BRIDGE], capture_output=True).returncode == 0:
        return False
    for command in (
        ["ip", "link", "add", BRIDGE, "type", "bridge"],
        ["ip", "addr", "add", BRIDGE_CIDR, "dev", BRIDGE],
        ["ip", "link", "set", BRIDGE, "up"],
    ):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            fail(f"{' '.join(command)}: {result.stderr.strip()}")
    return True


def start_private_daemon(state: dict) -> str:
    others = running_dockerds()
    ensure_packages(["iproute2"] if others and not shutil.which("ip") else [])
    settle_previous_private_daemon()
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    DATA_ROOT.mkdir(parents=True, exist_ok=True)
    host = f"unix://{PRIVATE_SOCKET}"
    command = [
        shutil.which("dockerd") or "dockerd",
        "--data-root",
        str(DATA_ROOT),
        "--exec-root",
        str(RUN_DIR / "exec"),
        "--pidfile",
        str(PRIVATE_PIDFILE),
        "--host",
        host,
    ]
    if others:
        # Share nothing with the running daemon: our own bridge, hands off iptables.
        log(f"another dockerd runs (pid {', '.join(map(str, others))}); using bridge {BRIDGE}")
        state["bridge_created"] = ensure_bridge()
        command += ["--bridge", BRIDGE, "--iptables=false", "--ip-masq=false"]
    log_file = STATE_DIR / "dockerd.log"
    log(f"starting {shlex.join(command)}  (log: {log_file})")
    with open(log_file, "ab") as output:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    state["dockerd_pid"] = process.pid
    save_state(state)
    wait_until(lambda: ping_daemon(host) or process.poll() is not None, READY_TIMEOUT, "dockerd", log_file)
    if process.poll() is not None:
        fail(
            f"dockerd exited with {process.returncode}; see {log_file}:\n"
            + "\n".join(log_file.read_text(errors="replace").splitlines()[-25:])
        )
    return host


def choose_daemon(state: dict) -> str:
    wanted_private = os.environ.get("DOCKERTUI_TEST_PRIVATE_DAEMON") == "1"
    candidate = os.environ.get("DOCKER_HOST") or DEFAULT_HOST
    if not wanted_private and ping_daemon(candidate):
        log(f"using the running daemon at {candidate}")
        return candidate
    if not wanted_private:
        log(f"no daemon answers at {candidate}")
    if sys.platform != "linux" or os.geteuid() != 0:
        fail(
            "no reachable Docker daemon, and starting one needs root on Linux. "
            "Start dockerd, or set DOCKER_HOST to a daemon you may use."
        )
    return start_private_daemon(state)


# -- registry -------------------------------------------------------------------------


def free_local_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_registry(state: dict) -> str:
    address = REGISTRY_ADDR
    status = registry_answer(address)
    if status == 200:
        log(f"using the running registry at {address}")
        return address
    if status is not None:
        port = free_local_port()
        log(f"{address} answers /v2/ with {status} (not an open registry); using 127.0.0.1:{port}")
        address = f"127.0.0.1:{port}"
    ensure_packages([])
    storage = STATE_DIR / "registry"
    storage.mkdir(parents=True, exist_ok=True)
    config = STATE_DIR / "registry.yml"
    config.write_text(
        "version: 0.1\n"
        "log:\n  level: warn\n"
        f"storage:\n  filesystem:\n    rootdirectory: {storage}\n  delete:\n    enabled: true\n"
        f"http:\n  addr: {address}\n"
    )
    log_file = STATE_DIR / "registry.log"
    log(f"starting docker-registry on {address}  (log: {log_file})")
    with open(log_file, "ab") as output:
        process = subprocess.Popen(
            [shutil.which("docker-registry") or "docker-registry", "serve", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    state["registry_pid"] = process.pid
    save_state(state)
    wait_until(lambda: registry_answer(address) == 200 or process.poll() is not None, 30, "docker-registry", log_file)
    if process.poll() is not None:
        fail(f"docker-registry exited with {process.returncode}; see {log_file}")
    return address


# -- state ----------------------------------------------------------------------------


def load_state() -> dict:
    try:
        return json.loads(STATE_FILE.read_text())
    except (OSError, ValueError):
        return {}


def save_state(state: dict) -> None:
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    STATE_FILE.write_text(json.dumps(state, indent=2))


def stop_process(pid: int | None, name: str, timeout: float) -> None:
    if not pid or not pid_alive(pid):
        return
    log(f"stopping {name} (pid {pid})")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        try:
            # Reap it if it is our child (it is not, after `up` exited; harmless then).
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.2)
    if pid_alive(pid):
        log(f"{name} did not stop in {timeout:.0f} s; killing it")
        os.kill(pid, signal.SIGKILL)


def up() -> None:
    previous = load_state()
    if previous.get("dockerd_pid") or previous.get("registry_pid"):
        log("an earlier run did not tear down; doing it now")
        down()
    state: dict = {}
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    host = choose_daemon(state)
    ensure_packages([])  # the fixture images need a static busybox even with a running daemon
    registry = start_registry(state)
    state.update(docker_host=host, registry=registry)
    save_state(state)
    print(f"export DOCKER_HOST={shlex.quote(host)}")
    print(f"export DOCKERTUI_TEST_REGISTRY={shlex.quote(registry)}")
    print("unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH")


def down() -> None:
    state = load_state()
    stop_process(state.get("registry_pid"), "docker-registry", 10)
    stop_process(state.get("dockerd_pid"), "dockerd", 45)
    if state.get("dockerd_pid"):
        PRIVATE_PIDFILE.unlink(missing_ok=True)
    if state.get("bridge_created"):
        subprocess.run(["ip", "link", "delete", BRIDGE], capture_output=True)
    STATE_FILE.unlink(missing_ok=True)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "up":
        up()
    elif command == "down":
        down()
    elif command == "status":
        print(json.dumps(load_state(), indent=2))
    else:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)


if __name__ == "__main__":
    main()
