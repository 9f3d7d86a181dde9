"""What every main pane shares: an id, a title, a hotkey, and where focus goes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static, TabPane

from dockertui.ui.text_roles import ROLE_CLASSES


class Pane(TabPane, can_focus=True):
    """A main pane living in the app's tabbed area.

    ``PANE_ID`` is the tab id and the argument of ``app.show_pane``; ``HOTKEY`` the
    digit that shows it. Until a pane's own issue lands it shows ``PLACEHOLDER``.
    """

    PANE_ID: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    HOTKEY: ClassVar[str] = ""
    PLACEHOLDER: ClassVar[str] = ""
    COMPONENT_CLASSES = set(ROLE_CLASSES)  # for the words the panes style themselves

    def __init__(self) -> None:
        super().__init__(f"{self.HOTKEY} {self.TITLE}", id=self.PANE_ID)

    def compose(self) -> ComposeResult:
        if self.PLACEHOLDER:
            yield Static(self.PLACEHOLDER, classes="placeholder")

    def primary_widget(self) -> Widget:
        """The widget a user types into on entering the pane."""
        return self

    def focus_primary(self) -> None:
        """Focus the primary widget now, not on the next idle as ``Widget.focus`` does.

        Keys typed right after a pane switch ("1" then "/") arrive in one read; with a deferred
        focus the second key would still go to the pane being left.
        """
        self.screen.set_focus(self.primary_widget())

    def focus_for_actions(self) -> None:
        """Focus where the pane's keys act on its rows: the palette runs a pane's action
        there, as if its key had been pressed after switching."""
        self.focus_primary()
