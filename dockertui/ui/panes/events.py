"""The events pane (key 4)."""

from __future__ import annotations

from dockertui.ui.panes.pane import Pane


class EventsPane(Pane):
    """The live daemon event stream comes here (issue #3)."""

    PANE_ID = "events"
    TITLE = "Events"
    HOTKEY = "4"
    PLACEHOLDER = "The live daemon event stream comes here (issue #3)."
