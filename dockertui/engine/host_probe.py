"""One look at a daemon that may not be the current one: is it there, what is it, how busy.

``probe_host`` connects with a short timeout through the engine's own connection code
(so TLS material, ``ssh://`` and the diagnosis of a failed connection work as they do
for the app's own daemon), asks ``/version`` (part of connecting) and ``/info``, and
closes the client. It never raises: a daemon that cannot be reached, or that fails
``/info``, is a probe result with the reason in the engine's words. Every string in the
result comes from outside (a context, a remote daemon that may be hostile) and is made
safe here.

``HostProber`` runs probes in threads of their own, at most one per host at a time,
so a host that hangs never holds up the others (nor, as the caller posts results, the
UI). Threads are daemons: quitting never waits for a probe over a slow ssh link.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dockertui.engine import ssh_processes
from dockertui.engine.connection import DaemonConnection, connect
from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.models import EngineInfo
from dockertui.engine.safe_text import one_line, safe_text
from dockertui.engine.swarm import SwarmRole
from dockertui.engine.target import DaemonTarget
from dockertui.engine.unavailable import DaemonUnavailable

#: Seconds a probe may wait to connect, and then for ``/info`` (each).
PROBE_TIMEOUT = 3.0
#: An ``ssh://`` host starts an ssh process and logs in first: it gets longer.
SSH_PROBE_TIMEOUT = 8.0


@dataclass(frozen=True, slots=True)
class HostFacts:
    """What ``/info`` says about a daemon's host, reduced to what the hosts view shows."""

    swarm: SwarmRole
    containers: int
    running: int
    paused: int
    images: int
    cpus: int
    memory: int
    hostname: str
    operating_system: str

    @classmethod
    def from_info(cls, info: Mapping[str, Any]) -> HostFacts:
        if not isinstance(info, Mapping):
            info = {}
        return cls(
            swarm=SwarmRole.from_info(info),
            containers=_int(info.get("Containers")),
            running=_int(info.get("ContainersRunning")),
            paused=_int(info.get("ContainersPaused")),
            images=_int(info.get("Images")),
            cpus=_int(info.get("NCPU")),
            memory=_int(info.get("MemTotal")),
            hostname=one_line(info.get("Name") or ""),
            operating_system=one_line(info.get("OperatingSystem") or ""),
        )


@dataclass(frozen=True, slots=True)
class HostProbe:
    """One probe's outcome. ``reachable`` with ``facts`` None: ``/version`` answered and
    ``/info`` failed (``reason`` says how)."""

    host: str
    reachable: bool
    reason: str = ""
    engine: EngineInfo | None = None
    facts: HostFacts | None = None
    #: How long the probe took, in seconds.
    seconds: float = 0.0
    #: When it finished (``time.time()``).
    finished_at: float = 0.0


def probe_timeout(target: DaemonTarget) -> float:
    return SSH_PROBE_TIMEOUT if target.host.startswith("ssh://") else PROBE_TIMEOUT


def probe_host(target: DaemonTarget, timeout: float | None = None) -> HostProbe:
    """Connect, read ``/version`` and ``/info``, close (blocking; never raises)."""
    timeout = probe_timeout(target) if timeout is None else timeout
    started = time.monotonic()
    host = safe_text(target.host)

    def result(**fields: Any) -> HostProbe:
        return HostProbe(host=host, seconds=time.monotonic() - started, finished_at=time.time(), **fields)

    # connect() ends the ssh process of a host that accepted the connection and never
    # answers (engine/connection.py); closing the prober ends those still connecting.
    connection: DaemonConnection | None = None
    try:
        connection = connect(target, timeout=timeout)
    except DaemonUnavailable as failure:
        return result(reachable=False, reason=failure.reason)
    except Exception as error:  # noqa: BLE001 - a probe reports, it never fails its caller
        return result(reachable=False, reason=explain_error(error))
    try:
        connection.api.timeout = timeout
        try:
            info = connection.api.info()
        except Exception as error:  # noqa: BLE001
            return result(reachable=True, engine=connection.engine, reason=f"/info failed: {explain_error(error)}")
        return result(reachable=True, engine=connection.engine, facts=HostFacts.from_info(info))
    finally:
        connection.close()


class HostProber:
    """Probes hosts in threads, one at a time per key; ``deliver(key, probe)`` is called
    from the probing thread (post a message from it, never touch widgets)."""

    def __init__(
        self,
        deliver: Callable[[str, HostProbe], object],
        probe: Callable[[DaemonTarget], HostProbe] = probe_host,
    ) -> None:
        self._deliver = deliver
        self._probe = probe
        self._lock = threading.Lock()
        #: Key → when its probe started (``time.monotonic()``).
        self._running: dict[str, float] = {}
        #: Key → the ident of the thread probing it.
        self._threads: dict[str, int] = {}
        self._closed = False

    def busy(self, key: str) -> bool:
        with self._lock:
            return key in self._running

    def probe(self, key: str, target: DaemonTarget) -> bool:
        """Start probing ``target`` unless ``key``'s last probe is still under way."""
        with self._lock:
            if self._closed or key in self._running:
                return False
            self._running[key] = time.monotonic()
        threading.Thread(target=self._run, args=(key, target), name=f"probe-{key[:20]}", daemon=True).start()
        return True

    def _run(self, key: str, target: DaemonTarget) -> None:
        with self._lock:
            self._threads[key] = threading.get_ident()
        try:
            outcome = self._probe(target)
        except Exception as error:  # noqa: BLE001 - a fake or a bug: shown as the reason
            outcome = HostProbe(host=safe_text(target.host), reachable=False, reason=explain_error(error))
        with self._lock:
            self._running.pop(key, None)
            self._threads.pop(key, None)
            closed = self._closed
        if not closed:
            self._deliver(key, outcome)

    def close(self) -> None:
        """No more probes, and no deliveries from those still under way; the ssh processes
        of those still under way are ended (a host that never answers would keep them)."""
        with self._lock:
            self._closed = True
            threads = list(self._threads.values())
        for thread_id in threads:
            ssh_processes.end_started_by(thread_id)


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def memory_text(size: int) -> str:
    """``docker info``'s "Total Memory" in binary units: ``7.771GiB`` → ``7.8 GiB``."""
    if size <= 0:
        return "?"
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit in ("B", "KiB") else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"
