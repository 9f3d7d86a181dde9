"""The containers pane (key 1): the live list, lifecycle keys and the details panel."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from typing import Any

import humanize
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer

from dockertui.engine.container_actions import Action, ActionFailed
from dockertui.engine.container_filter import parse_filter
from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.engine.stats import StatsSample
from dockertui.engine.transitions import Transitions
from dockertui.ui.clipboard import copy_text
from dockertui.ui.daemon_session import session_or_say
from dockertui.ui.messages import OpenShellRequested
from dockertui.ui.panes.details_list_pane import DetailsListPane
from dockertui.ui.screens.command_prompt import CommandPrompt
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.projects import open_projects
from dockertui.ui.settings import settings
from dockertui.ui.text_roles import role_style
from dockertui.ui.widgets.container_details import ContainerDetails
from dockertui.ui.widgets.virtual_table import ArrowKeyTable, CellValue, Column, VirtualTable

# Minimum widths are what stays readable; below them a column is dropped instead,
# lowest priority first (at 80 columns: project, image, then memory go; name, state,
# ports and the status stay). When short of room, columns shrink towards their
# minimum in shrink_order, the state and status last: "running (healthy)" stays whole,
# and the status keeps Docker's words ("Up 3 minutes") where they fit and says "Up 3m"
# where they do not, never a cut "Up Less than a …".
COLUMNS = (
    Column("name", "Name", 22, min_width=16, priority=100, flex=2, shrink_order=40),
    Column("image", "Image", 22, min_width=12, priority=52, flex=2, shrink_order=10),
    Column("state", "State", 17, min_width=15, priority=90, shrink_order=70),  # "restarting… 9s"
    Column("age", "Status", 16, min_width=9, priority=70, shrink_order=60),
    Column("ports", "Ports", 20, min_width=18, priority=80, flex=1, shrink_order=35),
    Column("project", "Project", 14, min_width=8, priority=40, flex=1, shrink_order=20),
    Column("cpu", "CPU %", 6, priority=56, align="right"),
    Column("memory", "Memory", 9, priority=55, align="right"),
)

#: The text role of each state (how a role looks is in app.tcss).
STATE_ROLES = {
    "running": "good",
    "paused": "warning",
    "restarting": "warning",
    "created": "info",
    "exited": "muted",
    "dead": "bad",
    "removing": "bad",
}

#: Seconds between refreshes of the age column ("Up 3 minutes"); only rows whose text
#: changed are redrawn.
AGE_REFRESH = 1.0

#: Containers acted on at once by a bulk action (each stop may wait out its timeout).
ACTIONS_AT_ONCE = 8


def state_role(container: ContainerSummary) -> str:
    if container.health == "unhealthy" or (container.state == "exited" and container.exit_code not in (0, None)):
        return "bad"
    return STATE_ROLES.get(container.state, "")


def project_cell(container: ContainerSummary) -> str:
    if container.project and container.service:
        return f"{container.project}/{container.service}"
    return container.project


def stats_cells(sample: StatsSample | None) -> tuple[str, str]:
    """The CPU and memory cells of a row: what a sample shows."""
    if sample is None:
        return "", ""
    cpu = f"{sample.cpu_percent:.1f}" if sample.cpu_percent is not None else ""
    return cpu, humanize.naturalsize(sample.memory_used, binary=True, format="%.0f")


class ContainersPane(DetailsListPane[ContainerSummary, ContainerDetails]):
    """Every container of the daemon; keys act on the selected or the marked ones."""

    PANE_ID = "containers"
    TITLE = "Containers"
    HOTKEY = "1"
    COLUMNS = COLUMNS
    SORT_KEYS = (("name", "name"), ("state", "state"), ("created", "created"), ("cpu", "CPU"), ("memory", "memory"))
    DESCENDING_FIRST = frozenset({"cpu", "memory", "created"})
    FILTER_PLACEHOLDER = (
        "filter: words match name, image, project; status=exited label=k=v name= image= "
        "project= health= — enter keeps it, escape clears"
    )
    EMPTY_TEXT = "no containers"
    #: Seconds the stats streams stay open once the pane is hidden: a look at another pane
    #: and back (a pane switch closed six streams and opened them again, with their threads
    #: and connections, and the CPU column was blank for a second each time).
    STATS_LINGER = 10.0
    TABLE = ArrowKeyTable

    BINDINGS = [
        Binding("s", "stop", "Stop", id="containers.stop"),
        Binding("s", "start", "Start", id="containers.start"),
        Binding("r", "restart", "Restart", id="containers.restart"),
        Binding("p", "pause", "Pause", id="containers.pause", show=False),
        Binding("p", "unpause", "Unpause", id="containers.unpause", show=False),
        Binding("k", "kill", "Kill", id="containers.kill", show=False),
        Binding("d", "remove", "Remove", id="containers.remove"),
        Binding("space", "mark", "Mark", id="containers.mark", show=False),
        Binding("c", "copy_id", "Copy ID", id="containers.copy_id", show=False),
        Binding("enter", "details", "Details", id="containers.details"),
        Binding("l", "details('logs')", "Logs", id="containers.logs"),
        Binding("i", "details('inspect')", "Inspect", id="containers.inspect", show=False),
        Binding("e", "exec", "Shell", id="containers.exec"),
        Binding("E", "exec_command", "Run a command", id="containers.exec_command", show=False),
        Binding("a", "toggle_all", "All/running", id="containers.toggle_all", show=False),
        Binding("N", "sort('name')", "Sort by name", id="containers.sort.name", show=False),
        Binding("S", "sort('state')", "Sort by state", id="containers.sort.state", show=False),
        Binding("A", "sort('created')", "Sort by age", id="containers.sort.created", show=False),
        Binding("C", "sort('cpu')", "Sort by CPU", id="containers.sort.cpu", show=False),
        Binding("M", "sort('memory')", "Sort by memory", id="containers.sort.memory", show=False),
        Binding("G", "toggle_group", "Group by project", id="containers.group", show=False),
        # P: p is pause, and G already groups the list by project; these are the projects themselves.
        Binding("P", "projects", "Compose projects", id="containers.projects", show=False),
    ]

    @dataclass
    class WatchStats(Message):
        """The running containers on screen changed: stream stats for exactly these."""

        container_ids: set[str]

    @dataclass
    class ActionDone(Message):
        action: Action
        names: list[str]
        failures: list[ActionFailed]

    @dataclass
    class ActionProgress(Message):
        text: str

    @dataclass
    class ActionFinished(Message):
        """One container's part of an action returned (``failure`` None: it worked)."""

        container_id: str
        action: Action
        failure: ActionFailed | None

    def __init__(self) -> None:
        super().__init__()
        self.show_all = True
        self.group_by_project = False
        self.filter = parse_filter("")
        self.stats: dict[str, StatsSample] = {}
        self._ages: dict[str, str] = {}
        self._progress = ""
        self._watched: set[str] = set()
        self._linger: Timer | None = None
        self._pending_selection: str | None = None
        self.transitions = Transitions()

    def make_details(self) -> ContainerDetails:
        return ContainerDetails(id="container-details")

    def item_key(self, item: ContainerSummary) -> str:
        return item.id

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(AGE_REFRESH, self._refresh_ages)
        # Ticks the elapsed seconds of actions under way; paused while there are none.
        self._transition_clock = self.set_interval(1.0, self._tick_transitions, pause=True)

    # -- rows ---------------------------------------------------------------------------

    def cells(self, key: str) -> Sequence[CellValue]:
        container = self.items[key]
        sample = self.stats.get(key) if container.state == "running" else None
        age = self._age(container, time.time())
        self._ages[key] = age
        cpu, memory = stats_cells(sample)
        transition = self.transitions.get(key)
        if transition is not None:
            state = Text(transition.label(time.monotonic()), style=role_style(self, "warning", "strong"))
        else:
            state = Text(container.state_text, style=role_style(self, state_role(container)))
        return (
            Text(container.name, style=role_style(self, "strong")),
            container.image,
            state,
            age,
            ", ".join(str(port) for port in container.ports),
            project_cell(container),
            cpu,
            memory,
        )

    def _age(self, container: ContainerSummary, now: float) -> str:
        """Docker's words when they fit the column ("Up 3 minutes"), else "Up 3m"."""
        full = container.age_text(now)
        width = self.table.placed_width("age")
        return container.age_text(now, compact=True) if 0 < width < len(full) else full

    def shows(self, item: ContainerSummary) -> bool:
        if not self.show_all and item.state != "running":
            return False
        return self.filter.matches(item)

    def sort_value(self, item: ContainerSummary, sort_key: str) -> Any:
        if sort_key == "cpu":
            sample = self.stats.get(item.id)
            value: Any = (sample.cpu_percent or 0.0) if sample else -1.0
        elif sort_key == "memory":
            sample = self.stats.get(item.id)
            value = sample.memory_used if sample else -1
        elif sort_key == "created":
            value = item.created
        elif sort_key == "state":
            value = (item.state, item.name.lower())
        else:
            value = item.name.lower()
        if self.group_by_project:
            # Containers of a compose project stay together; loose ones go last.
            return (item.project == "", item.project.lower(), value)
        return value

    def status_text(self) -> Text:
        text = Text()
        running = sum(1 for c in self.items.values() if c.state == "running")
        text.append(f"{self.table.row_count:,} shown", style=role_style(self, "strong"))
        text.append(f" · {running:,} running of {len(self.items):,}", style=role_style(self, "muted"))
        if self._progress:  # early in the line: at 80 columns its end is cut
            text.append(f" · {self._progress}", style=role_style(self, "warning", "strong"))
        text.append(" · all" if self.show_all else " · running only")
        if self.filter.text.strip():
            text.append(" · filter ")
            text.append(self.filter.text.strip(), style=role_style(self, "strong"))
            if self.filter.unknown_keys:
                text.append(
                    f" (unknown key: {', '.join(self.filter.unknown_keys)} — matched as text)",
                    style=role_style(self, "warning"),
                )
        label = dict(self.SORT_KEYS).get(self.sort_key, self.sort_key)
        text.append(f" · sort {label}{' ↓' if self.sort_reverse else ''}", style=role_style(self, "muted"))
        if self.group_by_project:
            text.append(" · grouped by project", style=role_style(self, "muted"))
        if self.table.marked:
            text.append(f" · {len(self.table.marked)} marked", style=role_style(self, "marked"))
        return text

    def rebuild(self) -> None:
        super().rebuild()
        self._update_watch()

    def on_filter_changed(self, text: str) -> None:
        self.filter = parse_filter(text)
        self.rebuild()

    def apply(self, upserted: Iterable[ContainerSummary], removed: Iterable[str]) -> None:
        removed = list(removed)
        upserted = list(upserted)
        for key in removed:
            self.stats.pop(key, None)
            self._ages.pop(key, None)
            self.transitions.observe(key, None)
        for item in upserted:
            self.transitions.observe(item.id, item.state)
        super().apply(upserted, removed)
        if not self.ready:
            return
        # The keys' labels depend on the state of the rows they act on (s Start or s Stop):
        # a change to one of those rows changes what the footer must say.
        cursor = self.table.cursor_key
        targets = self.table.marked or ({cursor} if cursor else set())
        if targets & ({item.id for item in upserted} | set(removed)):
            self.refresh_bindings()
        if self._pending_selection and self._pending_selection in self.items:
            self.select(self._pending_selection)
            self._pending_selection = None
        if self.details_open and self.details.container_id in removed:
            self.details.container_gone()
        elif self.details_open and self.details.container_id in self.items:
            self.details.container_changed(self.items[self.details.container_id])

    def reset(self) -> None:
        self.stats.clear()
        self._watched = set()
        super().reset()

    def apply_stats(self, samples: Iterable[StatsSample]) -> None:
        if not self.ready:
            return
        changed = []
        for sample in samples:
            if sample.container_id in self.items:
                before = self.stats.get(sample.container_id)
                if sample.cpu_percent is None and before is not None:
                    # A stream's first sample has no CPU figure yet (it needs two): the last
                    # one stays shown, rather than a blank cell for a second after every
                    # return to this pane.
                    sample = replace(sample, cpu_percent=before.cpu_percent)
                self.stats[sample.container_id] = sample
                # Drawn again only if what its cells say changed: an idle container's
                # "0.0  1 MiB" each second repainted the table for nothing.
                if stats_cells(sample) != stats_cells(before):
                    changed.append(sample.container_id)
        if changed:
            self.table.invalidate(changed)
        if self.sort_key in ("cpu", "memory") and changed:
            self.rebuild()
        if self.details_open:
            self.details.show_stats([s for s in samples if s.container_id == self.details.container_id])

    def _refresh_ages(self) -> None:
        if not self.ready:
            return
        now = time.time()
        stale = [
            key
            for key in self.table.visible_keys()
            if key in self.items and self._ages.get(key) != self._age(self.items[key], now)
        ]
        if stale:
            self.table.invalidate(stale)

    # -- stats streams follow what is on screen -------------------------------------------

    def on_virtual_table_viewport_changed(self, message: VirtualTable.ViewportChanged) -> None:
        message.stop()
        self._update_watch()

    def on_show(self) -> None:
        self._update_watch()

    def on_hide(self) -> None:
        self._update_watch()

    def _update_watch(self) -> None:
        if self._linger is not None:
            self._linger.stop()
            self._linger = None
        if not self.display and self._watched:
            self._linger = self.set_timer(self.STATS_LINGER, self._stop_watching)
            return
        self._watch_now()

    def stats_hub_changed(self) -> None:
        """A new session's stats hub watches nothing yet: ask it for the rows on screen now
        (they may have been listed before it existed, by the first look)."""
        self._watched = set()
        self._update_watch()

    def _stop_watching(self) -> None:
        self._linger = None
        self._watch_now()

    def _watch_now(self) -> None:
        wanted: set[str] = set()
        if self.display and self.ready and settings(self).stats:
            wanted = {
                key for key in self.table.visible_keys() if key in self.items and self.items[key].state == "running"
            }
        details_id = self.details.container_id if self.ready and self.details_open else None
        if (
            details_id
            and settings(self).stats
            and details_id in self.items
            and self.items[details_id].state == "running"
        ):
            wanted.add(details_id)
        if wanted != self._watched:
            self._watched = wanted
            self.post_message(self.WatchStats(set(wanted)))

    # -- selection ----------------------------------------------------------------------

    def _details_focused(self) -> bool:
        return self.ready and self.details_open and self.details.has_focus_within

    def selected(self) -> ContainerSummary | None:
        """The row under the cursor — or, with the focus in the details panel, the container
        it shows (None once gone): keys there act on what the user is looking at."""
        if self._details_focused():
            return self.items.get(self.details.container_id or "")
        return super().selected()

    def _targets(self) -> list[ContainerSummary]:
        """The marked containers (in list order), or else the selected one (see ``selected``);
        with the focus in the details panel, only the container it shows."""
        if self._details_focused():
            shown = self.selected()
            return [shown] if shown else []
        if self.table.marked:
            return [self.items[key] for key in self.table.keys if key in self.table.marked]
        selected = self.selected()
        return [selected] if selected else []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("stop", "start", "pause", "unpause"):
            targets = self._targets() if self.ready else []  # only here: this runs for every binding
            if not targets:
                return action in ("stop", "pause")  # shown (disabled look) with nothing selected
            running = any(c.state == "running" for c in targets)
            paused = any(c.state == "paused" for c in targets)
            # A restarting container is stopped with s (as the stop action takes it), not started.
            restarting = any(c.state == "restarting" for c in targets)
            if action == "stop":
                return running or paused or restarting
            if action == "start":
                return not (running or paused or restarting)
            if action == "pause":
                return running
            if action == "unpause":
                return paused and not running
        return super().check_action(action, parameters)

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        message.stop()
        self.refresh_bindings()

    # -- actions ------------------------------------------------------------------------

    def action_mark(self) -> None:
        key = self.table.cursor_key
        if key:
            self.table.toggle_mark(key)
            self.table.action_cursor(1)
            self.refresh_bindings()
            self.show_status()

    def action_copy_id(self) -> None:
        selected = self.selected()
        if selected:
            copy_text(self.app, selected.id, f"the ID of {selected.name}")

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.rebuild()

    def action_projects(self) -> None:
        open_projects(self.app)

    def action_toggle_group(self) -> None:
        self.group_by_project = not self.group_by_project
        self.rebuild()

    def _running_selected(self) -> ContainerSummary | None:
        selected = self.selected()
        if selected is None:
            return None
        if selected.state != "running":
            self.notify(
                f"{selected.name} is {selected.state_text}: a shell needs a running container.", severity="warning"
            )
            return None
        return selected

    def action_exec(self) -> None:
        selected = self._running_selected()
        if selected is not None:
            self.post_message(OpenShellRequested(selected.id, selected.name))

    def action_exec_command(self) -> None:
        selected = self._running_selected()
        if selected is None:
            return

        def chosen(command: list[str] | None) -> None:
            if command:
                self.post_message(OpenShellRequested(selected.id, selected.name, command))

        self.app.push_screen(CommandPrompt(selected.name), chosen)

    def action_stop(self) -> None:
        self._act(Action.STOP, [c for c in self._targets() if c.state in ("running", "paused", "restarting")])

    def action_start(self) -> None:
        self._act(Action.START, [c for c in self._targets() if c.state not in ("running", "paused", "restarting")])

    def action_restart(self) -> None:
        self._act(Action.RESTART, self._targets())

    def action_pause(self) -> None:
        self._act(Action.PAUSE, [c for c in self._targets() if c.state == "running"])

    def action_unpause(self) -> None:
        self._act(Action.UNPAUSE, [c for c in self._targets() if c.state == "paused"])

    def action_kill(self) -> None:
        targets = [c for c in self._targets() if c.state in ("running", "paused", "restarting")]
        if not targets:
            self.notify("Nothing to kill: no running container selected.", severity="warning")
            return
        if not settings(self).confirm_kill:
            self._launch(Action.KILL, targets)
            return
        names = "\n".join(f"  {c.name}" for c in targets)
        self._confirm(
            Action.KILL,
            targets,
            f"Kill {len(targets)} container(s) with SIGKILL?",
            f"{names}\n\nThey get no chance to shut down cleanly.",
            "Kill",
        )

    def action_remove(self) -> None:
        targets = self._targets()
        if not targets:
            return
        running = [c for c in targets if c.state in ("running", "paused", "restarting")]
        lines = [f"  {c.name}  ({c.state_text}{' — will be force-removed' if c in running else ''})" for c in targets]
        if running:
            title = (
                f"{running[0].name} is {running[0].state}. Force-remove it?"
                if len(targets) == 1
                else f"Remove {len(targets)} containers? {len(running)} of them are running."
            )
            body = "\n".join(lines) + "\n\nForce removal kills running containers first. Volumes stay."
            self._confirm(Action.REMOVE, targets, title, body, "Force remove", force=True)
        else:
            title = f"Remove {targets[0].name}?" if len(targets) == 1 else f"Remove {len(targets)} containers?"
            self._confirm(Action.REMOVE, targets, title, "\n".join(lines) + "\n\nVolumes stay.", "Remove")

    def _act(self, action: Action, targets: list[ContainerSummary]) -> None:
        selected = self._targets()
        # A second stop (start, restart…) of a row already under way would start its wait again.
        busy = [c for c in targets if c.id in self.transitions]
        targets = [c for c in targets if c.id not in self.transitions]
        if not targets:
            if busy:
                transition = self.transitions.get(busy[0].id)
                doing = transition.action.progressive if transition else "busy"
                self.notify(f"{busy[0].name} is already {doing}.", severity="warning")
            else:
                self.notify(f"Nothing to {action.value}.", severity="warning")
            return
        if len(targets) > 1 and settings(self).confirm_bulk:
            names = "\n".join(f"  {c.name}" for c in targets)
            left = len(selected) - len(targets)
            if left:
                names += f"\n\n{left} other marked container(s) left alone (not in a state to {action.value})."
            self._confirm(
                action,
                targets,
                f"{action.value.capitalize()} {len(targets)} containers?",
                names,
                action.value.capitalize(),
                danger=action is not Action.START,
            )
        else:
            self._launch(action, targets)

    def _confirm(
        self,
        action: Action,
        targets: list[ContainerSummary],
        title: str,
        body: str,
        label: str,
        *,
        force: bool = False,
        danger: bool = True,
    ) -> None:
        # The targets are captured now, by ID: what the rows show later does not matter.
        captured = [(c.id, c.name) for c in targets]

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self._launch_ids(action, captured, force=force)

        self.app.push_screen(ConfirmDialog(title, body, label, danger=danger), decided)

    def _launch(self, action: Action, targets: list[ContainerSummary], force: bool = False) -> None:
        self._launch_ids(action, [(c.id, c.name) for c in targets], force=force)

    def _launch_ids(self, action: Action, targets: list[tuple[str, str]], *, force: bool) -> None:
        session = session_or_say(self)
        if session is None:
            return
        # Marks are used up by the action, those it left alone too: a mark left behind
        # would make the next key act on a container the user no longer looks at.
        self.table.marked.clear()
        self.refresh_bindings()
        if not session.read_only:
            self.transitions.begin([cid for cid, _ in targets], action, time.monotonic())
            self._transition_clock.resume()
        self.table.invalidate()
        self._run_actions(session, action, targets, force)

    @work(thread=True, group="container-actions", exit_on_error=False)
    def _run_actions(self, session: DaemonSession, action: Action, targets: list[tuple[str, str]], force: bool) -> None:
        """All targets at once (up to ACTIONS_AT_ONCE): a bulk stop waits one stop timeout, not one each."""
        failures: list[ActionFailed] = []
        done: list[str] = []
        what = targets[0][1] if len(targets) == 1 else f"{len(targets)} containers"
        self.post_message(self.ActionProgress(f"{action.progressive} {what}…"))

        def act(container_id: str, name: str) -> None:
            session.act(action, container_id, name=name, force=force)

        with ThreadPoolExecutor(max_workers=ACTIONS_AT_ONCE, thread_name_prefix="container-action") as pool:
            futures = {pool.submit(act, cid, name): (cid, name) for cid, name in targets}
            for future in as_completed(futures):
                container_id, name = futures[future]
                failure: ActionFailed | None = None
                try:
                    future.result()
                    done.append(name)
                except ActionFailed as failed:
                    failure = failed
                except ReadOnlyRefused as refused:  # the same for every container: said once
                    failure = ActionFailed(action, name, str(refused))
                    if any(str(refused) == f.explanation for f in failures):
                        failure = None
                if failure is not None:
                    failures.append(failure)
                self.post_message(self.ActionFinished(container_id, action, failure))
                if len(targets) > 1:
                    finished = len(done) + len(failures)
                    self.post_message(self.ActionProgress(f"{action.progressive} {finished}/{len(targets)} done…"))
        self.post_message(self.ActionDone(action, done, failures))

    def on_containers_pane_action_progress(self, message: ContainersPane.ActionProgress) -> None:
        self._progress = message.text
        self.show_status()

    def on_containers_pane_action_finished(self, message: ContainersPane.ActionFinished) -> None:
        container = self.items.get(message.container_id)
        self.transitions.finish(
            message.container_id,
            message.action,
            succeeded=message.failure is None,
            now=time.monotonic(),
            state=container.state if container else None,
        )
        self.table.invalidate([message.container_id])
        if message.failure is not None:
            failure = message.failure
            self.notify(
                failure.explanation,
                title=f"{failure.action.value} {failure.container} failed",
                severity="error",
                timeout=10,
            )

    def _tick_transitions(self) -> None:
        under_way = self.transitions.ids()
        self.transitions.expire(time.monotonic())
        if under_way:
            self.table.invalidate([key for key in under_way if key in self.items])
        if not self.transitions:
            self._transition_clock.pause()

    def on_containers_pane_action_done(self, message: ContainersPane.ActionDone) -> None:
        self._progress = ""
        self.show_status()
        if message.names:
            names = ", ".join(message.names)
            failed = f" ({len(message.failures)} failed)" if message.failures else ""
            self.notify(f"{message.action.past} {names}{failed}", timeout=4)

    # -- details ------------------------------------------------------------------------

    def action_details(self, tab: str = "info") -> None:
        selected = self.selected()
        if selected is None:
            return
        details = self.details
        if self.details_open and details.container_id == selected.id and tab == "info" and details.active_tab == "info":
            self.action_close_details()
            return
        self.open_details()
        details.show_container(selected, tab)
        self._update_watch()

    def details_closed(self) -> None:
        self._update_watch()

    def select_when_listed(self, container_id: str) -> None:
        """Select this container now, or as soon as the event stream brings it."""
        self._pending_selection = None if self.select(container_id) else container_id

    def select(self, key: str) -> bool:
        if key in self.items and not self.shows(self.items[key]):
            # Jumping to a container hidden by the filter or "running only": show everything.
            self.filter_input.value = ""
            self.filter = parse_filter("")
            self.show_all = True
            self.rebuild()
        return super().select(key)
