#!/usr/bin/env python3
"""A long run of dockertui in a real pty: memory over time, and input lag in a log flood.

Starts --chatty containers that log a line every 0.1 s, one that logs as fast as it
can, and a thread that creates and removes a container every two seconds (churn).
The app shows the flooding container's logs (followed) with a shell open in another
container that prints a screenful every few seconds; every 0.5 s the containers and
images panes are switched and the time until the new pane is on screen is taken.
Prints the RSS over the run with its slope (MiB per 30 minutes, least squares), the
pane-switch latency percentiles during the flood against a floor measured in the same
run (the same switches with everything running but the flood's logs not shown), and
the RSS once every shell is closed, against the RSS at start.

    python benchmarks/soak.py [--minutes 30] [--chatty 20]
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


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def slope_per_30_min(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MiB), in MiB per 30 minutes."""
    if len(samples) < 2:
        return float("nan")
    xs, ys = zip(*samples)
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in samples) / spread * 1800 if spread else float("nan")


def switch_lags(session: PtySession, count: int, containers_marker: str) -> list[float]:
    """Switch between the containers and images panes ``count`` times, 0.5 s apart; the
    seconds from each key until the pane's ``marker`` is in the output."""
    lags = []
    for index in range(count):
        pane, marker = ("2", "Repository:Tag") if index % 2 == 0 else ("1", containers_marker)
        time.sleep(0.5)
        offset = session.output_offset
        sent = time.monotonic()
        session.send(pane)
        try:
            lags.append(session.wait_for_output(marker, offset, timeout=10) - sent)
        except TimeoutError:
            lags.append(10.0)
    return lags


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--chatty", type=int, default=20)
    parser.add_argument("--host", default=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    options = parser.parse_args()

    client = docker.DockerClient(base_url=options.host, version="auto", timeout=120)
    image = build_busybox_image(client)
    run_id = uuid.uuid4().hex[:6]
    labels = {LABEL: f"bench-{run_id}"}
    no_network = client.api.create_host_config(network_mode="none")

    def run(name: str, command: list[str]) -> None:
        created = client.api.create_container(image, command, name=name, labels=labels, host_config=no_network)
        client.api.start(created["Id"])

    for index in range(options.chatty):
        run(
            f"soak-{run_id}-chat{index}",
            ["sh", "-c", f"i=0; while :; do i=$((i+1)); echo chat {index} line $i; sleep 0.1; done"],
        )
    flood = f"soak-{run_id}-flood"
    run(
        flood,
        [
            "sh",
            "-c",
            "i=0; while :; do i=$((i+1)); echo flooding line $i of a container that logs as fast as it can; done",
        ],
    )
    shell_box = f"soak-{run_id}-shell"
    run(shell_box, IDLE)

    stop = threading.Event()

    def churn() -> None:
        while not stop.wait(2.0):
            created = client.api.create_container(image, ["true"], labels=labels, host_config=no_network)
            client.api.remove_container(created["Id"], force=True)

    churner = threading.Thread(target=churn, daemon=True)
    session = PtySession(["--host", options.host], columns=120, rows=40)
    samples: list[tuple[float, float]] = []
    lags: list[float] = []
    floor: list[float] = []
    try:
        session.wait_for(flood, timeout=30)
        time.sleep(2.0)
        rss_start = rss_mib(session.process.pid)
        # A shell in one container, printing a screenful now and then.
        session.send("/")
        session.wait_for("filter:", timeout=10)
        session.send(shell_box + "\r")
        time.sleep(0.5)
        session.send("e")
        session.wait_for("/ #", timeout=30)
        session.send("while :; do seq 1 40; sleep 3; done\r")
        time.sleep(1.0)
        session.send("\x1d")  # leave the terminal
        session.wait_for("Close tab", timeout=30)  # the shells pane's own keys
        # The floor: pane switches with all of it running, the flood's logs not shown.
        session.send("1")
        time.sleep(0.5)
        floor = switch_lags(session, 30, "Name ▲")
        # The flooding container's logs, followed.
        session.send("1")
        time.sleep(0.5)
        session.send("/")
        time.sleep(0.3)
        session.send("\x15")  # ctrl+u clears the earlier filter (apart: text after it is lost)
        time.sleep(0.3)
        session.send(flood + "\r")
        session.wait_for(f"filter {flood}", timeout=30)
        time.sleep(0.5)
        session.send("l")
        session.wait_for("flooding line", timeout=30)
        churner.start()
        started = time.monotonic()
        next_sample = started
        while time.monotonic() - started < options.minutes * 60:
            now = time.monotonic()
            if now >= next_sample:
                samples.append((now - started, rss_mib(session.process.pid)))
                next_sample += 10.0
            lags += switch_lags(session, 2, "flooding line")
        rss_end = rss_mib(session.process.pid)
        # Close the shell, leave the logs: what is given back.
        session.send("5")
        session.wait_for("Leave terminal", timeout=30)
        session.send("\x1d")  # the shells pane puts the keys into the shell: out first
        session.wait_for("Close tab", timeout=30)
        session.send("x")
        session.wait_for("No shells yet", timeout=30)
        session.send("1")
        time.sleep(0.5)
        session.send("\x1b")
        time.sleep(5.0)
        rss_closed = rss_mib(session.process.pid)
    finally:
        stop.set()
        session.close()
        for summary in client.api.containers(all=True, filters={"label": f"{LABEL}=bench-{run_id}"}):
            client.api.remove_container(summary["Id"], force=True)

    ordered = sorted(lags)

    def percentile(share: float) -> float:
        return ordered[int(share * (len(ordered) - 1))] * 1000

    print(
        f"dockertui soak: {options.minutes:g} min, {options.chatty} chatty containers, one flooding, "
        f"churn every 2 s, a shell open"
    )
    print(
        f"  RSS                          start {rss_start:.1f} MiB, end {rss_end:.1f} MiB, "
        f"slope {slope_per_30_min(samples):+.1f} MiB per 30 min over {len(samples)} samples "
        f"(target <= 10)"
    )
    print(
        f"  RSS after closing the shell  {rss_closed:.1f} MiB, start + {rss_closed - rss_start:.1f} MiB (target <= 15)"
    )
    print(
        f"  pane switch in the flood     median {percentile(0.5):.0f} ms, p90 {percentile(0.9):.0f} ms, "
        f"worst {ordered[-1] * 1000:.0f} ms over {len(lags)} switches (target: median <= 100 ms)"
    )
    print(
        f"  the floor, same run          median {median_ms(floor):.0f} ms with all of it running but the flood's "
        f"logs not shown: {percentile(0.5) / median_ms(floor):.1f}× the floor"
    )


if __name__ == "__main__":
    main()
