"""The base of the panels a list opens under itself (container details, image details)."""

from __future__ import annotations

from textual.containers import Vertical


class DetailsPanel(Vertical):
    def put_away(self) -> None:
        """The panel is hidden: stop what it follows and drop what it holds."""
        raise NotImplementedError

    def focus_body(self) -> None:
        """Focus what the panel shows (its list is about to be hidden): here the first
        widget in it that takes the focus."""
        for widget in self.screen.focus_chain:
            if self in widget.ancestors:
                self.screen.set_focus(widget)
                return
