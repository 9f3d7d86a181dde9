#!/usr/bin/env python3
"""Start-up speed and idle cost of dockertui in a real pty against a real daemon.

Prints, over several launches: time from launch to the first paint (the tab bar
on screen), time to the engine version on screen, and the app's CPU use while
idle afterwards. Targets on a 2-core machine: first paint <= 0.35 s, engine
version <= 1.0 s, idle CPU <= 0.5 % of one core.

    python benchmarks/startup.py [--runs 5] [--idle 10] [--host unix:///var/run/docker.sock]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docker

from tests.support.pty_session import PtySession


def measure(host: str, version_text: str, idle_seconds: float, size: tuple[int, int]) -> dict[str, float]:
    session = PtySession(["--host", host], columns=size[0], rows=size[1])
    try:
        first_paint = session.wait_for("1 Containers", timeout=15)
        engine = session.wait_for(version_text, timeout=15)
        session.wait_for_pattern(r"\d+/\d+ running", timeout=15)
        time.sleep(1.0)  # let start-up work settle before measuring idle
        cpu_before, wall_before = session.cpu_seconds(), time.monotonic()
        time.sleep(idle_seconds)
        cpu = session.cpu_seconds() - cpu_before
        idle = 100 * cpu / (time.monotonic() - wall_before)
        session.send("q")
        quit_started = time.monotonic()
        session.wait_exit(10)
        quit_time = time.monotonic() - quit_started
    finally:
        session.close()
    return {"first_paint": first_paint, "engine_version": engine, "idle_cpu": idle, "quit": quit_time}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measurement per run")
    parser.add_argument("--host", default=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    parser.add_argument("--size", default="120x40")
    options = parser.parse_args()
    size = tuple(int(part) for part in options.size.split("x"))

    client = docker.DockerClient(base_url=options.host, version="auto")
    answer = client.version()
    version_text = f"{answer['Version']} · API {answer['ApiVersion']}"
    client.close()

    results = [measure(options.host, version_text, options.idle, size) for _ in range(options.runs)]
    print(
        f"dockertui start-up, {options.runs} runs in a {size[0]}x{size[1]} pty, "
        f"daemon {answer['Version']} at {options.host}, {os.cpu_count()} CPUs"
    )
    rows = [
        ("first paint", "first_paint", "s", 0.35),
        ("engine version on screen", "engine_version", "s", 1.0),
        (f"idle CPU ({options.idle:.0f} s)", "idle_cpu", "%", 0.5),
        ("quit after q", "quit", "s", None),
    ]
    for label, key, unit, target in rows:
        values = [result[key] for result in results]
        line = (
            f"  {label:<26} median {statistics.median(values):6.3f} {unit}   "
            f"min {min(values):6.3f}   max {max(values):6.3f}"
        )
        if target is not None:
            verdict = "ok" if statistics.median(values) <= target else "OVER"
            line += f"   target <= {target} {unit}: {verdict}"
        print(line)


if __name__ == "__main__":
    main()
