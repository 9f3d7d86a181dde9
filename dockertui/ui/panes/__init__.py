"""The main panes, switched with 1–8."""

from dockertui.ui.panes.containers import ContainersPane
from dockertui.ui.panes.events import EventsPane
from dockertui.ui.panes.hub import HubPane
from dockertui.ui.panes.images import ImagesPane
from dockertui.ui.panes.networks import NetworksPane
from dockertui.ui.panes.pane import Pane
from dockertui.ui.panes.services import ServicesPane
from dockertui.ui.panes.shells import ShellsPane
from dockertui.ui.panes.volumes import VolumesPane

#: Pane classes in hotkey order (1–8).
PANES: tuple[type[Pane], ...] = (
    ContainersPane,
    ImagesPane,
    HubPane,
    EventsPane,
    ShellsPane,
    VolumesPane,
    NetworksPane,
    ServicesPane,
)

__all__ = [
    "PANES",
    "ContainersPane",
    "EventsPane",
    "HubPane",
    "ImagesPane",
    "NetworksPane",
    "Pane",
    "ServicesPane",
    "ShellsPane",
    "VolumesPane",
]
