"""One navigation binding set: every list and view moves with the same ids, so one keymap
entry remaps a motion everywhere."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from textual.app import App
from textual.dom import DOMNode
from textual.widgets import Input

import dockertui
from dockertui.config import Config
from dockertui.engine.events import parse_event
from dockertui.engine.logs import LogLine
from dockertui.engine.target import DaemonTarget
from dockertui.ui.action_registry import binding_ids
from dockertui.ui.app import DockerTUI
from dockertui.ui.navigation import MOTIONS, NAV_IDS, NAV_KEYS, RENAMED_IDS, navigation_bindings
from dockertui.ui.panes.containers import ContainersPane
from dockertui.ui.panes.events import EventsPane
from dockertui.ui.panes.hub import HubPane
from dockertui.ui.panes.images import ImagesPane
from dockertui.ui.renamed_ids import RENAMED_IDS as ALL_RENAMED_IDS
from dockertui.ui.renamed_ids import renamed_id_problem
from dockertui.ui.screens.context_picker import ContextList, ContextPicker
from dockertui.ui.screens.help import HelpScreen, HelpTable
from dockertui.ui.screens.pulls import PullBlock, PullsView
from dockertui.ui.screens.tags import TagsScreen
from dockertui.ui.widgets.event_log import EventLog
from dockertui.ui.widgets.inspect_tree import InspectTree
from dockertui.ui.widgets.log_view import LogView
from dockertui.ui.widgets.nav_scroll import NavScroll
from dockertui.ui.widgets.virtual_table import VirtualTable
from tests.support.fakes import fake_connector
from tests.support.pilot import wait_for
from tests.test_event_model import raw_event

#: Bindings on a navigation key that are not a motion, and why.
NOT_MOTIONS = {
    # down in the Hub's search box goes to the results: a focus move out of a text box,
    # which a letter remapped onto nav.down could never do (the box would take the letter).
    "hub.results",
    # up on the first Hub result goes back to the search box (a focus move too); on any other
    # row the key goes on to the list's own nav.up.
    "hub.search_from_top",
}
VIM_KEYS = {motion.vim_key for motion in MOTIONS if motion.vim_key}


def our_classes() -> list[type[DOMNode]]:
    """Every widget, screen and app class defined in dockertui."""
    for module in pkgutil.walk_packages(dockertui.__path__, "dockertui."):
        if not module.name.endswith(".__main__"):
            importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("dockertui.") and cls not in found:
            found.append(cls)
    return found


def keys_of(binding) -> set[str]:
    return {key.strip() for key in binding.key.split(",")}


def test_no_binding_outside_the_set_uses_a_navigation_key() -> None:
    """Adding ``Binding("down", …, id="x.down")`` again fails here."""
    offenders = [
        f"{cls.__name__}: {binding.key} → {binding.id}"
        for cls in our_classes()
        for binding in cls.__dict__.get("BINDINGS", [])
        if keys_of(binding) & NAV_KEYS and binding.id not in NAV_IDS | NOT_MOTIONS
    ]
    assert offenders == []


def test_every_list_and_view_moves_with_the_set_alone() -> None:
    """Inherited bindings too: a subclass of Tree, DataTable, OptionList or VerticalScroll
    would bring Textual's own up/down/… without ids, which no keymap entry reaches."""
    movers = []
    for cls in our_classes():
        if not getattr(cls, "can_focus", False) or issubclass(cls, Input):
            continue  # keys never reach it; or home/end move in the text being typed
        bindings = cls._merge_bindings().key_to_bindings
        on_nav_keys = [binding for key in NAV_KEYS for binding in bindings.get(key, [])]
        if not on_nav_keys:
            continue
        movers.append(cls.__name__)
        strays = [f"{b.key} → {b.action} ({b.id})" for b in on_nav_keys if b.id not in NAV_IDS | NOT_MOTIONS]
        assert strays == [], cls.__name__
    # The lists and views of the app, each with the set (the check above has teeth).
    assert {
        "VirtualTable",
        "ArrowKeyTable",
        "EventLog",
        "LogView",
        "InspectTree",
        "NavScroll",
        "HelpTable",
        "ContextList",
        "PullBlock",
    } <= set(movers)


def test_the_ids_are_one_per_motion_and_known_to_the_keymap_check() -> None:
    assert sorted(NAV_IDS) == ["nav.down", "nav.first", "nav.last", "nav.page_down", "nav.page_up", "nav.up"]
    assert binding_ids() >= NAV_IDS
    with pytest.raises(ValueError, match="no such motion: sideways"):
        navigation_bindings(sideways="Sideways")


