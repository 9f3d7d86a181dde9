"""Every ``ssh … docker system dial-stdio`` process this app has running, so none outlives it.

A connection's process ends when the connection is closed (``ssh_socket``). But a connect
blocked on a host that accepted the TCP connection and never answers never returns to be
closed: its process would outlive the view that probed it (``:hosts``) and the app itself.
The processes are tracked here (weakly: a dropped connection's finalizer still ends its own),
by the thread that started them, so a probe's watchdog can end just its own, and quitting
ends them all. No docker-py import: the app calls ``end_all`` on its way out whether or not
an ssh host was ever used.
"""

from __future__ import annotations

import threading
import weakref
from typing import Protocol


class _Ends(Protocol):
    owner: int

    def end_process(self) -> None: ...


_lock = threading.Lock()
_live: weakref.WeakSet[_Ends] = weakref.WeakSet()


def track(connection: _Ends) -> None:
    """Called by the ssh socket once its process runs (``connection.owner``: the thread)."""
    with _lock:
        _live.add(connection)


def end_started_by(thread_id: int) -> int:
    """End the processes the thread ``thread_id`` started; how many there were."""
    with _lock:
        chosen = [c for c in _live if c.owner == thread_id]
    for connection in chosen:
        connection.end_process()
    return len(chosen)


def end_all() -> None:
    with _lock:
        chosen = list(_live)
    for connection in chosen:
        connection.end_process()
