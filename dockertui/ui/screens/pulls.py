"""The pulls view: one block per pull, a bar per layer and one overall; pulls go on when it is hidden."""

from __future__ import annotations

import humanize
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from dockertui.engine.pull import LayerProgress, PullJob, PullState
from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.nav_scroll import NavScroll

BAR_WIDTH = 24


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def summary(state: PullState, layers: list[LayerProgress], status: str) -> str:
    """``42 %  2/3 layers  Downloading``; with no layer lines at all, every layer was here
    already or none came yet: no ``0/0 layers``. "up to date" only when the daemon says so
    ("Image is up to date for …"): a new image made of layers already here is "Downloaded
    newer image" — "up to date" beside that contradicted it."""
    done = sum(1 for layer in layers if layer.done)
    if layers:
        counted = f"{done}/{len(layers)} layers  "
    elif not state.succeeded:
        counted = ""
    elif status.startswith("Image is up to date"):
        counted = "up to date  "
    else:
        counted = "pulled (all layers already here)  "
    return f"{round(state.fraction * 100):3d} %  {counted}{status}"


def render_pull(state: PullState, owner: Widget) -> Text:
    """One pull's bars, styled by ``owner``'s text roles."""
    text = Text()
    with state.lock:
        layers = list(state.layers.values())
        status, error, notes = state.status, state.error, list(state.notes)
    text.append(f"{state.reference}\n", style=role_style(owner, "strong"))
    overall = "bad" if error else ("good" if state.succeeded else "info")
    text.append(f"  {bar(state.fraction)} ", style=role_style(owner, overall))
    text.append(f"{summary(state, layers, status)}\n")
    for layer in layers:
        role = "good" if layer.done else ("warning" if layer.status.startswith("Extracting") else "")
        text.append(f"  {layer.layer_id:<12} ", style=role_style(owner, "muted"))
        text.append(f"{layer.status:<18.18} ", style=role_style(owner, role))
        text.append(bar(layer.fraction, 16), style=role_style(owner, role or "info"))
        if layer.total and not layer.done:
            text.append(
                f" {humanize.naturalsize(layer.current)}/{humanize.naturalsize(layer.total)}",
                style=role_style(owner, "muted"),
            )
        text.append("\n")
    for note in notes:
        text.append(f"  {note}\n", style=role_style(owner, "warning"))
    if error:
        text.append(f"  {error}\n", style=role_style(owner, "bad", "strong"))
    return text


class PullBlock(Static, can_focus=True):
    """One pull; focus one and press x to cancel it."""

    BINDING_GROUP_TITLE = "Pull"  # how help and the palette name these keys

    COMPONENT_CLASSES = set(ROLE_CLASSES)
    # Here, not on the screen: the list around the blocks would take up/down to scroll.
    BINDINGS = navigation_bindings(
        only=("up", "down", "first", "last"),
        up="Previous pull",
        down="Next pull",
        first="First pull",
        last="Last pull",
    )

    def __init__(self, job: PullJob) -> None:
        super().__init__(markup=False)
        self.job = job

    def action_cursor(self, delta: int) -> None:
        if delta < 0:
            self.screen.focus_previous(PullBlock)
        else:
            self.screen.focus_next(PullBlock)

    def action_first(self) -> None:
        self.screen.query(PullBlock).first().focus()

    def action_last(self) -> None:
        self.screen.query(PullBlock).last().focus()

    def refresh_state(self) -> None:
        self.update(render_pull(self.job.state, self))


class PullsView(QuitsOnQ, AppModalScreen[None]):
    BINDING_GROUP_TITLE = "Pulls"  # how help and the palette name these keys
    BINDINGS = [
        Binding("escape", "dismiss", "Hide (pulls go on)", id="pulls.hide"),
        Binding("x", "cancel_pull", "Cancel pull", id="pulls.cancel"),
    ]

    def __init__(self, jobs: list[PullJob], focus: PullJob | None = None) -> None:
        super().__init__()
        self._jobs = jobs
        self._focus = focus

    def compose(self) -> ComposeResult:
        with Vertical(id="pulls-box"):
            yield Label("Pulls — escape hides (they go on), x cancels the highlighted one", id="pulls-title")
            with NavScroll(id="pulls-list"):
                for job in self._jobs:
                    yield PullBlock(job)

    def on_mount(self) -> None:
        self.refresh_pulls()
        blocks = list(self.query(PullBlock))
        target = next((b for b in blocks if b.job is self._focus), blocks[-1] if blocks else None)
        if target is not None:
            target.focus()

    def add_job(self, job: PullJob) -> None:
        block = PullBlock(job)
        self.query_one("#pulls-list").mount(block)
        block.refresh_state()
        block.focus()

    def refresh_pulls(self) -> None:
        for block in self.query(PullBlock):
            block.refresh_state()

    def action_cancel_pull(self) -> None:
        focused = self.focused
        if isinstance(focused, PullBlock) and not focused.job.state.finished:
            focused.job.cancel()
            self.notify(f"Cancelled the pull of {focused.job.state.reference}")
