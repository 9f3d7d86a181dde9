"""Keys around the details panel, found by a hostile trial: editing keys typed fast in a
search box, zoom offered while typing, and tab going round what the pane shows."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.widgets.container_details import ContainerDetails
from tests.support.fakes import fake_connector
from tests.support.pilot import wait_for


def footer(app) -> set[str]:
    """The keys the footer shows."""
    return {key.key for key in app.screen.query(FooterKey)}


def post(app, *keys: tuple[str, str | None]) -> None:
    """A burst: all posted before the first is handled (a paste, a loaded machine, ssh)."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


@pytest.fixture
def app():
    return DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())


async def rows(app, pilot):
    table = app.query_one("#containers-table")
    await wait_for(pilot, lambda: table.row_count > 0, what="rows")
    return table


@pytest.mark.parametrize("opening", [(), ("l",), ("i",)], ids=["list filter", "log search", "inspect search"])
async def test_backspace_and_a_character_typed_at_once_act_in_order(app, opening) -> None:
    """backspace then x within ~50 ms gave "def" (x inserted, then the backspace, a binding
    that runs only once the key has bubbled up to the app, deleted it) instead of "dex"."""
    async with app.run_test(size=(120, 40)) as pilot:
        await rows(app, pilot)
        await pilot.press(*opening, "slash")
        box = app.focused
        assert isinstance(box, Input)
        post(app, ("d", "d"), ("e", "e"), ("f", "f"))
        await wait_for(pilot, lambda: box.value == "def", what="def typed")
        post(app, ("backspace", "\x08"), ("x", "x"))
        await wait_for(pilot, lambda: box.value == "dex", what="dex, not def")
        # The cursor keys too: d|ex, delete the e, y, then to the end and z.
        post(app, ("home", None), ("right", None), ("delete", None), ("y", "y"), ("end", None), ("z", "z"))
        await wait_for(pilot, lambda: box.value == "dyxz", what="dyxz")


async def test_zoom_is_not_offered_while_a_text_box_has_the_focus(app) -> None:
    """The footer showed "+ Zoom" in the log and inspect search boxes, and "/ Filter + Zoom"
    in the list's filter box, where + is text."""
    async with app.run_test(size=(160, 40)) as pilot:
        table = await rows(app, pilot)
        pane = app.query_one("#containers")
        details = app.query_one(ContainerDetails)
        await pilot.press("l")
        await wait_for(pilot, lambda: app.focused is details.log_view, what="the log")
        await wait_for(pilot, lambda: "z" in footer(app), what="z Zoom on the log")
        for opening in (
            lambda: pilot.press("slash"),
            lambda: pilot.press("right_square_bracket", "right_square_bracket", "slash"),
        ):
            await opening()
            box = app.focused
            assert isinstance(box, Input) and details in box.ancestors
            await pilot.pause()
            assert not {"z", "plus"} & footer(app)
            await pilot.press("plus", "z")
            assert box.value == "+z" and not pane.details_zoomed
            await pilot.press("escape")
            await wait_for(pilot, lambda box=box: not box.display, what="the search box closed")
            assert details.display
        table.focus()
        await pilot.press("slash")
        await wait_for(pilot, lambda: pane.filter_input.has_focus, what="the list's filter box")
        await pilot.pause()
        assert not {"z", "plus"} & footer(app)
        await pilot.press("plus", "z")
        assert pane.filter_input.value == "+z" and not pane.details_zoomed
        await pilot.press("enter")
        await wait_for(pilot, lambda: table.has_focus, what="back on the list")
        await wait_for(pilot, lambda: "z" in footer(app), what="z Zoom on the list again")


