"""`s` and `u` in the services pane: one field, checked as you type (nothing is sent until
it is valid), prefilled with the current value. The hint says what enter will do, so that
enter is the confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from dockertui.engine.references import ImageReference, InvalidReference, parse_reference
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.widgets.ordered_input import OrderedInput

ValueT = TypeVar("ValueT")

#: A check: the text typed → (the value, what enter will do) or (None, why not).
Check = Callable[[str], tuple["ValueT | None", str]]


class ServicePrompt(AppModalScreen[ValueT | None], Generic[ValueT]):
    BINDING_GROUP_TITLE = "Service prompt"  # how help and the palette name these keys
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="service_prompt.cancel")]
    # Focused while composing, before the app reads the keys typed after the key (ui/type_ahead.py).
    AUTO_FOCUS = "#service-prompt-input"

    def __init__(self, title: str, initial: str, check: Check, placeholder: str = "") -> None:
        super().__init__()
        self._title = title
        self._initial = initial
        self._check_text = check
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="service-prompt-box"):
            yield Label(self._title, id="service-prompt-title", markup=False)
            yield OrderedInput(self._initial, placeholder=self._placeholder, id="service-prompt-input")
            yield Static("", id="service-prompt-message", markup=False)
            yield Static("enter confirms · escape cancels", id="service-prompt-hint")

    def on_mount(self) -> None:
        if self.focused is None:  # set_focus, not focus(): see ui/type_ahead.py
            self.set_focus(self.query_one("#service-prompt-input", Input))
        self._check(self._initial)

    def _check(self, text: str) -> ValueT | None:
        message = self.query_one("#service-prompt-message", Static)
        value, words = self._check_text(text)
        message.update(words)
        message.set_class(value is None, "-invalid")
        return value

    def on_input_changed(self, message: Input.Changed) -> None:
        message.stop()
        self._check(message.value)

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        value = self._check(message.value)
        if value is not None:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def replicas_check(name: str, current: int) -> Check[int]:
    def check(text: str) -> tuple[int | None, str]:
        text = text.strip()
        if not text:
            return None, "Type how many replicas (0 stops every task)."
        # ASCII digits only: isdecimal() takes "٥" too, which the daemon would never see typed.
        if not (text.isascii() and text.isdigit()):
            return None, f"Not a number of replicas: {text!r}"
        if len(text) > 6:
            return None, f"{text} replicas is more than this prompt sends (at most 999999)"
        replicas = int(text)
        if replicas == current:
            return None, f"{name} has {current} replica(s) already."
        return replicas, f"enter scales {name} from {current} to {replicas} replica(s)"

    return check


def image_check(name: str, current: str) -> Check[str]:
    """Checked like the pull prompt; what is sent is the reference as typed (the tasks pull it)."""

    def check(text: str) -> tuple[str | None, str]:
        text = text.strip()
        if not text:
            return None, "Type the image reference to roll out."
        try:
            reference: ImageReference = parse_reference(text)
        except InvalidReference as error:
            return None, f"Not a valid reference: {error}"
        if text == current:
            return None, f"{name} runs {current} already (F forces an update)."
        return text, f"enter rolls {name} out to {reference} (task by task, as its update config says)"

    return check
