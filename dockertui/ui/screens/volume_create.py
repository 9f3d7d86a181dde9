"""`C` in the volumes pane: create a volume from a name (none: anonymous), a driver and
labels typed as ``key=value`` words. Bad labels and the daemon's refusals are said in
the dialog, which stays open; nothing is created until the daemon says so."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.engine.volume_actions import InvalidLabels, VolumeActionFailed, parse_labels
from dockertui.engine.volumes import VolumeSummary
from dockertui.ui.daemon_session import NOT_CONNECTED, current_session
from dockertui.ui.screen_repaint import AppModalScreen

FIELDS = ("name", "driver", "labels")


class CreateVolumePrompt(AppModalScreen[VolumeSummary | None]):
    """Dismisses with the volume the daemon made (None on escape)."""

    BINDING_GROUP_TITLE = "Create volume"  # how help and the palette name these keys
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="volume_create.cancel"),
        # Priority, as in the run form: the focus moves when the tab is read, so what is typed
        # right after it lands in the next field (a fast tab was lost and labels went to Driver).
        Binding("tab", "next_field", "Next field", id="volume_create.next_field", show=False, priority=True),
        Binding(
            "shift+tab",
            "previous_field",
            "Previous field",
            id="volume_create.previous_field",
            show=False,
            priority=True,
        ),
    ]
    AUTO_FOCUS = "#volume-create-name"
    CSS_PATH = "../styles/volume_create.tcss"

    @dataclass
    class Created(Message):
        session: DaemonSession
        volume: VolumeSummary | None
        error: str = ""

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="volume-create-box"):
            yield Label("Create a volume", id="volume-create-title")
            yield Label("Name (empty: anonymous)", classes="volume-create-label")
            yield Input(placeholder="data, pg-data, cache_1", id="volume-create-name")
            yield Label("Driver", classes="volume-create-label")
            yield Input("local", id="volume-create-driver")
            yield Label("Labels (key=value words)", classes="volume-create-label")
            yield Input(placeholder="env=dev team='core infra'", id="volume-create-labels")
            yield Static("", id="volume-create-message", markup=False)
            yield Static("enter creates · tab next field · escape cancels", id="volume-create-hint")

    def _say(self, text: str, problem: bool = True) -> None:
        message = self.query_one("#volume-create-message", Static)
        message.update(text)
        message.set_class(problem, "-invalid")

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input.id == "volume-create-labels":
            try:
                parse_labels(message.value)
            except InvalidLabels as error:
                self._say(f"Labels: {error}")
                return
        if not self._busy:
            self._say("", problem=False)

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        if self._busy:
            return
        name = self.query_one("#volume-create-name", Input).value.strip()
        driver = self.query_one("#volume-create-driver", Input).value.strip() or "local"
        try:
            labels = parse_labels(self.query_one("#volume-create-labels", Input).value)
        except InvalidLabels as error:
            self._say(f"Labels: {error}. Nothing was created.")
            self.set_focus(self.query_one("#volume-create-labels", Input))
            return
        session = current_session(self)
        if session is None:
            self._say(NOT_CONNECTED)
            return
        self._busy = True
        self._say(f"Creating {name or 'an anonymous volume'}…", problem=False)
        self._create(session, name, driver, labels)

    @work(thread=True, group="volume-create", exit_on_error=False)
    def _create(self, session: DaemonSession, name: str, driver: str, labels: dict[str, str]) -> None:
        try:
            volume = session.create_volume(name, driver, labels)
        except (VolumeActionFailed, ReadOnlyRefused) as failure:
            self.post_message(self.Created(session, None, str(failure)))
            return
        self.post_message(self.Created(session, volume))

    def on_create_volume_prompt_created(self, message: Created) -> None:
        message.stop()
        self._busy = False
        if message.session is not current_session(self):
            self._say("The daemon changed meanwhile; nothing is shown for the old one.")
            return
        if message.volume is None:
            self._say(f"Not created: {message.error}")
            return
        self.dismiss(message.volume)

    def action_next_field(self) -> None:
        self.focus_next()  # at once, as the tab is read

    def action_previous_field(self) -> None:
        self.focus_previous()

    def action_cancel(self) -> None:
        self.dismiss(None)
