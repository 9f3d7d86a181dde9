"""A repaint that Textual 8's Screen can lose, and the screen bases that keep it.

When a layout refresh runs while a batch update is open (Textual's own Footer holds one
across awaits while it recomposes), Screen defers its compositor refresh with
``call_later``. A widget Update handled in between joins ``_dirty_widgets`` after the
compositor took the dirty regions, and the deferred refresh then clears the set without
painting that widget: a status line or the header's counts could stay stale until they
change again (seen as a rare CI failure under load). No upstream issue was found; the
bare-Textual reproduction is tests/test_textual_lost_repaint.py, which fails once a
Textual release no longer loses it. Taking every dirty widget's region again just before
the refresh paints them; every screen of the app derives from ``AppScreen`` or
``AppModalScreen``, so it is applied in one place, and only on the Textual majors
that need it.
"""

from __future__ import annotations

from typing import TypeVar

import textual
from textual.screen import ModalScreen, Screen

#: Textual major versions whose Screen loses the repaint (checked by the test above).
LOSES_LATE_REPAINTS = frozenset({"8"})
_NEEDED = textual.__version__.split(".")[0] in LOSES_LATE_REPAINTS

ResultT = TypeVar("ResultT")


class KeepsLateRepaints:
    """Mix in before a Screen class."""

    def _compositor_refresh(self) -> None:
        if _NEEDED:
            self._compositor.update_widgets(self._dirty_widgets)  # type: ignore[attr-defined]  # a Screen's
        super()._compositor_refresh()  # type: ignore[misc]  # the Screen mixed in after


class AppScreen(KeepsLateRepaints, Screen[ResultT]):
    """The base of the app's full screens."""


class AppModalScreen(KeepsLateRepaints, ModalScreen[ResultT]):
    """The base of the app's dialogs and overlays."""


class MainScreen(AppScreen[None]):
    """The app's default screen."""
