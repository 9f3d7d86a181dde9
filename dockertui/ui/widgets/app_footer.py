"""The footer, with the app's own keys (quit, help) first.

Textual's footer lists the focused widget's keys first and the app's last, so a
narrow terminal (80×24 over SSH) cut off exactly the keys a newcomer needs.

The keys take the footer's ``compact`` as it is rather than through ``data_bind``: each
bound key adds a watcher to the footer that is only pruned when ``compact`` changes,
which it never does, so every pane switch kept its old keys alive (0.4 MB a switch).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class AppFooter(Footer):
    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        entries = [
            (node, binding, enabled, tooltip)
            for node, binding, enabled, tooltip in active.values()
            if binding.show and binding.key != self.app.COMMAND_PALETTE_BINDING
        ]
        entries.sort(key=lambda entry: not isinstance(entry[0], App))  # stable: order kept otherwise
        seen: set[str] = set()
        keys = []
        for _, binding, enabled, tooltip in entries:
            if binding.action in seen:
                continue
            seen.add(binding.action)
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            )
            key.compact = self.compact
            keys.append(key)
        self.styles.grid_size_columns = len(keys)
        yield from keys
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _, binding, enabled, _ = palette
                key = FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                )
                key.compact = self.compact
                yield key
