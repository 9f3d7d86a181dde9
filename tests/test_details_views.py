"""The details panel's views against the real daemon, after a hostile trial: the Stats tab
of another container, escape on a kept search, the foot of the Inspect tab."""

from __future__ import annotations

import uuid

import pytest
from textual.scrollbar import ScrollBar
from textual.widgets import Sparkline

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.widgets.container_details import GRAPHS, ContainerDetails
from tests.support.pilot import wait_for

TALKER = ["sh", "-c", "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.1; done"]


def unique(prefix: str) -> str:
    return f"dtui-test-{prefix}-{uuid.uuid4().hex[:6]}"


@pytest.fixture
def app(docker_host):
    return DockerTUI(DaemonTarget(host=docker_host))


async def select(app, pilot, key: str) -> None:
    table = app.query_one("#containers-table")
    await wait_for(pilot, lambda: key in table.keys, what=f"{key} listed")
    assert table.select_key(key)
    table.focus()
    await pilot.pause()


async def open_stats(app, pilot, details, container_id: str) -> None:
    """enter, then ] ] once the details have the focus (] is theirs: pressed before the focus
    moved in, under load, it went to the list and did nothing)."""
    await pilot.press("enter")
    await wait_for(pilot, lambda: details.container_id == container_id, what="the container shown")
    await wait_for(pilot, lambda: details.has_focus_within, what="the focus in the details")
    while details.active_tab != "stats":
        before = details.active_tab
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda before=before: details.active_tab != before, what="the next tab")


async def test_a_stopped_container_shows_no_graphs_of_the_one_before(app, containers) -> None:
    """Details of a running container, then of an exited one: its Stats tab said "not
    running" above the first one's "CPU 0.1 % max 0.3 %" and its full sparklines."""
    busy = containers.running(name=unique("busy"), command=["sh", "-c", "while :; do :; done"])
    stopped = containers.exited(0, name=unique("stopped"))
    async with app.run_test(size=(120, 40)) as pilot:
        details = app.query_one(ContainerDetails)
        await select(app, pilot, busy.id)
        await open_stats(app, pilot, details, busy.id)
        labels = [app.query_one(f"#spark-label-{key}") for key, _ in GRAPHS]
        sparks = [app.query_one(f"#spark-{key}", Sparkline) for key, _ in GRAPHS]
        await wait_for(pilot, lambda: "max" in str(labels[0].render()), what="the busy one's CPU graph")
        assert all(spark.display and spark.data for spark in sparks)
        await select(app, pilot, stopped.id)
        await open_stats(app, pilot, details, stopped.id)
        body = str(app.query_one("#details-stats-body").render())
        assert body == f"{stopped.name} is not running: no live stats."
        for label, spark in zip(labels, sparks, strict=True):
            assert not label.display and not spark.display and not spark.data
            assert "max" not in str(label.render())
        # And back to the busy one: its own graphs again, from what was sampled meanwhile.
        await select(app, pilot, busy.id)
        await open_stats(app, pilot, details, busy.id)
        await wait_for(pilot, lambda: all(spark.display and spark.data for spark in sparks), what="its graphs")


@pytest.mark.parametrize(("key", "view", "needle"), [("l", "log_view", "tick 1"), ("i", "inspect_tree", "Id")])
async def test_escape_on_a_kept_search_closes_the_search_then_the_details(app, containers, key, view, needle) -> None:
    """escape while the search box still showed what was searched closed the whole panel."""
    talker = containers.running(name=unique("search"), command=TALKER)
    async with app.run_test(size=(120, 40)) as pilot:
        details = app.query_one(ContainerDetails)
        target = getattr(details, view)
        box = app.query_one(f"#details-{'log' if key == 'l' else 'inspect'}-search")
        await select(app, pilot, talker.id)
        await pilot.press(key)
        await wait_for(pilot, lambda: target.has_focus, what=f"the {view}")
        if key == "l":
            await wait_for(pilot, lambda: len(details.log_view.lines) >= 20, what="log lines")
        else:
            await wait_for(pilot, lambda: details.document is not None, what="the inspect document")
        # In the box, escape closes the box only (as before).
        await pilot.press("slash", *"abc", "escape")
        await wait_for(pilot, lambda: not box.display and target.has_focus, what="the box closed")
        assert details.display
        # A search kept with enter: the box stays, showing it; escape closes it, then the panel.
        await pilot.press("slash", *needle, "enter")
        await wait_for(pilot, lambda: target.has_focus and box.display and box.value == needle, what="a kept search")
        if key == "l":
            await wait_for(pilot, lambda: details.log_view.query_text == needle, what="the log searched")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not box.display and box.value == "", what="the search closed")
        assert details.display and target.has_focus
        if key == "l":
            await wait_for(
                pilot,
                lambda: details.log_view.query_text == "" and not box.border_subtitle,
                what="the log's highlights and count gone",
            )
        await pilot.press("escape")
        await wait_for(pilot, lambda: not details.display, what="the details closed")
        assert app.focused is app.query_one("#containers-table")


async def test_the_inspect_tab_has_no_stray_scrollbar_mark_and_still_scrolls_sideways(app, containers) -> None:
    """A ▊ sat at the foot of the Inspect tab: the end of the horizontal scrollbar's thumb
    (long paths make the tree wider than the pane), its track and thumb all but invisible."""
    target = containers.running(name=unique("wide"))
    async with app.run_test(size=(80, 24)) as pilot:
        details = app.query_one(ContainerDetails)
        tree = details.inspect_tree
        await select(app, pilot, target.id)
        await pilot.press("i")
        await wait_for(pilot, lambda: tree.has_focus and details.document is not None, what="the inspect tree")
        await wait_for(pilot, lambda: tree.max_scroll_x > 0, what="lines wider than the pane")
        region = tree.region
        for y in range(region.y, region.bottom):
            for x in range(region.x, region.right):
                widget, _ = app.get_widget_at(x, y)
                assert not (isinstance(widget, ScrollBar) and not widget.vertical), (x, y)
        await pilot.press("right", "right")
        await wait_for(pilot, lambda: tree.scroll_x > 0, what="right scrolling sideways")
