"""What every start-up benchmark shares: launch a program in a real pty the way a user's
terminal does, time it until text is on screen, and read its CPU and memory.

dockertui, the floor (``floor.py``: the least a Textual app can do to list containers with
docker-py) and the peers (``compare.py``) are launched by the same code, alternately, in
the same run, so the figures printed as ratios to the floor compare like with like on
whatever machine runs them.

The child runs with Python's bytecode cache on, as an installed program does (pip
compiles what it installs): with ``PYTHONDONTWRITEBYTECODE`` set, every launch of the
project compiled its ~150 modules again (~0.26 s) while the floor's libraries, compiled
at install, did not. One launch of each program is made first and not counted.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.pty_session import PtySession  # noqa: E402

FLOOR = [sys.executable, str(ROOT / "benchmarks" / "floor.py")]
DOCKERTUI = [sys.executable, "-m", "dockertui"]


def child_env(host: str) -> dict[str, str]:
    env = dict(os.environ, DOCKER_HOST=host)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def rss_mib(pid: int) -> float:
    """The process's resident memory, MiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass
class Launch:
    """One program launched in a pty; ``session`` is open until ``close()``."""

    program: list[str]
    host: str
    size: tuple[int, int] = (160, 45)
    args: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.session = PtySession(
            self.args, columns=self.size[0], rows=self.size[1], env=child_env(self.host), program=self.program
        )

    def seconds_until(self, needle: str, timeout: float = 60) -> float:
        """Seconds from launch until ``needle`` is on screen."""
        return self.session.wait_for(needle, timeout=timeout)

    def idle_cpu_percent(self, seconds: float) -> float:
        """CPU the process uses over ``seconds`` doing nothing asked, % of one core."""
        cpu_before, wall_before = self.session.cpu_seconds(), time.monotonic()
        time.sleep(seconds)
        return 100 * (self.session.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)

    def rss_mib(self) -> float:
        return rss_mib(self.session.process.pid)

    def quit(self, keys: str = "q", timeout: float = 15) -> float:
        """Seconds from ``keys`` until the process is gone."""
        started = time.monotonic()
        self.session.send(keys)
        self.session.wait_exit(timeout)
        return time.monotonic() - started

    def close(self) -> None:
        self.session.close()


def alternate(programs: dict[str, Callable[[], dict[str, float]]], runs: int) -> dict[str, list[dict[str, float]]]:
    """Each program's measure, run ``runs`` times in turn (one unrecorded run of each first):
    a machine busier for a moment weighs on all of them alike."""
    for measure in programs.values():
        measure()
    results: dict[str, list[dict[str, float]]] = {name: [] for name in programs}
    for _ in range(runs):
        for name, measure in programs.items():
            results[name].append(measure())
    return results


def median(results: list[dict[str, float]], key: str) -> float:
    return statistics.median(result[key] for result in results)


def spread(results: list[dict[str, float]], key: str, unit: str = "s", scale: float = 1.0) -> str:
    values = [result[key] * scale for result in results]
    digits = 3 if unit == "s" else 1
    return (
        f"median {statistics.median(values):.{digits}f} {unit} "
        f"(min {min(values):.{digits}f}, max {max(values):.{digits}f})"
    )


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def machine() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
