"""Command palette (ctrl+p) entries generated from the bindings active where focus is."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from dockertui.ui.binding_catalog import ActiveKey, active_keys

if TYPE_CHECKING:
    from dockertui.ui.app import DockerTUI

#: Actions that make no sense as palette entries.
EXCLUDED_ACTIONS = {"command_palette"}


class BindingCommands(Provider):
    """Every enabled binding of the screen the palette was opened on, runnable by name."""

    def _entries(self) -> Iterator[ActiveKey]:
        # Disabled ones are listed too, marked: choosing one says why it is refused.
        for entry in active_keys(self.screen):
            if entry.binding.action not in EXCLUDED_ACTIONS:
                yield entry

    def _run(self, entry: ActiveKey):
        return partial(self.app.run_action, entry.binding.action, entry.node)

    def _text(self, entry: ActiveKey) -> str:
        text = f"{entry.group}: {entry.binding.description}"
        if not entry.enabled:
            text += cast("DockerTUI", self.app).disabled_note(entry.node, entry.binding.action)
        return text

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(self._text(entry), self._run(entry), help=f"key {entry.keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            text = self._text(entry)
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), self._run(entry), help=f"key {entry.keys}")
