"""The bindings active where focus is, as one list that help and the palette both read.

Bindings are the single registry of actions: every one has an id and a
description, and the help screen and command palette are generated from them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Tabs


@dataclass(frozen=True)
class ActiveKey:
    """A binding reachable from the focused widget, with the node that handles it."""

    node: DOMNode
    binding: Binding
    keys: str
    group: str
    enabled: bool


def group_title(cls: type[DOMNode]) -> str | None:
    """What the user sees a class as: a pane's title, or its BINDING_GROUP_TITLE ("List",
    "Logs", "Details"…) — never the class's name."""
    for attribute in ("TITLE", "BINDING_GROUP_TITLE"):
        title = getattr(cls, attribute, None)
        if isinstance(title, str) and title:
            return title
    return None


def group_name(node: DOMNode) -> str:
    """How help and the palette name the owner of a binding."""
    # The default screen's bindings (tab, shift+tab) apply everywhere.
    if isinstance(node, App) or (isinstance(node, Screen) and node.id == "_default"):
        return "Global"
    if isinstance(node, Tabs):  # Textual's: the shells' tab bar
        return "Tabs"
    return group_title(type(node)) or "Other"


def active_keys(screen: Screen) -> list[ActiveKey]:
    """Bindings active on ``screen`` now, focused widget first, one entry per action.

    Several keys bound to the same action on the same node (``q`` and ``ctrl+c``)
    are merged into one entry listing all of them.
    """
    entries = _one_per_action(
        screen.app, ((active.node, active.binding, active.enabled) for active in screen.active_bindings.values())
    )
    # Focused widget's bindings first, the app's last, as help reads top-down.
    return sorted(entries, key=lambda entry: isinstance(entry.node, App))


def keys_without_focus(focus: Widget, top: Widget, leave_out: Collection[str] = ()) -> list[ActiveKey]:
    """The keys our own widgets from ``focus`` up to ``top`` would have if ``focus`` had the
    focus: what the palette offers of a pane not shown. Textual's widgets' keys (an Input's
    cursor keys) and the ids in ``leave_out`` are left out.

    Textual computes bindings only for the focused chain (``Screen.active_bindings``); this
    reads the three private names it reads there: each node's ``_bindings``, the app's
    ``_keymap`` and ``_check_action_state`` (where read-only mode refuses, ReadOnlyGate).
    """
    app = focus.app
    keymap = app._keymap
    found: list[tuple[DOMNode, Binding, bool]] = []
    for node in focus.ancestors_with_self:
        if type(node).__module__.split(".", 1)[0] == "dockertui":
            bindings = node._bindings.copy()
            if keymap:
                bindings.apply_keymap(keymap)
            for _, binding in bindings:
                if binding.id in leave_out:
                    continue
                state = app._check_action_state(binding.action, node)
                if state is not False:  # False: hidden where it does not apply (Start on a running row)
                    found.append((node, binding, bool(state)))
        if node is top:
            break
    return _one_per_action(app, found)


def _one_per_action(app: App, bindings: Iterable[tuple[DOMNode, Binding, bool]]) -> list[ActiveKey]:
    merged: dict[tuple[int, str], ActiveKey] = {}
    for node, binding, enabled in bindings:
        if not binding.description:
            continue
        key = (id(node), binding.action)
        display = app.get_key_display(binding)
        previous = merged.get(key)
        if previous is None:
            merged[key] = ActiveKey(node, binding, display, group_name(node), enabled)
        else:
            # Keep the binding the footer shows (its id is the one users remap).
            shown = binding if binding.show and not previous.binding.show else previous.binding
            merged[key] = ActiveKey(
                previous.node, shown, f"{previous.keys}, {display}", previous.group, previous.enabled
            )
    return list(merged.values())
