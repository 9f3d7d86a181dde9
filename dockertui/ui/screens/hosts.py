"""`:hosts` — every docker context (and the address the app was started with, when it is
not a context) at a glance: reachable or why not, engine and API version, swarm role,
running/total containers, images, CPUs and memory; ``enter`` switches to the host.

Each host is probed in a thread of its own with a short timeout (``engine/host_probe``:
a connection of its own, ``/version`` and ``/info``, closed again), at most one probe per
host at a time, so one that hangs holds up neither the others nor the keys. Probes run
when the view opens and every ``REFRESH`` seconds while it is open (``r``: now), and
never while it is closed. Results come back as messages; only this screen's handlers,
on the UI thread, touch widgets.

CPU and memory are the host's (``/info``'s NCPU and MemTotal): no probe reads stats.
For the current host the details also sum the stats samples the containers pane has
already read (only of the running containers it shows), when there are any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from dockertui.engine.contexts import DEFAULT_CONTEXT
from dockertui.engine.host_probe import HostProbe, HostProber, memory_text, probe_host
from dockertui.engine.target import DaemonTarget, TargetError, available_contexts, resolve_context
from dockertui.ui.context_switch import addresses_used, switch_context, switch_to
from dockertui.ui.daemon_session import current_session
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.summary_limits import clipped
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.app_footer import AppFooter
from dockertui.ui.widgets.nav_scroll import NavScroll
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.virtual_table import CellValue, Column, VirtualTable

#: Seconds between probes of each host while the view is open.
REFRESH = 5.0

COLUMNS = (
    Column("current", "", 2, priority=100),  # the first cell starts with the row's mark
    Column("name", "HOST", 16, min_width=10, priority=100, flex=1, shrink_order=60),
    Column("state", "STATE", 11, priority=95),
    Column("engine", "ENGINE", 21, min_width=14, priority=80, shrink_order=45),
    Column("api", "API", 5, priority=50),
    Column("swarm", "SWARM", 14, priority=85),
    Column("containers", "CONTAINERS", 10, priority=90, align="right"),
    Column("images", "IMAGES", 6, priority=70, align="right"),
    Column("cpus", "CPUS", 4, priority=60, align="right"),
    Column("memory", "MEMORY", 9, priority=55, align="right"),
    Column("endpoint", "ENDPOINT", 30, min_width=16, priority=40, flex=2),
)


@dataclass(frozen=True)
class HostEntry:
    """One row: a context, or an address that is in no context."""

    key: str
    name: str
    endpoint: str
    description: str = ""
    #: None when the context's address cannot be used (``problem`` says why).
    target: DaemonTarget | None = None
    problem: str = ""
    #: The context to switch to; None for a bare address.
    context: str | None = None


def list_hosts(app: App) -> list[HostEntry]:
    """Every context (``default`` first), then the addresses the app talked to outside them."""
    config = getattr(app, "config", None)
    ssh_client = getattr(config, "ssh_transport", "client") == "client"
    entries: list[HostEntry] = []
    for name, endpoint, description in available_contexts():
        try:
            resolved = replace(resolve_context(name, "the hosts view"), ssh_client=ssh_client)
        except TargetError as error:
            entries.append(HostEntry(f"ctx:{name}", name, endpoint, description, problem=str(error), context=name))
            continue
        entries.append(HostEntry(f"ctx:{name}", name, endpoint, description, target=resolved, context=name))
    default_host = next((e.target.host for e in entries if e.context == DEFAULT_CONTEXT and e.target), "")
    for address in addresses_used(app):
        if address.host != default_host:
            entries.append(
                HostEntry(
                    f"addr:{address.host}",
                    address.host,
                    address.host,
                    f"from {address.source}",
                    target=replace(address, ssh_client=ssh_client),
                )
            )
    return entries


def is_current(entry: HostEntry, target: DaemonTarget | None) -> bool:
    """Where the keys act now (as the context picker marks it: after ``--host`` the default
    context's endpoint is not current)."""
    if target is None or entry.target is None:
        return False
    context = entry.context or DEFAULT_CONTEXT
    return context == target.context and entry.target.host == target.host


def containers_text(probe: HostProbe) -> str:
    facts = probe.facts
    return f"{facts.running}/{facts.containers}" if facts is not None else ""


class HostsScreen(QuitsOnQ, AppModalScreen[None]):
    BINDING_GROUP_TITLE = "Hosts"  # how help and the palette name these keys
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    BINDINGS = [
        Binding("escape", "close", "Close", id="hosts.close"),
        Binding("enter", "switch", "Switch", id="hosts.switch"),
        Binding("r", "refresh", "Probe now", id="hosts.refresh"),
    ]

    @dataclass
    class Probed(Message):
        key: str
        probe: HostProbe

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, HostEntry] = {}
        self.probes: dict[str, HostProbe] = {}
        self.prober = HostProber(self._deliver, probe=lambda target: probe_host(target))

    def compose(self) -> ComposeResult:
        with Vertical(id="hosts-box"):
            yield StatusLine(id="hosts-status", classes="pane-status")
            yield VirtualTable(COLUMNS, self.cells, empty_text="no hosts", id="hosts-table")
            yield Static("", id="hosts-down", markup=False)
            with NavScroll(id="hosts-detail-scroll"):
                yield Static(id="hosts-detail", markup=False)
        yield AppFooter(compact=True, show_command_palette=False)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#hosts-table", VirtualTable)

    def on_mount(self) -> None:
        self._probe_all()
        current = next((key for key, entry in self.entries.items() if is_current(entry, self._target)), None)
        if current is not None:
            self.table.select_key(current)
        self.table.focus()
        self.set_interval(REFRESH, self._probe_all)

    def on_unmount(self) -> None:
        self.prober.close()

    @property
    def _target(self) -> DaemonTarget | None:
        return getattr(self.app, "target", None)

    # -- probing ------------------------------------------------------------------------

    def _deliver(self, key: str, probe: HostProbe) -> None:
        """From a probing thread: hand the result to the UI thread."""
        self.post_message(self.Probed(key, probe))

    def _probe_all(self) -> None:
        """Read the contexts again (new ones appear) and probe each host that has no probe
        under way."""
        self.entries = {entry.key: entry for entry in list_hosts(self.app)}
        for key in [key for key in self.probes if key not in self.entries]:
            del self.probes[key]
        for key, entry in self.entries.items():
            if entry.target is not None:
                self.prober.probe(key, entry.target)
        self._show()

    def on_hosts_screen_probed(self, message: Probed) -> None:
        message.stop()
        if message.key not in self.entries:
            return
        self.probes[message.key] = message.probe
        self.table.invalidate([message.key])
        self._show()

    def action_refresh(self) -> None:
        self._probe_all()

    # -- the rows -----------------------------------------------------------------------

    def cells(self, key: str) -> Sequence[CellValue]:
        entry = self.entries[key]
        probe = self.probes.get(key)
        current = is_current(entry, self._target)
        mark = Text("●", style=role_style(self, "good")) if current else ""
        name = Text(entry.name, style=role_style(self, "strong") if current else "")
        endpoint = Text(entry.endpoint, style=role_style(self, "muted"))
        blank: tuple[CellValue, ...] = ("",) * 7
        if entry.target is None:
            return (mark, name, Text("invalid", style=role_style(self, "bad")), *blank, endpoint)
        if probe is None:
            return (mark, name, Text("probing…", style=role_style(self, "warning")), *blank, endpoint)
        if not probe.reachable:
            return (mark, name, Text("unreachable", style=role_style(self, "bad")), *blank, endpoint)
        engine = probe.engine
        facts = probe.facts
        state = Text("reachable", style=role_style(self, "good" if facts is not None else "warning"))
        engine_text = f"{engine.product} {engine.version}" if engine else ""
        api = engine.api_version if engine else ""
        if facts is None:
            return (mark, name, state, engine_text, api, "", "", "", "", "", endpoint)
        swarm = Text(facts.swarm.text, style=role_style(self, "muted") if not facts.swarm.active else "")
        return (
            mark,
            name,
            state,
            engine_text,
            api,
            swarm,
            containers_text(probe),
            str(facts.images),
            str(facts.cpus) if facts.cpus else "?",
            memory_text(facts.memory),
            endpoint,
        )

    def selected(self) -> HostEntry | None:
        key = self.table.cursor_key
        return self.entries.get(key) if key else None

    def _show(self) -> None:
        table = self.table
        keys = list(self.entries)
        table.styles.height = max(2, len(keys) + 1)
        table.set_rows(keys)
        table.invalidate()
        self._show_status()
        self._show_down()
        self._show_detail()
        self.refresh_bindings()

    def _show_status(self) -> None:
        reachable = sum(1 for key in self.entries if (probe := self.probes.get(key)) and probe.reachable)
        text = Text()
        text.append(f"Hosts: {len(self.entries)}", style=role_style(self, "strong"))
        text.append(f" ({reachable} reachable)")
        text.append(f" · probed every {REFRESH:.0f} s · enter switches", style=role_style(self, "muted"))
        self.query_one("#hosts-status", StatusLine).set_text(text)

    def _show_down(self) -> None:
        """Why each host is out of reach, one line each, under the table."""
        text = Text()
        for key, entry in self.entries.items():
            probe = self.probes.get(key)
            reason = entry.problem if entry.target is None else (probe.reason if probe is not None else "")
            if not reason or (probe is not None and probe.reachable and probe.facts is not None):
                continue
            if text:
                text.append("\n")
            text.append(f"{entry.name}: ", style=role_style(self, "strong"))
            text.append(clipped(reason, 300), style=role_style(self, "bad"))
        down = self.query_one("#hosts-down", Static)
        down.display = bool(text)
        down.update(text)

    def _show_detail(self) -> None:
        entry = self.selected()
        body = self.query_one("#hosts-detail", Static)
        if entry is None:
            body.update("")
            return
        probe = self.probes.get(entry.key)
        text = Text()
        strong, muted = role_style(self, "strong"), role_style(self, "muted")

        def row(label: str, value: str | Text) -> None:
            text.append(f"{label:<12}", style=strong)
            text.append(value if isinstance(value, Text) else clipped(value))
            text.append("\n")

        current = is_current(entry, self._target)
        kind = "context" if entry.context is not None else "address"
        row("Host", Text.assemble(entry.name, (f"  {kind}", muted), ("  ● current" if current else "", strong)))
        row("Endpoint", entry.endpoint)
        if entry.description:
            row("Description", entry.description)
        if entry.target is None:
            row("State", Text(f"not probed: {entry.problem}", style=role_style(self, "bad")))
        elif probe is None:
            row("State", Text("probing…", style=role_style(self, "warning")))
        elif not probe.reachable:
            row("State", Text(f"unreachable: {probe.reason}", style=role_style(self, "bad")))
        else:
            row("State", Text(f"reachable (answered in {probe.seconds * 1000:.0f} ms)", style=role_style(self, "good")))
        if probe is not None and probe.engine is not None:
            engine = probe.engine
            words = [f"{engine.product} {engine.version}", f"API {engine.api_version}"]
            if engine.os or engine.arch:
                words.append(f"{engine.os}/{engine.arch}")
            if engine.kernel:
                words.append(f"kernel {engine.kernel}")
            row("Engine", " · ".join(words))
        facts = probe.facts if probe is not None else None
        if probe is not None and probe.reachable and facts is None:
            row("Info", Text(probe.reason, style=role_style(self, "bad")))
        if facts is not None:
            machine = [clipped(facts.hostname or "?", 64), clipped(facts.operating_system, 64)]
            machine.append(f"{facts.cpus} CPU{'s' if facts.cpus != 1 else ''}, {memory_text(facts.memory)} memory")
            row("Machine", " · ".join(word for word in machine if word))
            role = facts.swarm
            swarm = role.text
            if role.active:
                swarm += f" · node {role.node_id[:12]}" + (f" at {role.node_address}" if role.node_address else "")
                if role.manager:
                    swarm += f" · {role.nodes} node(s), {role.managers} manager(s)"
            row("Swarm", swarm)
            stopped = max(0, facts.containers - facts.running - facts.paused)
            row(
                "Containers",
                f"{facts.running} running, {facts.paused} paused, {stopped} stopped ({facts.containers} in all)",
            )
            row("Images", str(facts.images))
        if current and facts is not None:  # stale samples say nothing of a host that is down
            row("In use", self._usage_text())
        body.update(text)

    def _usage_text(self) -> Text:
        """CPU and memory of the current host's containers, from the samples the containers
        pane's stats streams already hold (nothing is read for this)."""
        session = current_session(self)
        live = session.live if session is not None else None
        hub = session.stats if session is not None else None
        muted = role_style(self, "muted")
        if live is None or hub is None:
            return Text("no stats: not connected", style=muted)
        running = [c.id for c in list(live.inventory.containers.values()) if c.state == "running"]
        latest = [history[-1] for history in (hub.history_of(cid) for cid in running) if history]
        if not latest:
            return Text(
                "no stats samples (the containers pane reads stats only for the running containers it shows)",
                style=muted,
            )
        cpu = sum(sample.cpu_percent or 0.0 for sample in latest)
        memory = sum(sample.memory_used for sample in latest)
        return Text.assemble(
            f"containers: CPU {cpu:.1f} %, memory {memory_text(memory)}",
            (
                f"  (from the stats the containers pane reads: {len(latest)} of {len(running)} running containers)",
                muted,
            ),
        )

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        message.stop()
        if self.is_mounted:
            self._show_detail()

    # -- keys ---------------------------------------------------------------------------

    def action_switch(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.target is None:
            self.notify(entry.problem, title="Cannot switch", severity="error")
            return
        self.dismiss(None)
        if is_current(entry, self._target):
            return
        app = self.app
        if entry.context is not None:
            app.call_later(switch_context, app, entry.context)
        else:
            app.call_later(switch_to, app, entry.target)

    def action_close(self) -> None:
        self.dismiss(None)


def open_hosts(app: App) -> None:
    app.push_screen(HostsScreen())
