"""The navigation keys of every list and view, defined once: one binding id per motion.

Each list or view (tables, the event log, the log view, the inspect tree, the help
table, the context list, the pulls, the scrolling panels) takes its moving keys from
``navigation_bindings`` and implements the same actions: ``cursor(n)``, ``page(n)``,
``first`` and ``last`` (the log view's ``last`` is its follow). So one keymap entry,
``"nav.down" = "n"``, moves down in every list: ``App.set_keymap`` replaces the keys of
every binding with that id.

``j``/``k``/``g``/``G`` move too in lists, as in k9s and lazydocker, except in the
containers pane, where ``k`` kills and ``G`` groups by project (the list has the focus,
so its keys would come first and take those away): there, and in views of text (logs,
info, stats, image details), the arrows, ``pgup``/``pgdn`` and ``home``/``end`` move.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Motion:
    name: str
    keys: str
    vim_key: str
    action: str
    description: str

    @property
    def id(self) -> str:
        return f"nav.{self.name}"


MOTIONS: tuple[Motion, ...] = (
    Motion("up", "up", "k", "cursor(-1)", "Up"),
    Motion("down", "down", "j", "cursor(1)", "Down"),
    Motion("page_up", "pageup", "", "page(-1)", "Page up"),
    Motion("page_down", "pagedown", "", "page(1)", "Page down"),
    Motion("first", "home", "g", "first", "First"),
    Motion("last", "end", "G", "last", "Last"),
)

#: The binding ids of the motions (what a keymap entry names).
NAV_IDS: frozenset[str] = frozenset(motion.id for motion in MOTIONS)

#: Keys that only ever move: no binding outside this set may use them.
NAV_KEYS: frozenset[str] = frozenset(motion.keys for motion in MOTIONS)

#: Ids of earlier versions (one set per widget) → the id that does it now, so that a
#: config naming an old id can be told which one to write instead.
RENAMED_IDS: dict[str, str] = {
    "table.cursor_up": "nav.up",
    "table.cursor_down": "nav.down",
    "table.page_up": "nav.page_up",
    "table.page_down": "nav.page_down",
    "table.first": "nav.first",
    "table.last": "nav.last",
    "events.cursor_up": "nav.up",
    "events.cursor_down": "nav.down",
    "events.page_up": "nav.page_up",
    "events.page_down": "nav.page_down",
    "events.first": "nav.first",
    "events.last": "nav.last",
    "logs.up": "nav.up",
    "logs.down": "nav.down",
    "logs.page_up": "nav.page_up",
    "logs.page_down": "nav.page_down",
    "logs.first": "nav.first",
    "logs.follow": "nav.last",
    "pulls.previous": "nav.up",
    "pulls.next": "nav.down",
}


def navigation_bindings(
    *,
    vim_keys: bool = True,
    only: Collection[str] | None = None,
    shown: Collection[str] = (),
    **descriptions: str,
) -> list[BindingType]:
    """The bindings of the motions, for a widget's ``BINDINGS``.

    ``vim_keys``: j/k/g/G as well (not in the containers pane, see above). ``only``: the
    motions the widget has (by name), all by default. ``shown``: motions the footer shows.
    ``descriptions``: the widget's words for a motion by name (``last="Follow"``).
    """
    unknown = (set(descriptions) | set(shown) | set(only or ())) - {motion.name for motion in MOTIONS}
    if unknown:
        raise ValueError(f"no such motion: {', '.join(sorted(unknown))}")
    return [
        Binding(
            f"{motion.keys},{motion.vim_key}" if vim_keys and motion.vim_key else motion.keys,
            motion.action,
            descriptions.get(motion.name, motion.description),
            id=motion.id,
            show=motion.name in shown,
        )
        for motion in MOTIONS
        if only is None or motion.name in only
    ]
