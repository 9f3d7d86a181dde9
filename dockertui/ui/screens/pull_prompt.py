"""`p`: ask which image to pull; the reference is checked as you type, nothing is sent until it is valid."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from dockertui.engine.references import ImageReference, InvalidReference, parse_reference
from dockertui.ui.screen_repaint import AppModalScreen


class PullPrompt(AppModalScreen[ImageReference | None]):
    BINDING_GROUP_TITLE = "Pull prompt"  # how help and the palette name these keys
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pull_prompt.cancel")]
    # Focused while composing, before the app reads the keys typed after `p` (ui/type_ahead.py).
    AUTO_FOCUS = "#pull-prompt-input"

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self._initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="pull-prompt-box"):
            yield Label("Pull an image", id="pull-prompt-title")
            yield Input(
                self._initial,
                placeholder="nginx, nginx:1.27, ghcr.io/org/app@sha256:…, localhost:5000/app:1",
                id="pull-prompt-input",
            )
            yield Static("", id="pull-prompt-message", markup=False)
            yield Static("enter pulls · escape cancels", id="pull-prompt-hint")

    def on_mount(self) -> None:
        if self.focused is None:  # set_focus, not focus(): see ui/type_ahead.py
            self.set_focus(self.query_one("#pull-prompt-input", Input))
        self._check(self._initial)

    def _check(self, text: str) -> ImageReference | None:
        message = self.query_one("#pull-prompt-message", Static)
        if not text.strip():
            message.update("")
            return None
        try:
            reference = parse_reference(text)
        except InvalidReference as error:
            message.update(f"Not a valid reference: {error}")
            message.set_class(True, "-invalid")
            return None
        message.update(
            f"will pull {reference.repository}:{reference.pull_tag} from {reference.registry}"
            if not reference.digest
            else f"will pull {reference.repository}@{reference.digest[:19]}… from {reference.registry}"
        )
        message.set_class(False, "-invalid")
        return reference

    def on_input_changed(self, message: Input.Changed) -> None:
        self._check(message.value)

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        reference = self._check(message.value)
        if reference is None:
            if not message.value.strip():
                self.query_one("#pull-prompt-message", Static).update("Type an image reference to pull.")
            self.query_one("#pull-prompt-message", Static).set_class(True, "-invalid")
            return
        self.dismiss(reference)

    def action_cancel(self) -> None:
        self.dismiss(None)
