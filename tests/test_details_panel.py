"""The details panel against the real daemon: zoom, the footer of the tab in front, the log
search's match count, the sparklines' scale."""

from __future__ import annotations

import re
import uuid

import pytest
from textual.widgets._footer import FooterKey

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.widgets.container_details import ContainerDetails
from tests.support.pilot import wait_for

TALKER = ["sh", "-c", "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.1; done"]


def unique(prefix: str) -> str:
    return f"dtui-test-{prefix}-{uuid.uuid4().hex[:6]}"


def footer(app) -> dict[str, str]:
    """What the footer shows: key → description."""
    return {key.key: key.description for key in app.screen.query(FooterKey)}


@pytest.fixture
def app(docker_host):
    return DockerTUI(DaemonTarget(host=docker_host))


async def select(app, pilot, pane_id: str, key: str) -> None:
    table = app.query_one(f"#{pane_id}-table")
    await wait_for(pilot, lambda: key in table.keys, what=f"{key} listed")
    assert table.select_key(key)
    table.focus()
    await pilot.pause()


async def test_log_search_counts_matches_and_is_cleared_on_another_container(app, containers) -> None:
    talker = containers.running(name=unique("talk"), command=TALKER)
    other = containers.running(name=unique("other"), command=TALKER)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(app, pilot, "containers", talker.id)
        details = app.query_one(ContainerDetails)
        log = details.log_view
        box = app.query_one("#details-log-search")
        await pilot.press("l")
        await wait_for(pilot, lambda: len(log.lines) >= 20, what="log lines")
        await pilot.press("slash", *"tick 1", "enter")

        def count() -> tuple[int, int]:
            match = re.fullmatch(r"(\d+)/(\d+)", str(box.border_subtitle))
            assert match, box.border_subtitle
            return int(match[1]), int(match[2])

        def matching() -> int:
            return sum("tick 1" in line.text for line in log.lines)

        await wait_for(pilot, lambda: bool(box.border_subtitle), what="a match count")
        number, total = count()
        assert 1 <= number <= total
        assert log.current_match is not None and "tick 1" in log.lines[log.current_match].text
        await pilot.press("n")
        following = number + 1 if number < count()[1] else 1
        await wait_for(pilot, lambda: count()[0] == following, what="n moving to the next match")
        # New lines holding it come (tick 1xx): the total follows them.
        await wait_for(pilot, lambda: count()[1] > total, what="the total growing")
        await wait_for(pilot, lambda: count()[1] == matching(), what="the total matching the log")
        await pilot.press("N")
        await wait_for(pilot, lambda: count()[0] == number, what="N back to the first match found")
        # Another container: the box is closed and empty, nothing is searched.
        await select(app, pilot, "containers", other.id)
        await pilot.press("l")
        await wait_for(pilot, lambda: details.container_id == other.id, what="the other container")
        await wait_for(
            pilot,
            lambda: not box.display and box.value == "" and log.query_text == "" and not box.border_subtitle,
            what="the search box closed and empty",
        )
        await wait_for(pilot, lambda: len(log.lines) >= 5, what="its log")
        assert log.match_status == ""
