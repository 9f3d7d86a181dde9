"""What a piece of text is, for the words that panes, screens and panels put together
themselves (status lines, cells, titles); app.tcss says how each role looks, in the
theme's colours.

A widget that uses roles lists ``ROLE_CLASSES`` among its ``COMPONENT_CLASSES`` (Textual
only collects those from DOMNode classes, so not through a mixin).
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget

ROLES = ("strong", "muted", "good", "warning", "bad", "info", "marked", "struck", "underlined", "inverse", "italic")
ROLE_CLASSES = frozenset(f"role--{role}" for role in ROLES)


def role_style(widget: Widget, *roles: str) -> Style:
    """The combined style of these roles (``role_style(pane, "bad", "strong")``); "" is none."""
    style = Style()
    for role in roles:
        if role:
            style += widget.get_component_rich_style(f"role--{role}", partial=True)
    return style
