"""Keys typed faster than the app handles them land where the user meant them.

Textual hands each key to the focused widget's own queue; a tab queued there moved the
focus only once that widget got to it, so keys typed after it had already gone to the
old field (seen in the run form under load: "sleep 1127.0." in Command, and a whole
pasted form in Name)."""

from __future__ import annotations

import pytest
from textual import events

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.panes.events import EventsPane
from dockertui.ui.screens.run_form import RunForm
from tests.support.fakes import fake_connector
from tests.support.pilot import wait_for


def key_events(text: str) -> list[events.Key]:
    return [events.Key("tab", "\t") if char == "\t" else events.Key(char, char) for char in text]


async def test_a_burst_of_keys_with_tabs_fills_each_field_of_the_run_form() -> None:
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="the fake daemon")
        form = RunForm("busybox:latest")
        await app.push_screen(form)
        form.query_one("#run-name").focus()
        await pilot.pause()
        # All queued before the first is handled: what a loaded machine or a paste delivers.
        for event in key_events("web\tsleep 1\t127.0.0.1:1:1"):
            app.post_message(event)
        ports = form.query_one("#run-ports")
        await wait_for(pilot, lambda: ports.value == "127.0.0.1:1:1", what="the ports typed into Ports")
        assert form.query_one("#run-name").value == "web"
        assert form.query_one("#run-command").value == "sleep 1"


async def test_a_key_typed_right_after_enter_in_the_filter_acts_on_the_list() -> None:
    """``/name`` enter ``e`` typed in one go: the e went into the filter box (seen over ssh in CI)."""
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: table.row_count > 0, what="rows")
        await pilot.press("slash")
        field = app.query_one("#containers-filter")
        await wait_for(pilot, lambda: field.has_focus, what="the filter box")
        for event in [*key_events("web"), events.Key("enter", "\r"), *key_events("zj")]:
            app.post_message(event)
        await wait_for(pilot, lambda: table.has_focus, what="the list focused")
        await pilot.pause()
        assert field.value == "web"
        # And escape in the box clears it, as before.
        await pilot.press("slash")
        await wait_for(pilot, lambda: field.has_focus, what="the filter box again")
        await pilot.press("escape")
        assert field.value == "" and table.has_focus


async def test_a_key_typed_right_after_enter_in_the_events_filter_acts_on_the_events() -> None:
    """The same filter box in the events pane: ``/web`` enter space in one go pauses the view."""
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        pane = app.query_one(EventsPane)
        await wait_for(pilot, lambda: pane.event_log.has_focus, what="the events pane")
        await pilot.press("slash")
        field = app.query_one("#events-filter")
        await wait_for(pilot, lambda: field.has_focus, what="the filter box")
        for event in [*key_events("web"), events.Key("enter", "\r"), events.Key("space", " ")]:
            app.post_message(event)
        await wait_for(pilot, lambda: pane.paused, what="space acting on the events")
        await pilot.pause()
        assert field.value == "web" and pane.text_filter == "web" and field.display
        assert pane.event_log.has_focus
        # Escape typed right after the text clears the box and hides it, as before.
        await pilot.press("slash")
        await wait_for(pilot, lambda: field.has_focus, what="the filter box again")
        for event in [*key_events("x"), events.Key("escape", "\x1b")]:
            app.post_message(event)
        await wait_for(pilot, lambda: not field.display, what="the box hidden")
        await pilot.pause()
        assert field.value == "" and pane.text_filter == "" and pane.event_log.has_focus


def slash_and(text: str) -> list[events.Key]:
    keys = [events.Key("slash", "/")]
    for char in text:
        keys.append(events.Key("slash", "/") if char == "/" else events.Key(char, char))
    return keys


@pytest.mark.parametrize(
    ("pane_key", "list_id", "box_id"),
    [
        ("1", "#containers-table", "#containers-filter"),
        ("2", "#images-table", "#images-filter"),
        ("4", "#event-log", "#events-filter"),
        ("3", "#hub-table", "#hub-input"),
    ],
)
async def test_keys_typed_right_after_slash_land_in_the_box(pane_key: str, list_id: str, box_id: str) -> None:
    """``/`` and the text after it in one read (over ssh, a paste): the text went to the list,
    where ``q`` quit the app and ``p`` paused a container. A ``/`` inside the text is typed."""
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(pane_key)
        listing = app.query_one(list_id)
        if pane_key == "3":
            await pilot.press("escape")  # from the search box to the results
        listing.focus()
        await wait_for(pilot, lambda: listing.has_focus, what="the list")
        for event in slash_and("qpa/kd"):
            app.post_message(event)
        box = app.query_one(box_id)
        await wait_for(pilot, lambda: box.value == "qpa/kd", what="the text in the box")
        assert box.has_focus and app.is_running


