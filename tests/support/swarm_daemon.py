"""A private dockerd in swarm mode, in a network namespace of its own.

The shared test daemon must never join a swarm, and a swarm daemon makes host-wide
things (a ``docker_gwbridge`` interface, iptables chains, an ingress sandbox) that two
daemons in one network namespace would fight over, and that outlive it. Started with
``nsenter --net`` into a fresh namespace (not ``ip netns exec``, which remounts /sys and
hides the cgroup mounts), all of that lives and dies with the namespace: nothing is left
on the host, and each test module (or engineer) can run its own. Its unix socket is on
the host's filesystem, so the app and the docker CLI reach it as any other daemon.

Its loopback is its own: the local registry (127.0.0.1:5000 on the host) is out of its
reach, so its images are built in it (``build_busybox_image``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import docker

from tests.support.images import BUSYBOX_IMAGE, build_busybox_image
from tests.support.remote_endpoints import wait_until


class SwarmDaemon:
    """``SwarmDaemon("swarm-a").start()``: a one-node swarm whose manager is a fresh dockerd."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.netns = f"dtui-{name}"
        self.run_dir = Path(f"/run/dockertui-test-{name}")
        self.data_root = Path(f"/var/tmp/dockertui-test/{name}")
        self.socket = self.run_dir / "docker.sock"
        self.process: subprocess.Popen | None = None
        self.image = BUSYBOX_IMAGE

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def env(self) -> dict[str, str]:
        """The environment for a docker CLI (or the app) talking to this daemon."""
        dropped = ("DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH")
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        env["DOCKER_HOST"] = self.url
        return env

    def docker(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """The docker CLI against this daemon (text out)."""
        return subprocess.run(["docker", *args], env=self.env, capture_output=True, text=True, check=check)

    def api(self) -> docker.APIClient:
        return docker.APIClient(base_url=self.url, version="auto", timeout=60)

    def client(self) -> docker.DockerClient:
        return docker.DockerClient(base_url=self.url, version="auto", timeout=60)

    def start(self, *, swarm: bool = True) -> SwarmDaemon:
        self._clean_leftovers()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.data_root.mkdir(parents=True, exist_ok=True)
        subprocess.run(["ip", "netns", "add", self.netns], check=True, capture_output=True)
        subprocess.run(["ip", "netns", "exec", self.netns, "ip", "link", "set", "lo", "up"], check=True)
        self.process = subprocess.Popen(
            [
                "nsenter",
                f"--net=/var/run/netns/{self.netns}",
                "dockerd",
                "--data-root",
                str(self.data_root),
                "--exec-root",
                str(self.run_dir / "exec"),
                "--pidfile",
                str(self.run_dir / "docker.pid"),
                "-H",
                self.url,
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "dockerd.log", "wb"),  # noqa: SIM115 - written while it runs
            start_new_session=True,
        )
        wait_until(self._ping, 60, f"the {self.name} dockerd")
        if swarm:
            self.docker("swarm", "init", "--advertise-addr", "127.0.0.1")
        build_busybox_image(self.client())
        return self

    def _ping(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"the {self.name} dockerd exited: " + (self.folder / "dockerd.log").read_text()[-2000:])
        try:
            return docker.APIClient(base_url=self.url, version="1.41", timeout=2).ping()
        except Exception:  # noqa: BLE001
            return False

    def wait_for(self, check, what: str, timeout: float = 90) -> None:
        wait_until(check, timeout, what)

    def stop(self) -> None:
        if self.process is None:  # started by another process (a script, a session by hand)
            self._end_by_pidfile()
        if self.process is not None and self.process.poll() is None:
            self.docker("swarm", "leave", "--force", check=False)
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None
        self._remove_namespace()
        self._unmount_leftovers()
        shutil.rmtree(self.data_root, ignore_errors=True)
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def _unmount_leftovers(self) -> None:
        """Sandbox namespaces dockerd bind-mounted under its exec-root (``exec/netns``) and
        overlays of a daemon that was killed stay mounted, and rmtree cannot remove them."""
        roots = (str(self.run_dir), str(self.data_root))
        with open("/proc/self/mounts") as table:
            points = [line.split()[1] for line in table]
        # The roots themselves too: dockerd bind-mounts its data-root onto itself.
        inside = [p for p in points if p in roots or p.startswith(tuple(root + "/" for root in roots))]
        for point in sorted(inside, key=len, reverse=True):
            subprocess.run(["umount", "-l", point], capture_output=True)

    def _clean_leftovers(self) -> None:
        """What a killed run of the same name left: its dockerd, namespace and folders."""
        self._end_by_pidfile()
        self._remove_namespace()
        self._unmount_leftovers()
        shutil.rmtree(self.run_dir, ignore_errors=True)
        shutil.rmtree(self.data_root, ignore_errors=True)

    def _end_by_pidfile(self) -> None:
        """End the dockerd named in the pidfile (and only a dockerd): SIGTERM, then SIGKILL."""
        pidfile = self.run_dir / "docker.pid"
        try:
            pid = int(pidfile.read_text())
            if b"dockerd" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                return
            os.kill(pid, signal.SIGTERM)
            for _ in range(300):
                if not Path(f"/proc/{pid}").exists():
                    return
                time.sleep(0.1)
            os.kill(pid, signal.SIGKILL)
        except (ValueError, OSError):
            pass  # no pidfile, or its process is gone

    def _remove_namespace(self) -> None:
        subprocess.run(["ip", "netns", "delete", self.netns], capture_output=True)
