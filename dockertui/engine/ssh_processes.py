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
    serial: int

    def end_process(self) -> None: ...


_lock = threading.Lock()
_live: weakref.WeakSet[_Ends] = weakref.WeakSet()
_serial = 0


def mark() -> int:
    """A point in time: ``end_started_by(…, since=mark())`` spares what ran before it."""
    with _lock:
        return _serial


def track(connection: _Ends) -> None:
    """Called by the ssh socket once its process runs (``connection.owner``: the thread)."""
    global _serial
    with _lock:
        _serial += 1
        connection.serial = _serial
        _live.add(connection)


def end_started_by(thread_id: int, since: int = 0) -> int:
    """End the processes the thread ``thread_id`` started (after ``since``); how many."""
    with _lock:
        chosen = [c for c in _live if c.owner == thread_id and c.serial > since]
    for connection in chosen:
        connection.end_process()
    return len(chosen)


def end_all() -> None:
    with _lock:
        chosen = list(_live)
    for connection in chosen:
        connection.end_process()
