"""`:nodes` — the swarm's nodes: hostname, role, availability, status, manager status
(leader / reachable), engine version, CPUs and memory, labels; the selected node's details
below. Read by a manager, again every two seconds while the view is in front
(``swarm_list.py``).

``a`` changes the selected node's availability: a choice (active, pause, drain), then a
confirmation saying what it does, in one dialog (``node_availability.py``); ``a`` opens it
as soon as the app reads the key, so the keys typed after it land in the dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding

from dockertui.engine.node_actions import NodeActionFailed
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.engine.swarm import NodeSummary
from dockertui.ui.daemon_session import session_or_say
from dockertui.ui.screens.node_availability import NodeAvailabilityDialog
from dockertui.ui.screens.swarm_list import SwarmListScreen
from dockertui.ui.summary_limits import clipped
from dockertui.ui.text_roles import role_style
from dockertui.ui.type_ahead import open_dialog, opening_key
from dockertui.ui.widgets.virtual_table import CellValue, Column

COLUMNS = (
    Column("hostname", "Hostname", 18, min_width=10, priority=100, flex=2),
    Column("role", "Role", 8, priority=70),
    Column("availability", "Availability", 12, priority=95),
    Column("status", "Status", 8, priority=90),
    Column("manager", "Manager", 11, priority=80),
    Column("engine", "Engine", 14, min_width=8, priority=40),
    Column("cpus", "CPUs", 5, priority=50, align="right"),
    Column("memory", "Memory", 9, priority=45, align="right"),
    Column("labels", "Labels", 20, min_width=10, priority=30, flex=1),
)


def labels_text(labels: dict[str, str] | Any) -> str:
    return ", ".join(f"{key}={value}" if value else key for key, value in sorted(labels.items()))


def memory_text(size: int) -> str:
    """In binary units, as ``docker node inspect --pretty`` says it: ``7.768GiB``."""
    if size <= 0:
        return "—"
    value, unit = float(size), "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            break
        value /= 1024
    return f"{value:.4g}{unit}"


def cpus_text(node: NodeSummary) -> str:
    return f"{node.cpus:g}" if node.nano_cpus else "—"


class NodesScreen(SwarmListScreen):
    BINDING_GROUP_TITLE = "Nodes"  # how help and the palette name these keys
    PREFIX = "nodes"
    WHAT = "nodes"
    COLUMNS = COLUMNS

    BINDINGS = [
        Binding("escape", "close", "Close", id="nodes.close"),
        opening_key("a", "availability", "Availability", id="nodes.availability"),
        Binding("enter", "details", "Details", id="nodes.details"),
        Binding("r", "refresh", "Refresh", id="nodes.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.nodes: dict[str, NodeSummary] = {}
        #: Changes under way, by node ID ("drain…").
        self.busy: dict[str, str] = {}

    def read(self, session: DaemonSession) -> list[NodeSummary]:
        return session.nodes()

    def show(self, data: list[NodeSummary] | None) -> None:
        nodes = sorted(data or [], key=lambda n: (n.role != "manager", n.hostname, n.id))
        self.nodes = {node.id: node for node in nodes}
        table = self.table
        table.invalidate()
        table.set_rows(list(self.nodes))

    def cells(self, key: str) -> Sequence[CellValue]:
        node = self.nodes[key]
        busy = self.busy.get(key)
        if busy:
            availability = Text(busy, style=role_style(self, "warning", "strong"))
        else:
            role = {"active": "good", "drain": "warning", "pause": "warning"}.get(node.availability, "")
            availability = Text(node.availability, style=role_style(self, role))
        status = Text(node.state, style=role_style(self, "good" if node.state == "ready" else "bad"))
        manager = Text(node.manager_status, style=role_style(self, "strong" if node.leader else ""))
        return (
            Text(node.hostname or node.short_id, style=role_style(self, "strong")),
            node.role,
            availability,
            status,
            manager,
            node.engine_version,
            cpus_text(node),
            memory_text(node.memory_bytes),
            labels_text(node.labels),
        )

    def selected(self) -> NodeSummary | None:
        key = self.table.cursor_key if self.is_mounted else None
        return self.nodes.get(key) if key else None

    def status_text(self) -> Text:
        text = Text()
        if not self.loaded:
            text.append("Reading the swarm's nodes…", style=role_style(self, "muted"))
        else:
            ready = sum(1 for node in self.nodes.values() if node.state == "ready")
            managers = sum(1 for node in self.nodes.values() if node.role == "manager")
            text.append(f"Swarm nodes: {len(self.nodes)}", style=role_style(self, "strong"))
            text.append(f" ({ready} ready, {managers} manager(s))")
        text.append("   a availability · enter details · r refresh · escape closes", style=role_style(self, "muted"))
        return text

    def detail_text(self) -> Text:
        node = self.selected()
        text = Text()
        if node is None:
            return text
        strong = role_style(self, "strong")

        def row(label: str, value: str) -> None:
            text.append(f"{label:<14}", style=strong)
            text.append(f"{clipped(value)}\n")

        row("Hostname", node.hostname)
        row("ID", node.id)
        row("Role", node.role + (f" ({node.manager_status})" if node.manager_status else ""))
        row("Availability", node.availability)
        row("Status", node.state + (f" at {node.address}" if node.address else ""))
        row("Engine", node.engine_version or "—")
        row("Resources", f"{cpus_text(node)} CPU(s), {memory_text(node.memory_bytes)} memory")
        row("Labels", labels_text(node.labels) or "—")
        row("Engine labels", labels_text(node.engine_labels) or "—")
        text.rstrip()
        return text

    # -- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "availability":
            node = self.selected()
            if node is None or node.id in self.busy:
                return None  # greyed: nothing selected, or a change under way
        return True

    def action_refresh(self) -> None:
        self.reload()

    async def action_availability(self) -> None:
        node = self.selected()
        if node is None:
            return

        def decided(availability: str | None) -> None:
            if availability:
                self._launch(node, availability)

        await open_dialog(self, NodeAvailabilityDialog(node), decided)

    def _launch(self, node: NodeSummary, availability: str) -> None:
        session = session_or_say(self)
        if session is None:
            return
        self.busy[node.id] = f"{availability}…"
        self.table.invalidate([node.id])
        self.refresh_bindings()
        self._change(self.app, session, node, availability)

    @work(thread=True, group="node-actions", exit_on_error=False)
    def _change(self, app: App, session: DaemonSession, node: NodeSummary, availability: str) -> None:
        try:
            session.set_node_availability(node.id, availability)
            error = ""
        except (ReadOnlyRefused, NodeActionFailed) as failed:
            error = str(failed)
        # Through the app: the view may be closed meanwhile, and the outcome is still said.
        app.call_from_thread(self._changed, app, node, availability, error)

    def _changed(self, app: App, node: NodeSummary, availability: str, error: str) -> None:
        self.busy.pop(node.id, None)
        if error:
            app.notify(error, title=f"Node {node.hostname} not changed", severity="error", timeout=8)
        else:
            words = {"active": "active", "pause": "paused", "drain": "drained"}.get(availability, availability)
            app.notify(f"Node {node.hostname} is now {words}.", timeout=4)
        if self in app.screen_stack:
            self.reload()


def open_nodes(app: App) -> None:
    """Show the nodes (one view at a time: a second ``:nodes`` brings it back)."""
    if not isinstance(app.screen, NodesScreen):
        app.push_screen(NodesScreen())
