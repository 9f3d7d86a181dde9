"""`C` on the networks pane: name, driver, subnet and gateway of a new network, checked
as you type; nothing is sent until they make sense (``parse_network_spec``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from dockertui.engine.network_actions import DEFAULT_DRIVER, NetworkSpec, NetworkSpecError, parse_network_spec
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.widgets.flag_toggle import FlagToggle

FIELDS = ("name", "driver", "subnet", "gateway")


class NetworkCreatePrompt(AppModalScreen[NetworkSpec | None]):
    """Dismisses with the network to create, or None when cancelled."""

    BINDING_GROUP_TITLE = "Create network"  # how help and the palette name these keys
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="network_create.cancel"),
        # Priority, as in the run form: the focus moves when the tab is read, so what is
        # typed right after it lands in the next field (it landed in the name).
        Binding("tab", "next_field", "Next field", id="network_create.next_field", show=False, priority=True),
        Binding(
            "shift+tab",
            "previous_field",
            "Previous field",
            id="network_create.previous_field",
            show=False,
            priority=True,
        ),
    ]
    AUTO_FOCUS = "#network-create-name"

    def compose(self) -> ComposeResult:
        with Vertical(id="network-create-box"):
            yield Label("Create a network", id="network-create-title")
            with Horizontal(classes="network-create-row"):
                yield Label("Name", classes="network-create-label")
                yield Input(placeholder="my-network", id="network-create-name")
            with Horizontal(classes="network-create-row"):
                yield Label("Driver", classes="network-create-label")
                yield Input(DEFAULT_DRIVER, placeholder=DEFAULT_DRIVER, id="network-create-driver")
            with Horizontal(classes="network-create-row"):
                yield Label("Subnet", classes="network-create-label")
                yield Input(placeholder="optional, e.g. 10.231.7.0/24", id="network-create-subnet")
            with Horizontal(classes="network-create-row"):
                yield Label("Gateway", classes="network-create-label")
                yield Input(placeholder="optional, in the subnet", id="network-create-gateway")
            with Horizontal(classes="network-create-row"):
                yield FlagToggle("--internal", "no outside access", id="network-create-internal")
                yield FlagToggle("--attachable", "manual attach", id="network-create-attachable")
            yield Static("", id="network-create-message", markup=False)
            yield Static("enter creates · tab next field · escape cancels", id="network-create-hint")

    def on_mount(self) -> None:
        self._check()

    def field(self, name: str) -> Input:
        return self.query_one(f"#network-create-{name}", Input)

    def _check(self) -> NetworkSpec | None:
        """The network the fields describe (its docker command shown), or None (why, shown)."""
        message = self.query_one("#network-create-message", Static)
        try:
            spec = parse_network_spec(
                *(self.field(name).value for name in FIELDS),
                internal=self.query_one("#network-create-internal", FlagToggle).value,
                attachable=self.query_one("#network-create-attachable", FlagToggle).value,
            )
        except NetworkSpecError as error:
            message.update(str(error))
            message.set_class(True, "-invalid")
            return None
        message.update(spec.command())
        message.set_class(False, "-invalid")
        return spec

    def on_input_changed(self, message: Input.Changed) -> None:
        self._check()

    def on_flag_toggle_changed(self, message: FlagToggle.Changed) -> None:
        self._check()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        spec = self._check()
        if spec is not None:
            self.dismiss(spec)

    def action_next_field(self) -> None:
        self.focus_next()  # at once, as the tab is read

    def action_previous_field(self) -> None:
        self.focus_previous()

    def action_cancel(self) -> None:
        self.dismiss(None)
