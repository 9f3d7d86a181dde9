"""Keeping the app connected to its daemon: a connection is opened off the UI thread,
retried every few seconds while the daemon is unreachable (the unreachable screen
counts down), and an answer about a daemon switched away from is dropped."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.worker import get_current_worker

from dockertui.engine.connection import DaemonConnection, connect
from dockertui.engine.first_look import FirstLook, first_look
from dockertui.engine.target import DaemonTarget
from dockertui.engine.unavailable import DaemonUnavailable
from dockertui.ui.messages import EngineConnected, EngineUnavailable, FirstLookReady
from dockertui.ui.screens.unreachable import UnreachableScreen
from dockertui.ui.widgets.engine_bar import EngineBar

if TYPE_CHECKING:
    from dockertui.ui.app import DockerTUI

Connector = Callable[[DaemonTarget], DaemonConnection]
Looker = Callable[[DaemonTarget], FirstLook | None]
#: Seconds between automatic reconnection attempts while the daemon is unreachable.
RETRY_INTERVAL = 3.0
#: Seconds the connection waits at most for the first look to be painted.
FIRST_PAINT_WAIT = 1.0


class DaemonLink:
    def __init__(self, app: DockerTUI, bar: EngineBar, connector: Connector, retry_interval: float) -> None:
        self._app = app
        self._bar = bar
        self._connector = connector
        # The list read before docker-py loads comes from the daemon itself: only with the
        # real connection (tests that hand in a fake one show only what it gives).
        self._looker: Looker | None = first_look if connector is connect else None
        self._retry_interval = retry_interval
        self._retry_timer: Timer | None = None
        self.unreachable: UnreachableScreen | None = None

    def connect(self) -> None:
        """Try to connect now (cancels a pending automatic retry and an attempt under way)."""
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        self._bar.show_connecting()
        if self.unreachable is not None:
            self.unreachable.show_retrying()
        target = replace(self._app.target, ssh_client=self._app.config.ssh_transport == "client")
        self._app.run_worker(
            lambda: self._attempt(target), thread=True, exclusive=True, group="connect", exit_on_error=False
        )

    def _attempt(self, target: DaemonTarget) -> None:
        # A newer attempt (retry, switch) cancels this one; a thread cannot be stopped, so an
        # attempt that finishes after that says nothing: its answer would undo the newer one's.
        worker = get_current_worker()
        look = self._looker(target) if self._looker is not None else None
        if look is not None and not worker.is_cancelled:
            painted = threading.Event()
            self._app.post_message(FirstLookReady(look, painted))
            # docker-py's import takes the interpreter for ~0.2 s: the list is painted first
            # (sharing it, the paint took as long again).
            painted.wait(FIRST_PAINT_WAIT)
        try:
            connection = self._connector(target)
        except DaemonUnavailable as error:
            if not worker.is_cancelled:
                self._app.post_message(EngineUnavailable(error))
            return
        if worker.is_cancelled:
            connection.close()
            return
        self._app.post_message(EngineConnected(connection))

    def adopt(self, connection: DaemonConnection) -> bool:
        """Whether this new connection is to the daemon the keys act on now (else it is closed)."""
        if not self._app.is_running or connection.target != self._app.target:
            connection.close()  # to the daemon switched away from while it was connecting
            return False
        self._bar.show_engine(connection.engine)
        self.close_unreachable()
        return True

    def failed(self, error: DaemonUnavailable) -> bool:
        """Show why the daemon is unreachable and retry soon; False if the error is about a
        daemon switched away from."""
        if error.target != self._app.target:
            return False
        self._bar.show_unreachable()
        next_retry_at = time.monotonic() + self._retry_interval
        self._retry_timer = self._app.set_timer(self._retry_interval, self.connect)
        if self.unreachable is None:
            self.unreachable = UnreachableScreen(error, next_retry_at)
            self._app.push_screen(self.unreachable)
        else:
            self.unreachable.show_error(error, next_retry_at)
        return True

    def close_unreachable(self) -> None:
        screen, self.unreachable = self.unreachable, None
        if screen is None:
            return
        while screen in self._app.screen_stack:
            self._app.pop_screen()
