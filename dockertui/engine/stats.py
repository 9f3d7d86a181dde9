"""Resource usage of running containers from the daemon's stats streams.

CPU % and memory are computed like the docker CLI:
CPU % = (cpu_total − precpu_total) / (system − presystem) × online_cpus × 100;
memory used = usage − total_inactive_file (cgroup v1) or − inactive_file (v2).
A stream yields one sample a second; the first has no precpu (no CPU % yet).
Streams cost the daemon CPU, so only the containers a user can see are watched.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockertui.engine.mailbox import Mailbox
from dockertui.engine.streams import close_stream
from dockertui.engine.transport import json_stream, open_response

if TYPE_CHECKING:
    from docker import APIClient

#: Samples kept per container for sparklines (one a second: five minutes).
HISTORY = 300
#: Seconds before a stream that ended is opened again (while still watched); the last repeats.
RETRY_DELAYS = (1.0, 2.0, 5.0)


@dataclass(frozen=True, slots=True)
class StatsSample:
    container_id: str
    cpu_percent: float | None
    memory_used: int
    memory_limit: int
    net_rx: int
    net_tx: int
    block_read: int
    block_write: int
    pids: int

    @property
    def memory_percent(self) -> float | None:
        return 100 * self.memory_used / self.memory_limit if self.memory_limit else None


def cpu_percent(raw: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> float | None:
    """CPU % of one sample, or None without an earlier reading to compare with.

    Docker puts the earlier reading in ``precpu_stats`` (empty in a stream's first sample);
    Podman may leave it all zero: then the previous sample's ``cpu_stats`` stand in for it.
    A zero reading is never used: it would show the average since boot."""
    cpu, precpu = raw.get("cpu_stats") or {}, raw.get("precpu_stats") or {}
    if previous is not None and not precpu.get("system_cpu_usage"):
        precpu = previous.get("cpu_stats") or {}
    total = (cpu.get("cpu_usage") or {}).get("total_usage")
    pretotal = (precpu.get("cpu_usage") or {}).get("total_usage")
    system, presystem = cpu.get("system_cpu_usage"), precpu.get("system_cpu_usage")
    if total is None or pretotal is None or system is None or not presystem:
        return None
    cpu_delta, system_delta = total - pretotal, system - presystem
    if system_delta <= 0 or cpu_delta < 0:
        return 0.0 if system_delta > 0 else None
    online = cpu.get("online_cpus") or len((cpu.get("cpu_usage") or {}).get("percpu_usage") or ()) or 1
    return cpu_delta / system_delta * online * 100.0


def memory_used(raw: Mapping[str, Any]) -> tuple[int, int]:
    memory = raw.get("memory_stats") or {}
    usage = int(memory.get("usage") or 0)
    stats = memory.get("stats") or {}
    inactive = stats.get("total_inactive_file", stats.get("inactive_file", 0)) or 0
    if inactive < usage:
        usage -= inactive
    return usage, int(memory.get("limit") or 0)


def parse_sample(container_id: str, raw: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> StatsSample:
    used, limit = memory_used(raw)
    rx = tx = 0
    for interface in (raw.get("networks") or {}).values():
        rx += int(interface.get("rx_bytes") or 0)
        tx += int(interface.get("tx_bytes") or 0)
    read = write = 0
    for entry in (raw.get("blkio_stats") or {}).get("io_service_bytes_recursive") or ():
        operation = str(entry.get("op", "")).lower()
        if operation == "read":
            read += int(entry.get("value") or 0)
        elif operation == "write":
            write += int(entry.get("value") or 0)
    return StatsSample(
        container_id=container_id,
        cpu_percent=cpu_percent(raw, previous),
        memory_used=used,
        memory_limit=limit,
        net_rx=rx,
        net_tx=tx,
        block_read=read,
        block_write=write,
        pids=int((raw.get("pids_stats") or {}).get("current") or 0),
    )


def open_stats_stream(api: APIClient, container_id: str):
    """docker-py's ``stats(stream=True)`` hides its response and cannot be closed from
    another thread; this is the same request, wrapped so that it can."""
    response = open_response(api, "GET", "/containers/{0}/stats", container_id, params={"stream": True})
    return json_stream(api, response)


class _Watch:
    """One watch of one container. Its follower thread runs while this is the container's
    current watch, so a thread still opening when the container was unwatched (and perhaps
    watched again) ends instead of leaving a second stream."""

    def __init__(self) -> None:
        self.stream = None


class StatsHub:
    """One stats stream per watched container; samples go to a Mailbox for the UI.

    A stream that ends while its container is still watched (a daemon restart, a dropped
    connection) is opened again with backoff: the UI only says what it wants watched when
    that changes."""

    def __init__(
        self, api: APIClient, notify: Callable[[], object], *, retry_delays: tuple[float, ...] = RETRY_DELAYS
    ) -> None:
        self.api = api
        self.samples: Mailbox[StatsSample] = Mailbox(notify)
        self.history: dict[str, deque[StatsSample]] = {}
        self._watches: dict[str, _Watch] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._retry_delays = retry_delays

    @property
    def watched(self) -> set[str]:
        with self._lock:
            return set(self._watches)

    def watch(self, container_ids: Iterable[str]) -> None:
        """Stream exactly these containers: start the new ones, close the others."""
        wanted = set(container_ids)
        with self._lock:
            if self._closed.is_set():
                return
            stale = [cid for cid in self._watches if cid not in wanted]
            fresh = {cid: _Watch() for cid in wanted if cid not in self._watches}
            self._watches.update(fresh)
        for cid in stale:
            self.unwatch(cid)
        for cid, watch in fresh.items():
            threading.Thread(target=self._follow, args=(cid, watch), name=f"stats-{cid[:12]}", daemon=True).start()

    def unwatch(self, container_id: str) -> None:
        with self._lock:
            watch = self._watches.pop(container_id, None)
            stream = watch.stream if watch is not None else None
        if stream is not None:
            close_stream(stream)

    def history_of(self, container_id: str) -> list[StatsSample]:
        """The recent samples of one container (a copy: stream threads append meanwhile)."""
        with self._lock:
            return list(self.history.get(container_id, ()))

    def forget(self, container_ids: Iterable[str]) -> None:
        """Containers removed: their streams closed and their history dropped."""
        container_ids = list(container_ids)
        for container_id in container_ids:
            self.unwatch(container_id)
        with self._lock:
            for container_id in container_ids:
                self.history.pop(container_id, None)

    def close(self) -> None:
        with self._lock:
            self._closed.set()
            watches, self._watches = list(self._watches.values()), {}
        for watch in watches:
            if watch.stream is not None:
                close_stream(watch.stream)

    def _current(self, container_id: str, watch: _Watch) -> bool:
        return self._watches.get(container_id) is watch

    def _follow(self, container_id: str, watch: _Watch) -> None:
        failures = 0
        while True:
            try:
                stream = open_stats_stream(self.api, container_id)
            except Exception:  # noqa: BLE001 - gone or not running (yet): try again while watched
                stream = None
            if stream is not None:
                with self._lock:
                    if not self._current(container_id, watch):
                        close_stream(stream)
                        return
                    watch.stream = stream
                if self._read(container_id, watch, stream):
                    failures = 0
                with self._lock:
                    watch.stream = None
                close_stream(stream)  # after an error it still holds its connection
            with self._lock:
                if not self._current(container_id, watch):
                    return
            delay = self._retry_delays[min(failures, len(self._retry_delays) - 1)]
            failures += 1
            if self._closed.wait(delay):
                return

    def _read(self, container_id: str, watch: _Watch, stream) -> bool:
        """Read samples until the stream ends; whether any arrived."""
        previous = None
        got_any = False
        try:
            for raw in stream:
                if not raw.get("read") or raw.get("read", "").startswith("0001-"):
                    continue  # a stopped container's empty sample
                sample = parse_sample(container_id, raw, previous)
                previous = raw
                with self._lock:
                    if not self._current(container_id, watch):
                        break  # unwatched or forgotten: a late sample must not bring it back
                    self.history.setdefault(container_id, deque(maxlen=HISTORY)).append(sample)
                self.samples.put(sample)
                got_any = True
        except Exception:  # noqa: BLE001 - stream cut: opened again while still watched
            pass
        return got_any
