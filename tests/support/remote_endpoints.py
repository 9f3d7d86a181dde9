"""Real remote-ish endpoints on loopback for the remote-daemon tests.

- ``SshEndpoint``: an sshd on 127.0.0.1 with generated host and client keys; a
  client HOME whose ~/.ssh knows them; the server points ``docker system
  dial-stdio`` at the test daemon (SetEnv DOCKER_HOST).
- ``SecondDaemon``: a second dockerd of our own (own data-root, exec-root,
  pidfile, socket and bridge; iptables left alone — never --bridge=none beside
  another daemon), also listening on a TLS tcp port with generated certificates.
- ``PodmanService``: ``podman system service`` on a unix socket (with an empty
  default ulimit list: this sandbox refuses podman's raised NOFILE/NPROC limits).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import docker

from tests.support.certs import make_client_certs


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up in {timeout} s")


class SshEndpoint:
    def __init__(self, folder: Path, docker_host: str) -> None:
        self.folder = folder
        self.port = free_port()
        self.home = folder / "home"
        self.process: subprocess.Popen | None = None
        self.docker_host = docker_host

    @property
    def url(self) -> str:
        return f"ssh://root@127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """Environment for a client that should use this endpoint.

        OpenSSH reads ~/.ssh from the password database, not from $HOME, so the keys are
        given through an ``ssh`` first on PATH that adds ``-F <our config>``; the user's
        own ~/.ssh is never touched."""
        return dict(os.environ, PATH=f"{self.folder / 'bin'}:{os.environ.get('PATH', '')}", DOCKER_HOST=self.url)

    def paramiko_env(self) -> dict[str, str]:
        """Environment for docker-py's paramiko transport: HOME holds our ~/.ssh."""
        return dict(os.environ, HOME=str(self.home), DOCKER_HOST=self.url)

    def start(self) -> SshEndpoint:
        folder, ssh_dir = self.folder, self.home / ".ssh"
        ssh_dir.mkdir(parents=True)
        ssh_dir.chmod(0o700)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "host_key")], check=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(ssh_dir / "id_ed25519")], check=True)
        (folder / "authorized_keys").write_text((ssh_dir / "id_ed25519.pub").read_text())
        host_key = (folder / "host_key.pub").read_text().split()
        (ssh_dir / "known_hosts").write_text(f"[127.0.0.1]:{self.port} {host_key[0]} {host_key[1]}\n")
        client_config = folder / "ssh_config"
        client_config.write_text(
            f"Host 127.0.0.1\n  UserKnownHostsFile {ssh_dir / 'known_hosts'}\n"
            f"  IdentityFile {ssh_dir / 'id_ed25519'}\n  IdentitiesOnly yes\n"
        )
        (folder / "bin").mkdir()
        wrapper = folder / "bin" / "ssh"
        wrapper.write_text(f'#!/bin/sh\nexec {shutil.which("ssh")} -F {client_config} "$@"\n')
        wrapper.chmod(0o755)
        # paramiko, unlike OpenSSH, finds ~/.ssh through $HOME: see paramiko_env().
        shutil.copy(client_config, ssh_dir / "config")
        config = folder / "sshd_config"
        config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\n"
            f"AuthorizedKeysFile {folder / 'authorized_keys'}\nPermitRootLogin prohibit-password\n"
            "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
            f"PidFile {folder / 'sshd.pid'}\nSetEnv DOCKER_HOST={self.docker_host}\n"
            "PrintMotd no\nLogLevel ERROR\n"
        )
        Path("/run/sshd").mkdir(exist_ok=True)
        sshd = shutil.which("sshd", path="/usr/sbin:/usr/bin:/sbin:/bin")
        self.process = subprocess.Popen(
            [sshd, "-D", "-e", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "sshd.log", "wb"),  # noqa: SIM115 - written while it runs
        )
        wait_until(lambda: _listening(self.port), 10, "sshd")
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(5)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class SecondDaemon:
    BRIDGE = "dtui-br1"
    CIDR = "10.231.254.1/24"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.run_dir = Path("/run/dockertui-test-second")
        self.socket = self.run_dir / "docker.sock"
        self.tls_port = free_port()
        self.process: subprocess.Popen | None = None
        self.client_certs: dict[str, Path] = {}
        self._made_bridge = False

    @property
    def unix_url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def tls_url(self) -> str:
        return f"tcp://127.0.0.1:{self.tls_port}"

    def _server_certs(self, folder: Path, ca: Path, ca_key: Path) -> tuple[Path, Path]:
        def openssl(*args: str) -> None:
            subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

        (folder / "san.cnf").write_text("subjectAltName = IP:127.0.0.1,DNS:localhost\n")
        openssl(
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server-key.pem",
            "-out",
            "server.csr",
        )
        openssl(
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            str(ca),
            "-CAkey",
            str(ca_key),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.cnf",
            "-out",
            "server-cert.pem",
        )
        return folder / "server-cert.pem", folder / "server-key.pem"

    def start(self) -> SecondDaemon:
        certs = self.folder / "certs"
        self.client_certs = make_client_certs(certs)
        server_cert, server_key = self._server_certs(certs, certs / "ca.pem", certs / "ca-key.pem")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        pidfile = self.run_dir / "docker.pid"
        if pidfile.exists():  # left by a run that was killed: end that dockerd, and only a dockerd
            try:
                pid = int(pidfile.read_text())
                if b"dockerd" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGTERM)
                    time.sleep(2)
            except (ValueError, OSError):
                pass
            pidfile.unlink(missing_ok=True)
        if subprocess.run(["ip", "link", "show", self.BRIDGE], capture_output=True).returncode != 0:
            for command in (
                ["ip", "link", "add", self.BRIDGE, "type", "bridge"],
                ["ip", "addr", "add", self.CIDR, "dev", self.BRIDGE],
                ["ip", "link", "set", self.BRIDGE, "up"],
            ):
                subprocess.run(command, check=True, capture_output=True)
            self._made_bridge = True
        data_root = Path("/var/tmp/dockertui-test/docker-second")
        data_root.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "dockerd",
                "--data-root",
                str(data_root),
                "--exec-root",
                str(self.run_dir / "exec"),
                "--pidfile",
                str(pidfile),
                "-H",
                self.unix_url,
                "-H",
                self.tls_url,
                "--tlsverify",
                "--tlscacert",
                str(certs / "ca.pem"),
                "--tlscert",
                str(server_cert),
                "--tlskey",
                str(server_key),
                "--bridge",
                self.BRIDGE,
                "--iptables=false",
                "--ip-masq=false",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "dockerd.log", "wb"),  # noqa: SIM115 - written while it runs
            start_new_session=True,
        )
        wait_until(lambda: self._ping(), 60, "the second dockerd")
        return self

    def _ping(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError("the second dockerd exited: " + (self.folder / "dockerd.log").read_text()[-2000:])
        try:
            client = docker.APIClient(base_url=self.unix_url, version="1.41", timeout=2)
            return client.ping()
        except Exception:  # noqa: BLE001
            return False

    def client(self) -> docker.DockerClient:
        return docker.DockerClient(base_url=self.unix_url, version="auto")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self._made_bridge:
            subprocess.run(["ip", "link", "delete", self.BRIDGE], capture_output=True)


def ssh_clients(port: int) -> list[str]:
    """Command lines of the ssh clients connected to ``port`` (the sshd is not one)."""
    listed = subprocess.run(["pgrep", "-a", "-x", "ssh"], capture_output=True, text=True).stdout
    return [line for line in listed.splitlines() if f"-p {port}" in line]


def no_ssh_clients_left(port: int, timeout: float = 5.0) -> list[str]:
    """Wait for every ssh client of ``port`` to end; those still there after ``timeout``."""
    deadline = time.monotonic() + timeout
    while (left := ssh_clients(port)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


class PodmanService:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "podman.sock"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def env(self) -> dict[str, str]:
        return dict(
            os.environ,
            CONTAINERS_CONF=str(self.folder / "containers.conf"),
            CONTAINERS_STORAGE_CONF=str(self.folder / "storage.conf"),
            CONTAINERS_REGISTRIES_CONF=str(self.folder / "registries.conf"),
        )

    def start(self) -> PodmanService:
        (self.folder / "containers.conf").write_text("[containers]\ndefault_ulimits = []\n")
        # The test registry speaks plain HTTP on loopback, as dockerd allows by itself.
        registry = os.environ.get("DOCKERTUI_TEST_REGISTRY", "127.0.0.1:5000")
        (self.folder / "registries.conf").write_text(f'[[registry]]\nlocation = "{registry}"\ninsecure = true\n')
        # A store of our own: nothing is left in (or taken from) the machine's podman images.
        (self.folder / "storage.conf").write_text(
            f'[storage]\ndriver = "overlay"\ngraphroot = "{self.folder / "storage"}"\n'
            f'runroot = "{self.folder / "storage-run"}"\n'
        )
        self.process = subprocess.Popen(
            ["podman", "system", "service", "--time=0", self.url],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "podman.log", "wb"),  # noqa: SIM115 - written while it runs
        )
        wait_until(lambda: self.socket.exists(), 30, "podman system service")
        return self

    def podman(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(["podman", *args], input=stdin, env=self.env, capture_output=True, timeout=120)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
        self.podman("system", "reset", "--force")  # empties our store…
        # …but leaves overlay's bind mount of its own folder (which os.path.ismount cannot see).
        overlay = str(self.folder / "storage" / "overlay")
        if any(line.split()[4] == overlay for line in Path("/proc/self/mountinfo").read_text().splitlines()):
            subprocess.run(["umount", overlay], capture_output=True, timeout=30)
