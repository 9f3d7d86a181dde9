"""The images pane (key 2)."""

from __future__ import annotations

from dockertui.ui.panes.pane import Pane


class ImagesPane(Pane):
    """The image list, pull with per-layer progress, the run form and prune come here (issue #5)."""

    PANE_ID = "images"
    TITLE = "Images"
    HOTKEY = "2"
    PLACEHOLDER = "The image list, pull with per-layer progress, the run form and prune come here (issue #5)."
