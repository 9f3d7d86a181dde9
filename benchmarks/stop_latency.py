#!/usr/bin/env python3
"""How soon a container stopped from outside the app stops showing as running.

Starts --containers running busybox containers (labelled, removed afterwards), runs
dockertui in a 160x45 pty against the daemon with the list filtered to them, then,
--rounds times: stops one of them through the API (``docker stop -t 0``, or
``docker kill``, alternating by default) and times from just before that call until
its row no longer says "running"; then starts it again for a later round.

The call returns only once the daemon is done (~0.1 s here), often after the row
changed, so it runs in a thread beside the watch. Two times are taken: when the app
wrote the row's new state to the terminal (arrival of the output that holds
"exited ("; the headline, target: median <= 0.15 s), and when the pyte screen this
script keeps shows the row not running (that adds this script's own parsing and
polling, a few to tens of ms under load).

    python benchmarks/stop_latency.py [--containers 6] [--rounds 10] [--how both|stop|kill]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docker

from tests.support.images import build_busybox_image
from tests.support.pty_session import PtySession

LABEL = "dockertui.test"
IDLE = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
TARGET = 0.15


def row_of(session: PtySession, name: str) -> str | None:
    """The screen line of this container's row (names are unique and none is a prefix of another)."""
    for line in session.text().splitlines():
        if f" {name} " in f" {line} ":
            return line
    return None


def wait_row(session: PtySession, name: str, running: bool, timeout: float = 30.0) -> float:
    """Poll the screen until the row says (or no longer says) running; the monotonic time seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = row_of(session, name)
        if line is not None and ("running" in line) == running:
            return time.monotonic()
        time.sleep(0.002)
    raise TimeoutError(f"{name} not {'running' if running else 'stopped'} on screen:\n{session.text()}")


def stop_call(api: docker.APIClient, container_id: str, how: str, returned: list[float]) -> None:
    if how == "stop":
        api.stop(container_id, timeout=0)
    else:
        api.kill(container_id)
    returned[0] = time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--containers", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--how", choices=("both", "stop", "kill"), default="both")
    parser.add_argument("--host", default=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    options = parser.parse_args()

    client = docker.DockerClient(base_url=options.host, version="auto", timeout=120)
    api = client.api
    image = build_busybox_image(client)
    run_id = uuid.uuid4().hex[:6]
    prefix = f"stopbench-{run_id}"
    labels = {LABEL: f"bench-{run_id}"}
    names = [f"{prefix}-{index:02d}" for index in range(options.containers)]
    ids: dict[str, str] = {}
    latencies: list[float] = []
    screen: list[float] = []
    calls: list[float] = []
    load_before = os.getloadavg()
    session: PtySession | None = None
    try:
        for name in names:
            ids[name] = api.create_container(image, IDLE, name=name, labels=labels)["Id"]
            api.start(ids[name])
        session = PtySession(["--host", options.host], columns=160, rows=45)
        session.wait_for("1 Containers", timeout=15)
        session.send("/")
        session.wait_for("filter:", timeout=5)
        session.send(prefix + "\r")
        session.wait_for(f"{len(names)} shown", timeout=15)
        for name in names:
            wait_row(session, name, running=True)
        time.sleep(1.0)  # start-up work settles

        for index in range(options.rounds):
            name = names[index % len(names)]
            how = options.how if options.how != "both" else ("stop", "kill")[index % 2]
            returned = [0.0]
            caller = threading.Thread(target=stop_call, args=(api, ids[name], how, returned))
            offset = session.output_offset
            started = time.monotonic()
            caller.start()
            # Only this row changes state (the others run, the filter hides the rest). The raw
            # output is watched first: polling the pyte screen costs CPU the app may need.
            written = session.wait_for_output("exited (", offset, timeout=30)
            seen = wait_row(session, name, running=False)
            caller.join()
            latencies.append(written - started)
            screen.append(seen - started)
            calls.append(returned[0] - started)
            print(
                f"  round {index + 1:2d}: {how:<4} {name}  written {written - started:.3f} s, "
                f"on screen {seen - started:.3f} s, call {returned[0] - started:.3f} s"
            )
            api.start(ids[name])
            wait_row(session, name, running=True)
            time.sleep(0.5)  # the restart's own events and re-reads are done before the next round
    finally:
        if session is not None:
            session.close()
        for container_id in ids.values():
            try:
                api.remove_container(container_id, force=True)
            except docker.errors.NotFound:
                pass
        client.close()

    load_after = os.getloadavg()
    median = statistics.median(latencies)
    print(
        f"dockertui stop → row not running, {options.rounds} rounds ({options.how}), {options.containers} running, "
        f"160x45 pty, {os.cpu_count()} CPUs, load {load_before[0]:.2f} before / {load_after[0]:.2f} after"
    )
    print(
        f"  written: median {median:.3f} s   min {min(latencies):.3f} s   max {max(latencies):.3f} s   "
        f"target <= {TARGET} s: {'ok' if median <= TARGET else 'OVER'}"
    )
    print(
        f"  on this script's pyte screen: median {statistics.median(screen):.3f} s; "
        f"the API call returned after {statistics.median(calls):.3f} s (median)"
    )


if __name__ == "__main__":
    main()
