"""Messages that carry engine results from worker threads to the UI thread."""

from __future__ import annotations

from textual.message import Message

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.models import ContainerCounts
from dockertui.engine.unavailable import DaemonUnavailable


class EngineConnected(Message):
    """A connection to the daemon is open and its version is known."""

    def __init__(self, connection: DaemonConnection) -> None:
        super().__init__()
        self.connection = connection


class EngineUnavailable(Message):
    """Connecting failed, or a connected daemon stopped answering.

    ``connection`` is the connection that broke (None when connecting failed), so
    a late report about a connection already replaced can be ignored.
    """

    def __init__(self, error: DaemonUnavailable, connection: DaemonConnection | None = None) -> None:
        super().__init__()
        self.error = error
        self.connection = connection


class ContainerCountsChanged(Message):
    """Fresh running/total container counts for the header, read over ``connection``.

    ``counts`` is None when the daemon answered with an error this time.
    """

    def __init__(self, counts: ContainerCounts | None, connection: DaemonConnection) -> None:
        super().__init__()
        self.counts = counts
        self.connection = connection
