"""An Input whose editing keys act in the order they were typed.

Textual's Input inserts a character when the Input reads the key, but its editing keys
(backspace, delete, the arrows, ctrl+w…) are bindings, and a widget's bindings run only
once the key has bubbled up to the app through the queue of every widget above it. A
character typed right after such a key was inserted first: backspace then ``x`` within
50 ms gave ``defx`` then ``def`` instead of ``dex``, five times in six in the log search,
whose panel is deep and busy with arriving lines.

Here the Input runs its own bindings when it reads the key, in order with the characters.
Keys it does not bind go on bubbling to the widgets above, as before.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # Input's own _on_key inserts it
        # Reads the private ``_bindings`` and ``_keymap`` as Screen._binding_chain does
        # (binding_catalog.keys_without_focus reads them the same way).
        bindings = self._bindings.copy()
        if self.app._keymap:
            bindings.apply_keymap(self.app._keymap)
        for binding in bindings.key_to_bindings.get(event.key, ()):
            # Priority ones have run already, when the app read the key.
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()  # not again at the app; Input's _on_key still restarts the blink
                return
