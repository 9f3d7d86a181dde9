"""The hub pane (key 3)."""

from __future__ import annotations

from dockertui.ui.panes.pane import Pane


class HubPane(Pane):
    """Docker Hub and registry search with tags comes here (issue #6)."""

    PANE_ID = "hub"
    TITLE = "Hub"
    HOTKEY = "3"
    PLACEHOLDER = "Docker Hub and registry search with tags comes here (issue #6)."
