"""The four main panes, switched with 1–4."""

from dockertui.ui.panes.containers import ContainersPane
from dockertui.ui.panes.events import EventsPane
from dockertui.ui.panes.hub import HubPane
from dockertui.ui.panes.images import ImagesPane
from dockertui.ui.panes.pane import Pane
from dockertui.ui.panes.shells import ShellsPane

#: Pane classes in hotkey order (1–5).
PANES: tuple[type[Pane], ...] = (ContainersPane, ImagesPane, HubPane, EventsPane, ShellsPane)

__all__ = ["PANES", "ContainersPane", "EventsPane", "HubPane", "ImagesPane", "Pane", "ShellsPane"]
