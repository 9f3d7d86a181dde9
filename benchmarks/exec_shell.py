#!/usr/bin/env python3
"""The embedded shell in a real pty against the real daemon.

Opens a shell (key e) in a busybox container this script creates, then prints:
the time for ``seq 1 100000`` to be fully rendered through the shell (the last
number and the next prompt on screen) beside the docker CLI's own ``docker exec -it``
in the same pty in the same run (goal: no slower), and keystroke-to-echo latency (a
key sent to the app until the shell's echo of it is on screen; target <= 30 ms).

    python benchmarks/exec_shell.py [--keys 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docker

from tests.support.images import build_busybox_image
from tests.support.pty_session import PtySession


def bottom_line(session: PtySession, footer: bool = True) -> str:
    """The shell's last line on screen (in the app the screen's last line is its footer)."""
    lines = [line.rstrip() for line in session.screen.display if line.strip()]
    if not footer:
        return lines[-1] if lines else ""
    return lines[-2] if len(lines) > 1 else ""


def time_seq(session: PtySession, runs: int, footer: bool = True) -> list[float]:
    """Seconds for ``seq 1 100000`` to be fully on screen (the last number and the next prompt)."""
    times = []
    for _ in range(runs):
        session.send("clear\r")
        time.sleep(0.3)
        started = time.monotonic()
        session.send("seq 1 100000\r")
        deadline = started + 30
        while time.monotonic() < deadline:
            if "\n100000" in session.text() and bottom_line(session, footer).startswith("/ #"):
                break
            time.sleep(0.002)
        times.append(time.monotonic() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--host", default=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    options = parser.parse_args()

    client = docker.DockerClient(base_url=options.host, version="auto")
    image = build_busybox_image(client)
    name = f"bench-shell-{uuid.uuid4().hex[:6]}"
    container = client.containers.run(
        image,
        ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"],
        name=name,
        detach=True,
        labels={"dockertui.test": f"bench-{name}"},
    )
    session = PtySession(["--host", options.host], columns=120, rows=40)
    try:
        session.wait_for(name, timeout=15)
        session.send("/")
        session.wait_for("filter:", timeout=5)
        session.send(name + "\r")
        time.sleep(0.3)
        session.send("e")
        session.wait_for("/ #", timeout=15)

        seq_times = time_seq(session, options.runs)

        session.send("clear\r")
        time.sleep(0.5)
        latencies = []
        for index in range(options.keys):
            char = "abcdefghij"[index % 10]
            before = bottom_line(session)
            sent = time.monotonic()
            session.send(char)
            deadline = sent + 2
            while bottom_line(session) == before and time.monotonic() < deadline:
                time.sleep(0.0005)
            latencies.append(time.monotonic() - sent)
            time.sleep(0.05)
        session.send("\x03")
        session.close()

        # The floor, in the same run: the docker CLI's own `docker exec -it` in the same pty.
        cli = PtySession([], columns=120, rows=40, program=["docker", "-H", options.host, "exec", "-it", name, "sh"])
        try:
            cli.wait_for("/ #", timeout=15)
            cli_times = time_seq(cli, options.runs, footer=False)
        finally:
            cli.close()
    finally:
        session.close()
        container.remove(force=True)

    print(f"dockertui embedded shell, busybox sh over the Engine API, 120x40 pty, {os.cpu_count()} CPUs")
    best = min(seq_times)
    ours, theirs = statistics.median(seq_times), statistics.median(cli_times)
    print(
        f"  seq 1 100000 fully rendered   median {ours:.2f} s, best {best:.2f} s over {len(seq_times)} runs"
        f"   {ours / theirs:.2f} × the CLI's   goal <= the docker CLI's: {'ok' if ours <= theirs else 'OVER'}"
    )
    print(
        f"  the floor: docker exec -it    median {theirs:.2f} s, best {min(cli_times):.2f} s "
        f"(the same pty, the same run)"
    )
    ordered = sorted(latencies)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    print(
        f"  keystroke → echo on screen    median {statistics.median(latencies) * 1000:.1f} ms, p90 "
        f"{p90 * 1000:.1f} ms, worst {max(latencies) * 1000:.1f} ms over {len(latencies)} keys   "
        f"target <= 30 ms: {'ok' if statistics.median(latencies) <= 0.03 else 'OVER'}"
    )


if __name__ == "__main__":
    main()
