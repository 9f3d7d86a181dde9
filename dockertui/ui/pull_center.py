"""Pulls as the user sees them: started from a reference, followed in the pulls view and
in the header, and one note each when they end."""

from __future__ import annotations

from textual.app import App

from dockertui.engine.doorbell import Doorbell
from dockertui.engine.pull import PullJob
from dockertui.engine.references import ImageReference
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.ui.messages import PullProgressed
from dockertui.ui.screens.pulls import PullsView
from dockertui.ui.throttle import Throttle
from dockertui.ui.widgets.engine_bar import EngineBar

#: Pull progress is shown at most this often (seconds).
PROGRESS_INTERVAL = 1 / 10


class PullCenter:
    def __init__(self, app: App, bar: EngineBar) -> None:
        self._app = app
        self._bar = bar
        self._session: DaemonSession | None = None
        self._reported: set[PullJob] = set()
        self._view: PullsView | None = None
        self._throttle = Throttle(app, PROGRESS_INTERVAL, self._show_progress)
        #: Rung from pull threads per progress line: one PullProgressed until it is handled.
        self.bell = Doorbell(lambda: app.post_message(PullProgressed()))

    @property
    def jobs(self) -> list[PullJob]:
        return self._session.pulls if self._session is not None else []

    def attach(self, session: DaemonSession | None) -> None:
        """Follow this session's pulls (None: no daemon); the old one's are forgotten."""
        self._session = session
        self._reported.clear()

    def start(self, reference: ImageReference) -> None:
        session = self._session
        if session is None:
            return
        try:
            job = session.pull(reference, notify=self.bell.ring)
        except ReadOnlyRefused as refused:
            self._app.notify(str(refused), severity="warning")
            return
        self._reported &= set(self.jobs)
        if self._view is not None and self._view.is_attached:
            self._view.add_job(job)
        else:
            self.show(job)

    def show(self, focus: PullJob | None = None) -> None:
        if not self.jobs:
            self._app.notify("No pulls yet: p on the images pane starts one.")
            return
        self._view = PullsView(self.jobs, focus)
        self._app.push_screen(self._view)

    def progressed(self) -> None:
        self.bell.answer()  # before reading the state: a later line rings again
        self._throttle.request()

    def _show_progress(self) -> None:
        if self._app._exit or not self._app.is_running:
            return  # quitting: the widgets may be gone already
        if self._view is not None and self._view.is_attached:
            self._view.refresh_pulls()
        active = [job for job in self.jobs if not job.state.finished]
        self._bar.show_pulls(len(active), sum(job.state.fraction for job in active) / max(1, len(active)))
        for job in self.jobs:
            state = job.state
            if state.finished and job not in self._reported:
                self._reported.add(job)
                if state.succeeded:
                    self._app.notify(f"Pulled {state.reference}", timeout=5)
                elif state.error:
                    self._app.notify(
                        state.error, title=f"Pull of {state.reference} failed", severity="error", timeout=12
                    )
