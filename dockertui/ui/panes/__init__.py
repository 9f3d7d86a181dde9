"""The main panes, switched with 1–7."""

from dockertui.ui.panes.containers import ContainersPane
from dockertui.ui.panes.events import EventsPane
from dockertui.ui.panes.hub import HubPane
from dockertui.ui.panes.images import ImagesPane
from dockertui.ui.panes.networks import NetworksPane
from dockertui.ui.panes.pane import Pane
from dockertui.ui.panes.shells import ShellsPane
from dockertui.ui.panes.volumes import VolumesPane

#: Pane classes in hotkey order (1–7).
PANES: tuple[type[Pane], ...] = (
    ContainersPane,
    ImagesPane,
    HubPane,
    EventsPane,
    ShellsPane,
    VolumesPane,
    NetworksPane,
)

__all__ = [
    "PANES",
    "ContainersPane",
    "EventsPane",
    "HubPane",
    "ImagesPane",
    "NetworksPane",
    "Pane",
    "ShellsPane",
    "VolumesPane",
]
