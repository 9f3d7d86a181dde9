"""`:df` — disk usage as ``docker system df`` prints it, plus networks, with a prune per row.

The figures come from ``/system/df`` in a worker (slow on a big daemon, never on the UI
thread, never at start-up): the screen opens at once and says it is reading. ``r`` reads
again; ``P`` prunes what the selected row can give back (for images: dangling only or
every unused one), after a confirmation with the figures, then says what the daemon
reclaimed and reads the figures again.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, Static

from dockertui.engine.disk_usage import DiskUsage, DiskUsageFailed, KindUsage
from dockertui.engine.docker_units import human_size
from dockertui.engine.prune import PruneFailed, PruneKind, PruneResult
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.ui.daemon_session import current_session, session_or_say
from dockertui.ui.prune_texts import confirm_body, estimate, report
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.prune_images_choice import PruneImagesChoice
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.app_footer import AppFooter
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.virtual_table import CellValue, Column, VirtualTable

COLUMNS = (
    Column("type", "TYPE", 14, priority=100),
    Column("total", "TOTAL", 6, priority=90, align="right"),
    Column("active", "ACTIVE", 6, priority=80, align="right"),
    Column("size", "SIZE", 10, priority=85, align="right"),
    Column("reclaimable", "RECLAIMABLE", 16, priority=95, align="right"),
    Column("prune", "P PRUNES", 28, min_width=20, priority=50, flex=1),
)

#: Row keys, in the CLI's order, networks last (they are not in ``docker system df``).
ROWS = ("images", "containers", "volumes", "build_cache", "networks")

#: Seconds between looks for a connection while there is none (no request is sent).
WAIT_FOR_SESSION = 1.0

#: What P prunes on each row (images: asked).
ROW_KINDS = {
    "containers": PruneKind.CONTAINERS,
    "volumes": PruneKind.VOLUMES,
    "build_cache": PruneKind.BUILD_CACHE,
    "networks": PruneKind.NETWORKS,
}


class DiskUsageScreen(QuitsOnQ, AppModalScreen[None]):
    BINDING_GROUP_TITLE = "Disk usage"  # how help and the palette name these keys
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    BINDINGS = [
        Binding("escape", "close", "Close", id="df.close"),
        Binding("r", "refresh", "Refresh", id="df.refresh"),
        Binding("P", "prune", "Prune", id="df.prune"),
    ]

    @dataclass
    class Loaded(Message):
        session: DaemonSession
        usage: DiskUsage | None
        error: str = ""
        seconds: float = 0.0

    @dataclass
    class Pruned(Message):
        session: DaemonSession
        kind: PruneKind
        result: PruneResult | None
        error: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.usage: DiskUsage | None = None
        #: The session the figures came from: a prune goes to that daemon or nowhere.
        self.usage_session: DaemonSession | None = None
        self.loading = False
        self.error = ""
        self.pruning: PruneKind | None = None
        self._read_at = ""
        self._took = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(id="df-box"):
            yield Label("Disk usage — docker system df, and networks", id="df-title")
            yield StatusLine(id="df-status", classes="pane-status")
            yield VirtualTable(COLUMNS, self.cells, empty_text="reading /system/df…", id="df-table")
            yield Static("", id="df-note", markup=False)
            yield StatusLine(id="df-hint", classes="pane-status")
        yield AppFooter(compact=True, show_command_palette=False)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#df-table", VirtualTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.action_refresh()

    # -- reading ------------------------------------------------------------------------

    def action_refresh(self) -> None:
        session = current_session(self)
        if session is None:
            # Opened while connecting (or while the daemon is away): read once it is back.
            self.error = "Not connected to the daemon: the figures are read once it is."
            self._show()
            self.set_timer(WAIT_FOR_SESSION, self._read_once_connected)
            return
        if self.loading:
            return
        self.error = ""
        self.loading = True
        self._show()
        self._read(session)

    def _read_once_connected(self) -> None:
        if self.is_attached and not self.loading:
            self.action_refresh()

    @work(thread=True, group="disk-usage", exit_on_error=False)
    def _read(self, session: DaemonSession) -> None:
        started = time.monotonic()
        try:
            usage = session.disk_usage()
        except DiskUsageFailed as failure:
            self.post_message(self.Loaded(session, None, str(failure)))
            return
        self.post_message(self.Loaded(session, usage, seconds=time.monotonic() - started))

    def on_disk_usage_screen_loaded(self, message: Loaded) -> None:
        message.stop()
        self.loading = False
        if message.session is not current_session(self):
            return  # an answer from the daemon before a context switch
        if message.usage is None:
            self.error = message.error
        else:
            self.error = ""
            self.usage = message.usage
            self.usage_session = message.session
            self._read_at = time.strftime("%H:%M:%S")
            self._took = message.seconds
        self._show()

    # -- the rows -----------------------------------------------------------------------

    def _row(self, key: str) -> KindUsage | None:
        usage = self.usage
        if usage is None:
            return None
        return {
            "images": usage.images,
            "containers": usage.containers,
            "volumes": usage.volumes,
            "build_cache": usage.build_cache,
        }.get(key)

    def cells(self, key: str) -> Sequence[CellValue]:
        usage = self.usage
        assert usage is not None  # rows exist only once read
        row = self._row(key)
        if row is None:  # networks: counts only, the daemon keeps no size for them
            networks = usage.networks
            return (
                Text("Networks", style=role_style(self, "strong")),
                str(networks.total),
                str(networks.active),
                Text("-", style=role_style(self, "muted")),
                f"{len(networks.unused)} unused",
                self._prunes(key),
            )
        reclaimable = Text(row.reclaimable_text, style=role_style(self, "warning" if row.reclaimable > 0 else ""))
        return (
            Text(row.kind, style=role_style(self, "strong")),
            str(row.total),
            str(row.active),
            row.size_text,
            reclaimable,
            self._prunes(key),
        )

    def _prunes(self, key: str) -> Text:
        """What P does on this row, in a few words."""
        usage = self.usage
        if usage is None:
            return Text()
        if key == "images":
            dangling, unused = usage.dangling_images, usage.unused_images
            return Text(
                f"dangling ({dangling.count}) or all unused ({unused.count}) images", style=role_style(self, "muted")
            )
        kind = ROW_KINDS[key]
        reclaim = estimate(usage, kind)
        size = f", ~{human_size(reclaim.size)}" if kind is not PruneKind.NETWORKS else ""
        return Text(f"{kind.value} ({reclaim.count}{size})", style=role_style(self, "muted"))

    def _show(self) -> None:
        table = self.table
        if self.usage is not None:
            table.set_rows(ROWS)
            table.invalidate()
        else:
            table.empty_text = "no figures (see above)" if self.error else "reading /system/df…"
            table.refresh()
        status = Text()
        if self.error:
            status.append(f"Cannot read /system/df: {self.error}", style=role_style(self, "bad"))
        elif self.loading:
            status.append("reading /system/df…", style=role_style(self, "warning"))
        elif self.usage is not None:
            status.append(f"read at {self._read_at}", style=role_style(self, "strong"))
            status.append(f" in {self._took:.1f} s · r reads again", style=role_style(self, "muted"))
        if self.pruning is not None:
            status.append(f" · pruning {self.pruning.value}…", style=role_style(self, "warning"))
        self.query_one("#df-status", StatusLine).set_text(status)
        note = self.query_one("#df-note", Static)
        note.display = bool(self.usage and self.usage.note)
        note.update(self.usage.note if self.usage else "")
        self._show_hint()
        self.refresh_bindings()

    def _show_hint(self) -> None:
        hint = Text()
        key = self.table.cursor_key
        if self.usage is not None and key is not None:
            hint.append("P ", style=role_style(self, "strong"))
            hint.append(f"prunes {self._prunes(key).plain}", style=role_style(self, "muted"))
            hint.append(" · ")
        hint.append("r refresh · esc closes", style=role_style(self, "muted"))
        self.query_one("#df-hint", StatusLine).set_text(hint)

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        message.stop()
        if self.is_mounted:
            self._show_hint()

    # -- pruning ------------------------------------------------------------------------

    def action_prune(self) -> None:
        usage, key = self.usage, self.table.cursor_key
        if usage is None or key is None or self.pruning is not None:
            return
        if key == "images":

            def chosen(kind: PruneKind | None) -> None:
                if kind is not None:
                    self._confirm(kind)

            self.app.push_screen(PruneImagesChoice(usage.dangling_images, usage.unused_images), chosen)
            return
        self._confirm(ROW_KINDS[key])

    def _confirm(self, kind: PruneKind) -> None:
        session, usage = current_session(self), self.usage
        if session is None or usage is None:
            session_or_say(self)
            return
        if session is not self.usage_session:
            # Reconnected or switched since the figures were read: they are another daemon's.
            self.notify("The daemon changed since the figures were read: reading them again first.", timeout=6)
            self.action_refresh()
            return

        def decided(confirmed: bool | None) -> None:
            # Pruned only on the daemon the figures came from, never on one switched to meanwhile.
            if confirmed and current_session(self) is session:
                self.pruning = kind
                self._show()
                self._prune(session, kind)

        body = confirm_body(usage, kind, session.engine.api_version)
        self.app.push_screen(ConfirmDialog(f"Prune {kind.value}?", body, "Prune"), decided)

    @work(thread=True, group="disk-usage-prune", exit_on_error=False)
    def _prune(self, session: DaemonSession, kind: PruneKind) -> None:
        try:
            result = session.prune_unused(kind)
        except (PruneFailed, ReadOnlyRefused) as failure:
            self.post_message(self.Pruned(session, kind, None, str(failure)))
            return
        self.post_message(self.Pruned(session, kind, result))

    def on_disk_usage_screen_pruned(self, message: Pruned) -> None:
        message.stop()
        self.pruning = None
        if message.result is None:
            self.notify(message.error, title=f"Could not prune {message.kind.value}", severity="error", timeout=12)
        else:
            self.notify(report(message.result), timeout=8)
        self._show()
        if message.session is current_session(self):
            self.action_refresh()

    # -- keys ---------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "prune":
            # Greyed until the figures are read, and while a prune runs.
            return (self.usage is not None and self.table.cursor_key is not None and self.pruning is None) or None
        if action == "refresh":
            return not self.loading or None
        return True
