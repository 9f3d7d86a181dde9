"""What ``:nodes`` and ``:stacks`` share: a full-screen list of a swarm's objects read by a
manager, with the selected row's details below, kept live while it is shown.

Nodes and stacks send no event the live stream keeps a model of, so the list is read again
(one read in a worker, re-armed only once it answered: reads never overlap) every
``POLL_INTERVAL`` seconds, and only while the view is in front — behind a dialog, or
closed, nothing is read. This daemon's swarm role is read first (``/info``): a daemon out
of swarm mode, or a worker, gets a sentence, not a list the daemon would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.session import DaemonSession
from dockertui.engine.swarm import SwarmReadFailed, SwarmRole
from dockertui.ui.daemon_session import NOT_CONNECTED, current_session
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.app_footer import AppFooter
from dockertui.ui.widgets.nav_scroll import NavScroll
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.virtual_table import CellValue, Column, VirtualTable

#: Seconds between two reads while the view is in front.
POLL_INTERVAL = 2.0


def role_message(role: SwarmRole, what: str) -> str:
    """Why this daemon lists no ``what`` (empty if it does: an active manager)."""
    if role.active and role.manager:
        return ""
    if role.active:
        return f"This daemon is a swarm worker: only a manager lists {what}. Point dockertui at a manager."
    if role.state in ("inactive", ""):
        return f"This daemon is not in a swarm: {what} belong to swarm mode (docker swarm init)."
    return f"This daemon's swarm state is {role.text}: {what} cannot be listed."


class SwarmListScreen(QuitsOnQ, AppModalScreen[None]):
    """Subclasses give ``PREFIX``, ``COLUMNS``, ``WHAT`` and ``read``/``show``/``cells``."""

    COMPONENT_CLASSES = set(ROLE_CLASSES)
    PREFIX: ClassVar[str] = "swarm"
    WHAT: ClassVar[str] = "objects"
    COLUMNS: ClassVar[tuple[Column, ...]] = ()

    @dataclass
    class Loaded(Message):
        session: DaemonSession
        data: Any
        error: str = ""

    def __init__(self) -> None:
        super().__init__()
        #: The daemon's refusal or this daemon's role, in words ("" while the list is read).
        self.error = ""
        self.loaded = False
        self._role_checked = False
        self._poll_timer: Any = None

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.PREFIX}-box", classes="swarm-box"):
            yield StatusLine(id=f"{self.PREFIX}-status", classes="pane-status swarm-status")
            yield VirtualTable(self.COLUMNS, self.cells, empty_text=f"reading {self.WHAT}…", id=f"{self.PREFIX}-table")
            with NavScroll(id=f"{self.PREFIX}-detail-scroll", classes="swarm-detail-scroll"):
                yield Static(id=f"{self.PREFIX}-detail", markup=False)
        yield AppFooter(compact=True, show_command_palette=False)

    @property
    def table(self) -> VirtualTable:
        return self.query_one(f"#{self.PREFIX}-table", VirtualTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.show_status()
        self.reload()

    # -- reading ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read now (a read under way answers first; the next one follows it)."""
        session = current_session(self)
        if session is None:
            self.show_status()
            self._arm()
            return
        self._read(session)

    def _arm(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
        self._poll_timer = self.set_timer(POLL_INTERVAL, self._poll)

    def _poll(self) -> None:
        self._poll_timer = None
        if not self.is_mounted:
            return
        if self.app.screen is not self:
            self._arm()  # behind a dialog: nothing is read, look again later
            return
        self.reload()

    @work(thread=True, group="swarm-list-read", exclusive=True, exit_on_error=False)
    def _read(self, session: DaemonSession) -> None:
        try:
            if not self._role_checked:
                message = role_message(session.swarm_role(), self.WHAT)
                if message:
                    self.post_message(self.Loaded(session, None, message))
                    return
            data, error = self.read(session), ""
        except SwarmReadFailed as failed:
            data, error = None, str(failed)
        except Exception as failed:  # noqa: BLE001 - said in the status line, in safe words
            data, error = None, explain_error(failed)
        self.post_message(self.Loaded(session, data, error))

    def on_swarm_list_screen_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.session is not current_session(self):
            self._arm()
            return
        self.error = message.error
        self._role_checked = not message.error
        self.loaded = True
        if message.error:
            self.table.empty_text = message.error
            self.show(None)
        else:
            self.table.empty_text = f"no {self.WHAT}"
            self.show(message.data)
        self.show_status()
        self.show_detail()
        self.refresh_bindings()
        self._arm()

    # -- for subclasses -----------------------------------------------------------------

    def read(self, session: DaemonSession) -> Any:
        """The data (blocking, in a worker)."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Take the data (None: there is none, ``self.error`` says why) and set the rows."""
        raise NotImplementedError

    def cells(self, key: str) -> Sequence[CellValue]:
        raise NotImplementedError

    def status_text(self) -> Text:
        raise NotImplementedError

    def detail_text(self) -> Text:
        raise NotImplementedError

    # -- drawing ------------------------------------------------------------------------

    def show_status(self) -> None:
        if current_session(self) is None:
            text = Text(NOT_CONNECTED, style=role_style(self, "bad"))
        elif self.error:
            text = Text(self.error, style=role_style(self, "warning"))
        else:
            text = self.status_text()
        self.query_one(f"#{self.PREFIX}-status", StatusLine).set_text(text)

    def show_detail(self) -> None:
        self.query_one(f"#{self.PREFIX}-detail", Static).update(self.detail_text())

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        message.stop()
        self.show_detail()
        self.refresh_bindings()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_details(self) -> None:
        """enter: into the selected row's details (to scroll them); again: back."""
        scroll = self.query_one(f"#{self.PREFIX}-detail-scroll", NavScroll)
        if scroll.has_focus:
            self.table.focus()
        else:
            scroll.focus()
