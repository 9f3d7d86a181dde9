"""The banner shown while the daemon's event stream is lost and being re-established."""

from __future__ import annotations

from textual.widgets import Static

from dockertui.engine.live_session import FeedStatus


class FeedBanner(Static):
    """Hidden while the stream is live; otherwise says what happened and when the next try is."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("markup", False)  # daemon error texts are not markup
        super().__init__(**kwargs)

    def show_status(self, status: FeedStatus) -> None:
        if status.live:
            self.display = False
            return
        reason = f" ({status.reason})" if status.reason else ""
        self.update(
            f"Lost the daemon's event stream{reason} — reconnecting… "
            f"attempt {status.attempt}, next try in {status.retry_in:g} s. "
            "The lists show the last known state."
        )
        self.display = True
