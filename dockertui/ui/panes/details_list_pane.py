"""A list with a details panel under it, opened and closed the same way in every pane:
``enter`` opens it (again on the same row: closes it), escape closes it and lets go of
what it held, and a switch of daemon hides it without pulling the pane to the front.

``z`` (or ``+``) zooms the panel: the list, its status line and filter box are hidden so
the panel fills the pane (at 80×24 it showed 5–8 lines); again, or closing the panel,
brings the list back. While the focus is in the panel, ``/`` belongs to it (the log and
inspect searches), never to the list's filter. While a text box has the focus, ``z`` and
``+`` are text: zoom is neither offered nor done.

While the panel is open, ``tab`` and ``shift+tab`` go round what is shown in the pane (the
list, the tab in front's view, an open search or filter box), and nowhere else: they
stopped on the pane itself (nothing to see, the list's footer) and on the app's tab bar.
They are priority keys, so what is typed right after them lands where they went.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input

from dockertui.ui.panes.list_pane import ListPane, T
from dockertui.ui.widgets.details_panel import DetailsPanel

PanelT = TypeVar("PanelT", bound=DetailsPanel)

#: The pane's class while its details fill it (app.tcss hides the list).
ZOOMED = "-details-zoomed"


class DetailsListPane(ListPane[T], Generic[T, PanelT], can_focus=False):
    """Not focusable itself: its list is (a focused pane showed the list's keys and nothing
    focused on screen)."""

    BINDING_GROUP_TITLE = "List"  # a pane's own TITLE comes first
    BINDINGS = [
        Binding("escape", "close_details", "Close details", id="list.close_details", show=False),
        Binding("z,plus", "zoom_details", "Zoom", id="details.zoom"),
        Binding("tab", "focus_step(1)", "Next part", id="list.focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_step(-1)", "Previous part", id="list.focus_previous", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: Held: reset and stream updates may come while the pane is being torn down.
        self.details = self.make_details()

    def make_details(self) -> PanelT:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield self.details

    def on_mount(self) -> None:
        super().on_mount()
        self.details.display = False

    @property
    def details_open(self) -> bool:
        return self.details.is_attached and self.details.display

    @property
    def details_zoomed(self) -> bool:
        return self.has_class(ZOOMED)

    def open_details(self) -> None:
        self.details.display = True

    def action_close_details(self) -> None:
        self._put_away()
        self.table.focus()
        self.details_closed()

    def details_closed(self) -> None:
        """Hook: the panel was closed."""

    def _put_away(self) -> None:
        self._zoom(False)
        self.details.put_away()
        self.details.display = False

    def action_zoom_details(self) -> None:
        self._zoom(not self.details_zoomed)

    def _zoom(self, zoomed: bool) -> None:
        if zoomed == self.details_zoomed:
            return
        if zoomed:
            if not self._focus_in_details():
                self.details.focus_body()  # before the list it may be on is hidden
            self.filter_input.hide()
        else:
            self.filter_input.unhide()
        self.set_class(zoomed, ZOOMED)

    def _focus_ring(self) -> list[Widget]:
        """What tab goes round, in screen order: the focusable widgets shown in the pane
        (Textual's focus chain leaves out hidden ones and the tabs not in front)."""
        return [widget for widget in self.screen.focus_chain if self in widget.ancestors]

    def action_focus_step(self, step: int) -> None:
        ring = self._focus_ring()
        focused = self.screen.focused
        if not ring:
            return
        index = ring.index(focused) + step if focused in ring else (0 if step > 0 else -1)
        # set_focus, not focus(): focus() would wait behind the keys queued.
        self.screen.set_focus(ring[index % len(ring)])

    def _focus_in_details(self) -> bool:
        focused = self.screen.focused
        return focused is not None and self.details in focused.ancestors_with_self

    def reset(self) -> None:
        if self.details_open:
            # Not action_close_details: focusing the list would bring this pane to the front.
            # Only when the focus was in the panel (so this pane is in front) does it move
            # to the list, rather than being lost with the hidden panel.
            focused_in_details = self._focus_in_details()
            self._put_away()
            if focused_in_details:
                self.screen.set_focus(self.table)
        super().reset()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_details":
            return self.ready and self.details_open
        if action == "zoom_details":  # z and + are text in a text box
            return self.ready and self.details_open and not isinstance(self.screen.focused, Input)
        if action == "focus_step":  # with the panel closed, tab goes where Textual sends it
            return self.ready and self.details_open
        if action == "filter" and self.ready and self._focus_in_details():
            return False
        return super().check_action(action, parameters)
