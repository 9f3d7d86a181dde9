"""Command palette (ctrl+p) entries generated from the bindings: those active where focus
is, and the actions of every other pane (choosing one shows that pane first)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from dockertui.ui.binding_catalog import ActiveKey, active_keys, keys_without_focus
from dockertui.ui.navigation import NAV_IDS
from dockertui.ui.panes.pane import Pane

if TYPE_CHECKING:
    from dockertui.ui.app import DockerTUI

#: Actions that make no sense as palette entries.
EXCLUDED_ACTIONS = {"command_palette"}


@dataclass(frozen=True)
class Entry:
    key: ActiveKey
    #: The pane it acts in when that pane is not the one shown (None: where focus is).
    pane: Pane | None = None


class BindingCommands(Provider):
    """Every binding of the screen the palette was opened on, then every other pane's
    actions (moving keys aside), runnable by name."""

    def _entries(self) -> Iterator[Entry]:
        # Disabled ones are listed too, marked: choosing one says why it is refused.
        for key in active_keys(self.screen):
            if key.binding.action not in EXCLUDED_ACTIONS:
                yield Entry(key)
        # The panes live on the main screen only: a dialog's palette keeps to the dialog.
        focused = self.screen.focused
        for pane in self.screen.query(Pane):
            if focused is not None and pane in focused.ancestors_with_self:
                continue  # its keys are the active ones above
            for key in keys_without_focus(pane.primary_widget(), pane, leave_out=NAV_IDS):
                yield Entry(key, pane)

    def _run(self, entry: Entry) -> Callable[[], Awaitable[object]]:
        if entry.pane is None:
            return partial(self.app.run_action, entry.key.binding.action, entry.key.node)
        return partial(self._run_in_pane, entry.pane, entry.key)

    async def _run_in_pane(self, pane: Pane, key: ActiveKey) -> None:
        """Show the pane, then run the action there as its key would (on its cursor row)."""
        if not await self.app.run_action(f"show_pane('{pane.PANE_ID}')"):
            return
        pane.focus_for_actions()
        await self.app.run_action(key.binding.action, key.node)

    def _text(self, entry: Entry) -> str:
        key = entry.key
        text = f"{key.group}: {key.binding.description}"
        if not key.enabled:
            text += cast("DockerTUI", self.app).disabled_note(key.node, key.binding.action)
        return text

    @staticmethod
    def _help(entry: Entry) -> str:
        if entry.pane is None:
            return f"key {entry.key.keys}"
        return f"key {entry.key.keys} on the {entry.pane.TITLE} pane ({entry.pane.HOTKEY})"

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(self._text(entry), self._run(entry), help=self._help(entry))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            text = self._text(entry)
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), self._run(entry), help=self._help(entry))
