"""Binding ids that became one shared id: a keymap entry under an old one is not applied
(it would now change every list, or a different key), and the user is told the id to write instead."""

from __future__ import annotations

from dockertui.ui.navigation import RENAMED_IDS as NAVIGATION_RENAMED

RENAMED_IDS: dict[str, str] = {
    **NAVIGATION_RENAMED,
    "containers.close_details": "list.close_details",
    "images.close_details": "list.close_details",
    "logs.search": "details.search",
}


def renamed_id_problem(binding_id: str, keys: str) -> str | None:
    """What to tell a user whose keymap binds ``keys`` to ``binding_id``, if that is an old
    id (None otherwise)."""
    new = RENAMED_IDS.get(binding_id)
    if new is None:
        return None
    return f'keymap.{binding_id}: now "{new}"; write "{new}" = "{keys}" instead (ignored)'
