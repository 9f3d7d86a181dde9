"""The base of the panels a list opens under itself (container details, image details)."""

from __future__ import annotations

from textual.containers import Vertical


class DetailsPanel(Vertical):
    def put_away(self) -> None:
        """The panel is hidden: stop what it follows and drop what it holds."""
        raise NotImplementedError