def test_old_ids_name_the_new_one() -> None:
    assert set(RENAMED_IDS.values()) <= NAV_IDS
    assert not set(ALL_RENAMED_IDS) & binding_ids(), "an old id is still bound"
    assert set(ALL_RENAMED_IDS.values()) <= binding_ids(), "renamed to an id nothing binds"
    assert renamed_id_problem("logs.follow", "f") == (
        'keymap.logs.follow: now "nav.last"; write "nav.last" = "f" instead (ignored)'
    )
    assert renamed_id_problem("table.cursor_down", "n") is not None
    assert renamed_id_problem("containers.stop", "S") is None
    assert renamed_id_problem("images.close_details", "q") is not None


def own_keys(cls: type[DOMNode]) -> set[str]:
    return {key for binding in cls._merge_bindings().key_to_bindings.values() for key in keys_of(binding[0])}


def vim_keys_of(cls: type[DOMNode]) -> set[str]:
    bindings = cls._merge_bindings().key_to_bindings
    return {key for key in VIM_KEYS if any(b.id in NAV_IDS for b in bindings.get(key, []))}


def test_vim_keys_move_in_lists_but_never_take_a_key_of_the_pane_or_screen_around_them() -> None:
    # The containers pane keeps k (kill) and G (group): its lists and views have no vim keys.
    assert {"k", "G"} <= own_keys(ContainersPane)
    for inside in (ContainersPane.TABLE, LogView, InspectTree, NavScroll):
        assert vim_keys_of(inside) == set(), inside.__name__
    # Everywhere else the lists have them, and the pane or screen around uses none of them.
    for around, inside in (
        (ImagesPane, ImagesPane.TABLE),
        (HubPane, VirtualTable),
        (EventsPane, EventLog),
        (TagsScreen, VirtualTable),
        (HelpScreen, HelpTable),
        (ContextPicker, ContextList),
        (PullsView, PullBlock),
    ):
        assert vim_keys_of(inside) == VIM_KEYS, inside.__name__
        assert not own_keys(around) & VIM_KEYS, around.__name__


async def test_one_keymap_entry_moves_down_in_every_list() -> None:
    app = DockerTUI(
        DaemonTarget(host="unix:///fake.sock"), connector=fake_connector(), config=Config(keymap={"nav.down": "ctrl+n"})
    )
    async with app.run_test(size=(120, 40)) as pilot:
        # The containers table.
        table = app.query_one("#containers-table", VirtualTable)
        await wait_for(pilot, lambda: table.row_count > 2 and table.has_focus, what="the containers listed")
        table.move_to(0)
        await pilot.press("down")
        assert table.cursor == 0, "down is not nav.down's key any more"
        await pilot.press("ctrl+n")
        assert table.cursor == 1

        # The events log.
        await pilot.press("4")
        pane = app.query_one(EventsPane)
        pane.add_events(
            [parse_event(raw_event("container", "start", actor_id=f"{i:064d}", n=i, name=f"c{i}")) for i in range(5)]
        )
        await wait_for(pilot, lambda: pane.event_log.has_focus and len(pane.event_log.rows) == 5, what="the events")
        await pilot.press("home")
        assert pane.event_log.cursor == 0
        await pilot.press("ctrl+n")
        assert pane.event_log.cursor == 1

        # A container's log.
        await pilot.press("1")
        await wait_for(pilot, lambda: table.has_focus, what="the containers pane")
        await pilot.press("l")
        log_view = app.query_one(LogView)
        await wait_for(pilot, lambda: log_view.has_focus, what="the log view")
        log_view.add([LogLine("stdout", "", f"line {i}") for i in range(200)])
        await pilot.press("home")
        assert log_view.top == 0 and not log_view.follow
        await pilot.press("ctrl+n")
        assert log_view.top == 1


async def test_home_and_end_go_to_the_first_and_last_row_of_the_help() -> None:
    """A DataTable's own home/end move between columns: help's End moved sideways, not down."""
    from dockertui.engine.target import DaemonTarget
    from dockertui.ui.app import DockerTUI
    from tests.support.fakes import fake_connector
    from tests.support.pilot import wait_for

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        table = app.screen.query_one("#help-table")
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await wait_for(pilot, lambda: table.scroll_y == table.max_scroll_y > 0, what="help scrolled to its end")
        await pilot.press("home")
        assert table.cursor_row == 0
        await wait_for(pilot, lambda: table.scroll_y == 0, what="help scrolled back to the top")


def test_help_and_the_palette_name_every_key_owner_in_the_users_words() -> None:
    """Help said "Keys — Virtual Table" and grouped keys under "Virtual Table": class names."""
    from dockertui.ui.binding_catalog import group_title
    from dockertui.ui.screens.quits_on_q import QuitsOnQ

    unnamed = [
        cls.__name__
        for cls in our_classes()
        if cls.__dict__.get("BINDINGS") and cls is not QuitsOnQ and not issubclass(cls, App)
        if not group_title(cls) or group_title(cls) in (cls.__name__, re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls.__name__))
    ]
    assert not unnamed, f"give these a BINDING_GROUP_TITLE: {unnamed}"
