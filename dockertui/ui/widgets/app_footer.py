"""The footer, with the app's own keys (quit, help) first.

Textual's footer lists the focused widget's keys first and the app's last, so a
narrow terminal (80×24 over SSH) cut off exactly the keys a newcomer needs.

The keys take the footer's ``compact`` as it is rather than through ``data_bind``: each
bound key adds a watcher to the footer that is only pruned when ``compact`` changes,
which it never does, so every pane switch kept its old keys alive (0.4 MB a switch).

Textual's footer rebuilds itself after every refresh of the bindings, once per call:
the start of the app asked ~90 times, and each rebuild made and styled a dozen widgets
(a quarter of a second before the list was shown), and after the repaint, so a pane
switch laid out and painted the screen twice. Here the requests made together are one
rebuild, done before the next repaint, and none when the keys it would show are those
shown.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: What a key in the footer shows: (binding, key display, enabled, tooltip).
Shown = tuple[Binding, str, bool, str]


class AppFooter(Footer):
    _rebuild_due = False
    _shown: list[Shown] | None = None

    def _keys(self) -> tuple[list[Shown], Shown | None]:
        """The keys to show, app keys first, and the palette's key if it is shown."""
        active = self.screen.active_bindings
        entries = [
            (node, binding, enabled, tooltip)
            for node, binding, enabled, tooltip in active.values()
            if binding.show and binding.key != self.app.COMMAND_PALETTE_BINDING
        ]
        entries.sort(key=lambda entry: not isinstance(entry[0], App))  # stable: order kept otherwise
        seen: set[str] = set()
        keys: list[Shown] = []
        for _, binding, enabled, tooltip in entries:
            if binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append((binding, self.app.get_key_display(binding), enabled, tooltip))
        palette: Shown | None = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, _ = found
                palette = (binding, self.app.get_key_display(binding), enabled, binding.tooltip or binding.description)
        return keys, palette

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = self._keys()
        self._shown = [*keys, *([palette] if palette else [])]
        self.styles.grid_size_columns = len(keys)
        for binding, display, enabled, tooltip in keys:
            yield self._key(binding, display, enabled, tooltip)
        if palette is not None:
            yield self._key(*palette, classes="-command-palette")

    def _key(self, binding: Binding, display: str, enabled: bool, tooltip: str, classes: str = "") -> FooterKey:
        """A key made with its compact class: set afterwards (FooterKey's watcher does it as
        it mounts), each key's styles were computed twice, a fifth of a pane switch."""
        key = FooterKey(
            binding.key,
            display,
            binding.description,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip,
            classes=f"{classes} -compact" if self.compact else classes,
        )
        key.set_reactive(FooterKey.compact, self.compact)
        return key

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_due:
            self._rebuild_due = True
            # Before the next repaint, not after it: a pane switch and its keys are drawn
            # in one frame (after it, every switch laid out and painted the screen twice).
            self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_due = False
        if not self.is_attached:
            return
        keys, palette = self._keys()
        if [*keys, *([palette] if palette else [])] != self._shown:
            await self.recompose()
