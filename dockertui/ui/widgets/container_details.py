"""The details panel of one container: Info, Logs, Stats and Inspect tabs.

Everything is fetched in the background (inspect once, logs followed, stats from
the app's stats hub) and shown as it arrives; the panel never blocks the list.

The focus is always in the tab in front (its tab strip takes none, a click on a tab
focuses what it shows), so the footer shows that tab's keys: a focused strip showed the
list's, and ``/`` there filtered the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import humanize
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Sparkline, Static, TabbedContent, TabPane, Tabs

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.inspection import mapping, sequence
from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.logs import LogFollower
from dockertui.engine.session import DaemonSession
from dockertui.engine.stats import StatsSample
from dockertui.ui.clipboard import copy_text
from dockertui.ui.daemon_session import NOT_CONNECTED, current_session
from dockertui.ui.free_memory import give_memory_back
from dockertui.ui.settings import settings
from dockertui.ui.summary_limits import clipped, first_rows, more_rows
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.throttle import Throttle
from dockertui.ui.widgets.details_panel import DetailsPanel
from dockertui.ui.widgets.filter_input import FilterInput, opening_key
from dockertui.ui.widgets.focus_following_tabs import FocusFollowingTabs
from dockertui.ui.widgets.inspect_tree import MASK, InspectTree
from dockertui.ui.widgets.log_view import LogView
from dockertui.ui.widgets.nav_scroll import NavScroll
from dockertui.ui.widgets.status_line import StatusLine

TABS = ("info", "logs", "stats", "inspect")
#: What each tab shows that takes the focus (and with it the tab's keys).
TAB_FOCUS = {
    "info": "#details-info-scroll",
    "logs": "#details-log",
    "stats": "#details-stats-scroll",
    "inspect": "#details-inspect-tree",
}
#: The sparklines: (key, label).
GRAPHS = (("cpu", "CPU"), ("memory", "Memory"), ("rx", "Net rx"), ("tx", "Net tx"))
#: Seconds between two takes of new log lines (and repaints of the log).
LOG_INTERVAL = 1 / 10


class ContainerDetails(DetailsPanel):
    """Shows one container; ``show_container`` switches to another."""

    BINDING_GROUP_TITLE = "Details"  # how help and the palette name these keys

    COMPONENT_CLASSES = set(ROLE_CLASSES)

    BINDINGS = [
        Binding("left_square_bracket", "tab(-1)", "Previous tab", id="details.previous_tab", show=False),
        Binding("right_square_bracket", "tab(1)", "Next tab", id="details.next_tab", show=False),
        # Where they apply (check_action): v on Info and Inspect, c on Inspect.
        Binding("v", "reveal_env", "Env values", id="details.reveal_env"),
        Binding("c", "copy_value", "Copy value", id="details.copy_value"),
        # On every tab (on the log, n is "next match" while a search is kept there).
        Binding("n", "networks", "Networks", id="details.networks"),
        # The log view's and the inspect tree's search.
        opening_key("search", "Search", id="details.search"),
        # Where its box still shows a kept search (check_action); else escape closes the panel.
        Binding("escape", "close_search", "Close the search", id="details.close_search", show=False),
    ]

    class LogsArrived(Message):
        pass

    @dataclass
    class NetworksRequested(Message):
        """``n``: pick a network to connect this container to or disconnect it from."""

        container_id: str

    @dataclass
    class Inspected(Message):
        session: DaemonSession
        container_id: str
        document: dict | None
        error: str = ""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.container_id: str | None = None
        self.container: ContainerSummary | None = None
        self.document: dict | None = None
        self.reveal_env = False
        self._follower: LogFollower | None = None
        self._previous: StatsSample | None = None
        self._series: dict[str, list[float]] = {}
        self._log_throttle = Throttle(self, LOG_INTERVAL, self._take_log_lines)

    def compose(self) -> ComposeResult:
        yield StatusLine(id="details-title")
        with FocusFollowingTabs(id="details-tabs", initial="details-info"):
            with TabPane("Info", id="details-info"):
                with NavScroll(id="details-info-scroll"):
                    yield Static(id="details-info-body", markup=False)
            with TabPane("Logs", id="details-logs"):
                yield FilterInput(
                    placeholder="search the log — enter finds, n / N next / previous, escape closes",
                    id="details-log-search",
                    back_to=lambda: self.log_view,
                    on_keep=self._search_log,
                    on_clear=lambda: self.log_view.search(""),
                )
                yield LogView(settings(self).log_buffer, id="details-log")
            with TabPane("Stats", id="details-stats"):
                # Scrollable, so it can hold the focus (and with it the panel's keys).
                with NavScroll(id="details-stats-scroll"):
                    yield Static(id="details-stats-body", markup=False)
                    for key, label in GRAPHS:
                        yield Static(label, id=f"spark-label-{key}", classes="sparkline-label", markup=False)
                        yield Sparkline([], id=f"spark-{key}", summary_function=max)
            with TabPane("Inspect", id="details-inspect"):
                yield FilterInput(
                    placeholder="search keys and values — enter finds the next one, escape closes",
                    id="details-inspect-search",
                    back_to=lambda: self.inspect_tree,
                    on_keep=self._find_in_tree,
                )
                yield InspectTree(id="details-inspect-tree")

    def on_mount(self) -> None:
        self.query_one("#details-tabs Tabs", Tabs).can_focus = False

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("details-")

    def _tab_in_front(self) -> str:
        """The active tab, or "" before the panel is composed."""
        return self.active_tab if self.is_mounted and self.children else ""

    @property
    def log_view(self) -> LogView:
        return self.query_one(LogView)

    @property
    def inspect_tree(self) -> InspectTree:
        return self.query_one(InspectTree)

    # -- switching containers -----------------------------------------------------------

    def show_container(self, container: ContainerSummary, tab: str = "info") -> None:
        if container.id != self.container_id:
            self.close()
            self.container_id = container.id
            self.container = container
            self.document = None
            self.reveal_env = False
            self._previous = None
            self._series = {key: [] for key in ("cpu", "memory", "rx", "tx")}
            self._clear_graphs()
            self.log_view.clear()
            self.log_view.save_name = container.name
            # Their text searched the container shown before.
            self.query_one("#details-log-search", FilterInput).close()
            self.query_one("#details-inspect-search", FilterInput).close()
            self.log_view.search("")
            self._show_match_count()
            session = current_session(self)
            self.query_one("#details-info-body", Static).update("Loading…" if session is not None else NOT_CONNECTED)
            self.query_one("#details-stats-body", Static).update(
                "Waiting for the first samples…"
                if container.state == "running"
                else f"{container.name} is not running: no live stats."
            )
            self.inspect_tree.clear()
            self.inspect_tree.set_reveal(False)
            if session is not None:
                self._inspect(session, container.id)  # the logs start once inspect says if it has a tty
                if session.stats is not None:
                    self.show_stats(session.stats.history_of(container.id))
        self.container = container
        self._show_title()
        self.query_one(TabbedContent).active = f"details-{tab}"
        self._focus_tab(tab)

    def _show_title(self, note: str = "") -> None:
        container = self.container
        if container is None:
            return
        title = Text()
        title.append(container.name, style=role_style(self, "strong"))
        title.append(f"  {container.id[:12]}  {container.state_text}", style=role_style(self, "muted"))
        if note:
            title.append(f"  {note}", style=role_style(self, "bad", "strong"))
        title.append("   [ ] tabs · escape closes", style=role_style(self, "muted"))
        self.query_one("#details-title", StatusLine).set_text(title)

    def _focus_tab(self, tab: str) -> None:
        """Now, not after the next refresh: a key read with the one that opened the panel
        (``enter`` then ``]`` in one read) must find the focus here, not on the list."""
        self.screen.set_focus(self.query_one(TAB_FOCUS[tab]))

    def focus_body(self) -> None:
        self.screen.set_focus(self.query_one(TAB_FOCUS[self.active_tab]))

    def on_tabbed_content_tab_activated(self, message: TabbedContent.TabActivated) -> None:
        """A tab clicked: what it shows takes the focus (the strip takes none)."""
        message.stop()
        if self.display and self.container_id is not None:
            self._focus_tab(self.active_tab)

    def action_tab(self, step: int) -> None:
        index = (TABS.index(self.active_tab) + step) % len(TABS)
        self.query_one(TabbedContent).active = f"details-{TABS[index]}"
        self._focus_tab(TABS[index])

    def container_changed(self, container: ContainerSummary) -> None:
        """The list brought a new state of the container shown: when its networks changed
        (n connected or disconnected it), Info and Inspect are read again."""
        if container.id != self.container_id or self.container is None:
            return
        networks_changed = container.networks != self.container.networks
        self.container = container
        session = current_session(self)
        if networks_changed and session is not None:
            self._inspect(session, container.id)

    def container_gone(self) -> None:
        self._show_title("(removed)")
        self.close()

    def close(self) -> None:
        """Stop following; showing a container afterwards (even this one) loads it afresh."""
        follower, self._follower = self._follower, None
        if follower is not None:
            follower.close()
        self.container_id = None

    def put_away(self) -> None:
        """The panel is closed: stop following and let go of what it held (a followed flood
        leaves ten thousand lines and a heap grown by them; it is given back)."""
        self.close()
        self.log_view.clear()
        self.inspect_tree.forget()
        self.document = None
        self.call_after_refresh(give_memory_back)

    def on_unmount(self) -> None:
        self.close()

    # -- logs ---------------------------------------------------------------------------

    def _start_logs(self, session: DaemonSession, container: ContainerSummary) -> None:
        """Called once inspect answered: the tty flag (how the stream is framed) comes with it."""
        if self.document is None:
            return
        tty = bool(mapping(self.document.get("Config")).get("Tty"))
        self._follower = session.follow_logs(
            container.id, tty=tty, tail=settings(self).log_tail, notify=lambda: self.post_message(self.LogsArrived())
        )

    def on_container_details_logs_arrived(self, message: LogsArrived) -> None:
        message.stop()
        self._log_throttle.request()

    def _take_log_lines(self) -> None:
        """At most LOG_INTERVAL apart: a flood of lines repainted the log for every read."""
        if self._follower is not None:
            self.log_view.add(self._follower.lines.take())

    def _search_box(self) -> FilterInput | None:
        """The search box of the view that has the focus (the log or the inspect tree)."""
        focused = self.screen.focused
        if focused is self.log_view:
            return self.query_one("#details-log-search", FilterInput)
        if focused is self.inspect_tree:
            return self.query_one("#details-inspect-search", FilterInput)
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Shown, and taken, only on the tabs they act on.
        if action == "search":  # where there is something to search
            return self.is_mounted and self._search_box() is not None
        if action == "close_search":
            box = self._search_box() if self.is_mounted else None
            return box is not None and box.display
        if action == "reveal_env":
            return self._tab_in_front() in ("info", "inspect")
        if action == "copy_value":
            return self._tab_in_front() == "inspect"
        return True

    def action_networks(self) -> None:
        if self.container_id is not None:
            self.post_message(self.NetworksRequested(self.container_id))

    def action_search(self) -> None:
        box = self._search_box()
        if box is not None:
            box.open_from_key(self)

    def action_close_search(self) -> None:
        """escape on the log or the inspect tree while its box shows a kept search: the box
        is emptied and hidden (as escape in it does), the panel stays; escape again closes it."""
        box = self._search_box()
        if box is not None:
            box.dismiss()

    def _search_log(self, text: str) -> None:
        if text and not self.log_view.search(text):
            self.notify(f"No line contains {text!r}", severity="warning")

    def on_log_view_matches_counted(self, message: LogView.MatchesCounted) -> None:
        """ "3/17" at the search box's edge: the current match and how many lines match."""
        message.stop()
        self._show_match_count()

    def on_input_changed(self, message: FilterInput.Changed) -> None:
        if message.input.id == "details-log-search":
            message.stop()
            self._show_match_count()  # none while the text is not the one searched

    def _show_match_count(self) -> None:
        box = self.query_one("#details-log-search", FilterInput)
        searched = box.value == self.log_view.query_text
        box.border_subtitle = self.log_view.match_status if searched else ""

    # -- inspect ------------------------------------------------------------------------

    @work(thread=True, group="details-inspect", exclusive=True, exit_on_error=False)
    def _inspect(self, session: DaemonSession, container_id: str) -> None:
        try:
            document = session.inspect_container(container_id)
        except Exception as error:  # noqa: BLE001 - shown in the panel
            self.post_message(self.Inspected(session, container_id, None, explain_error(error)))
            return
        self.post_message(self.Inspected(session, container_id, document))

    def on_container_details_inspected(self, message: Inspected) -> None:
        message.stop()
        if message.container_id != self.container_id or message.session is not current_session(self):
            return  # another container by now, or an answer of the daemon switched away from
        if message.document is None:
            self.query_one("#details-info-body", Static).update(f"Could not inspect: {message.error}")
            return
        self.document = message.document
        self._render_info()
        self.inspect_tree.show(message.document, str(message.document.get("Name", "")).lstrip("/"))
        if self._follower is None and self.container is not None:
            self._start_logs(message.session, self.container)

    def _render_info(self) -> None:
        """A summary of the inspect document: long values and long lists are cut (see
        summary_limits), and any shape a daemon sends is read without failing."""
        document = mapping(self.document)
        config = mapping(document.get("Config"))
        state = mapping(document.get("State"))
        host = mapping(document.get("HostConfig"))
        network = mapping(document.get("NetworkSettings"))
        text = Text()

        def row(label: str, value: Any) -> None:
            text.append(f"{label:<15}", style=role_style(self, "strong"))
            text.append(f"{clipped(value)}\n")

        def more(hidden: int, what: str) -> None:
            if hidden:
                text.append(more_rows(hidden, what), style=role_style(self, "muted"))

        row("ID", document.get("Id", ""))
        row("Name", str(document.get("Name", "")).lstrip("/"))
        row("Image", f"{config.get('Image', '')}  ({str(document.get('Image', ''))[7:19]})")
        command = [document.get("Path", ""), *sequence(document.get("Args"))]
        row("Command", " ".join(str(part) for part in command if part))
        row("Created", document.get("Created", ""))
        status = str(state.get("Status", ""))
        health = mapping(state.get("Health"))
        if health:
            status += f" ({health.get('Status')})"
        if status == "exited":
            status += f" (exit code {state.get('ExitCode')})"
        row("State", status)
        row("Started", state.get("StartedAt", ""))
        if not state.get("Running"):
            row("Finished", state.get("FinishedAt", ""))
        policy = mapping(host.get("RestartPolicy"))
        restart = str(policy.get("Name") or "no")
        if policy.get("MaximumRetryCount"):
            restart += f" (max {policy['MaximumRetryCount']})"
        row("Restart", restart)
        ports = []
        for container_port, bindings in mapping(network.get("Ports")).items():
            for binding in sequence(bindings) or [{}]:
                binding = mapping(binding)
                host_part = f"{binding.get('HostIp', '')}:{binding.get('HostPort', '')}→" if binding else ""
                ports.append(f"{host_part}{container_port}")
        row("Ports", ", ".join(ports) or "—")
        mounts, hidden = first_rows(sequence(document.get("Mounts")))
        for mount in map(mapping, mounts):
            source = mount.get("Name") or mount.get("Source", "")
            mode = "" if mount.get("RW", True) else " (ro)"
            row("Mount", f"{mount.get('Type', '')} {source} → {mount.get('Destination', '')}{mode}")
        more(hidden, "mounts")
        networks, hidden = first_rows(list(mapping(network.get("Networks")).items()))
        for name, attached in networks:
            row("Network", f"{name}  {mapping(attached).get('IPAddress') or ''}")
        more(hidden, "networks")
        env, hidden = first_rows(sequence(config.get("Env")))
        text.append("Env", style=role_style(self, "strong"))
        text.append(
            "  (v shows the values)\n" if not self.reveal_env else "  (v hides the values)\n",
            style=role_style(self, "muted"),
        )
        for entry in env:
            key, _, value = str(entry).partition("=")
            text.append(f"  {clipped(key)}=", style=role_style(self, "info"))
            text.append(f"{clipped(value) if self.reveal_env else MASK}\n")
        more(hidden, "variables")
        labels, hidden = first_rows(sorted(mapping(config.get("Labels")).items()))
        if labels:
            text.append("Labels\n", style=role_style(self, "strong"))
            for key, value in labels:
                text.append(f"  {clipped(key)}=", style=role_style(self, "info"))
                text.append(f"{clipped(value)}\n")
        more(hidden, "labels")
        self.query_one("#details-info-body", Static).update(text)

    def action_reveal_env(self) -> None:
        """v: environment values shown or masked, on the Info and the Inspect tab alike."""
        self.reveal_env = not self.reveal_env
        self.inspect_tree.set_reveal(self.reveal_env)
        if self.document:
            self._render_info()

    def _find_in_tree(self, needle: str) -> None:
        if needle and not self.inspect_tree.find(needle):
            self.notify(f"Nothing in the inspect document matches {needle!r}", severity="warning")
            self.query_one("#details-inspect-search", FilterInput).open()  # to change it

    def action_copy_value(self) -> None:
        target = self.inspect_tree.copy_target()
        if target is not None:
            text, shown = target
            copy_text(self.app, text, "the value", shown=shown)

    # -- stats --------------------------------------------------------------------------

    def _clear_graphs(self) -> None:
        """Another container: its graphs start empty and hidden until its first sample (a
        stopped one gets none, and showed the graphs and figures of the one shown before)."""
        for key, label in GRAPHS:
            spark = self.query_one(f"#spark-{key}", Sparkline)
            spark.data = []
            name = self.query_one(f"#spark-label-{key}", Static)
            name.update(label)
            spark.display = name.display = False

    def show_stats(self, samples: Iterable[StatsSample]) -> None:
        updated = False
        for sample in samples:
            if sample.container_id != self.container_id:
                continue
            previous, self._previous = self._previous, sample
            if sample.cpu_percent is not None:
                self._series["cpu"].append(sample.cpu_percent)
            self._series["memory"].append(float(sample.memory_used))
            if previous is not None:
                self._series["rx"].append(float(max(0, sample.net_rx - previous.net_rx)))
                self._series["tx"].append(float(max(0, sample.net_tx - previous.net_tx)))
            updated = True
        if not updated or self._previous is None:
            return
        for key, label in GRAPHS:
            series = self._series[key]
            del series[:-300]
            spark = self.query_one(f"#spark-{key}", Sparkline)
            spark.data = list(series) or [0.0]
            name = self.query_one(f"#spark-label-{key}", Static)
            name.update(graph_label(key, label, series))
            spark.display = name.display = True
        sample = self._previous
        size = humanize.naturalsize
        text = Text()
        cpu = f"{sample.cpu_percent:.1f} %" if sample.cpu_percent is not None else "…"
        text.append("CPU ", style=role_style(self, "strong"))
        text.append(f"{cpu}   ")
        text.append("Memory ", style=role_style(self, "strong"))
        limit = f" / {size(sample.memory_limit, binary=True)}" if sample.memory_limit else ""
        percent = f" ({sample.memory_percent:.1f} %)" if sample.memory_percent is not None else ""
        text.append(f"{size(sample.memory_used, binary=True)}{limit}{percent}   ")
        text.append("PIDs ", style=role_style(self, "strong"))
        text.append(f"{sample.pids}\n")
        text.append("Net ", style=role_style(self, "strong"))
        text.append(f"rx {size(sample.net_rx)} / tx {size(sample.net_tx)}   ")
        text.append("Block I/O ", style=role_style(self, "strong"))
        text.append(f"read {size(sample.block_read)} / write {size(sample.block_write)}")
        self.query_one("#details-stats-body", Static).update(text)


def graph_label(key: str, label: str, series: list[float]) -> str:
    """The scale of a sparkline: it spans the window's lowest to highest value, so 0.6 %
    of CPU fills it as 100 % would. "CPU 0.6 %   max 1.2 %   min 0.1 %"."""
    if not series:
        return label
    show = {
        "cpu": lambda value: f"{value:.1f} %",
        "memory": lambda value: humanize.naturalsize(value, binary=True),
    }.get(key, lambda value: f"{humanize.naturalsize(value)}/s")
    return f"{label} {show(series[-1])}   max {show(max(series))}   min {show(min(series))}"
