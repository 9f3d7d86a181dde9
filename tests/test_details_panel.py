"""The details panel against the real daemon: zoom, the footer of the tab in front, the log
search's match count, the sparklines' scale."""

from __future__ import annotations

import re
import uuid

import pytest
from textual.widgets._footer import FooterKey

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.widgets.container_details import ContainerDetails, graph_label
from tests.support.pilot import wait_for

TALKER = ["sh", "-c", "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.1; done"]
#: Counts to 49 and again: "tick 1" (and 10…19) recurs every 5 s however long the container has run.
#: (TALKER, once past tick 199, had no new "tick 1" line until tick 1000.)
CYCLING_TALKER = ["sh", "-c", "i=0; while :; do echo tick $i; i=$(((i+1) % 50)); sleep 0.1; done"]


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


async def test_zoom_fills_the_pane_and_closing_restores(app, containers) -> None:
    target = containers.running(name=unique("zoom"))
    async with app.run_test(size=(120, 40)) as pilot:
        await select(app, pilot, "containers", target.id)
        pane = app.query_one("#containers")
        table = pane.table
        details = app.query_one(ContainerDetails)
        assert "z" not in footer(app)  # only while details are open
        await pilot.press("enter")
        await wait_for(pilot, lambda: footer(app).get("z") == "Zoom", what="z Zoom in the footer")

        def fills_the_pane() -> bool:
            return not table.display and details.outer_size.height == pane.size.height

        table.focus()  # zoomed from the list: the focus goes into the panel, the list hides
        await pilot.pause()
        await pilot.press("z")
        await wait_for(pilot, fills_the_pane, what="the details filling the pane")
        assert app.focused is not None and details in app.focused.ancestors
        assert not pane.filter_input.display and not app.query_one("#containers-status").display
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: fills_the_pane() and pane.size.height < 30, what="still filling it at 80x24")
        await pilot.press("plus")  # the other key: back to the list and the panel under it
        await wait_for(pilot, lambda: table.display and table.size.height > 0, what="the list back")
        assert details.display and details.outer_size.height < pane.size.height
        await pilot.press("z")
        await wait_for(pilot, fills_the_pane, what="zoomed again")
        await pilot.press("escape")  # closing the details restores the list
        await wait_for(pilot, lambda: table.display and not details.display, what="the list after escape")
        assert app.focused is table and not pane.details_zoomed
        await wait_for(pilot, lambda: "z" not in footer(app), what="no z Zoom with the details closed")
        await pilot.press("enter")  # opened again: not zoomed
        await wait_for(pilot, lambda: details.display, what="details again")
        assert table.display and not pane.details_zoomed


async def test_image_details_zoom_too(app, fixture_images) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        pane = app.query_one("#images")
        await wait_for(
            pilot,
            lambda: any(key.endswith(f"|{fixture_images.busybox}") for key in pane.table.keys),
            what="the busybox image listed",
        )
        await select(app, pilot, "images", next(k for k in pane.table.keys if k.endswith(f"|{fixture_images.busybox}")))
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.details.display and footer(app).get("z") == "Zoom", what="z Zoom")
        await pilot.press("z")
        await wait_for(
            pilot,
            lambda: not pane.table.display and pane.details.outer_size.height == pane.size.height,
            what="the image details filling the pane",
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: pane.table.display and not pane.details.display, what="the list back")


async def test_the_footer_shows_the_keys_of_the_tab_in_front(app, containers) -> None:
    target = containers.running(name=unique("keys"))
    async with app.run_test(size=(160, 40)) as pilot:
        await select(app, pilot, "containers", target.id)
        pane = app.query_one("#containers")
        details = app.query_one(ContainerDetails)
        await pilot.press("enter")
        # Info: v shows the env values; / is not the list's filter here.
        await wait_for(pilot, lambda: footer(app).get("v") == "Env values", what="Info's keys")
        assert "slash" not in footer(app) and "c" not in footer(app)
        await pilot.press("slash")
        assert not pane.filter_input.display
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: footer(app).get("slash") == "Search", what="Logs' keys")
        assert footer(app).get("t") == "Timestamps" and "v" not in footer(app)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: details.active_tab == "stats" and "slash" not in footer(app), what="Stats' keys")
        await pilot.press("slash")
        assert not pane.filter_input.display  # the list's filter does not open from the Stats tab
        await pilot.press("right_square_bracket")
        await wait_for(
            pilot,
            lambda: footer(app).get("slash") == "Search" and footer(app).get("c") == "Copy value",
            what="Inspect's keys",
        )
        # tab from the list goes straight to the inspect tree (the tab strip takes no focus).
        pane.table.focus()
        await wait_for(pilot, lambda: footer(app).get("slash") == "Filter", what="the list's keys")
        await pilot.press("tab")
        await wait_for(pilot, lambda: app.focused is details.inspect_tree, what="tab reaching the inspect tree")
        # A tab clicked: what it shows has the focus, and the footer its keys.
        await pilot.click("#--content-tab-details-logs")
        await wait_for(pilot, lambda: app.focused is details.log_view, what="the log focused by a click")
        await wait_for(pilot, lambda: footer(app).get("t") == "Timestamps", what="the log's keys after the click")


async def test_log_search_counts_matches_and_is_cleared_on_another_container(app, containers) -> None:
    talker = containers.running(name=unique("talk"), command=CYCLING_TALKER)
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
        # New lines holding it come (the next round's tick 1…19): the total follows them.
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


async def test_the_sparklines_show_their_scale(app, containers) -> None:
    busy = containers.running(name=unique("scale"), command=["sh", "-c", "while :; do :; done"])
    async with app.run_test(size=(120, 40)) as pilot:
        await select(app, pilot, "containers", busy.id)
        await pilot.press("enter", "right_square_bracket", "right_square_bracket")
        details = app.query_one(ContainerDetails)
        label = app.query_one("#spark-label-cpu")
        await wait_for(pilot, lambda: "max" in str(label.render()), what="the CPU graph's scale")
        series = details._series["cpu"]
        assert str(label.render()) == graph_label("cpu", "CPU", series)
        assert str(label.render()).startswith(f"CPU {series[-1]:.1f} %   max {max(series):.1f} %")
        assert "max" in str(app.query_one("#spark-label-memory").render())


def test_graph_label_says_now_max_and_min() -> None:
    assert graph_label("cpu", "CPU", [0.2, 1.2, 0.6]) == "CPU 0.6 %   max 1.2 %   min 0.2 %"
    assert graph_label("memory", "Memory", [1024.0, 2048.0]) == "Memory 2.0 KiB   max 2.0 KiB   min 1.0 KiB"
    assert graph_label("rx", "Net rx", [0.0, 1500.0]) == "Net rx 1.5 kB/s   max 1.5 kB/s   min 0 Bytes/s"
    assert graph_label("cpu", "CPU", []) == "CPU"
