"""A swarm service's logs (``l`` on a service): every task's lines, merged in timestamp
order, each prefixed with its task and node (``web.2@nodehost``) in a colour of its own,
in the same LogView as a container's log (``/`` search, ``n`` / ``N``, ``end`` follows,
``t`` timestamps, ``ctrl+s`` saves). Closing the view closes the stream
(``engine/service_logs.py``)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message

from dockertui.engine.service_logs import ServiceLogs
from dockertui.engine.session import DaemonSession
from dockertui.engine.swarm import ServiceSummary
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.settings import settings
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.throttle import Throttle
from dockertui.ui.widgets.app_footer import AppFooter
from dockertui.ui.widgets.filter_input import FilterInput, opening_key
from dockertui.ui.widgets.log_view import LogView
from dockertui.ui.widgets.status_line import StatusLine

#: Seconds between two takes of new lines (and repaints), as in a container's log.
LOG_INTERVAL = 1 / 10


class ServiceLogsScreen(QuitsOnQ, AppModalScreen[None]):
    BINDING_GROUP_TITLE = "Service logs"  # how help and the palette name these keys
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    BINDINGS = [
        Binding("escape", "close", "Close", id="service_logs.close"),
        opening_key("search", "Search", id="service_logs.search"),
    ]

    class LinesArrived(Message):
        pass

    def __init__(self, session: DaemonSession, service: ServiceSummary) -> None:
        super().__init__()
        self.session = session
        self.service = service
        #: The prefixes seen so far (``web.2@nodehost``), each with its colour.
        self.sources: set[str] = set()
        self.merged: ServiceLogs | None = None
        self._throttle = Throttle(self, LOG_INTERVAL, self._take_lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="service-logs-box"):
            yield StatusLine(id="service-logs-title")
            yield FilterInput(
                placeholder="search the log — enter finds, n / N next / previous, escape closes",
                id="service-logs-search",
                back_to=lambda: self.log_view,
                on_keep=self._search,
                on_clear=lambda: self.log_view.search(""),
            )
            yield LogView(settings(self).log_buffer, id="service-log")
        yield AppFooter(compact=True, show_command_palette=False)

    @property
    def log_view(self) -> LogView:
        return self.query_one("#service-log", LogView)

    def on_mount(self) -> None:
        view = self.log_view
        view.save_name = f"service-{self.service.name}"
        self._show_title()
        view.focus()
        self.merged = self.session.follow_service_logs(
            self.service, notify=lambda: self.post_message(self.LinesArrived()), tail=settings(self).log_tail
        )

    def on_unmount(self) -> None:
        merged, self.merged = self.merged, None
        if merged is not None:
            merged.close()

    def _show_title(self) -> None:
        title = Text()
        title.append(f"Logs of service {self.service.name}", style=role_style(self, "strong"))
        tasks = f"{len(self.sources)} task(s)" if self.sources else "its tasks"
        title.append(
            f"  {tasks}, merged by time   / search · t timestamps · ctrl+s saves · escape",
            style=role_style(self, "muted"),
        )
        self.query_one("#service-logs-title", StatusLine).set_text(title)

    def on_service_logs_screen_lines_arrived(self, message: LinesArrived) -> None:
        message.stop()
        self._throttle.request()

    def _take_lines(self) -> None:
        if self.merged is None:
            return
        lines = self.merged.lines.take()
        new = {line.source for line in lines if line.source} - self.sources
        if new:
            self.sources |= new
            self.log_view.set_sources(self.sources)
            self._show_title()
        self.log_view.add(lines)

    # -- search -------------------------------------------------------------------------

    @property
    def search_box(self) -> FilterInput:
        return self.query_one("#service-logs-search", FilterInput)

    def action_search(self) -> None:
        self.search_box.open_from_key(self)

    def _search(self, text: str) -> None:
        if text and not self.log_view.search(text):
            self.notify(f"No line contains {text!r}", severity="warning")

    def on_log_view_matches_counted(self, message: LogView.MatchesCounted) -> None:
        message.stop()
        box = self.search_box
        box.border_subtitle = self.log_view.match_status if box.value == self.log_view.query_text else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if self.focused is self.search_box:
            return action not in ("search", "close")  # the box takes the letters and its escape
        return True

    def action_close(self) -> None:
        """escape: a kept search is let go first (as in a container's log), then the log closes."""
        if self.search_box.display:
            self.search_box.dismiss()
            return
        self.dismiss(None)
