"""What a piece of text is, for the words that panes, screens and panels put together
themselves (status lines, cells, titles); app.tcss says how each role looks, in the
theme's colours.

The roles' styles are read from one widget, ``RoleStyles``, that the app mounts once (in
its main screen, hidden): a component class costs a style pass of its own for every widget
that declares it, and the eleven roles, declared by every pane, panel and screen that
used them, were two thirds of the style work before the first list was shown. The rules
are the same whoever reads them. A widget used outside the app (a test's bare App) that
declares ``ROLE_CLASSES`` itself is read from itself.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget

ROLES = ("strong", "muted", "good", "warning", "bad", "info", "marked", "struck", "underlined", "inverse", "italic")
ROLE_CLASSES = frozenset(f"role--{role}" for role in ROLES)


class RoleStyles(Widget):
    """Holds the roles' styles for every widget of the app (mounted once, never shown)."""

    DEFAULT_CSS = "RoleStyles { display: none; }"
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    def on_mount(self) -> None:
        self.app._role_styles = self  # type: ignore[attr-defined]  # read by role_style

    def on_unmount(self) -> None:
        if getattr(self.app, "_role_styles", None) is self:
            self.app._role_styles = None


def role_style(widget: Widget, *roles: str) -> Style:
    """The combined style of these roles (``role_style(pane, "bad", "strong")``); "" is none."""
    provider = getattr(widget.app, "_role_styles", None)
    if provider is None or not provider.is_attached:
        provider = widget
    style = Style()
    for role in roles:
        if role:
            style += provider.get_component_rich_style(f"role--{role}", partial=True)
    return style
