"""`r` on an image: the run form, with a live `docker run …` preview.

Every field is checked as you type (the field turns red and the message says
why); Run is possible only when all of them parse. Creating and starting happen
off the UI thread; a failure keeps the form and its values on screen with the
daemon's message, and anything half-created has been removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from dockertui.engine.run_spec import (
    RESTART_POLICIES,
    RunFailed,
    RunSpec,
    SpecError,
    parse_command,
    parse_env,
    parse_name,
    parse_ports,
    parse_restart,
    parse_volumes,
)
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.ui.clipboard import copy_text
from dockertui.ui.daemon_session import NOT_CONNECTED, current_session
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.widgets.flag_toggle import FlagToggle

FIELDS = ("name", "command", "ports", "env", "volumes", "restart")


class RunForm(AppModalScreen[str | None]):
    """Dismisses with the new container's ID, or None when cancelled."""

    BINDING_GROUP_TITLE = "Run form"  # how help and the palette name these keys
    CSS_PATH = "../styles/run_form.tcss"
    # Focused while composing, before the app reads the keys typed after `r` (ui/type_ahead.py).
    AUTO_FOCUS = "#run-name"

    BINDINGS = [
        Binding("ctrl+r", "run", "Run", id="run_form.run"),
        Binding("ctrl+y", "copy_command", "Copy docker run", id="run_form.copy"),
        Binding("escape", "cancel", "Cancel", id="run_form.cancel"),
        # Priority: the focus moves when the app reads the tab, not later when the field
        # would have, so keys typed right after it land in the next field (see
        # tests/test_fast_typing.py).
        Binding("tab", "next_field", "Next field", id="run_form.next_field", show=False, priority=True),
        Binding(
            "shift+tab", "previous_field", "Previous field", id="run_form.previous_field", show=False, priority=True
        ),
    ]

    @dataclass
    class Finished(Message):
        container_id: str | None
        error: str = ""
        removed: bool = False

    def __init__(self, image: str, *, labels: dict[str, str] | None = None) -> None:
        super().__init__()
        self.image = image
        self.labels = labels or {}
        self.spec: RunSpec | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        # Short fields side by side, so that every field, the preview and the buttons fit
        # at 120x40; below that the fields scroll between the title and the foot
        # (run_form.tcss). Tab goes in reading order: name, command, ports, volumes, env,
        # restart, retries, --rm, -it, then the buttons.
        with Vertical(id="run-box"):
            yield Label(f"Run {self.image}", id="run-title", markup=False)
            with VerticalScroll(id="run-fields"):
                with Horizontal(classes="run-row"):
                    with Vertical(classes="run-cell"):
                        yield Label("Name (optional)")
                        yield Input(placeholder="web-1", id="run-name")
                    with Vertical(classes="run-cell -wide"):
                        yield Label("Command (optional, shell-like: sh -c 'echo hi')")
                        yield Input(placeholder="the image's default", id="run-command")
                with Horizontal(classes="run-row"):
                    with Vertical(classes="run-cell"):
                        yield Label("Ports (space or comma separated)")
                        yield Input(placeholder="8080:80 127.0.0.1:8053:53/udp", id="run-ports")
                    with Vertical(classes="run-cell"):
                        yield Label("Volumes and binds")
                        yield Input(placeholder="data:/var/lib/app /srv/conf:/etc/app:ro", id="run-volumes")
                yield Label("Environment (KEY=VALUE, one per line)")
                yield TextArea(id="run-env", soft_wrap=False, show_line_numbers=False)
                with Horizontal(classes="run-row"):
                    with Vertical(classes="run-cell"):
                        yield Label("Restart, retries (on-failure)")
                        with Horizontal(id="run-restart-row"):
                            yield Select(
                                [(policy, policy) for policy in RESTART_POLICIES],
                                value="no",
                                allow_blank=False,
                                id="run-restart",
                            )
                            yield Input(placeholder="retries", id="run-retries")
                    with Vertical(classes="run-cell", id="run-options"):
                        yield Label("Options (space toggles)")
                        yield FlagToggle("--rm", "remove when it exits", id="run-rm")
                        yield FlagToggle("-it", "interactive: a terminal (else -d)", id="run-interactive")
            with Vertical(id="run-foot"):
                yield Static("", id="run-preview", markup=False)
                yield Static("", id="run-message", markup=False)
                with Horizontal(id="run-buttons"):
                    yield Button("Copy command (ctrl+y)", id="run-copy")
                    yield Button("Cancel (esc)", id="run-cancel")
                    yield Button("Run (ctrl+r)", id="run-go", variant="success")

    def on_mount(self) -> None:
        # AUTO_FOCUS has focused Name while composing; set_focus, never focus(): that one
        # is applied behind the keys read meanwhile (ui/type_ahead.py).
        if self.focused is None:
            self.set_focus(self.query_one("#run-name", Input))
        self._validate()

    def action_next_field(self) -> None:
        self.focus_next()  # at once, as the tab is read

    def action_previous_field(self) -> None:
        self.focus_previous()

    # -- checking as you type -----------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return widget.text
        return str(getattr(widget, "value", ""))

    def _validate(self) -> RunSpec | None:
        problems: dict[str, str] = {}

        def attempt(parse, *args):
            try:
                return parse(*args)
            except SpecError as error:
                problems[error.field] = str(error)
                return None

        name = attempt(parse_name, self._value("run-name"))
        command = attempt(parse_command, self._value("run-command"))
        ports = attempt(parse_ports, self._value("run-ports"))
        env = attempt(parse_env, self._value("run-env"))
        volumes = attempt(parse_volumes, self._value("run-volumes"))
        restart = attempt(parse_restart, self._value("run-restart"), self._value("run-retries"))
        for field_name in FIELDS:
            widget_id = "run-retries" if field_name == "restart" else f"run-{field_name}"
            self.query_one(f"#{widget_id}").set_class(field_name in problems, "-invalid")
        if problems:
            self.spec = None
            self._say("\n".join(problems.values()), error=True)
        else:
            self.spec = RunSpec(
                image=self.image,
                name=name or "",
                command=command or (),
                ports=ports or (),
                env=env or (),
                volumes=volumes or (),
                restart=restart[0],
                restart_retries=restart[1],
                remove_on_exit=self.query_one("#run-rm", FlagToggle).value,
                interactive=self.query_one("#run-interactive", FlagToggle).value,
                labels=self.labels,
            )
            if not self.running:
                self._say("")
        preview = self.spec.docker_run_command() if self.spec else "(fix the fields above)"
        self.query_one("#run-preview", Static).update(f"$ {preview}")
        self.query_one("#run-go", Button).disabled = self.spec is None or self.running
        return self.spec

    def on_input_changed(self, _: Input.Changed) -> None:
        self._validate()

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self._validate()

    def on_select_changed(self, _: Select.Changed) -> None:
        self._validate()

    def on_flag_toggle_changed(self, _: FlagToggle.Changed) -> None:
        self._validate()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self.action_run()

    # -- running ------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "run-go":
            self.action_run()
        elif event.button.id == "run-copy":
            self.action_copy_command()
        else:
            self.action_cancel()

    def action_copy_command(self) -> None:
        if self.spec is not None:
            copy_text(self.app, self.spec.docker_run_command(), "the docker run command")

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(None)

    def action_run(self) -> None:
        spec = self._validate()
        session = current_session(self)
        if spec is None or self.running:
            return
        if session is None:
            self._say(NOT_CONNECTED, error=True)
            return
        self.running = True
        self._say(f"creating and starting {spec.name or spec.image}…")
        self.query_one("#run-go", Button).disabled = True
        self._create(session, spec)

    @work(thread=True, group="run-form", exit_on_error=False)
    def _create(self, session: DaemonSession, spec: RunSpec) -> None:
        try:
            container_id = session.run(spec)
        except RunFailed as failure:
            self.post_message(self.Finished(None, f"The daemon said: {failure.explanation}", failure.removed))
            return
        except ReadOnlyRefused as refused:
            self.post_message(self.Finished(None, str(refused)))
            return
        self.post_message(self.Finished(container_id))

    def on_run_form_finished(self, message: Finished) -> None:
        message.stop()
        self.running = False
        if message.container_id:
            self.dismiss(message.container_id)
            return
        note = " The half-created container was removed." if message.removed else ""
        self._validate()
        self._say(f"{message.error}{note}", error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        """The line under the preview; hidden while it has nothing to say (a row more for
        the fields at 80x24)."""
        message = self.query_one("#run-message", Static)
        message.update(text)
        message.set_class(error, "-error")
        message.display = bool(text)
