"""The bindings active where focus is, as one list that help and the palette both read.

Bindings are the single registry of actions: every one has an id and a
description, and the help screen and command palette are generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
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
    app = screen.app
    merged: dict[tuple[int, str], ActiveKey] = {}
    order: list[tuple[int, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description:
            continue
        key = (id(active.node), binding.action)
        display = app.get_key_display(binding)
        if key in merged:
            previous = merged[key]
            # Keep the binding the footer shows (its id is the one users remap).
            shown = binding if binding.show and not previous.binding.show else previous.binding
            merged[key] = ActiveKey(
                previous.node, shown, f"{previous.keys}, {display}", previous.group, previous.enabled
            )
            continue
        merged[key] = ActiveKey(active.node, binding, display, group_name(active.node), active.enabled)
        order.append(key)
    entries = [merged[key] for key in order]
    # Focused widget's bindings first, the app's last, as help reads top-down.
    return sorted(entries, key=lambda entry: isinstance(entry.node, App))
