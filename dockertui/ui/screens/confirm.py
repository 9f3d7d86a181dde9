"""A yes/no dialog: `y` confirms, `n` or `escape` cancels, and Cancel has the focus."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ


class ConfirmDialog(QuitsOnQ, AppModalScreen[bool]):
    """Dismisses with True only on `y` or the confirm button."""

    BINDING_GROUP_TITLE = "Dialog"  # how help and the palette name these keys

    BINDINGS = [
        Binding("y", "confirm", "Yes", id="confirm.yes"),
        Binding("n,escape", "cancel", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, body: str, confirm_label: str = "Yes", *, danger: bool = True) -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._confirm_label = confirm_label
        self._danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(self._title, id="confirm-title", markup=False)
            yield Static(self._body, id="confirm-body", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancel (n)", id="confirm-cancel")
                yield Button(
                    f"{self._confirm_label} (y)", id="confirm-ok", variant="error" if self._danger else "primary"
                )

    def on_mount(self) -> None:
        self.query_one("#confirm-cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-ok")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
