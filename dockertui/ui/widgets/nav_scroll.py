"""A scrolling panel (Info, Stats, image details, the pulls) moved by the navigation keys.

Textual's VerticalScroll binds the arrows, pgup/pgdn and home/end itself, without ids, so
a keymap could not reach them; here they are the motions of every list (the arrows, as
in every view of text: no vim keys).
"""

from __future__ import annotations

from textual.containers import VerticalScroll

from dockertui.ui.navigation import navigation_bindings


class NavScroll(VerticalScroll):
    BINDINGS = navigation_bindings(vim_keys=False)

    # Textual's own actions: they skip (the key goes on to the parent) when nothing scrolls.

    def action_cursor(self, delta: int) -> None:
        for _ in range(abs(delta)):
            self.action_scroll_down() if delta > 0 else self.action_scroll_up()

    def action_page(self, direction: int) -> None:
        self.action_page_down() if direction > 0 else self.action_page_up()

    def action_first(self) -> None:
        self.action_scroll_home()

    def action_last(self) -> None:
        self.action_scroll_end()
