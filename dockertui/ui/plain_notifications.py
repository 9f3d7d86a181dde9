"""Notifications as plain, bounded text, whoever sends them."""

from __future__ import annotations

from textual.app import App
from textual.notifications import SeverityLevel

from dockertui.ui.summary_limits import clipped

#: Characters of a notification's text shown (a daemon's error may be megabytes).
NOTE_CHARS = 600
#: Characters of a notification's title shown.
TITLE_CHARS = 120


class PlainNotifications(App[None]):
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications are plain text, always: they quote daemon errors, names and
        references, and markup in those (``[link=…]``, a stray ``[/x]``) must stay literal.
        Widgets' ``notify`` lands here too, so ``markup`` is ignored. A daemon's message may be
        megabytes: a toast shows its first NOTE_CHARS characters (it covered half the screen)."""
        super().notify(
            clipped(message, NOTE_CHARS),
            title=clipped(title, TITLE_CHARS),
            severity=severity,
            timeout=timeout,
            markup=False,
        )
