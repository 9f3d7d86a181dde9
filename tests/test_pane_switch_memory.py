"""Switching panes leaves nothing behind (the footer's keys and Textual's render caches
of removed widgets were kept: RSS grew ~0.4 MB a switch, 71 → 147 MB in 200)."""

from __future__ import annotations

import gc
from collections import Counter

from textual._styles_cache import StylesCache
from textual.widget import Widget

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from tests.support.pilot import wait_for


def alive() -> Counter:
    gc.collect()
    counts: Counter = Counter()
    for thing in gc.get_objects():
        if isinstance(thing, Widget):
            counts["widgets"] += 1
        elif isinstance(thing, StylesCache):
            counts["render caches"] += 1
    return counts


async def switch(pilot, times: int) -> None:
    for _ in range(times):
        for key in ("2", "1"):
            await pilot.press(key)
            await pilot.pause()


async def test_pane_switches_keep_no_removed_widgets(docker_host, standard_containers) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.live is not None and app.live.full_relists >= 1, what="the list")
        await switch(pilot, 10)  # every pane and cache made once
        before = alive()
        await switch(pilot, 40)
        after = alive()
        # 80 switches used to leave ~17 footer keys and ~8 render caches behind each.
        assert after["widgets"] <= before["widgets"] + 10, (before, after)
        assert after["render caches"] <= before["render caches"] + 10, (before, after)
