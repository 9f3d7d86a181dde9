"""The question before a pane's prune, asked one way everywhere: a ConfirmDialog, unless the
config says not to (``confirm_prune = false``); on yes, the prune runs on the current session."""

from __future__ import annotations

from collections.abc import Callable

from textual.dom import DOMNode

from dockertui.engine.session import DaemonSession
from dockertui.ui.daemon_session import session_or_say
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.settings import settings


def ask_before_prune(node: DOMNode, title: str, body: str, prune: Callable[[DaemonSession], object]) -> None:
    def decided(confirmed: bool | None) -> None:
        session = session_or_say(node) if confirmed else None
        if session is not None:
            prune(session)

    if not settings(node).confirm_prune:
        decided(True)
        return
    node.app.push_screen(ConfirmDialog(title, body, "Prune"), decided)
