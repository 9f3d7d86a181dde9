"""The UI's one way to the daemon: the app's current ``DaemonSession``.

Widgets take it on the UI thread and hand it to their workers (a worker never reads
it from the app: after a context switch that would be another daemon), and drop an
answer whose session is no longer the current one.
"""

from __future__ import annotations

from textual.dom import DOMNode

from dockertui.engine.session import DaemonSession

NOT_CONNECTED = "Not connected to the daemon."


def current_session(node: DOMNode) -> DaemonSession | None:
    session = getattr(node.app, "session", None)
    return session if isinstance(session, DaemonSession) else None


def session_or_say(node: DOMNode) -> DaemonSession | None:
    """The current session, or None after telling the user there is none."""
    session = current_session(node)
    if session is None:
        node.app.notify(NOT_CONNECTED, severity="error")
    return session
