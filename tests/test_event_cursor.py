"""The events pane's cursor against the real daemon: drawn, moved by the motions, kept on
its event as events arrive or the filter changes, and what `enter` acts on."""

from __future__ import annotations

import uuid

import pytest
from textual.geometry import Region

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from tests.support.pilot import wait_for


@pytest.fixture
def app(docker_host):
    return DockerTUI(DaemonTarget(host=docker_host))


def drawn_cursor_rows(log) -> list[int]:
    """The lines drawn with the cursor's background, as Textual asks the widget for them."""
    cursor = log.get_component_rich_style("event-log--cursor").bgcolor
    lines = log.render_lines(Region(0, 0, log.size.width, log.size.height))
    return [y for y, line in enumerate(lines) if any(s.style and s.style.bgcolor == cursor for s in line if s.text)]


def drawn_text(log, y: int) -> str:
    return log.render_lines(Region(0, y, log.size.width, 1))[0].text


def index_of(log, container, action: str) -> int:
    return next(i for i, e in enumerate(log.rows) if e.actor_id == container.id and e.action == action)


async def move_cursor_to(pilot, log, index: int) -> None:
    """With the keys a user would press (one at a time: other events may arrive meanwhile)."""
    await pilot.press("end")
    while log.cursor > index:
        await pilot.press("up")


async def only_events_of(app, pilot, name: str) -> None:
    """Filter the pane on ``name``: events of other tests on the same daemon stay out."""
    await pilot.press("slash", *name, "enter")
    await wait_for(pilot, lambda: app.events_pane.text_filter == name, what="the filter")


async def events_of(app, pilot, containers):
    await wait_for(pilot, lambda: app.session is not None, what="connected")
    await pilot.press("4")
    log = app.events_pane.event_log
    assert log.has_focus
    target = containers.running(name=f"dtui-test-cursor-{uuid.uuid4().hex[:6]}")
    await wait_for(
        pilot,
        lambda: (
            any(e.actor_id == target.id and e.action == "start" for e in log.rows)
            and target.id in app.containers_pane.table.keys
        ),
        what="the container's start event and row",
    )
    return log, target


async def test_up_and_home_move_a_cursor_you_can_see(app, containers) -> None:
    """↑ and home changed nothing on screen: the cursor row was drawn like every other."""
    async with app.run_test(size=(120, 40)) as pilot:
        log, target = await events_of(app, pilot, containers)
        await only_events_of(app, pilot, target.name)
        assert len(log.rows) >= 2
        await pilot.press("end")
        last = len(log.rows) - 1
        assert log.cursor == last and drawn_cursor_rows(log) == [last - log.top]
        await pilot.press("up")
        assert log.cursor == last - 1 and drawn_cursor_rows(log) == [last - 1 - log.top]
        assert drawn_text(log, last - 1 - log.top).startswith(log.rows[last - 1].time.strftime("%H:%M:%S"))
        await pilot.press("home")
        assert log.cursor == 0 and log.top == 0 and drawn_cursor_rows(log) == [0]


async def test_enter_acts_on_the_row_drawn_as_the_cursor(app, containers) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        log, target = await events_of(app, pilot, containers)
        start = index_of(log, target, "start")
        await move_cursor_to(pilot, log, start)
        assert drawn_cursor_rows(log) == [start - log.top]
        assert target.name in drawn_text(log, start - log.top)
        await pilot.press("enter")
        assert app.query_one("#panes").active == "containers"
        assert app.containers_pane.table.cursor_key == target.id

        # A network event (connect): enter shows its network in the networks pane (7).
        await pilot.press("4")
        network = next(i for i, e in enumerate(log.rows) if e.type == "network")
        await move_cursor_to(pilot, log, network)
        assert drawn_cursor_rows(log) == [network - log.top]
        await pilot.press("enter")
        assert app.query_one("#panes").active == "networks"
        assert app.networks_pane.table.cursor_key == log.rows[network].actor_id


async def test_the_cursor_stays_on_its_event_as_events_come_and_the_filter_changes(app, containers) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        log, target = await events_of(app, pilot, containers)
        await move_cursor_to(pilot, log, index_of(log, target, "create"))
        created = log.selected
        assert created is not None and created.action == "create"

        # New events: moved up, the cursor stays on its event.
        other = containers.running()
        await wait_for(pilot, lambda: any(e.actor_id == other.id for e in log.rows), what="more events")
        assert log.selected is created
        assert drawn_cursor_rows(log) == [log.cursor - log.top]

        # A filter that keeps the event keeps the cursor on it, and so does clearing it.
        await only_events_of(app, pilot, target.name)
        assert all(e.matches(target.name) for e in log.rows)
        assert log.selected is created
        await pilot.press("slash", "escape")
        await wait_for(pilot, lambda: app.events_pane.text_filter == "", what="the filter cleared")
        assert log.selected is created and any(e.actor_id == other.id for e in log.rows)
        assert drawn_cursor_rows(log) == [log.cursor - log.top]

        # At the last row, the cursor follows what comes.
        await pilot.press("end")
        third = containers.running()
        await wait_for(pilot, lambda: any(e.actor_id == third.id for e in log.rows), what="the third's events")
        await wait_for(pilot, lambda: log.selected is log.rows[-1], what="the cursor following")
        assert drawn_cursor_rows(log) == [log.cursor - log.top]
