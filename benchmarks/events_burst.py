#!/usr/bin/env python3
"""A burst of daemon events against dockertui running in a real pty.

Generates at least --events events (threads of tag/untag and create/rm, all on
objects this script creates and removes) while the app shows the events pane,
and prints: events/s the app absorbed, the input-to-screen lag while the burst ran (a
pane switch every 200 ms, timed until it is on screen; goal median <= 50 ms, p90 <=
100 ms), app CPU per event (goal <= 1 ms), and the app's memory before and after. The
same switches are first made with no burst, in the same run: their lag is the floor,
and their CPU is taken out of the CPU per event.

    python benchmarks/events_burst.py [--events 3000] [--threads 8]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
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


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def shown_count(session: PtySession) -> int:
    """Events the app has taken in, from its events pane status line."""
    text = session.text()
    seen = re.search(r"\(([\d,]+) seen, max", text)
    if seen:
        return int(seen.group(1).replace(",", ""))
    match = re.search(r"([\d,]+) events \(max", text)
    return int(match.group(1).replace(",", "")) if match else -1


class Burst:
    """Threads that make events until told to stop (run in a process of their own by
    ``run_burst``, so they compete with the app only for the CPU, not with the
    measuring process for its GIL)."""

    def __init__(self, client: docker.DockerClient, image: str, threads: int, run_id: str, kind: str = "mixed") -> None:
        self.client = client
        self.image = image
        self.run_id = run_id
        self.stop = threading.Event()

        def loop_for(index: int):
            if kind == "tags" or (kind == "mixed" and index % 2):
                return self._tag_loop
            return self._container_loop

        self.threads = [threading.Thread(target=loop_for(i), args=(i,), daemon=True) for i in range(threads)]

    def _tag_loop(self, index: int) -> None:
        api = self.client.api
        repository = f"dtui-bench-{self.run_id}-{index}"
        while not self.stop.is_set():
            api.tag(self.image, repository, "x")
            api.remove_image(f"{repository}:x")

    def _container_loop(self, index: int) -> None:
        api = self.client.api
        while not self.stop.is_set():
            created = api.create_container(
                self.image,
                ["true"],
                labels={LABEL: f"bench-{self.run_id}"},
                host_config=api.create_host_config(network_mode="none"),
            )
            api.remove_container(created["Id"], force=True)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def run_burst(host: str, image: str, threads: int, run_id: str, stop, kind: str = "mixed") -> None:
    """Process entry point: make events until ``stop`` (a multiprocessing Event) is set."""
    burst = Burst(docker.DockerClient(base_url=host, version="auto", timeout=120), image, threads, run_id, kind)
    burst.start()
    stop.wait()
    burst.finish()


#: Pane switches timed with no burst first: the floor of the lag and of the CPU.
QUIET_SWITCHES = 30


def switch(session: PtySession, pane: str, lags: list[float]) -> str:
    """Switch between the events and images panes after 200 ms; the lag until the pane is
    on screen is appended to ``lags``; returns the pane now in front."""
    pane = "2" if pane == "4" else "4"
    marker = "Repository:Tag" if pane == "2" else "● live"
    time.sleep(0.2)
    offset = session.output_offset
    sent = time.monotonic()
    session.send(pane)
    try:
        lags.append(session.wait_for_output(marker, offset, timeout=5) - sent)
    except TimeoutError:
        lags.append(5.0)
    return pane


def lag_line(lags: list[float]) -> str:
    ordered = sorted(lags)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return (
        f"median {statistics.median(lags) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, "
        f"worst {max(lags) * 1000:.0f} ms over {len(lags)} pane switches"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--kind",
        choices=("mixed", "tags", "containers"),
        default="mixed",
        help="what the threads do: tag/untag, create/rm, or half of each",
    )
    parser.add_argument("--host", default=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    options = parser.parse_args()

    client = docker.DockerClient(base_url=options.host, version="auto", timeout=120)
    image = build_busybox_image(client)
    run_id = uuid.uuid4().hex[:6]

    session = PtySession(["--host", options.host], columns=120, rows=40)
    counter_stream = None
    try:
        session.wait_for_pattern(r"\d+/\d+ running", timeout=15)
        session.send("4")
        session.wait_for("events (", timeout=5)
        time.sleep(1.0)
        rss_before = rss_mb(session.process.pid)

        # The floor, in the same run: the same pane switches with no burst, for their own
        # lag and CPU (a switch lays out and paints the whole screen).
        quiet_lags: list[float] = []
        quiet_cpu_before = session.cpu_seconds()
        pane = "4"
        for _ in range(QUIET_SWITCHES):
            pane = switch(session, pane, quiet_lags)
        if pane != "4":
            pane = switch(session, pane, quiet_lags)
        cpu_per_switch = (session.cpu_seconds() - quiet_cpu_before) / len(quiet_lags)
        time.sleep(1.0)
        baseline = shown_count(session)

        # Count what the daemon emits during the burst with a stream of our own.
        counter_stream = client.api.events(decode=True)
        made = 0
        counting = threading.Event()

        def count() -> None:
            nonlocal made
            for _ in counter_stream:
                if counting.is_set():
                    made += 1

        counter = threading.Thread(target=count, daemon=True)
        counter.start()

        stop_burst = multiprocessing.Event()
        burst = multiprocessing.Process(
            target=run_burst, args=(options.host, image, options.threads, run_id, stop_burst, options.kind)
        )
        cpu_before = session.cpu_seconds()
        counting.set()
        started = time.monotonic()
        burst.start()
        lags: list[float] = []
        pane = "4"
        while made < options.events:
            pane = switch(session, pane, lags)
        stop_burst.set()
        burst.join()
        burst_seconds = time.monotonic() - started
        if pane != "4":
            session.send("4")
            session.wait_for("events (", timeout=5)
        time.sleep(0.5)
        counting.clear()
        total = made
        deadline = time.monotonic() + 30
        while shown_count(session) < baseline + total and time.monotonic() < deadline:
            time.sleep(0.01)
        absorbed_seconds = time.monotonic() - started
        shown = shown_count(session)
        cpu = session.cpu_seconds() - cpu_before
        rss_after = rss_mb(session.process.pid)
    finally:
        if counter_stream is not None:
            counter_stream.close()
        session.close()
        for summary in client.api.containers(all=True, filters={"label": f"{LABEL}=bench-{run_id}"}):
            client.api.remove_container(summary["Id"], force=True)

    print(
        f"dockertui events burst ({options.kind}): {total} events from {options.threads} threads "
        f"in {burst_seconds:.1f} s "
        f"({total / burst_seconds:.0f} events/s produced by the daemon)"
    )
    print(f"  events taken in by the app   {shown - baseline:,} of {total:,} (the pane keeps the last 10,000)")
    print(f"  events/s absorbed            {(shown - baseline) / absorbed_seconds:.0f}")
    ordered = sorted(lags)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    median = statistics.median(lags)
    print(
        f"  input-to-screen lag          {lag_line(lags)}   goal median <= 50 ms, p90 <= 100 ms: "
        f"{'ok' if median <= 0.05 and p90 <= 0.1 else 'OVER'}"
    )
    print(f"  the floor: the same switches, no burst, same run   {lag_line(quiet_lags)}")
    switches_cpu = len(lags) * cpu_per_switch
    net = max(0.0, cpu - switches_cpu) / max(1, total)
    print(
        f"  app CPU per event            {net * 1e6:.0f} µs once the switches' own CPU is taken out "
        f"({cpu:.2f} s CPU in all, {cpu_per_switch * 1000:.0f} ms a switch measured with no burst; "
        f"{cpu / max(1, total) * 1e6:.0f} µs with it)   goal <= 1 ms: {'ok' if net <= 0.001 else 'OVER'}"
    )
    print(f"  app memory (RSS)             {rss_before:.1f} MB before, {rss_after:.1f} MB after")


if __name__ == "__main__":
    main()
