"""Every key binding of the app in one registry: ids for the keymap, and which actions
change the daemon (refused, in one place, in read-only mode).

Bindings stay where Textual wants them (on the widget that handles them); this
module lists the classes that own them and marks the mutating actions.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode

from dockertui.terminal.view import TerminalView
from dockertui.ui.panes.containers import ContainersPane
from dockertui.ui.panes.events import EventsPane
from dockertui.ui.panes.hub import HubPane
from dockertui.ui.panes.images import ImagesPane
from dockertui.ui.panes.list_pane import ListPane
from dockertui.ui.panes.shells import ShellsPane
from dockertui.ui.screens.command_line import CommandLine
from dockertui.ui.screens.command_prompt import CommandPrompt
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.context_picker import ContextPicker
from dockertui.ui.screens.help import HelpScreen
from dockertui.ui.screens.pull_prompt import PullPrompt
from dockertui.ui.screens.pulls import PullBlock, PullsView
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.screens.run_form import RunForm
from dockertui.ui.screens.tags import TagsScreen
from dockertui.ui.screens.unreachable import UnreachableScreen
from dockertui.ui.widgets.container_details import ContainerDetails
from dockertui.ui.widgets.event_log import EventLog
from dockertui.ui.widgets.log_view import LogView
from dockertui.ui.widgets.virtual_table import VirtualTable

#: Classes that define bindings (the app class is added by the app itself).
BINDING_OWNERS: tuple[type[DOMNode], ...] = (
    ContainersPane, ImagesPane, HubPane, EventsPane, ShellsPane, ListPane,
    ContainerDetails, LogView, EventLog, VirtualTable, TerminalView,
    HelpScreen, UnreachableScreen, ConfirmDialog, PullPrompt, PullsView, PullBlock, RunForm, TagsScreen,
    CommandPrompt,
    CommandLine, ContextPicker, QuitsOnQ,
)

#: Actions that change something on the daemon: (owner class, action name).
MUTATING: tuple[tuple[type[DOMNode], str], ...] = (
    (ContainersPane, "stop"), (ContainersPane, "start"), (ContainersPane, "restart"),
    (ContainersPane, "pause"), (ContainersPane, "unpause"), (ContainersPane, "kill"),
    (ContainersPane, "remove"), (ContainersPane, "exec"), (ContainersPane, "exec_command"),
    (ImagesPane, "pull"), (ImagesPane, "run"), (ImagesPane, "remove"), (ImagesPane, "prune"),
    (HubPane, "pull"), (HubPane, "run"),
    (TagsScreen, "pull"), (TagsScreen, "run"),
    (RunForm, "run"),
)


def own_bindings(owner: type[DOMNode]) -> list[Binding]:
    return [b for b in owner.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def all_bindings(extra: tuple[type[DOMNode], ...] = ()) -> Iterator[tuple[type[DOMNode], Binding]]:
    for owner in (*extra, *BINDING_OWNERS):
        for binding in own_bindings(owner):
            yield owner, binding


def binding_ids(extra: tuple[type[DOMNode], ...] = ()) -> set[str]:
    return {binding.id for _, binding in all_bindings(extra) if binding.id}


def is_mutating(node: DOMNode, action_name: str) -> bool:
    return any(isinstance(node, owner) and action_name == action for owner, action in MUTATING)


def mutating_bindings() -> list[tuple[type[DOMNode], Binding]]:
    """The bindings whose action changes the daemon (what read-only mode refuses)."""
    found = []
    for owner, binding in all_bindings():
        action = binding.action.split("(", 1)[0]
        if any(issubclass(owner, cls) and action == name for cls, name in MUTATING):
            found.append((owner, binding))
    return found
