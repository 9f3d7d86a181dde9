"""The full-screen message shown while the daemon cannot be reached.

It names the address, gives the error in one line and the fixes that fit it,
counts down to the next automatic retry, and retries at once on `r`. The app's
own `q` still quits underneath it.
"""

from __future__ import annotations

import math
import time

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static

from dockertui.engine.unavailable import DaemonUnavailable
from dockertui.ui.screen_repaint import KeepsLateRepaints
from dockertui.ui.widgets.app_footer import AppFooter


class UnreachableScreen(KeepsLateRepaints, Screen[None]):
    """Explains why there is no daemon and keeps trying."""

    BINDINGS = [
        Binding("r", "retry", "Retry now", id="unreachable.retry"),
    ]

    class RetryRequested(Message):
        """The user asked to retry now."""

    def __init__(self, error: DaemonUnavailable, next_retry_at: float) -> None:
        super().__init__()
        self.error = error
        self._next_retry_at = next_retry_at
        self._retrying = False

    def compose(self) -> ComposeResult:
        with Vertical(id="unreachable-box"):
            yield Label("Cannot reach the Docker daemon", id="unreachable-title")
            yield Static(id="unreachable-address")
            yield Static(id="unreachable-reason")
            yield Static(id="unreachable-hints")
            yield Static(id="unreachable-status")
        yield AppFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._render_error()
        self._tick()
        self.set_interval(1.0, self._tick)

    def show_error(self, error: DaemonUnavailable, next_retry_at: float) -> None:
        """Update after another failed attempt."""
        self.error = error
        self._next_retry_at = next_retry_at
        self._retrying = False
        self._render_error()
        self._tick()

    def show_retrying(self) -> None:
        self._retrying = True
        self._tick()

    def _render_error(self) -> None:
        error = self.error
        target = error.target
        where = target.host if target.context == "default" else f"{target.host} (context {target.context})"
        self.query_one("#unreachable-address", Static).update(
            f"Address: [b]{escape(where)}[/b]  [dim](from {escape(target.source)})[/dim]"
        )
        self.query_one("#unreachable-reason", Static).update(f"Error: {escape(error.reason)}")
        self.query_one("#unreachable-hints", Static).update(
            "\n".join(f"• {escape(hint)}" for hint in error.hints)
        )

    def _tick(self) -> None:
        status = self.query_one("#unreachable-status", Static)
        if self._retrying:
            status.update("Retrying…")
            return
        seconds = max(0, math.ceil(self._next_retry_at - time.monotonic()))
        status.update(f"Retrying in {seconds} s · [b]r[/b] retry now · [b]ctrl+x[/b] another context · [b]q[/b] quit")

    def action_retry(self) -> None:
        self.post_message(self.RetryRequested())
