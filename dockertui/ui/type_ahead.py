"""Keys typed right after the key that opens a dialog land in the dialog's first field.

Textual hands each key to the focused widget's own queue and reads on. Bound on a pane
the usual way, ``r`` opened the run form only when the list got to it: the keys typed
after it in the same read (a paste, one write over ssh, a busy machine) had already been
handed to the list behind — ``r`` then ``web-1`` ran the list's keys, and ``p`` then a
reference did the same with the pull prompt.

Two parts, both needed:

- the key is a priority binding (``opening_key``), so its action runs when the app reads
  the key, as ``/`` does for the filter boxes (widgets/filter_input.py);
- the action awaits ``open_dialog``: the app reads the next key only once the dialog is
  mounted, its first field focused while it composed (``AUTO_FOCUS``, or
  ``Screen.set_focus`` in ``on_mount``) — never with ``Widget.focus()``, which is applied
  later, behind the keys already read: a tab read meanwhile moves the focus on, and the
  late focus takes it back to the first field (``ab<tab>cd`` gives ``abcd`` in Name).
"""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen, ScreenResultCallbackType

from dockertui.ui.navigation import navigation_bindings

ResultT = TypeVar("ResultT")


def opening_key(key: str, action: str, description: str, id: str) -> Binding:
    """The key that opens a dialog with a text field; its action awaits ``open_dialog``."""
    return Binding(key, action, description, id=id, priority=True)


def motions_at_read_time() -> list[BindingType]:
    """The list motions again, as priority bindings of a pane whose opening keys act on the
    selected row. An opening key runs when the app reads it, but a motion read just before
    it in the same read (``Up d``, ``k s``) still waited in the list's queue: the dialog
    opened for the row the cursor was on, and the motion was lost behind it. The pane runs
    these on its table at once (``action_motion_now``) while the table has the focus; else
    the key goes on as usual. Same ids as the motions, so a keymap entry moves both."""
    return [
        Binding(
            binding.key,
            f"motion_now({binding.action!r})",
            binding.description,
            id=binding.id,
            show=False,
            priority=True,
        )
        for binding in navigation_bindings()
        if isinstance(binding, Binding)
    ]


async def open_dialog(
    node: DOMNode, screen: Screen[ResultT], callback: ScreenResultCallbackType[ResultT] | None = None
) -> None:
    """Push ``screen`` and return once it is mounted, its first field focused."""
    await node.app.push_screen(screen, callback)
