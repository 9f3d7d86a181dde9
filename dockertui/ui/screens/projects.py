"""Compose projects (``:projects``, or ``P`` in the containers pane): every project of the
daemon with its services, running/total, working dir and config files; under the list,
the selected project's containers, networks and volumes.

The list is grouped from the live inventory (no request of its own) and grouped again
after every change the event stream brings, so projects come and go and their counts
move as they do in the containers pane. Keys act on the whole project, after one
confirmation that lists what will happen: ``s`` stops (or starts, when nothing is up),
``r`` restarts, ``d`` takes it down (``v`` in the dialog: volumes too), ``l`` shows
the services' logs merged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from dockertui.engine.project_actions import Failure, ProjectPlan, ProjectReport, plan_action
from dockertui.engine.projects import Project, group_projects, is_oneoff
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.ui.daemon_session import NOT_CONNECTED, current_session, session_or_say
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.project_down import ProjectDownDialog
from dockertui.ui.screens.project_logs import ProjectLogsScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.summary_limits import clipped, first_rows
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.app_footer import AppFooter
from dockertui.ui.widgets.nav_scroll import NavScroll
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.virtual_table import CellValue, Column, VirtualTable

COLUMNS = (
    Column("name", "Project", 18, min_width=12, priority=100, flex=1),
    Column("state", "State", 12, priority=90),
    Column("services", "Services", 28, min_width=20, priority=80, flex=2),
    Column("working_dir", "Working dir", 24, min_width=12, priority=50, flex=1),
    Column("config_files", "Config files", 24, min_width=20, priority=40, flex=1),
)

#: The words of each action's confirmation: (title verb, button, what happens).
ACTION_WORDS = {
    "stop": ("Stop", "Stop", "They are stopped (each with its stop timeout); nothing is removed."),
    "start": ("Start", "Start", "They are started as they are; nothing is created."),
    "restart": ("Restart", "Restart", "Each is stopped (with its stop timeout) and started again."),
}


def services_text(project: Project) -> str:
    """ "web 2/2, db 0/1" """
    return ", ".join(f"{service.name} {service.running}/{service.total}" for service in project.services)


def report_text(report: ProjectReport) -> str:
    plan = report.plan
    if plan.action == "down":
        return f"Project {plan.project} is down: removed {len(report.done)} object(s)."
    return f"Project {plan.project}: {plan.action} done for {len(report.done)} container(s)."


def failures_text(failures: Sequence[Failure]) -> str:
    shown, hidden = first_rows(list(failures), 8)
    lines = [f"{failure.kind} {failure.name}: {clipped(failure.explanation, 200)}" for failure in shown]
    if hidden:
        lines.append(f"… and {hidden} more")
    return "\n".join(lines)


class ProjectsScreen(QuitsOnQ, AppModalScreen[None]):
    BINDING_GROUP_TITLE = "Projects"  # how help and the palette name these keys
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    BINDINGS = [
        Binding("escape", "close", "Close", id="projects.close"),
        Binding("s", "stop", "Stop", id="projects.stop"),
        Binding("s", "start", "Start", id="projects.start"),
        Binding("r", "restart", "Restart", id="projects.restart"),
        Binding("d", "down", "Down", id="projects.down"),
        Binding("l", "logs", "Logs", id="projects.logs"),
        Binding("enter", "details", "Details", id="projects.details"),
    ]

    @dataclass
    class Progress(Message):
        project: str
        text: str

    def __init__(self) -> None:
        super().__init__()
        self.projects: dict[str, Project] = {}
        #: Actions under way, by project ("stopping 1/2 container(s)…").
        self.busy: dict[str, str] = {}
        self._unwatch: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="projects-box"):
            yield StatusLine(id="projects-status", classes="pane-status")
            yield VirtualTable(COLUMNS, self.cells, empty_text="no compose projects", id="projects-table")
            with NavScroll(id="projects-detail-scroll"):
                yield Static(id="projects-detail", markup=False)
        yield AppFooter(compact=True, show_command_palette=False)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#projects-table", VirtualTable)

    def on_mount(self) -> None:
        router = getattr(self.app, "live_router", None)
        if router is not None:
            self._unwatch = router.watch_inventory(self.regroup)
        self.regroup()
        self.table.focus()

    def on_unmount(self) -> None:
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None

    # -- rows ---------------------------------------------------------------------------

    def regroup(self) -> None:
        """Group the projects again from the live inventory (after every change to it)."""
        session = current_session(self)
        live = session.live if session is not None else None
        if live is None:
            self.projects = {}
        else:
            inventory = live.inventory
            # Copies taken at once: the stream's thread may change the dicts meanwhile.
            self.projects = group_projects(
                list(inventory.containers.values()),
                list(inventory.networks.values()),
                list(inventory.volumes.values()),
            )
        table = self.table
        table.invalidate()
        table.set_rows(list(self.projects))
        self._show_status()
        self._show_detail()
        self.refresh_bindings()

    def cells(self, key: str) -> Sequence[CellValue]:
        project = self.projects[key]
        busy = self.busy.get(key)
        if busy:
            state = Text(busy, style=role_style(self, "warning", "strong"))
        else:
            role = "good" if project.running == project.total else ("muted" if project.running == 0 else "warning")
            state = Text(project.state_text, style=role_style(self, role))
        return (
            Text(project.name, style=role_style(self, "strong")),
            state,
            services_text(project),
            project.working_dir,
            ", ".join(project.config_files),
        )

    def selected(self) -> Project | None:
        key = self.table.cursor_key
        return self.projects.get(key) if key else None

    def _show_status(self) -> None:
        text = Text()
        session = current_session(self)
        if session is None:
            text.append(NOT_CONNECTED, style=role_style(self, "bad"))
        else:
            running = sum(1 for p in self.projects.values() if p.running)
            text.append(f"Compose projects: {len(self.projects)}", style=role_style(self, "strong"))
            text.append(f" ({running} running)")
        text.append(
            "   s stop/start · r restart · d down · l logs · enter details · escape closes",
            style=role_style(self, "muted"),
        )
        self.query_one("#projects-status", StatusLine).set_text(text)

    def _show_detail(self) -> None:
        project = self.selected()
        body = self.query_one("#projects-detail", Static)
        if project is None:
            body.update("")
            return
        text = Text()
        strong, muted = role_style(self, "strong"), role_style(self, "muted")

        def row(label: str, value: str) -> None:
            text.append(f"{label:<13}", style=strong)
            text.append(f"{clipped(value)}\n")

        row("Project", project.name)
        row("Working dir", project.working_dir or "—")
        row("Config files", ", ".join(project.config_files) or "—")
        width = max((len(service.name) for service in project.services), default=0)
        text.append("Services\n", style=strong)
        services, hidden = first_rows(list(project.services), 50)
        for service in services:
            text.append(f"  {clipped(service.name, 40):<{min(width, 40)}}  {service.running}/{service.total}\n")
            for container in service.containers:
                text.append(f"      {container.name}  ", style=muted if is_oneoff(container) else None)
                text.append(
                    container.state_text, style=role_style(self, "good" if container.state == "running" else "")
                )
                text.append(f"  {container.image}{'  (one-off)' if is_oneoff(container) else ''}\n", style=muted)
        if hidden:
            text.append(f"  … {hidden} more services\n", style=muted)
        networks = ", ".join(f"{n.name} ({n.driver})" for n in project.networks)
        volumes = ", ".join(v.name for v in project.volumes)
        row("Networks", networks or "—")
        row("Volumes", volumes or "—")
        body.update(text)

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        message.stop()
        self._show_detail()
        self.refresh_bindings()

    # -- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("stop", "start", "restart", "down", "logs", "details"):
            project = self.selected() if self.is_mounted else None
            if project is None:
                return None if action != "start" else False  # greyed with nothing selected
            if action == "stop":
                return (project.name not in self.busy or None) if project.up else False
            if action == "start":
                return (project.name not in self.busy or None) if not project.up else False
            if project.name in self.busy and action in ("restart", "down"):
                return None  # one action at a time on a project: greyed until it is done
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_details(self) -> None:
        """enter: into the selected project's details (to scroll them); again: back."""
        scroll = self.query_one("#projects-detail-scroll", NavScroll)
        if scroll.has_focus:
            self.table.focus()
        else:
            scroll.focus()

    def action_stop(self) -> None:
        self._confirm_action("stop")

    def action_start(self) -> None:
        self._confirm_action("start")

    def action_restart(self) -> None:
        self._confirm_action("restart")

    def _confirm_action(self, action: str) -> None:
        project = self.selected()
        if project is None:
            return
        plan = plan_action(project, action)
        if not plan.containers:
            self.notify(f"Nothing to {action} in project {project.name}.", severity="warning")
            return
        verb, label, consequence = ACTION_WORDS[action]
        shown, hidden = first_rows([t.name for t in plan.containers], 20)
        names = "\n".join(f"  {name}" for name in shown) + (f"\n  … and {hidden} more" if hidden else "")
        title = f"{verb} project {project.name}: {len(plan.containers)} container(s)?"

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self._launch(plan)

        self.app.push_screen(
            ConfirmDialog(title, f"{names}\n\n{consequence}", label, danger=action != "start"), decided
        )

    def action_down(self) -> None:
        project = self.selected()
        if project is None:
            return

        def decided(plan: ProjectPlan | None) -> None:
            if plan is not None:
                self._launch(plan)

        self.app.push_screen(ProjectDownDialog(project), decided)

    def action_logs(self) -> None:
        project = self.selected()
        session = session_or_say(self)
        if project is not None and session is not None:
            self.app.push_screen(ProjectLogsScreen(session, project))

    # -- running a plan -----------------------------------------------------------------

    def _launch(self, plan: ProjectPlan) -> None:
        session = session_or_say(self)
        if session is None:
            return
        self.busy[plan.project] = f"{plan.action}…"
        self.table.invalidate([plan.project])
        self.refresh_bindings()
        # The app is taken here: once the view is closed, the worker thread cannot find it
        # through the screen (NoActiveAppError), and the report was lost.
        self._run(self.app, session, plan)

    @work(thread=True, group="project-actions", exit_on_error=False)
    def _run(self, app: App, session: DaemonSession, plan: ProjectPlan) -> None:
        def progress(text: str) -> None:
            self.post_message(self.Progress(plan.project, text))

        try:
            report, error = session.run_project_plan(plan, progress=progress), ""
        except ReadOnlyRefused as refused:
            report, error = ProjectReport(plan), str(refused)
        # Through the app, not a message to this screen: the user may have closed it meanwhile,
        # and the outcome is still said.
        app.call_from_thread(self._finished, app, report, error)

    def on_projects_screen_progress(self, message: Progress) -> None:
        message.stop()
        if message.project in self.busy:
            self.busy[message.project] = message.text
            if message.project in self.projects:
                self.table.invalidate([message.project])

    def _finished(self, app: App, report: ProjectReport, error: str) -> None:
        self.busy.pop(report.plan.project, None)
        # Closed meanwhile: still "mounted" while its widgets are gone; only the report is said.
        if self in app.screen_stack:
            self.regroup()
        notify = app.notify
        if error:
            notify(error, severity="warning")
        elif report.failures:
            notify(
                failures_text(report.failures),
                title=f"{report.plan.action} {report.plan.project}: {len(report.failures)} failed",
                severity="error",
                timeout=12,
            )
        else:
            notify(report_text(report), timeout=4)


def open_projects(app: App) -> None:
    """Show the projects (one of them at a time: a second ``:projects`` brings it back)."""
    if not isinstance(app.screen, ProjectsScreen):
        app.push_screen(ProjectsScreen())
