"""The one-line header: which daemon the keys act on, what it is, and how busy it is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from dockertui.engine.models import ContainerCounts, EngineInfo
from dockertui.engine.target import DaemonTarget


class EngineBar(Horizontal):
    """Brand, daemon address or context, engine and API version, container counts, read-only."""

    def __init__(self, target: DaemonTarget, read_only: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self._target = target
        self._read_only = read_only

    def compose(self) -> ComposeResult:
        yield Label("dockertui", id="brand")
        yield Label(self._endpoint_text(), id="endpoint")
        yield Label("connecting…", id="engine", classes="pending")
        yield Label("", id="counts")
        if self._read_only:
            yield Label("READ-ONLY", id="read-only")

    def _endpoint_text(self) -> str:
        target = self._target
        if target.label == target.host:
            return target.host
        return f"{target.label} ({target.host})"

    def show_connecting(self) -> None:
        self._set_engine("connecting…", "pending")

    def show_unreachable(self) -> None:
        self._set_engine("daemon unreachable", "error")
        self.query_one("#counts", Label).update("")

    def show_reconnecting(self) -> None:
        self._set_engine("reconnecting…", "pending")

    def show_engine(self, engine: EngineInfo) -> None:
        self._set_engine(f"{engine.product} {engine.version} · API {engine.api_version}", "ok")

    def show_counts(self, counts: ContainerCounts) -> None:
        self.query_one("#counts", Label).update(f"{counts.running}/{counts.total} running")

    def _set_engine(self, text: str, state: str) -> None:
        label = self.query_one("#engine", Label)
        label.update(text)
        label.set_classes(state)
