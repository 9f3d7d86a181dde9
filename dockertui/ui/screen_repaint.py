"""A repaint that Textual 8's Screen can lose, and the screens that keep it.

When a layout refresh runs while a batch update is open (Textual's own Footer holds one
across awaits while it recomposes), Screen defers its compositor refresh with
``call_later``. A widget Update handled in between joins ``_dirty_widgets`` after the
compositor took the dirty regions, and the deferred refresh then clears the set without
painting that widget: a status line or the header's counts could stay stale until they
change again (seen as a rare CI failure under load; reproduced in
tests/test_app_shell.py). Taking every dirty widget's region again just before the
refresh paints them.
"""

from __future__ import annotations

from textual.screen import Screen


class KeepsLateRepaints:
    """Mix in before a Screen class."""

    def _compositor_refresh(self) -> None:
        self._compositor.update_widgets(self._dirty_widgets)  # type: ignore[attr-defined]
        super()._compositor_refresh()  # type: ignore[misc]


class MainScreen(KeepsLateRepaints, Screen):
    """The app's default screen."""
