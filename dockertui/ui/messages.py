"""Messages that carry engine results from worker threads to the UI thread."""

from __future__ import annotations

from textual.message import Message

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.references import ImageReference
from dockertui.engine.unavailable import DaemonUnavailable


class EngineConnected(Message):
    """A connection to the daemon is open and its version is known."""

    def __init__(self, connection: DaemonConnection) -> None:
        super().__init__()
        self.connection = connection


class EngineUnavailable(Message):
    """Connecting to the daemon failed."""

    def __init__(self, error: DaemonUnavailable) -> None:
        super().__init__()
        self.error = error


class LiveUpdateReady(Message):
    """The live session has events, inventory changes or a status to drain."""


class StatsReady(Message):
    """The stats hub has samples to drain."""


class PullProgressed(Message):
    """A pull's state changed (posted from its thread)."""


class PullRequested(Message):
    """A pane asks the app to pull an image (shown in the pulls view)."""

    def __init__(self, reference: ImageReference) -> None:
        super().__init__()
        self.reference = reference


class RunRequested(Message):
    """A pane asks the app to open the run form for an image (pulled first if missing)."""

    def __init__(self, image: str) -> None:
        super().__init__()
        self.image = image


class OpenShellRequested(Message):
    """Open an embedded shell (or ``command``) in a running container."""

    def __init__(self, container_id: str, name: str, command: list[str] | None = None) -> None:
        super().__init__()
        self.container_id = container_id
        self.name = name
        self.command = command
