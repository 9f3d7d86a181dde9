"""A scrolling panel (Info, Stats, image details, the pulls) moved by the navigation keys.

Textual's VerticalScroll binds the arrows, pgup/pgdn and home/end itself, without ids, so
a keymap could not reach them; here they are the motions of every list (the arrows, as
in every view of text: no vim keys).
"""

from __future__ import annotations

from textual.containers import VerticalScroll

from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.widgets.textual_motions import Motions


class NavScroll(Motions, VerticalScroll):
    BINDING_GROUP_TITLE = "Panel"  # how help and the palette name these keys
    BINDINGS = navigation_bindings(vim_keys=False)

    # Textual's own actions: they skip (the key goes on to the parent) when nothing scrolls.
    STEP = "scroll"
