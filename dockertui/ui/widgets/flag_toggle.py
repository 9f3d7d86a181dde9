"""An on/off option of a form, shown as ``[x] --rm  remove when it exits``.

The mark says on or off in plain text, and the line reads the same way in a screenshot,
a monochrome terminal or a screen reader: Textual's Checkbox shows the same X either way
and only its colour changes, so ``--rm`` on or off was hard to see.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from dockertui.ui.text_roles import ROLE_CLASSES, role_style


class FlagToggle(Widget, can_focus=True):
    BINDING_GROUP_TITLE = "Option"  # how help and the palette name these keys
    BINDINGS = [Binding("space,enter", "flip", "Toggle", id="option.toggle")]
    COMPONENT_CLASSES = set(ROLE_CLASSES)
    DEFAULT_CSS = "FlagToggle { height: auto; }"  # its line wraps where narrow

    value: reactive[bool] = reactive(False, init=False)

    @dataclass
    class Changed(Message):
        toggle: FlagToggle
        value: bool

        @property
        def control(self) -> FlagToggle:
            return self.toggle

    def __init__(self, flag: str, meaning: str, *, value: bool = False, id: str | None = None) -> None:
        """``flag``: the docker run option (``--rm``); ``meaning``: what it does, in words."""
        super().__init__(id=id)
        self.flag = flag
        self.meaning = meaning
        self.set_reactive(FlagToggle.value, value)
        self.set_class(value, "-on")

    def render(self) -> Text:
        mark = Text("[x]" if self.value else "[ ]", style=role_style(self, "good" if self.value else "muted", "strong"))
        return Text.assemble(mark, " ", Text(self.flag, style=role_style(self, "strong")), "  ", self.meaning)

    def watch_value(self, value: bool) -> None:
        self.set_class(value, "-on")
        self.post_message(self.Changed(self, value))

    def action_flip(self) -> None:
        self.value = not self.value

    def on_click(self) -> None:
        self.action_flip()
