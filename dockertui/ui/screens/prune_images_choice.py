"""Which images to prune: dangling ones only, or every unused one. Choosing prunes nothing
yet: the confirmation with the figures comes next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from dockertui.engine.disk_usage import Reclaim
from dockertui.engine.docker_units import human_size
from dockertui.engine.prune import PruneKind
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ


class PruneImagesChoice(QuitsOnQ, AppModalScreen[PruneKind | None]):
    """Dismisses with the kind chosen, or None."""

    BINDING_GROUP_TITLE = "Prune images"  # how help and the palette name these keys

    BINDINGS = [
        Binding("d", "choose('dangling')", "Dangling only", id="prune_images.dangling"),
        Binding("a", "choose('unused')", "All unused", id="prune_images.unused"),
        Binding("n,escape", "choose('')", "Cancel", id="prune_images.cancel"),
    ]

    def __init__(self, dangling: Reclaim, unused: Reclaim) -> None:
        super().__init__()
        self._dangling = dangling
        self._unused = unused

    def compose(self) -> ComposeResult:
        with Vertical(id="prune-images-box"):
            yield Label("Prune which images?", id="prune-images-title")
            yield Static(
                f"d  dangling only: untagged images no container uses — {self._dangling.count} listed, "
                f"about {human_size(self._dangling.size)}\n"
                f"a  all unused: every image no container uses, tagged ones too — {self._unused.count} "
                f"listed, about {human_size(self._unused.size)}",
                id="prune-images-body",
                markup=False,
            )
            with Horizontal(id="prune-images-buttons"):
                yield Button("Cancel (n)", id="prune-images-cancel")
                yield Button("Dangling only (d)", id="prune-images-dangling", variant="warning")
                yield Button("All unused (a)", id="prune-images-unused", variant="error")

    def on_mount(self) -> None:
        self.query_one("#prune-images-cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(
            {"prune-images-dangling": "dangling", "prune-images-unused": "unused"}.get(event.button.id or "", "")
        )

    def action_choose(self, which: str) -> None:
        kinds = {"dangling": PruneKind.DANGLING_IMAGES, "unused": PruneKind.UNUSED_IMAGES}
        self.dismiss(kinds.get(which))