async def test_tab_goes_between_the_list_and_the_tab_in_front(app) -> None:
    """tab from the list stopped on the pane itself (nothing to see; the list's footer) and
    on the app's tab bar before it came to the details."""
    async with app.run_test(size=(120, 40)) as pilot:
        table = await rows(app, pilot)
        pane = app.query_one("#containers")
        details = app.query_one(ContainerDetails)
        await pilot.press("enter")
        await wait_for(pilot, lambda: details.display and details.active_tab == "info", what="the details")
        views = {
            "info": "#details-info-scroll",
            "logs": "#details-log",
            "stats": "#details-stats-scroll",
            "inspect": "#details-inspect-tree",
        }
        for tab, view_id in views.items():
            view = details.query_one(view_id)
            await wait_for(
                pilot, lambda tab=tab, view=view: details.active_tab == tab and view.has_focus, what=f"the {tab} tab"
            )
            table.focus()
            await wait_for(pilot, lambda: table.has_focus, what="the list")
            stops = []
            for key in ("tab", "tab", "tab", "shift+tab", "shift+tab"):
                await pilot.press(key)
                stops.append(app.focused)
            assert stops == [view, table, view, table, view], (tab, stops)
            if tab != "inspect":
                await pilot.press("right_square_bracket")  # the next tab
        # Zoomed: the list is hidden, tab stays on what is shown.
        await pilot.press("z")
        await wait_for(pilot, lambda: not table.display, what="zoomed")
        await pilot.press("tab")
        assert app.focused is details.inspect_tree
        await pilot.press("z")
        # A kept search box is shown, so it is one of the stops.
        await pilot.press("left_square_bracket", "left_square_bracket")
        await wait_for(pilot, lambda: app.focused is details.log_view, what="the log")
        await pilot.press("slash", "x", "enter")
        await wait_for(pilot, lambda: app.focused is details.log_view, what="the search kept")
        box = app.query_one("#details-log-search")
        assert box.display
        stops = []
        for _ in range(3):
            await pilot.press("tab")
            stops.append(app.focused)
        assert stops == [table, box, details.log_view]
        # Closed: tab goes where Textual sends it, never to the pane itself.
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: not details.display, what="the details closed")
        for _ in range(3):
            await pilot.press("tab")
            assert app.focused is not pane


async def test_what_is_typed_right_after_tab_lands_where_tab_went(app) -> None:
    """tab is taken when the app reads it: "/" and a word right after it search the log
    (handled later, they went to the list, whose / opened its filter)."""
    async with app.run_test(size=(120, 40)) as pilot:
        table = await rows(app, pilot)
        details = app.query_one(ContainerDetails)
        await pilot.press("l")
        await wait_for(pilot, lambda: app.focused is details.log_view, what="the log")
        table.focus()
        await wait_for(pilot, lambda: table.has_focus, what="the list")
        post(app, ("tab", "\t"), ("slash", "/"), ("w", "w"), ("e", "e"))
        box = app.query_one("#details-log-search")
        await wait_for(pilot, lambda: box.value == "we", what="the word in the log search")
        assert not app.query_one("#containers-filter").value


@pytest.mark.parametrize(
    "keys", [("enter", "]"), ("l", "]"), ("enter", "]", "]", "[")], ids=["enter ]", "l ]", "enter ] ] ["]
)
async def test_tab_keys_typed_with_the_key_that_opens_the_details_act(app, keys) -> None:
    """enter then ] in one read: the details took the focus only after a refresh, so the ]
    went to the list, which has no such key, and was lost."""
    names = {
        "enter": ("enter", "\r"),
        "l": ("l", "l"),
        "]": ("right_square_bracket", "]"),
        "[": ("left_square_bracket", "["),
    }
    opened_on = "logs" if keys[0] == "l" else "info"
    tabs = ["info", "logs", "stats", "inspect"]
    expected = tabs.index(opened_on) + keys.count("]") - keys.count("[")
    async with app.run_test(size=(120, 40)) as pilot:
        await rows(app, pilot)
        post(app, *(names[key] for key in keys))
        details = app.query_one(ContainerDetails)
        await wait_for(pilot, lambda: details.active_tab == tabs[expected], what=f"the {tabs[expected]} tab")
        await wait_for(pilot, lambda: details in app.focused.ancestors, what="the focus in the details")
        await pilot.pause(0.2)
        assert details.active_tab == tabs[expected]
