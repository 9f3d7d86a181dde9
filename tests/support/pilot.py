"""Waiting for the real app to reach a state, without fixed sleeps."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot


async def wait_for(
    pilot: Pilot, condition: Callable[[], bool], timeout: float = 30.0, what: str = "condition"
) -> float:
    """Let the app run until ``condition()`` holds; return the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await pilot.pause(0.02)
    return time.monotonic() - started


def bar_text(app, field: str) -> str:
    """A part of the header ("endpoint", "engine", "counts"), whatever screen is on top."""
    return getattr(app.screen_stack[0].query_one("EngineBar"), f"{field}_text")
