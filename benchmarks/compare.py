#!/usr/bin/env python3
"""dockertui beside its peers, with the same harness in the same run (optional; never in CI).

Makes the start-up scene of ``startup.py`` (7 labelled containers, 6 running), then
launches each program found on PATH — lazydocker (Go), and dockertui and the floor
(``floor.py``) always — in turn, and prints for each: launch until a container's name is
on screen, idle CPU once listed, and RSS. A peer not installed is said and skipped.

    python benchmarks/compare.py [--runs 5] [--idle 10] [--host unix:///var/run/docker.sock]
"""

from __future__ import annotations

import argparse
import os
import shutil
import time

from harness import DOCKERTUI, FLOOR, Launch, alternate, machine, median, spread
from scene import scene

#: Peers measured when found on PATH: name → (command, keys that quit it).
PEERS = {"lazydocker": (["lazydocker"], "q")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measured (once, after the runs)")
    parser.add_argument("--host", default=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    parser.add_argument("--size", default="160x45")
    options = parser.parse_args()
    size = (int(options.size.split("x")[0]), int(options.size.split("x")[1]))

    programs: dict[str, tuple[list[str], list[str], str]] = {
        "floor": (FLOOR, ["--host", options.host], "q"),
        "dockertui": (DOCKERTUI, ["--host", options.host], "q"),
    }
    for name, (command, quit_keys) in PEERS.items():
        if shutil.which(command[0]):
            programs[name] = (command, [], quit_keys)  # peers read DOCKER_HOST
        else:
            print(f"{name}: not on PATH, not measured")

    with scene(options.host) as made:
        made.running(6)
        made.create("stopped")
        needle = made.name("stopped")

        def measure(name: str, idle: float = 0.0) -> dict[str, float]:
            command, args, quit_keys = programs[name]
            launch = Launch(command, options.host, size, args)
            try:
                result = {"listed": launch.seconds_until(needle)}
                time.sleep(1.0)
                result["rss"] = launch.rss_mib()
                if idle:
                    time.sleep(2.0)
                    result["idle_cpu"] = launch.idle_cpu_percent(idle)
                launch.quit(quit_keys)
                return result
            finally:
                launch.close()

        results = alternate({name: (lambda name=name: measure(name)) for name in programs}, options.runs)
        idle = {name: measure(name, options.idle)["idle_cpu"] for name in programs}

    floor = median(results["floor"], "listed")
    print(f"{options.runs} launches each in turn, {size[0]}x{size[1]} pty, 7 containers (6 running), {machine()}")
    for name in programs:
        ratio = median(results[name], "listed") / floor
        print(
            f"  {name:<11} launch → a name on screen {spread(results[name], 'listed')} ({ratio:.2f} × floor)"
            f"   RSS {median(results[name], 'rss'):.0f} MiB   idle CPU ({options.idle:.0f} s) {idle[name]:.2f} %"
        )


if __name__ == "__main__":
    main()
