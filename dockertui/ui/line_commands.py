"""The ``:`` commands as command palette (ctrl+p) entries.

Typing ``pull nginx`` (or ``:pull nginx``) offers that whole command line; a command that
needs an argument chosen without one opens the ``:`` line with its name typed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from dockertui.ui.command_runner import run_command
from dockertui.ui.screens.command_line import COMMANDS, Command, parse_command_line

if TYPE_CHECKING:
    from dockertui.ui.app import DockerTUI


def _usage(command: Command) -> str:
    # No [optional]: the palette reads its texts as markup.
    return f":{command.name} <{command.takes.rstrip('?')}>" if command.takes else f":{command.name}"


class LineCommands(Provider):
    """Every ``:`` command, runnable by name."""

    @property
    def _app(self) -> DockerTUI:
        return cast("DockerTUI", self.app)

    def _run(self, command: Command, argument: str = "") -> Callable[[], Awaitable[object]]:
        if command.takes == "reference" and not argument:
            # The palette has no field for it: the : line, waiting for the reference.
            return partial(self._app.run_action, f"command_line({command.name + ' '!r})")
        return partial(run_command, self._app, command.name, argument)

    def _entries(self) -> Iterator[tuple[str, Command]]:
        for command in COMMANDS:
            yield f"{_usage(command)}  {command.help}", command

    async def discover(self) -> Hits:
        for text, command in self._entries():
            yield DiscoveryHit(text, self._run(command), help="command line (:)")

    async def search(self, query: str) -> Hits:
        parsed = parse_command_line(query)
        if not isinstance(parsed, str) and parsed[0].takes and parsed[1]:
            command, argument = parsed
            line = f":{command.name} {argument}"
            yield Hit(1.0, line, self._run(command, argument), help=command.help)
        matcher = self.matcher(query)
        for text, command in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), self._run(command), help="command line (:)")
