"""The one-line header: which daemon the keys act on, what it is, and how busy it is.

One widget rendering one line (not a row of Labels): its text changes with every
burst of container events, and a Label update costs a layout of the whole screen.
When the terminal is narrow the parts give way in order: the brand first, then
the engine version (ellipsis); the daemon address and the counts stay whole.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from dockertui.engine.models import ContainerCounts, EngineInfo
from dockertui.engine.target import DaemonTarget

#: Below this width the brand is dropped.
BRAND_MIN_WIDTH = 100


class EngineBar(Widget):
    """Brand, daemon address or context, engine and API version, container counts, read-only."""

    DEFAULT_CSS = """
    EngineBar {
        height: 1;
    }
    """

    COMPONENT_CLASSES = {
        "engine-bar--brand",
        "engine-bar--endpoint",
        "engine-bar--pending",
        "engine-bar--ok",
        "engine-bar--error",
        "engine-bar--counts",
        "engine-bar--read-only",
    }

    def __init__(self, target: DaemonTarget, read_only: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.read_only = read_only
        self.set_target(target)
        self.engine_text = "connecting…"
        self.engine_state = "pending"
        self.pulls_text = ""

    def set_target(self, target: DaemonTarget) -> None:
        """Which daemon the keys act on: the address, or the context's name and address."""
        self.endpoint_text = target.host if target.label == target.host else f"{target.label} ({target.host})"
        self.counts_text = ""
        self.refresh()

    def show_connecting(self) -> None:
        self._set_engine("connecting…", "pending")

    def show_reconnecting(self) -> None:
        self._set_engine("reconnecting…", "pending")

    def show_unreachable(self) -> None:
        self.counts_text = ""
        self._set_engine("daemon unreachable", "error")

    def show_engine(self, engine: EngineInfo) -> None:
        self._set_engine(f"{engine.product} {engine.version} · API {engine.api_version}", "ok")

    def show_counts(self, counts: ContainerCounts) -> None:
        text = f"{counts.running}/{counts.total} running"
        if text != self.counts_text:
            self.counts_text = text
            self.refresh()

    def show_pulls(self, active: int, fraction: float) -> None:
        """An indicator while pulls run in the background (o on the images pane shows them)."""
        text = f"⇣ {active} pull{'s' if active != 1 else ''} {round(fraction * 100)}%" if active else ""
        if text != self.pulls_text:
            self.pulls_text = text
            self.refresh()

    def _set_engine(self, text: str, state: str) -> None:
        if (text, state) != (self.engine_text, self.engine_state):
            self.engine_text, self.engine_state = text, state
            self.refresh()

    def render(self) -> Text:
        width = self.size.width
        style = self.get_component_rich_style

        def padded(text: str) -> str:
            return f" {text} " if text else ""

        brand = padded("dockertui") if width >= BRAND_MIN_WIDTH else ""
        endpoint = padded(self.endpoint_text)
        counts = padded(self.counts_text) + padded(self.pulls_text)
        read_only = padded("READ-ONLY") if self.read_only else ""
        engine = padded(self.engine_text)
        room = width - cell_len(brand) - cell_len(counts) - cell_len(read_only)
        if cell_len(endpoint) + cell_len(engine) > room:
            # The address keeps its width; the engine text is cut (and dropped if tiny).
            endpoint = _fit(endpoint, max(room - 8, min(cell_len(endpoint), room)))
            engine = _fit(engine, room - cell_len(endpoint))
            if cell_len(engine) < 6:
                engine = ""
        gap = max(0, room - cell_len(endpoint) - cell_len(engine))
        line = Text(no_wrap=True, overflow="crop")
        line.append(brand, style("engine-bar--brand"))
        line.append(endpoint, style("engine-bar--endpoint"))
        line.append(" " * gap)
        line.append(engine, style(f"engine-bar--{self.engine_state}"))
        line.append(counts, style("engine-bar--counts"))
        line.append(read_only, style("engine-bar--read-only"))
        return line


def _fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return text[: max(0, width - 2)].rstrip() + "… "
