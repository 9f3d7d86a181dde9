"""`E`: ask for a command to run with a terminal in the container (shell-like splitting)."""

from __future__ import annotations

import shlex

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from dockertui.ui.screen_repaint import AppModalScreen


class CommandPrompt(AppModalScreen[list[str] | None]):
    BINDING_GROUP_TITLE = "Command prompt"  # how help and the palette name these keys
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="command_prompt.cancel")]

    def __init__(self, container_name: str) -> None:
        super().__init__()
        self._container = container_name

    def compose(self) -> ComposeResult:
        with Vertical(id="command-prompt-box"):
            yield Label(f"Run in {self._container}", id="command-prompt-title", markup=False)
            yield Input(placeholder="top, vi /etc/hosts, sh -c 'ls -l /'", id="command-prompt-input")
            yield Static("", id="command-prompt-message", markup=False)

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        try:
            command = shlex.split(message.value)
        except ValueError as error:
            self.query_one("#command-prompt-message", Static).update(f"Cannot split the command: {error}")
            return
        if not command:
            self.query_one("#command-prompt-message", Static).update("Type a command to run.")
            return
        self.dismiss(command)

    def action_cancel(self) -> None:
        self.dismiss(None)
