"""`:ctx` or ctrl+x: the docker contexts (name, endpoint, current); enter switches in-app."""

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


@dataclass(frozen=True)
class ContextChoice:
    name: str
    endpoint: str
    description: str
    current: bool


class ContextList(StepMotions, OptionList):
    """The contexts, moved by the navigation keys of every list (first/last: OptionList's own)."""

    BINDING_GROUP_TITLE = "Contexts"  # how help and the palette name these keys

    BINDINGS = navigation_bindings()


class ContextPicker(QuitsOnQ, AppModalScreen[str | None]):
    """Dismisses with the chosen context's name (None on escape)."""

    BINDING_GROUP_TITLE = "Contexts"  # how help and the palette name these keys

    COMPONENT_CLASSES = set(ROLE_CLASSES)

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="contexts.cancel")]

    def __init__(self, choices: list[ContextChoice], problem: str = "") -> None:
        super().__init__()
        self._choices = choices
        self._problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="contexts-box"):
            yield Label("Docker contexts — enter switches, escape cancels", id="contexts-title")
            if self._problem:
                yield Label(self._problem, id="contexts-problem", markup=False)
            options = []
            for choice in self._choices:
                prompt = Text()
                prompt.append("● " if choice.current else "  ", style=role_style(self, "good"))
                prompt.append(f"{choice.name:<20}", style=role_style(self, "strong") if choice.current else "")
                prompt.append(f" {choice.endpoint}", style=role_style(self, "muted"))
                if choice.description:
                    prompt.append(f"  {choice.description}", style=role_style(self, "italic", "muted"))
                options.append(Option(prompt, id=choice.name))
            yield ContextList(*options, id="contexts-list")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        current = next((i for i, c in enumerate(self._choices) if c.current), 0)
        option_list.highlighted = current
        option_list.focus()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        self.dismiss(message.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
