"""The throttle: one run per interval however often asked, sooner when a request says so."""

from __future__ import annotations

import time

from textual.app import App

from dockertui.ui.throttle import Throttle
from tests.support.pilot import wait_for


async def test_requests_gather_and_a_sooner_one_brings_the_run_forward() -> None:
    app = App()
    runs: list[float] = []
    async with app.run_test() as pilot:
        throttle = Throttle(app, 30.0, lambda: runs.append(time.monotonic()))
        throttle.request()  # the first after a quiet spell: at once
        assert len(runs) == 1
        for _ in range(5):
            throttle.request()  # gathered into one run 30 s later
        await pilot.pause(0.2)
        assert len(runs) == 1
        throttle.request(0.05)  # this one may not wait that long: the run comes forward
        await wait_for(pilot, lambda: len(runs) == 2, what="the run brought forward")
        throttle.request(0.05)
        throttle.request()  # a later request does not put it back
        await wait_for(pilot, lambda: len(runs) == 3, what="the sooner run kept")
