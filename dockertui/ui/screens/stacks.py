"""`:stacks` — swarm stacks: the services (and networks, secrets, configs) that carry
``com.docker.stack.namespace``, one row per stack with its services, running/desired tasks
and networks; the selected stack's services below (``enter`` goes into them). Read by a
manager, again every two seconds while the view is in front (``swarm_list.py``).

``d`` removes the selected stack as ``docker stack rm`` does (``engine/stack_actions.py``),
after a confirmation listing everything that goes; ``d`` opens it as soon as the app reads
the key, so a ``y`` or ``n`` typed after it lands in the dialog.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding

from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.engine.stack_actions import Stack, StackPlan, StackReport, Stacks, plan_removal
from dockertui.ui.daemon_session import session_or_say
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.swarm_list import SwarmListScreen
from dockertui.ui.summary_limits import clipped, first_rows
from dockertui.ui.text_roles import role_style
from dockertui.ui.type_ahead import open_dialog, opening_key
from dockertui.ui.widgets.virtual_table import CellValue, Column

COLUMNS = (
    Column("name", "Stack", 18, min_width=10, priority=100, flex=1),
    Column("services", "Services", 8, priority=90, align="right"),
    Column("tasks", "Tasks", 9, priority=95, align="right"),
    Column("service_names", "Service names", 28, min_width=14, priority=60, flex=2),
    Column("networks", "Networks", 24, min_width=12, priority=50, flex=1),
)


def removal_body(plan: StackPlan) -> str:
    """What ``docker stack rm`` removes, listed."""
    lines: list[str] = []
    for title, objects in (
        ("Services", plan.services),
        ("Networks", plan.networks),
        ("Secrets", plan.secrets),
        ("Configs", plan.configs),
    ):
        if not objects and title != "Services":
            continue
        lines.append(f"{title} removed ({len(objects)}):")
        shown, hidden = first_rows([obj.name for obj in objects], 12)
        lines.extend(f"  {name}" for name in shown)
        if hidden:
            lines.append(f"  … and {hidden} more")
        if not objects:
            lines.append("  none")
    lines.append("")
    lines.append("Their tasks are shut down; nothing else labelled later is touched.")
    return "\n".join(lines)


def report_text(report: StackReport) -> str:
    return f"Stack {report.plan.stack} removed: {len(report.done)} object(s)."


class StacksScreen(SwarmListScreen):
    BINDING_GROUP_TITLE = "Stacks"  # how help and the palette name these keys
    PREFIX = "stacks"
    WHAT = "stacks"
    COLUMNS = COLUMNS

    BINDINGS = [
        Binding("escape", "close", "Close", id="stacks.close"),
        opening_key("d", "remove", "Remove", id="stacks.remove"),
        Binding("enter", "details", "Services", id="stacks.details"),
        Binding("r", "refresh", "Refresh", id="stacks.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stacks: dict[str, Stack] = {}
        #: Services in no stack (said in the status line).
        self.loose_services = 0
        #: Removals under way, by stack ("removing service web (1/3)…").
        self.busy: dict[str, str] = {}

    def read(self, session: DaemonSession) -> Stacks:
        return session.stacks()

    def show(self, data: Stacks | None) -> None:
        self.stacks = dict(data.stacks) if data is not None else {}
        self.loose_services = data.loose_services if data is not None else 0
        table = self.table
        table.invalidate()
        table.set_rows(list(self.stacks))

    def cells(self, key: str) -> Sequence[CellValue]:
        stack = self.stacks[key]
        busy = self.busy.get(key)
        if busy:
            tasks = Text(busy, style=role_style(self, "warning", "strong"))
        else:
            role = "good" if stack.running == stack.desired else ("bad" if stack.running == 0 else "warning")
            tasks = Text(f"{stack.running}/{stack.desired}", style=role_style(self, role))
        return (
            Text(stack.name, style=role_style(self, "strong")),
            str(len(stack.services)),
            tasks,
            ", ".join(service.name for service in stack.services),
            ", ".join(network.name for network in stack.networks),
        )

    def selected(self) -> Stack | None:
        key = self.table.cursor_key if self.is_mounted else None
        return self.stacks.get(key) if key else None

    def status_text(self) -> Text:
        text = Text()
        if not self.loaded:
            text.append("Reading the swarm's stacks…", style=role_style(self, "muted"))
        else:
            services = sum(len(stack.services) for stack in self.stacks.values())
            text.append(f"Stacks: {len(self.stacks)}", style=role_style(self, "strong"))
            text.append(f" ({services} service(s); {self.loose_services} in no stack)")
        text.append("   d remove · enter services · r refresh · escape closes", style=role_style(self, "muted"))
        return text

    def detail_text(self) -> Text:
        stack = self.selected()
        text = Text()
        if stack is None:
            return text
        strong, muted = role_style(self, "strong"), role_style(self, "muted")
        text.append(f"Services of stack {stack.name} ({len(stack.services)})\n", style=strong)
        width = min(30, max((len(service.name) for service in stack.services), default=0))
        shown, hidden = first_rows(list(stack.services), 50)
        for service in shown:
            role = "good" if service.running == service.desired else "warning"
            text.append(f"  {clipped(service.name, 30):<{width}}  ")
            text.append(f"{service.running}/{service.desired}".ljust(7), style=role_style(self, role))
            text.append(f"{service.mode:<11}", style=muted)
            ports = ", ".join(str(port) for port in service.ports)
            text.append(f"{service.image_short}{'  ' + ports if ports else ''}\n")
        if hidden:
            text.append(f"  … {hidden} more services\n", style=muted)
        for title, objects in (("Networks", stack.networks), ("Secrets", stack.secrets), ("Configs", stack.configs)):
            names = ", ".join(obj.name + (f" ({obj.driver})" if obj.driver else "") for obj in objects)
            text.append(f"{title:<10}", style=strong)
            text.append(f"{clipped(names) or '—'}\n")
        text.rstrip()
        return text

    # -- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            stack = self.selected()
            if stack is None or stack.name in self.busy:
                return None  # greyed: nothing selected, or a removal under way
        return True

    def action_refresh(self) -> None:
        self.reload()

    async def action_remove(self) -> None:
        stack = self.selected()
        if stack is None:
            return
        plan = plan_removal(stack)
        title = f"Remove stack {stack.name}: {plan.count} object(s)?"

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self._launch(plan)

        await open_dialog(self, ConfirmDialog(title, removal_body(plan), "Remove"), decided)

    def _launch(self, plan: StackPlan) -> None:
        session = session_or_say(self)
        if session is None:
            return
        self.busy[plan.stack] = "removing…"
        self.table.invalidate([plan.stack])
        self.refresh_bindings()
        self._remove(self.app, session, plan)

    @work(thread=True, group="stack-actions", exit_on_error=False)
    def _remove(self, app: App, session: DaemonSession, plan: StackPlan) -> None:
        def progress(text: str) -> None:
            app.call_from_thread(self._progress, plan.stack, text)

        try:
            report, error = session.remove_stack(plan, progress=progress), ""
        except ReadOnlyRefused as refused:
            report, error = StackReport(plan), str(refused)
        # Through the app: the view may be closed meanwhile, and the outcome is still said.
        app.call_from_thread(self._finished, app, report, error)

    def _progress(self, stack: str, text: str) -> None:
        if stack in self.busy:
            self.busy[stack] = text
            if self.is_mounted and stack in self.stacks:
                self.table.invalidate([stack])

    def _finished(self, app: App, report: StackReport, error: str) -> None:
        self.busy.pop(report.plan.stack, None)
        if error:
            app.notify(error, severity="warning")
        elif report.failures:
            shown, hidden = first_rows(report.failures, 8)
            lines = [f"{f.kind} {f.name}: {clipped(f.explanation, 200)}" for f in shown]
            if hidden:
                lines.append(f"… and {hidden} more")
            app.notify(
                "\n".join(lines),
                title=f"Removing stack {report.plan.stack}: {len(report.failures)} failed",
                severity="error",
                timeout=12,
            )
        else:
            app.notify(report_text(report), timeout=4)
        if self in app.screen_stack:
            self.reload()


def open_stacks(app: App) -> None:
    """Show the stacks (one view at a time: a second ``:stacks`` brings it back)."""
    if not isinstance(app.screen, StacksScreen):
        app.push_screen(StacksScreen())
