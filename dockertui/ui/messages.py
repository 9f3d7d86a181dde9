"""Messages that carry engine results from worker threads to the UI thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual.message import Message

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.first_look import FirstLook
from dockertui.engine.references import ImageReference
from dockertui.engine.swarm import ServiceSummary
from dockertui.engine.unavailable import DaemonUnavailable


@dataclass
class FirstLookReady(Message):
    """The daemon's version and containers, read before the connection is open (first_look);
    ``painted`` is set once they are on screen (or not to be shown)."""

    look: FirstLook
    painted: threading.Event


@dataclass
class EngineConnected(Message):
    """A connection to the daemon is open and its version is known."""

    connection: DaemonConnection


@dataclass
class EngineUnavailable(Message):
    """Connecting to the daemon failed."""

    error: DaemonUnavailable


class LiveUpdateReady(Message):
    """The live session has events, inventory changes or a status to drain."""


class LiveUpdateSoon(Message):
    """A container's row changed from its own event (stopped, started…): drained sooner."""


class StatsReady(Message):
    """The stats hub has samples to drain."""


class PullProgressed(Message):
    """A pull's state changed (posted from its thread)."""


class PullsViewRequested(Message):
    """A pane asks the app to show the pulls view."""


@dataclass
class PullRequested(Message):
    """A pane asks the app to pull an image (shown in the pulls view)."""

    reference: ImageReference


@dataclass
class RunRequested(Message):
    """A pane asks the app to open the run form for an image (pulled first if missing)."""

    image: str


@dataclass
class OpenShellRequested(Message):
    """Open an embedded shell (or ``command``) in a running container."""

    container_id: str
    name: str
    command: list[str] | None = None


@dataclass
class ServiceLogsRequested(Message):
    """`l` on a swarm service: its logs merged across its tasks (ui/screens/service_logs.py)."""

    service: ServiceSummary