@pytest.mark.parametrize(
    ("key", "view", "box_id"),
    [("l", "log_view", "#details-log-search"), ("i", "inspect_tree", "#details-inspect-search")],
)
async def test_keys_typed_right_after_slash_land_in_the_details_search(key: str, view: str, box_id: str) -> None:
    """The log search and the inspect search open the same way as the lists' filters."""
    from dockertui.ui.widgets.container_details import ContainerDetails

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: table.row_count > 0, what="rows")
        await pilot.press(key)
        target = getattr(app.query_one(ContainerDetails), view)
        await wait_for(pilot, lambda: target.has_focus, what=f"the {view}")
        for event in slash_and("tw/qn"):
            app.post_message(event)
        box = app.query_one(box_id)
        await wait_for(pilot, lambda: box.value == "tw/qn", what="the text in the search box")
        assert box.has_focus and app.is_running


async def test_digits_switch_panes_but_not_under_a_dialog_nor_from_a_text_box() -> None:
    """The pane keys act when the app reads them ("1/" in one read filters the pane switched
    to); a dialog keeps its keys, and a text box takes digits as text."""
    from dockertui.ui.screens.confirm import ConfirmDialog

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        tabs = app.query_one("#panes")
        await pilot.press("4")
        await wait_for(pilot, lambda: app.query_one("#event-log").has_focus, what="the events pane")
        for event in [events.Key("1", "1"), *slash_and("web")]:
            app.post_message(event)
        box = app.query_one("#containers-filter")
        await wait_for(pilot, lambda: box.value == "web", what="the containers filter")
        assert tabs.active == "containers" and not app.query_one("#events-filter").value
        await pilot.press("escape")
        await pilot.press("slash", "2", "3")
        assert box.value == "23" and tabs.active == "containers"
        await pilot.press("escape")
        app.push_screen(ConfirmDialog("Really?", "", "Yes"))
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert tabs.active == "containers" and isinstance(app.screen, ConfirmDialog)


async def images_list_focused(app, pilot, reference: str):
    """The images pane with ``reference`` under the cursor and the list focused."""
    await pilot.press("2")
    table = app.query_one("#images-table")
    await wait_for(pilot, lambda: any(key.endswith(f"|{reference}") for key in table.keys), what="the images")
    assert table.select_key(next(key for key in table.keys if key.endswith(f"|{reference}")))
    table.focus()
    await wait_for(pilot, lambda: table.has_focus, what="the images list")
    return table


async def test_keys_typed_right_after_r_fill_the_run_form() -> None:
    """``r`` and a whole form in one read (a paste, one write over ssh): the text went to the
    images list behind the form while the form was opening (and the form's own late focus on
    Name took the focus back from the field a tab had moved it to)."""
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        await images_list_focused(app, pilot, "busybox:latest")
        for event in [events.Key("r", "r"), *key_events("web\tsleep 1\t127.0.0.1:1:1")]:
            app.post_message(event)
        await wait_for(pilot, lambda: isinstance(app.screen, RunForm), what="the run form")
        form = app.screen
        ports = form.query_one("#run-ports")
        await wait_for(pilot, lambda: ports.value == "127.0.0.1:1:1", what="the ports typed into Ports")
        assert form.query_one("#run-name").value == "web"
        assert form.query_one("#run-command").value == "sleep 1"
        assert form.image == "busybox:latest"


async def test_keys_typed_right_after_p_fill_the_pull_prompt() -> None:
    """``p`` and a reference in one read: the reference replaces the prefilled one."""
    from dockertui.ui.screens.pull_prompt import PullPrompt

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        await images_list_focused(app, pilot, "postgres:16")
        for event in [events.Key("p", "p"), *key_events("redis:7.2")]:
            app.post_message(event)
        await wait_for(pilot, lambda: isinstance(app.screen, PullPrompt), what="the pull prompt")
        field = app.screen.query_one("#pull-prompt-input")
        await wait_for(pilot, lambda: field.value == "redis:7.2", what="the reference in the prompt")
        assert field.has_focus
