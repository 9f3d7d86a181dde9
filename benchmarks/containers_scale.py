#!/usr/bin/env python3
"""The containers pane with many containers, in a real pty against the real daemon.

Creates --created containers (``--network none``, never started) and --running
running ones, all labelled and removed afterwards, then prints: time from launch
to the list painted with all of them, beside the floor (``floor.py``) launched in turn in
the same run (goal <= 2 × the floor), filter keystroke to repaint (target <= 50 ms), and
idle CPU with the running ones listed and their CPU column live (goal <= 2 %).

    python benchmarks/containers_scale.py [--created 1000] [--running 50]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docker
from harness import DOCKERTUI, FLOOR, Launch, alternate, child_env, machine, median, spread, verdict

from tests.support.images import build_busybox_image
from tests.support.pty_session import PtySession

LABEL = "dockertui.test"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--created", type=int, default=1000)
    parser.add_argument("--running", type=int, default=50)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3, help="launches of each (dockertui, the floor), in turn")
    parser.add_argument("--host", default=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    options = parser.parse_args()

    client = docker.DockerClient(base_url=options.host, version="auto", timeout=300)
    api = client.api
    image = build_busybox_image(client)
    run_id = uuid.uuid4().hex[:6]
    labels = {LABEL: f"bench-{run_id}"}
    none = api.create_host_config(network_mode="none")

    def create(index: int) -> str:
        return api.create_container(
            image, ["true"], name=f"bench-{run_id}-{index:04d}", labels=labels, host_config=none
        )["Id"]

    def run(index: int) -> str:
        created = api.create_container(
            image,
            ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"],
            name=f"bench-{run_id}-run-{index:03d}",
            labels=labels,
            host_config=none,
        )
        api.start(created["Id"])
        return created["Id"]

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(options.created)))
        list(pool.map(run, range(options.running)))
    total = len(api.containers(all=True))
    running_total = len(api.containers())
    print(
        f"made {options.created} created + {options.running} running containers in "
        f"{time.monotonic() - started:.0f} s ({total} on the daemon)"
    )

    session = None
    try:
        # Launch → list painted, dockertui and the floor in turn, the same needle for both: a
        # bench container's name on screen (dockertui's status line says all are listed too).
        def launch_until_listed(program: list[str], extra: str | None) -> float:
            launch = Launch(program, options.host, (120, 40), ["--host", options.host])
            try:
                seconds = launch.session.wait_for_pattern(r"bench-\w+-", timeout=60)
                if extra is not None:
                    seconds = max(seconds, launch.seconds_until(extra))
                return seconds
            finally:
                launch.close()

        launches = alternate(
            {
                "floor": lambda: {"painted": launch_until_listed(FLOOR, None)},
                "dockertui": lambda: {"painted": launch_until_listed(DOCKERTUI, f"{total:,} shown")},
            },
            options.runs,
        )
        floor_painted = median(launches["floor"], "painted")
        painted = median(launches["dockertui"], "painted")

        session = PtySession(["--host", options.host], columns=120, rows=40, env=child_env(options.host))
        session.wait_for(f"{total:,} shown", timeout=30)
        session.wait_for_pattern(r"bench-\w+-\d{4}", timeout=10)

        # Filter: one keystroke at a time, timed until the status line is drawn again.
        session.send("/")
        session.wait_for("filter:", timeout=5)
        keystroke_lags = []
        for char in f"bench-{run_id}-09":
            offset = session.output_offset
            sent = time.monotonic()
            session.send(char)
            keystroke_lags.append(session.wait_for_output(" shown", offset, timeout=5) - sent)
        session.send("\x1b")  # escape clears the filter
        session.wait_for(f"{total:,} shown", timeout=5)

        # Idle with the running ones on screen and their CPU column streaming.
        session.send("a")  # running only
        session.wait_for(f"{running_total} shown", timeout=10)
        time.sleep(4)  # streams open, first samples in
        cpu_before, wall_before = session.cpu_seconds(), time.monotonic()
        time.sleep(options.idle)
        idle = 100 * (session.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
        live_rows = len(re.findall(r"\d+\.\d +[\d.]+ [KMG]iB", session.text()))
    finally:
        if session is not None:
            session.close()
        ids = [c["Id"] for c in api.containers(all=True, filters={"label": f"{LABEL}=bench-{run_id}"})]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda cid: api.remove_container(cid, force=True), ids))

    print(f"dockertui containers pane, {total} containers, 120x40 pty, {machine()}")
    print(f"  floor: launch → list painted      {spread(launches['floor'], 'painted')}")
    ratio = painted / floor_painted
    print(
        f"  dockertui: launch → list painted  {spread(launches['dockertui'], 'painted')}   {ratio:.2f} × floor"
        f"   goal <= 2 × floor: {verdict(ratio <= 2)}"
    )
    worst = max(keystroke_lags)
    print(
        f"  filter keystroke → repaint   median {statistics.median(keystroke_lags) * 1000:.0f} ms, "
        f"worst {worst * 1000:.0f} ms over {len(keystroke_lags)} keys   target <= 50 ms: "
        f"{'ok' if worst <= 0.05 else 'OVER'}"
    )
    print(
        f"  idle CPU, {running_total} running listed, CPU column live on the {live_rows} rows on screen"
        f"   {idle:.2f} %   goal <= 2 %: {verdict(idle <= 2)}"
    )


if __name__ == "__main__":
    main()
