"""Make the order in which Textual 8 loses a repaint (see dockertui/ui/screen_repaint.py):
a widget's Update handled between a layout refresh made during a batch and the compositor
refresh that batch deferred. Used on dockertui's screens and on a bare Textual screen."""

from __future__ import annotations

from collections.abc import Callable

from textual import messages
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget


async def late_update_is_painted(app: App, pilot: Pilot, widget: Widget, change: Callable[[], None], text: str) -> bool:
    """Whether ``text``, shown by ``change()`` in ``widget`` in that order, reaches the screen."""
    painted: list[str] = []
    display = app._display

    def recording_display(screen, update):
        painted.append(update.render_segments(app.console) if hasattr(update, "render_segments") else "")
        return display(screen, update)

    app._display = recording_display
    screen = app.screen

    def on_the_screens_loop() -> None:
        change()
        widget._repaint_required = False  # its Update is the one queued here, first…
        screen.post_message(messages.Update(widget))
        screen._refresh_layout(app.size)  # …then, in a batch, the deferred compositor refresh

    app._begin_batch()  # as Textual's Footer holds one across awaits while recomposing
    screen.call_next(on_the_screens_loop)
    await pilot.pause(0.1)
    app._end_batch()
    await pilot.pause(0.3)
    return any(text in chunk for chunk in painted)
