"""`n` in a container's details: every network, ``[x]`` where the container is attached;
``enter`` on one connects the container to it, or disconnects it (after asking)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.textual_motions import StepMotions

#: A name longer than this is cut (with …): one line per network.
NAME_WIDTH = 40


@dataclass(frozen=True)
class NetworkChoice:
    network_id: str
    name: str
    driver: str
    subnet: str
    #: The container's address on it ("" if none); None when not attached.
    address: str | None

    @property
    def attached(self) -> bool:
        return self.address is not None


class NetworkChoices(StepMotions, OptionList):
    """The networks, moved by the navigation keys of every list."""

    BINDING_GROUP_TITLE = "Networks"  # how help and the palette name these keys
    BINDINGS = navigation_bindings()


class NetworkPicker(QuitsOnQ, AppModalScreen[NetworkChoice | None]):
    """Dismisses with the network chosen (None on escape)."""

    BINDING_GROUP_TITLE = "Networks"  # how help and the palette name these keys
    COMPONENT_CLASSES = set(ROLE_CLASSES)
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="network_picker.cancel")]

    def __init__(self, container_name: str, choices: list[NetworkChoice]) -> None:
        super().__init__()
        self._container = container_name
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="network-picker-box"):
            yield Label(f"Networks of {self._container}", id="network-picker-title", markup=False)
            yield Label(
                "[x] attached · enter connects, or disconnects · escape cancels",
                id="network-picker-hint",
                markup=False,
            )
            options = []
            for choice in self._choices:
                prompt = Text()
                prompt.append("[x] " if choice.attached else "[ ] ", style=role_style(self, "good", "strong"))
                name = choice.name if len(choice.name) <= NAME_WIDTH else f"{choice.name[: NAME_WIDTH - 1]}…"
                prompt.append(f"{name:<24}", style=role_style(self, "strong") if choice.attached else "")
                prompt.append(f" {choice.driver:<8} {choice.subnet}", style=role_style(self, "muted"))
                if choice.address:
                    prompt.append(f"  {choice.address}", style=role_style(self, "info"))
                options.append(Option(prompt, id=choice.network_id))
            yield NetworkChoices(*options, id="network-picker-list")

    def on_mount(self) -> None:
        self.query_one(NetworkChoices).focus()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        self.dismiss(next((c for c in self._choices if c.network_id == message.option.id), None))

    def action_cancel(self) -> None:
        self.dismiss(None)
