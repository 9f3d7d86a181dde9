"""`:` — a k9s-style command line at the bottom, with completion.

:containers  :images  :hub nginx  :events  :shells  :pull <ref>  :df  :hosts  :help  :q
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from dockertui.ui.screen_repaint import AppModalScreen


@dataclass(frozen=True)
class Command:
    name: str
    aliases: tuple[str, ...]
    help: str
    takes: str = ""  # the argument it wants, if any


COMMANDS = (
    Command("containers", ("c", "co", "1"), "the containers pane"),
    Command("images", ("i", "im", "2"), "the images pane"),
    Command("hub", ("search", "3"), "search Docker Hub (or host:port/term)", "term"),
    Command("events", ("ev", "4"), "the events pane"),
    Command("shells", ("sh", "5"), "the shells pane"),
    Command("volumes", ("vol", "volume", "6"), "the volumes pane"),
    Command("networks", ("net", "network", "7"), "the networks pane"),
    Command("services", ("svc", "service", "8"), "the Swarm services pane (a swarm member only)"),
    Command("projects", ("proj", "project", "compose"), "the compose projects"),
    Command("nodes", ("node", "no"), "the swarm's nodes: availability (drain, pause, activate)"),
    Command("stacks", ("stack", "st"), "the swarm's stacks: their services; remove one (docker stack rm)"),
    Command("pull", (), "pull an image", "reference"),
    Command("df", ("du", "disk", "system-df"), "disk usage per kind (docker system df), prune per kind"),
    Command("ctx", ("context", "contexts"), "pick a docker context (or :ctx NAME)", "context?"),
    Command("hosts", ("host",), "every docker context at a glance: reachable, engine, swarm, counts; enter switches"),
    Command("help", ("?",), "the keys of the focused pane"),
    Command("quit", ("q", "q!", "exit"), "quit dockertui"),
)


def find_command(word: str) -> Command | None:
    word = word.lower()
    exact = [c for c in COMMANDS if word == c.name or word in c.aliases]
    if exact:
        return exact[0]
    starting = [c for c in COMMANDS if c.name.startswith(word)]
    return starting[0] if len(starting) == 1 else None


def parse_command_line(text: str) -> tuple[Command, str] | str:
    """The command and its argument in ``text`` (``:pull nginx``), or why it is not one."""
    text = text.strip().lstrip(":")
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    if not words:
        return "Type a command: " + ", ".join(c.name for c in COMMANDS)
    command = find_command(words[0])
    argument = " ".join(words[1:])
    if command is None:
        names = ", ".join(c.name for c in COMMANDS)
        return f"Unknown command {words[0]!r}. Commands: {names}"
    if command.takes == "reference" and not argument:
        return f":{command.name} needs an image reference, e.g. :pull nginx:1.27"
    return command, argument


class CommandLine(AppModalScreen[tuple[Command, str] | None]):
    """Dismisses with the command and its argument (or None on escape)."""

    BINDING_GROUP_TITLE = "Command line"  # how help and the palette name these keys

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="command_line.cancel")]

    def __init__(self, text: str = "") -> None:
        """``text``: what the line starts with (the palette's ``pull `` waiting for its reference)."""
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        suggestions = [c.name + (" " if c.takes else "") for c in COMMANDS]
        with Vertical(id="command-line-box"):
            yield Static("", id="command-line-message", markup=False)
            yield Input(
                self._text,
                placeholder="containers · images · hub <term> · events · shells · pull <ref> · ctx · help · q",
                suggester=SuggestFromList(suggestions, case_sensitive=False),
                id="command-line-input",
            )

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        if not message.value.strip().lstrip(":"):
            self.dismiss(None)
            return
        parsed = parse_command_line(message.value)
        if isinstance(parsed, str):
            self.query_one("#command-line-message", Static).update(parsed)
            return
        self.dismiss(parsed)

    def action_cancel(self) -> None:
        self.dismiss(None)
