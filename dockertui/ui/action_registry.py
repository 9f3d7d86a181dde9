"""Every key binding of the app in one registry: ids for the keymap, and which session
verb each action that may change the daemon ends in.

Bindings stay where Textual wants them (on the widget that handles them); this
module lists the classes that own them. Read-only mode is enforced by the session
(``DaemonSession``): every mutating verb refuses there, whoever calls it. The UI asks
the session which verbs mutate, so that keys ending in one show disabled and are
refused with a message before any dialog opens.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode

from dockertui.engine.session import MUTATING_VERBS
from dockertui.terminal.view import TerminalView
from dockertui.ui.panes.containers import ContainersPane
from dockertui.ui.panes.details_list_pane import DetailsListPane
from dockertui.ui.panes.events import EventsPane
from dockertui.ui.panes.hub import HubPane
from dockertui.ui.panes.images import ImagesPane
from dockertui.ui.panes.list_pane import ListPane
from dockertui.ui.panes.networks import NetworksPane
from dockertui.ui.panes.services import ServicesPane
from dockertui.ui.panes.shells import ShellsPane
from dockertui.ui.panes.volumes import VolumesPane
from dockertui.ui.screens.command_line import CommandLine
from dockertui.ui.screens.command_prompt import CommandPrompt
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.context_picker import ContextPicker
from dockertui.ui.screens.disk_usage import DiskUsageScreen
from dockertui.ui.screens.help import HelpScreen
from dockertui.ui.screens.network_create_prompt import NetworkCreatePrompt
from dockertui.ui.screens.network_picker import NetworkChoices, NetworkPicker
from dockertui.ui.screens.node_availability import NodeAvailabilityDialog
from dockertui.ui.screens.nodes import NodesScreen
from dockertui.ui.screens.project_down import ProjectDownDialog
from dockertui.ui.screens.project_logs import ProjectLogsScreen
from dockertui.ui.screens.projects import ProjectsScreen
from dockertui.ui.screens.prune_images_choice import PruneImagesChoice
from dockertui.ui.screens.pull_prompt import PullPrompt
from dockertui.ui.screens.pulls import PullBlock, PullsView
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.screens.run_form import RunForm
from dockertui.ui.screens.service_logs import ServiceLogsScreen
from dockertui.ui.screens.service_prompt import ServicePrompt
from dockertui.ui.screens.stacks import StacksScreen
from dockertui.ui.screens.tags import TagsScreen
from dockertui.ui.screens.unreachable import UnreachableScreen
from dockertui.ui.screens.volume_create import CreateVolumePrompt
from dockertui.ui.widgets.container_details import ContainerDetails
from dockertui.ui.widgets.event_log import EventLog
from dockertui.ui.widgets.filter_input import FilterInput
from dockertui.ui.widgets.flag_toggle import FlagToggle
from dockertui.ui.widgets.log_view import LogView
from dockertui.ui.widgets.network_details import AttachedList
from dockertui.ui.widgets.service_tasks import TaskList
from dockertui.ui.widgets.virtual_table import VirtualTable
from dockertui.ui.widgets.volume_details import VolumeUsers

#: Classes that define bindings (the app class is added by the app itself).
BINDING_OWNERS: tuple[type[DOMNode], ...] = (
    ContainersPane,
    ImagesPane,
    HubPane,
    EventsPane,
    ShellsPane,
    ListPane,
    DetailsListPane,
    ContainerDetails,
    FilterInput,
    LogView,
    EventLog,
    VirtualTable,
    TerminalView,
    HelpScreen,
    UnreachableScreen,
    ConfirmDialog,
    PullPrompt,
    PullsView,
    PullBlock,
    RunForm,
    FlagToggle,
    TagsScreen,
    CommandPrompt,
    CommandLine,
    ContextPicker,
    QuitsOnQ,
    DiskUsageScreen,
    PruneImagesChoice,
    ProjectsScreen,
    ProjectDownDialog,
    ProjectLogsScreen,
    VolumesPane,
    VolumeUsers,
    CreateVolumePrompt,
    NetworksPane,
    AttachedList,
    NetworkCreatePrompt,
    NetworkPicker,
    NetworkChoices,
    ServicesPane,
    ServicePrompt,
    TaskList,
    # swarm: nodes, stacks, service logs (issue 17)
    NodesScreen,
    NodeAvailabilityDialog,
    StacksScreen,
    ServiceLogsScreen,
)

#: Actions that end in a session verb: (owner class, action name, verb).
ACTION_VERBS: tuple[tuple[type[DOMNode], str, str], ...] = (
    (ContainersPane, "stop", "act"),
    (ContainersPane, "start", "act"),
    (ContainersPane, "restart", "act"),
    (ContainersPane, "pause", "act"),
    (ContainersPane, "unpause", "act"),
    (ContainersPane, "kill", "act"),
    (ContainersPane, "remove", "act"),
    (ContainersPane, "exec", "open_shell"),
    (ContainersPane, "exec_command", "open_shell"),
    (ImagesPane, "pull", "pull"),
    (ImagesPane, "run", "run"),
    (ImagesPane, "remove", "remove_image"),
    (ImagesPane, "prune", "prune_images"),
    (HubPane, "pull", "pull"),
    (HubPane, "run", "run"),
    (TagsScreen, "pull", "pull"),
    (TagsScreen, "run", "run"),
    (RunForm, "run", "run"),
    (DiskUsageScreen, "prune", "prune_unused"),
    (ProjectsScreen, "stop", "run_project_plan"),
    (ProjectsScreen, "start", "run_project_plan"),
    (ProjectsScreen, "restart", "run_project_plan"),
    (ProjectsScreen, "down", "run_project_plan"),
    (ProjectDownDialog, "confirm", "run_project_plan"),
    (VolumesPane, "create", "create_volume"),
    (VolumesPane, "remove", "remove_volume"),
    (VolumesPane, "prune", "prune_volumes"),
    (NetworksPane, "create", "create_network"),
    (NetworksPane, "remove", "remove_network"),
    (NetworksPane, "prune", "prune_networks"),
    (ContainerDetails, "networks", "connect_network"),
    (ServicesPane, "scale", "scale_service"),
    (ServicesPane, "update_image", "update_service_image"),
    (ServicesPane, "rollback", "rollback_service"),
    (ServicesPane, "force_update", "force_update_service"),
    (ServicesPane, "remove", "remove_service"),
    (TaskList, "shell", "open_shell"),
    # swarm: nodes and stacks (issue 17)
    (NodesScreen, "availability", "set_node_availability"),
    (NodeAvailabilityDialog, "confirm", "set_node_availability"),
    (StacksScreen, "remove", "remove_stack"),
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
    """Whether the action ends in a verb the session calls mutating."""
    return any(
        isinstance(node, owner) and action_name == action and verb in MUTATING_VERBS
        for owner, action, verb in ACTION_VERBS
    )


def mutating_bindings() -> list[tuple[type[DOMNode], Binding]]:
    """The bindings whose action changes the daemon (what read-only mode refuses)."""
    found = []
    for owner, binding in all_bindings():
        action = binding.action.split("(", 1)[0]
        if any(
            issubclass(owner, cls) and action == name and verb in MUTATING_VERBS for cls, name, verb in ACTION_VERBS
        ):
            found.append((owner, binding))
    return found
