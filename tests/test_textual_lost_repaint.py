"""An upstream-style reproduction of the Textual 8 repaint that ui/screen_repaint.py
keeps: a bare Textual app, no dockertui.

When a screen's layout refresh runs while a batch update is open (Textual's Footer holds
one across awaits while it recomposes), the screen defers its compositor refresh; a
widget Update handled in between joins ``_dirty_widgets`` after the compositor took the
dirty regions, and the deferred refresh clears the set without painting it. The first
test shows the loss on Textual's own Screen — when it starts failing, Textual has fixed
it and the workaround can go (it is applied only to the Textual versions in
``screen_repaint.LOSES_LATE_REPAINTS``); the second shows the workaround keeps it.
"""

from __future__ import annotations

import textual
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from dockertui.ui.screen_repaint import LOSES_LATE_REPAINTS, KeepsLateRepaints
from tests.support.late_repaint import late_update_is_painted


class PlainScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Static("early", id="status")


class KeepingScreen(KeepsLateRepaints, PlainScreen):
    pass


class Bare(App):
    def __init__(self, screen_class: type[Screen]) -> None:
        super().__init__()
        self.screen_class = screen_class

    def get_default_screen(self) -> Screen:
        return self.screen_class()


async def painted_after_a_late_update(screen_class: type[Screen]) -> bool:
    app = Bare(screen_class)
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        status = app.query_one("#status", Static)
        return await late_update_is_painted(app, pilot, status, lambda: status.update("LATE"), "LATE")


async def test_textual_itself_still_loses_the_late_repaint() -> None:
    lost = not await painted_after_a_late_update(PlainScreen)
    assert lost == (textual.__version__.split(".")[0] in LOSES_LATE_REPAINTS), (
        f"Textual {textual.__version__}: {'still loses' if lost else 'no longer loses'} the repaint; "
        "update LOSES_LATE_REPAINTS (and drop the workaround when no supported version needs it)"
    )


async def test_the_workaround_keeps_it() -> None:
    assert await painted_after_a_late_update(KeepingScreen)
