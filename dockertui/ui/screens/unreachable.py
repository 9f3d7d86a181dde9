"""The full-screen message shown while the daemon cannot be reached.

It names the address, gives the error in one line and the fixes that fit it,
counts down to the next automatic retry, and retries at once on `r`. The app's
own `q` still quits underneath it.
"""

from __future__ import annotations

import math
import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, Static

from dockertui.engine.unavailable import DaemonUnavailable
from dockertui.ui.screen_repaint import AppScreen
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.app_footer import AppFooter


class UnreachableScreen(AppScreen[None]):
    """Explains why there is no daemon and keeps trying.

    Address, reason and hints quote what the other side said (an HTTP answer, an ssh
    server, a context's endpoint): plain text, never markup — rich.markup.escape missed
    forms Textual's markup reads ("[B=\"]" raised MarkupError and ended the app)."""

    BINDING_GROUP_TITLE = "Daemon unreachable"  # how help and the palette name these keys

    COMPONENT_CLASSES = set(ROLE_CLASSES)

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
            yield Static(id="unreachable-address", markup=False)
            yield Static(id="unreachable-reason", markup=False)
            yield Static(id="unreachable-hints", markup=False)
            yield Static(id="unreachable-status", markup=False)
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
        address = Text("Address: ")
        address.append(where, style=role_style(self, "strong"))
        address.append(f"  (from {target.source})", style=role_style(self, "muted"))
        self.query_one("#unreachable-address", Static).update(address)
        self.query_one("#unreachable-reason", Static).update(Text(f"Error: {error.reason}"))
        self.query_one("#unreachable-hints", Static).update(Text("\n".join(f"• {hint}" for hint in error.hints)))

    def _tick(self) -> None:
        status = self.query_one("#unreachable-status", Static)
        if self._retrying:
            status.update("Retrying…")
            return
        seconds = max(0, math.ceil(self._next_retry_at - time.monotonic()))
        text = Text(f"Retrying in {seconds} s · ")
        for position, (key, what) in enumerate((("r", "retry now"), ("ctrl+x", "another context"), ("q", "quit"))):
            text.append(key, style=role_style(self, "strong"))
            text.append(f" {what}" + (" · " if position < 2 else ""))
        status.update(text)

    def action_retry(self) -> None:
        self.post_message(self.RetryRequested())
