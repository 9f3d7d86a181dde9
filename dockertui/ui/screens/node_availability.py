"""A node's availability, chosen then confirmed, in one dialog.

First the choice: ``a`` active, ``p`` pause, ``d`` drain (the current one is said, and
choosing it again says nothing changes). Then, in the same dialog, what it does and
``y`` to do it, ``n`` / ``escape`` to leave it. One screen for both steps: a key typed
right after the choice lands in the confirmation, never on the list behind. Dismisses
with the availability confirmed, or None.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from dockertui.engine.swarm import NodeSummary
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ

#: Each availability in a few words, for the choice.
SUMMARY = {
    "active": "tasks may be placed on it",
    "pause": "no new tasks; those running there stay",
    "drain": "no new tasks; those running there move to other nodes",
}

#: What each availability does: (verb for the title, consequence).
CONSEQUENCES = {
    "active": ("Activate", "The scheduler may place tasks on it again (running tasks are not moved back)."),
    "pause": ("Pause", "No new tasks are placed on it; the tasks running there keep running."),
    "drain": (
        "Drain",
        "No new tasks are placed on it, and the tasks running there are shut down and placed on "
        "other nodes (where there is none, they stay pending).",
    ),
}


class NodeAvailabilityDialog(QuitsOnQ, AppModalScreen[str | None]):
    BINDING_GROUP_TITLE = "Dialog"  # how help and the palette name these keys

    BINDINGS = [
        Binding("a", "choose('active')", "Active", id="node_availability.active"),
        Binding("p", "choose('pause')", "Pause", id="node_availability.pause"),
        Binding("d", "choose('drain')", "Drain", id="node_availability.drain"),
        Binding("y", "confirm", "Yes", id="node_availability.yes"),
        Binding("n,escape", "cancel", "No", id="node_availability.no"),
    ]

    def __init__(self, node: NodeSummary) -> None:
        super().__init__()
        self.node = node
        #: The availability chosen (the confirmation step), or None (the choice).
        self.choice: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="node-availability-box"):
            yield Label(self._choice_title(), id="confirm-title", markup=False)
            yield Static(self._choice_body(), id="confirm-body", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancel (n)", id="confirm-cancel")
                yield Button("Active (a)", id="availability-active", classes="availability-choice")
                yield Button("Pause (p)", id="availability-pause", classes="availability-choice")
                yield Button("Drain (d)", id="availability-drain", classes="availability-choice", variant="error")
                yield Button("Yes (y)", id="confirm-ok", variant="error")

    def on_mount(self) -> None:
        self.query_one("#confirm-ok", Button).display = False
        self.set_focus(self.query_one("#confirm-cancel", Button))

    def _choice_title(self) -> str:
        return f"Availability of node {self.node.hostname or self.node.short_id} (now {self.node.availability})"

    def _choice_body(self) -> str:
        return "\n".join(
            f"{key}  {name:<7} {SUMMARY[name]}{'  (now)' if name == self.node.availability else ''}"
            for key, name in (("a", "active"), ("p", "pause"), ("d", "drain"))
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return self.choice is None
        if action == "confirm":
            return self.choice is not None
        return True

    def action_choose(self, availability: str) -> None:
        if availability == self.node.availability:
            self.notify(f"Node {self.node.hostname} is already {availability}.", timeout=3)
            return
        self.choice = availability
        verb, consequence = CONSEQUENCES[availability]
        name = self.node.hostname or self.node.short_id
        role = f" It is a {self.node.role}" + (" (the leader)" if self.node.leader else "") + "."
        self.query_one("#confirm-title", Label).update(Text(f"{verb} node {name}?"))
        self.query_one("#confirm-body", Static).update(Text(f"{consequence}{role if self.node.role else ''}"))
        for button in self.query(".availability-choice"):
            button.display = False
        ok = self.query_one("#confirm-ok", Button)
        ok.label = f"{verb} (y)"
        ok.display = True
        self.set_focus(self.query_one("#confirm-cancel", Button))
        self.refresh_bindings()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        if button == "confirm-ok":
            self.action_confirm()
        elif button.startswith("availability-"):
            self.action_choose(button.removeprefix("availability-"))
        else:
            self.dismiss(None)

    def action_confirm(self) -> None:
        self.dismiss(self.choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
