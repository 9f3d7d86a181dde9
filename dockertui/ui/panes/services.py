"""The Swarm services pane (8): every service with its mode, replicas running/desired, image,
published ports, update status, stack and age; ``enter`` shows its tasks; scale, update
the image, rollback, force update, remove.

Only a swarm member has services: the pane's tab is hidden until the daemon's role is read
(``/info``, in a worker after connecting), and stays hidden on a daemon out of swarm, where
``8`` says so. On a worker node the pane says that only managers list services.

Live: ``service`` and ``node`` events re-read the list (one call); tasks send no events,
so while the pane is on screen the services (and the tasks shown) are read again every
``POLL_INTERVAL`` seconds — one list call each, none while the pane is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import TabbedContent

from dockertui.engine.events import DockerEvent
from dockertui.engine.service_actions import ServiceActionFailed, ServiceUpdateReport
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.engine.swarm import NodeSummary, ServiceSummary, SwarmReadFailed, SwarmRole, TaskSummary
from dockertui.ui.clipboard import copy_text
from dockertui.ui.daemon_session import current_session, session_or_say
from dockertui.ui.messages import OpenShellRequested, ServiceLogsRequested
from dockertui.ui.panes.details_list_pane import DetailsListPane
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.service_prompt import ServicePrompt, image_check, replicas_check
from dockertui.ui.text_roles import role_style
from dockertui.ui.throttle import Throttle
from dockertui.ui.type_ahead import motions_at_read_time, open_dialog, opening_key
from dockertui.ui.widgets.service_tasks import ServiceTasks, short_ago, stamp_of, update_words
from dockertui.ui.widgets.virtual_table import CellValue, Column

#: While the pane is on screen, services (and the tasks shown) are read this often (seconds).
POLL_INTERVAL = 2.0
#: ``service``/``node`` events re-read the list at most this often (seconds).
EVENT_INTERVAL = 0.5
#: Cells of the replicas bar.
BAR_WIDTH = 5

NOT_IN_SWARM = "This daemon is not in a swarm: it has no services (docker swarm init or join makes it one)."
WORKER = "This node is a swarm worker: services are listed only by managers (connect to a manager to see them)."

# At 80 columns name, replicas, image and update status stay.
COLUMNS = (
    Column("name", "NAME", 16, min_width=14, priority=100, flex=1),
    Column("mode", "MODE", 10, priority=40),
    Column("replicas", "REPLICAS", 11, priority=95),
    Column("image", "IMAGE", 26, min_width=18, priority=90, flex=3, shrink_order=10),
    Column("ports", "PORTS", 11, min_width=9, priority=50),
    Column("update", "UPDATE", 13, min_width=10, priority=70, shrink_order=60),
    Column("stack", "STACK", 8, priority=30),
    Column("created", "AGE", 8, priority=20),
)


def replicas_bar(running: int, desired: int) -> str:
    """ "███░░": the share of the desired tasks running, in BAR_WIDTH cells."""
    if desired <= 0:
        return "░" * BAR_WIDTH if running == 0 else "█" * BAR_WIDTH
    filled = round(min(running, desired) * BAR_WIDTH / desired)
    if running and not filled:
        filled = 1
    return "█" * filled + "░" * (BAR_WIDTH - filled)


class ServicesPane(DetailsListPane[ServiceSummary, ServiceTasks]):
    PANE_ID = "services"
    TITLE = "Services"
    HOTKEY = "8"
    COLUMNS = COLUMNS
    SORT_KEYS = (("name", "name"), ("created", "age"), ("stack", "stack"))
    DESCENDING_FIRST = frozenset({"created"})
    FILTER_PLACEHOLDER = "filter by name, image, stack or label — enter keeps it, escape clears"
    EMPTY_TEXT = "no services"

    BINDINGS = [
        Binding("enter", "details", "Tasks", id="services.tasks"),
        # Keys that open a dialog are read when the app reads them: what is typed right after
        # lands in the dialog, never on the list (ui/type_ahead.py).
        opening_key("s", "scale", "Scale", id="services.scale"),
        opening_key("u", "update_image", "Update image", id="services.update_image"),
        opening_key("R", "rollback", "Rollback", id="services.rollback"),
        opening_key("F", "force_update", "Force update", id="services.force_update"),
        opening_key("d", "remove", "Remove", id="services.remove"),
        *motions_at_read_time(),
        Binding("l", "logs", "Logs", id="services.logs"),
        Binding("c", "copy_id", "Copy ID", id="services.copy_id", show=False),
        Binding("N", "sort('name')", "Sort by name", id="services.sort.name", show=False),
        Binding("A", "sort('created')", "Sort by age", id="services.sort.created", show=False),
        Binding("K", "sort('stack')", "Sort by stack", id="services.sort.stack", show=False),
    ]

    @dataclass
    class RoleRead(Message):
        session: DaemonSession
        role: SwarmRole | None
        error: str = ""

    @dataclass
    class Listed(Message):
        session: DaemonSession
        services: list[ServiceSummary] | None
        error: str = ""
        #: The tasks of this service (None: not read this time).
        task_service: str | None = None
        tasks: list[TaskSummary] = field(default_factory=list)
        tasks_error: str = ""
        nodes: list[NodeSummary] | None = None

    @dataclass
    class Done(Message):
        text: str = ""
        error: str = ""
        title: str = ""

    def __init__(self) -> None:
        super().__init__()
        self._needle = ""
        self.role: SwarmRole | None = None
        self.role_error = ""
        self.nodes: dict[str, NodeSummary] = {}
        #: A read is on its way (one at a time), and another was asked for meanwhile.
        self._reading = False
        self._read_again = False
        self._poll_timer: Timer | None = None
        self._event_throttle: Throttle | None = None
        self._pending_selection: str | None = None
        self._listed_once = False
        #: The session whose role is being read, and whether the pane is to be shown then.
        self._probing: DaemonSession | None = None
        self._show_after = False

    def make_details(self) -> ServiceTasks:
        return ServiceTasks(id="service-tasks")

    def on_mount(self) -> None:
        super().on_mount()
        self._event_throttle = Throttle(self, EVENT_INTERVAL, self.read_now)

    # -- the daemon's role ----------------------------------------------------------------

    @property
    def available(self) -> bool:
        """The daemon is in a swarm (a manager or a worker): the tab is shown."""
        return self.role is not None and self.role.active

    @property
    def lists_services(self) -> bool:
        return self.role is not None and self.role.active and self.role.manager

    def probe(self, session: DaemonSession, *, show_after: bool = False) -> None:
        """Read the daemon's swarm role in a worker (after connecting, never on the UI thread);
        one read at a time per daemon (8 held down asks once)."""
        if self._probing is session:
            self._show_after = self._show_after or show_after
            return
        self._probing, self._show_after = session, show_after
        self._probe(session)

    @work(thread=True, group="swarm-role", exit_on_error=False)
    def _probe(self, session: DaemonSession) -> None:
        try:
            role = session.swarm_role()
        except SwarmReadFailed as failure:
            self.post_message(self.RoleRead(session, None, str(failure)))
            return
        self.post_message(self.RoleRead(session, role))

    def on_services_pane_role_read(self, message: RoleRead) -> None:
        message.stop()
        if message.session is self._probing:
            self._probing = None
        if message.session is not current_session(self):
            return  # a daemon switched away from
        # 8 (or :services) asked for the pane: shown if the daemon is a swarm member, else said.
        show_after, self._show_after = self._show_after, False
        was = self.role
        self.role, self.role_error = message.role, message.error
        self._show_tab(self.available)
        if not self.available:
            self.set_unlisted("")
            self.apply([], list(self.items))
        elif not self.role or not self.role.manager:
            self.set_unlisted(WORKER)
            self.apply([], list(self.items))
        else:
            self.set_unlisted("")
            if was is None or not was.manager or not was.active:
                self.read_now()
        self._show_note()
        if show_after:
            if self.available:
                self.app.call_later(self.app.run_action, f"show_pane({self.PANE_ID!r})")
            else:
                self._say_not_in_swarm()

    def _say_not_in_swarm(self) -> None:
        if self.role_error:
            self.notify(f"Could not read the swarm role: {self.role_error}", severity="error", timeout=8)
        else:
            self.notify(NOT_IN_SWARM, title="No swarm services", severity="warning", timeout=8)

    def asked_to_show(self) -> None:
        """8 or :services while the tab is hidden: read the role again (the daemon may have
        joined a swarm since), then show the pane or say why not."""
        session = session_or_say(self)
        if session is not None:
            self.probe(session, show_after=True)

    def _tabs(self) -> TabbedContent | None:
        for ancestor in self.ancestors:
            if isinstance(ancestor, TabbedContent):
                return ancestor
        return None

    def _show_tab(self, shown: bool) -> None:
        tabs = self._tabs()
        if tabs is None:
            return
        if shown:
            tabs.show_tab(self.PANE_ID)
            return
        if tabs.active == self.PANE_ID:
            # Hidden while in front (a switch to a daemon out of swarm): back to the containers.
            self.app.call_later(self.app.run_action, "show_pane('containers')")
        tabs.hide_tab(self.PANE_ID)

    def hide_tab_now(self) -> None:
        """At start-up, before the first paint: the tab shows only once the role says so."""
        self._show_tab(False)

    # -- live ---------------------------------------------------------------------------

    def note_events(self, batch: Iterable[DockerEvent]) -> None:
        """From the event stream: a service or node changed (tasks send no events)."""
        kinds = {event.type for event in batch if event.type in ("service", "node")}
        if not kinds:
            return
        session = current_session(self)
        if "node" in kinds and session is not None:
            self.probe(session)  # promoted, demoted, left: the role may have changed
        if self.lists_services and self._event_throttle is not None:
            self._event_throttle.request()

    @property
    def on_screen(self) -> bool:
        """In front (a pane not in front is not displayed: its tabs' switcher hides it)."""
        return self.ready and self.display and self.available

    def on_show(self, _: events.Show) -> None:
        if self.lists_services:
            self.read_now()

    def on_hide(self, _: events.Hide) -> None:
        self._stop_polling()

    def _stop_polling(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
            self._poll_timer = None

    def read_now(self) -> None:
        """Read the services (and the tasks shown) now; one read at a time."""
        session = current_session(self)
        if session is None or not self.lists_services:
            return
        if self._reading:
            self._read_again = True
            return
        self._stop_polling()
        self._reading = True
        task_service = self.details.service_id if self.details_open else None
        want_nodes = task_service is not None and (
            not self.nodes or any(t.node_id and t.node_id not in self.nodes for t in self.details.tasks)
        )
        self._read(session, task_service, want_nodes)

    @work(thread=True, group="services-read", exit_on_error=False)
    def _read(self, session: DaemonSession, task_service: str | None, want_nodes: bool) -> None:
        try:
            services: list[ServiceSummary] | None = session.services()
            error = ""
        except SwarmReadFailed as failure:
            services, error = None, str(failure)
        tasks: list[TaskSummary] = []
        tasks_error = ""
        nodes = None
        if task_service is not None:
            try:
                tasks = session.tasks(task_service)
            except SwarmReadFailed as failure:
                tasks_error = str(failure)
            if want_nodes:
                try:
                    nodes = session.nodes()
                except SwarmReadFailed:
                    nodes = None  # hostnames stay IDs
        self.post_message(self.Listed(session, services, error, task_service, tasks, tasks_error, nodes))

    def on_services_pane_listed(self, message: Listed) -> None:
        message.stop()
        if message.session is not current_session(self):
            return
        self._reading = False
        if message.nodes is not None:
            self.nodes = {node.id: node for node in message.nodes}
        if message.services is not None:
            fresh = {service.id: service for service in message.services}
            removed = [key for key in self.items if key not in fresh]
            changed = [s for key, s in fresh.items() if self.items.get(key) != s]
            self.set_unlisted("")
            self._listed_once = True
            if self.ready:
                self.table.invalidate()  # the ages move on (a handful of rows)
            self.apply(changed, removed)
            if self.ready:
                if self._pending_selection and self._pending_selection in self.items:
                    self.select(self._pending_selection)
                    self._pending_selection = None
                self.refresh_bindings()
                self._refresh_details(removed)
        elif self.lists_services:
            self.set_unlisted(message.error)
        if message.task_service is not None and self.details_open:
            self.details.set_tasks(message.task_service, message.tasks, self.nodes, message.tasks_error)
        if self._read_again:
            self._read_again = False
            self.read_now()
        elif self.on_screen and self.lists_services:
            # Re-armed after each read: reads never overlap, and none while hidden.
            self._poll_timer = self.set_timer(POLL_INTERVAL, self.read_now)

    def _refresh_details(self, removed: Sequence[str]) -> None:
        if not self.details_open or self.details.service_id is None:
            return
        shown = self.details.service_id
        if shown in removed:
            self.details.service_gone()
        elif shown in self.items:
            self.details.update_service(self.items[shown])

    def reset(self) -> None:
        """Another daemon: nothing of this one, the tab hidden until its role is read."""
        self._stop_polling()
        self.role, self.role_error = None, ""
        self._probing, self._show_after = None, False
        self.nodes = {}
        self._reading = self._read_again = False
        self._pending_selection = None
        self._listed_once = False
        super().reset()
        self._show_tab(False)

    # -- rows ---------------------------------------------------------------------------

    def item_key(self, item: ServiceSummary) -> str:
        return item.id

    def cells(self, key: str) -> Sequence[CellValue]:
        service = self.items[key]
        name = Text(service.name, style=role_style(self, "strong"))
        full = service.running >= service.desired
        replicas = Text(f"{service.running}/{service.desired} ".rjust(6), style=role_style(self, "strong"))
        replicas.append(
            replicas_bar(service.running, service.desired), style=role_style(self, "good" if full else "warning")
        )
        update = Text(update_words(service.update_state) or "—")
        if not service.update_state or service.update_state == "completed":
            update.stylize(role_style(self, "muted"))
        elif "rollback" in service.update_state or service.update_state == "paused":
            update.stylize(role_style(self, "bad"))
        else:
            update.stylize(role_style(self, "warning"))
        ports = ", ".join(str(port) for port in service.ports)
        return (
            name,
            Text(service.mode, style=role_style(self, "muted")),
            replicas,
            service.image_short,
            Text(ports or "—", style="" if ports else role_style(self, "muted")),
            update,
            Text(service.stack or "—", style="" if service.stack else role_style(self, "muted")),
            Text(short_ago(service.created), style=role_style(self, "muted")),
        )

    def shows(self, item: ServiceSummary) -> bool:
        needle = self._needle
        if not needle:
            return True
        labels = " ".join(f"{k}={v}" for k, v in item.labels.items())
        return any(needle in text.lower() for text in (item.name, item.image, item.stack, item.mode, labels))

    def sort_value(self, item: ServiceSummary, sort_key: str) -> Any:
        if sort_key == "created":
            return stamp_of(item.created)
        if sort_key == "stack":
            return (item.stack.lower(), item.name.lower())
        return item.name.lower()

    def status_text(self) -> Text:
        text = Text()
        role = self.role
        if role is not None and role.active and not role.manager:
            text.append("worker node", style=role_style(self, "warning", "strong"))
            text.append(" · services are listed only by managers", style=role_style(self, "muted"))
            return text
        text.append(f"{self.table.row_count:,} shown", style=role_style(self, "strong"))
        converged = sum(1 for s in self.items.values() if s.running >= s.desired)
        text.append(f" · {len(self.items):,} services, {converged} converged", style=role_style(self, "muted"))
        if role is not None and role.active:
            text.append(
                f" · swarm of {role.nodes} node(s), {role.managers} manager(s)", style=role_style(self, "muted")
            )
        if self._needle:
            text.append(" · filter ")
            text.append(self._needle, style=role_style(self, "strong"))
        label = dict(self.SORT_KEYS).get(self.sort_key, self.sort_key)
        text.append(f" · sort {label}{' ↓' if self.sort_reverse else ''}", style=role_style(self, "muted"))
        return text

    def _empty_text(self) -> str:
        if self._unlisted == WORKER:
            return WORKER  # not a refusal to explain: where services are listed
        return super()._empty_text()

    def _show_note(self) -> None:
        if self.ready:
            self.show_status()

    def on_filter_changed(self, text: str) -> None:
        self._needle = text.strip().lower()
        self.rebuild()

    def select(self, key: str) -> bool:
        if key in self.items and self._needle and not self.shows(self.items[key]):
            self.filter_input.value = ""
            self.filter_input.display = False
            self.on_filter_changed("")
        return super().select(key)

    def select_service(self, service_id: str, name: str = "") -> bool:
        """Select the service with this ID (else this name); before the first list, once it
        comes. False when there is no such service."""
        if service_id in self.items:
            return self.select(service_id)
        by_name = next((key for key, s in self.items.items() if name and s.name == name), None)
        if by_name is not None:
            return self.select(by_name)
        if self.lists_services and not self._listed_once:
            self._pending_selection = service_id
            return True
        return False

    def selected(self) -> ServiceSummary | None:
        """With the focus in the tasks, the service they belong to."""
        if self.ready and self.details_open and self.details.has_focus_within:
            return self.items.get(self.details.service_id or "")
        return super().selected()

    # -- tasks ----------------------------------------------------------------------------

    def action_details(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        if self.details_open and self.details.service_id == selected.id:
            self.action_close_details()
            return
        self.open_details()
        self.details.show_service(selected, self.role.node_id if self.role is not None else "")
        self.read_now()

    def show_tasks_of(self, service_id: str) -> None:
        """Open (or keep open) the tasks of this service: a rollout shows there."""
        if service_id not in self.items or not self.ready:
            return
        if not (self.details_open and self.details.service_id == service_id):
            self.select(service_id)
            self.open_details()
            self.details.show_service(self.items[service_id], self.role.node_id if self.role is not None else "")
        self.read_now()

    def _local_container(self, task: TaskSummary) -> str | None:
        """The task's container ID when it runs on this daemon's node; else None, said."""
        if not task.running or not task.container_id:
            self.notify(f"This task is {task.state or 'not running'}: it has no running container.", severity="warning")
            return None
        here = self.role.node_id if self.role is not None else ""
        if task.node_id != here:
            node = self.nodes.get(task.node_id)
            where = node.hostname if node is not None else task.node_id[:12]
            self.notify(
                f"This task runs on node {where}: its container is on that node's daemon, not this one.",
                severity="warning",
            )
            return None
        return task.container_id

    async def on_service_tasks_jump_requested(self, message: ServiceTasks.JumpRequested) -> None:
        message.stop()
        container_id = self._local_container(message.task)
        if container_id is None:
            return
        await self.app.run_action("show_pane('containers')")
        containers = getattr(self.app, "containers_pane", None)
        if containers is not None:
            containers.select_when_listed(container_id)

    def on_service_tasks_shell_wanted(self, message: ServiceTasks.ShellWanted) -> None:
        message.stop()
        container_id = self._local_container(message.task)
        service = self.items.get(message.task.service_id)
        if container_id is not None:
            name = f"{service.name}.{message.task.slot}" if service is not None else container_id[:12]
            self.post_message(OpenShellRequested(container_id, name))

    # -- actions --------------------------------------------------------------------------

    async def action_motion_now(self, action: str) -> None:
        """A motion read with the keys before an opening key: applied now (ui/type_ahead.py)."""
        if not self.table.has_focus:
            raise SkipAction()
        await self.table.run_action(action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "scale":
            selected = self.selected() if self.ready else None
            # Greyed (not hidden) on a global service: the key is there, not for it.
            return None if selected is not None and not selected.replicated else True
        return super().check_action(action, parameters)

    def _target(self) -> tuple[DaemonSession, ServiceSummary] | None:
        """The session and the service a key acts on (captured when the key is pressed)."""
        if not self.lists_services:
            self.notify(WORKER if self.available else NOT_IN_SWARM, severity="warning")
            return None
        selected = self.selected()
        if selected is None:
            self.notify("No service selected.", severity="warning", timeout=3)
            return None
        session = session_or_say(self)
        return (session, selected) if session is not None else None

    def _still(self, session: DaemonSession) -> bool:
        """The dialog's answer is for the daemon it was asked about."""
        if session is current_session(self):
            return True
        self.notify("The daemon changed meanwhile: nothing was sent.", severity="warning")
        return False

    async def action_scale(self) -> None:
        target = self._target()
        if target is None:
            return
        session, service = target
        if not service.replicated:
            self.notify(f"{service.name} is a {service.mode} service: it runs where it must, it has no scale.")
            return

        def chosen(replicas: int | None) -> None:
            if replicas is not None and self._still(session):
                self._act(session, service, "scale", replicas)

        check = replicas_check(service.name, service.desired)
        title = f"Scale {service.name} ({service.running}/{service.desired} running)"
        # Awaited: the next key is read once the field has the focus (ui/type_ahead.py).
        await open_dialog(self, ServicePrompt(title, str(service.desired), check, "replicas"), chosen)

    async def action_update_image(self) -> None:
        target = self._target()
        if target is None:
            return
        session, service = target
        current = service.image.partition("@")[0]

        def chosen(image: str | None) -> None:
            if image is not None and self._still(session):
                self.show_tasks_of(service.id)
                self._act(session, service, "update_image", image)

        check = image_check(service.name, current)
        title = f"Update the image of {service.name} (now {service.image_short})"
        await open_dialog(self, ServicePrompt(title, current, check, "nginx:1.27, registry:5000/app:2"), chosen)

    async def action_rollback(self) -> None:
        target = self._target()
        if target is None:
            return
        session, service = target
        if not service.previous_image:
            self.notify(f"{service.name} has no previous spec to roll back to: it was never updated.", timeout=5)
            return
        body = (
            f"{service.name} goes back to its previous spec"
            + (f" (image {service.previous_image})." if service.previous_image else ".")
            + "\n\nThe daemon refuses if the service has no previous spec."
        )
        await self._ask(session, service, f"Roll back {service.name}?", body, "Roll back", "rollback")

    async def action_force_update(self) -> None:
        target = self._target()
        if target is None:
            return
        session, service = target
        body = (
            f"Every task of {service.name} is replaced by a new one, as its update config says "
            f"(docker service update --force). Image: {service.image_short}."
        )
        await self._ask(session, service, f"Force an update of {service.name}?", body, "Force update", "force")

    async def action_remove(self) -> None:
        target = self._target()
        if target is None:
            return
        session, service = target
        body = (
            f"{service.mode} service {service.short_id}, {service.running}/{service.desired} running, "
            f"image {service.image_short}.\n\nEvery task of it is stopped and its containers removed."
        )
        await self._ask(session, service, f"Remove service {service.name}?", body, "Remove", "remove")

    async def _ask(
        self, session: DaemonSession, service: ServiceSummary, title: str, body: str, label: str, what: str
    ) -> None:
        def decided(confirmed: bool | None) -> None:
            if confirmed and self._still(session):
                if what in ("rollback", "force"):
                    self.show_tasks_of(service.id)
                self._act(session, service, what)

        await open_dialog(self, ConfirmDialog(title, body, label), decided)

    @work(thread=True, group="service-actions", exit_on_error=False)
    def _act(self, session: DaemonSession, service: ServiceSummary, what: str, value: Any = None) -> None:
        name = service.name
        try:
            report: ServiceUpdateReport | None = None
            if what == "scale":
                report = session.scale_service(service.id, int(value), name=name)
                done = f"Scaled {name} to {value} replica(s)"
            elif what == "update_image":
                report = session.update_service_image(service.id, str(value), name=name)
                done = f"Updating {name} to {value}: the tasks show the rollout"
            elif what == "rollback":
                report = session.rollback_service(service.id, name=name)
                done = f"Rolling {name} back"
            elif what == "force":
                report = session.force_update_service(service.id, name=name)
                done = f"Forced an update of {name}"
            else:
                session.remove_service(service.id, name=name)
                done = f"Removed service {name}"
        except (ServiceActionFailed, ReadOnlyRefused) as failure:
            self.post_message(self.Done(error=str(failure), title=f"Could not change {name}"))
            return
        if report is not None and report.warnings:
            done += " — the daemon warns: " + "; ".join(report.warnings)
        self.post_message(self.Done(done))

    def on_services_pane_done(self, message: Done) -> None:
        message.stop()
        if message.text:
            self.notify(message.text, timeout=6)
        if message.error:
            self.notify(message.error, title=message.title, severity="error", timeout=12)
        self.read_now()

    # -- logs, copy -----------------------------------------------------------------------

    def action_logs(self) -> None:
        selected = self.selected()
        if selected is not None:
            self.post_message(ServiceLogsRequested(selected))

    def action_copy_id(self) -> None:
        selected = self.selected()
        if selected is not None:
            copy_text(self.app, selected.id, f"the ID of service {selected.name}")
