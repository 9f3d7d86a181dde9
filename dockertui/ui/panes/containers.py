"""The containers pane (key 1)."""

from __future__ import annotations

from dockertui.ui.panes.pane import Pane


class ContainersPane(Pane):
    """The live container list, with stop/start/rm, logs, stats and inspect, comes here (issue #4)."""

    PANE_ID = "containers"
    TITLE = "Containers"
    HOTKEY = "1"
    PLACEHOLDER = "The live container list, with stop/start/rm, logs, stats and inspect, comes here (issue #4)."
