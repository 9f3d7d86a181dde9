#!/usr/bin/env python3
"""Start-up of dockertui beside the floor, in a real pty against a real daemon.

Makes 7 labelled containers (6 running, as in a small server's list), then launches
dockertui and the floor (``floor.py``: a Textual app listing containers with docker-py,
nothing more) alternately, and prints for each: launch until a container's name is on
screen, and for dockertui also the first paint (the tab bar), the engine version on
screen, idle CPU with the 6 running ones' CPU column live, RSS, and ``q`` until the
process is gone — as seconds and as ratios to the floor measured in the same run.
Everything made is removed afterwards.

Goals (issue 18): list ≤ 1.15 × floor, engine version ≤ 1.3 × floor, idle CPU ≤ 1.0 %,
RSS ≤ floor + 10 MiB.

    python benchmarks/startup.py [--runs 7] [--idle 10] [--host unix:///var/run/docker.sock]
"""

from __future__ import annotations

import argparse
import os
import time

from harness import DOCKERTUI, FLOOR, Launch, alternate, machine, median, spread, verdict
from scene import scene


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measured (on the last run)")
    parser.add_argument("--host", default=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    parser.add_argument("--size", default="160x45")
    options = parser.parse_args()
    size = (int(options.size.split("x")[0]), int(options.size.split("x")[1]))

    with scene(options.host) as made:
        made.running(6)
        made.create("stopped")
        needle = made.name("stopped")
        answer = made.api.version()
        version_text = f"{answer['Version']} · API {answer['ApiVersion']}"

        def floor() -> dict[str, float]:
            launch = Launch(FLOOR, options.host, size, ["--host", options.host])
            try:
                listed = launch.seconds_until(needle)
                time.sleep(1.0)
                return {"listed": listed, "rss": launch.rss_mib()}
            finally:
                launch.close()

        def dockertui(idle: float = 0.0) -> dict[str, float]:
            launch = Launch(DOCKERTUI, options.host, size, ["--host", options.host])
            try:
                result = {
                    "first_paint": launch.seconds_until("1 Containers"),
                    "listed": launch.seconds_until(needle),
                    "engine": launch.seconds_until(version_text),
                }
                launch.session.wait_for_pattern(r"\d+\.\d+ +[\d.]+ ?[KMG]i?B", timeout=30)  # CPU column live
                time.sleep(1.0)
                result["rss"] = launch.rss_mib()
                if idle:
                    result["idle_cpu"] = launch.idle_cpu_percent(idle)
                result["quit"] = launch.quit()
                return result
            finally:
                launch.close()

        results = alternate({"floor": floor, "dockertui": dockertui}, options.runs)
        idle_run = dockertui(options.idle)

    floor_list = median(results["floor"], "listed")
    ours = results["dockertui"]
    print(
        f"start-up, {options.runs} launches each in turn (one more of each first, not counted), "
        f"{size[0]}x{size[1]} pty, 7 containers (6 running), daemon {answer['Version']}, {machine()}"
    )
    print(f"  floor: launch → a name on screen   {spread(results['floor'], 'listed')}")
    print(f"  floor: RSS                         {spread(results['floor'], 'rss', 'MiB')}")
    rows = [
        ("first paint (tab bar)", "first_paint", None),
        ("launch → a name on screen", "listed", 1.15),
        ("launch → engine version", "engine", 1.3),
    ]
    for label, key, goal in rows:
        ratio = median(ours, key) / floor_list
        line = f"  dockertui: {label:<26} {spread(ours, key)}   {ratio:.2f} × floor"
        if goal is not None:
            line += f"   goal ≤ {goal} × floor: {verdict(ratio <= goal)}"
        print(line)
    extra = median(ours, "rss") - median(results["floor"], "rss")
    print(
        f"  dockertui: RSS after start           {spread(ours, 'rss', 'MiB')}   floor + {extra:.1f} MiB"
        f"   goal ≤ floor + 10 MiB: {verdict(extra <= 10)}"
    )
    idle = idle_run["idle_cpu"]
    print(
        f"  dockertui: idle CPU, 6 running, CPU column live ({options.idle:.0f} s)   {idle:.2f} %"
        f"   goal ≤ 1.0 %: {verdict(idle <= 1.0)}"
    )
    print(f"  dockertui: q → process gone         {spread(ours, 'quit')}")


if __name__ == "__main__":
    main()
