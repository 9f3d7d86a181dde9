"""q quits from every screen that holds no text input, as it does from the panes.

A modal screen stops the app's own bindings (ctrl+c, a priority binding, still
reaches it): without this, q did nothing inside the tags screen or the pulls view.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen


class QuitsOnQ(Screen):
    """Put before ModalScreen in the bases (a Screen, so Textual merges these bindings)."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="screen.quit")]
