"""The tasks of one swarm service, under the services pane: slot, node, desired and current
state, age, and the error of a failed task in full ("No such image: …", "no suitable
node …"). ``enter`` on a running task shows its container in the containers pane (when it
runs on this daemon's node), ``e`` opens a shell in it.

Tasks send no events: the pane reads them again every few seconds while they are shown,
so a rollout shows task after task moving to the new image.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import humanize
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from dockertui.engine.swarm import NodeSummary, ServiceSummary, TaskSummary, short_image
from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.details_panel import DetailsPanel
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.textual_motions import StepMotions

#: States a task passes through before it runs (``docker service ps`` words).
_ON_ITS_WAY = frozenset({"new", "pending", "assigned", "accepted", "preparing", "ready", "starting"})
_FAILED = frozenset({"failed", "rejected", "orphaned"})


#: ``UpdateStatus.State`` in words.
UPDATE_WORDS = {
    "updating": "updating",
    "paused": "paused",
    "completed": "updated",
    "rollback_started": "rolling back",
    "rollback_paused": "rollback paused",
    "rollback_completed": "rolled back",
}


def update_words(state: str) -> str:
    return UPDATE_WORDS.get(state, state.replace("_", " "))


def stamp_of(text: str) -> float:
    """A daemon timestamp ("2026-12-02T10:00:00.123456789Z") as seconds; 0 if not one."""
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def ago(text: str) -> str:
    """ "3 minutes ago" from a daemon timestamp; the text as it is when it is not one."""
    stamp = stamp_of(text)
    return humanize.naturaltime(max(0.0, time.time() - stamp)) if stamp else text


def short_ago(text: str) -> str:
    """ "12m ago", "5h ago", "3d ago": an age in at most 8 cells."""
    stamp = stamp_of(text)
    if not stamp:
        return text
    seconds = max(0.0, time.time() - stamp)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit} ago"
    return f"{int(seconds)}s ago"


def ordered_tasks(tasks: Sequence[TaskSummary]) -> list[TaskSummary]:
    """By slot (a global service's by node), newest first within it."""
    newest_first = sorted(tasks, key=lambda t: t.created, reverse=True)
    return sorted(newest_first, key=lambda t: (t.slot, t.node_id) if t.slot else (1 << 30, t.node_id))


class TaskList(StepMotions, OptionList):
    """The tasks; ``enter`` goes to a running task's container, ``e`` opens a shell in it."""

    BINDING_GROUP_TITLE = "Tasks"  # how help and the palette name these keys
    BINDINGS = [
        *navigation_bindings(),
        Binding("e", "shell", "Shell", id="tasks.shell"),
    ]

    @dataclass
    class ShellRequested(Message):
        task_id: str

    def action_shell(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id:
            self.post_message(self.ShellRequested(option.id))


class ServiceTasks(DetailsPanel):
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    @dataclass
    class JumpRequested(Message):
        """``enter`` on a task: its container, if it runs here."""

        task: TaskSummary

    @dataclass
    class ShellWanted(Message):
        task: TaskSummary

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.service: ServiceSummary | None = None
        self.tasks: list[TaskSummary] = []
        self.node_names: dict[str, str] = {}
        #: This daemon's node (tasks on it have their container here).
        self.local_node = ""
        self._loaded = False
        self._error = ""
        self._gone = False

    @property
    def service_id(self) -> str | None:
        return self.service.id if self.service is not None else None

    def compose(self) -> ComposeResult:
        yield StatusLine(id="service-tasks-title")
        yield StatusLine(id="service-tasks-update")
        yield StatusLine(id="service-tasks-header")
        yield TaskList(id="service-tasks-list")

    @property
    def task_list(self) -> TaskList:
        return self.query_one("#service-tasks-list", TaskList)

    # -- what it shows ------------------------------------------------------------------

    def show_service(self, service: ServiceSummary, local_node: str) -> None:
        """Show this service's tasks (read by the pane; "Loading…" until they come)."""
        self.service = service
        self.local_node = local_node
        self.tasks = []
        self._loaded = False
        self._error = ""
        self._gone = False
        self._redraw(keep_highlight=False)
        self.screen.set_focus(self.task_list)

    def update_service(self, service: ServiceSummary) -> None:
        if self.service is not None and service.id == self.service.id:
            self.service = service
            self._gone = False
            self._redraw(keep_highlight=True)

    def service_gone(self) -> None:
        self._gone = True
        self._redraw(keep_highlight=True)

    def set_tasks(
        self, service_id: str, tasks: Sequence[TaskSummary], nodes: Mapping[str, NodeSummary], error: str = ""
    ) -> None:
        if service_id != self.service_id:
            return
        if not error:
            self.tasks = ordered_tasks(tasks)
            self._loaded = True
        self._error = error
        self.node_names = {node_id: node.hostname or node.short_id for node_id, node in nodes.items()}
        self._redraw(keep_highlight=True)

    def task_by_id(self, task_id: str) -> TaskSummary | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def selected_task(self) -> TaskSummary | None:
        option = self.task_list.highlighted_option
        return self.task_by_id(option.id) if option is not None and option.id else None

    def put_away(self) -> None:
        self.service = None
        self.tasks = []
        self._loaded = False
        self.task_list.clear_options()

    def focus_body(self) -> None:
        self.screen.set_focus(self.task_list)

    # -- rendering ----------------------------------------------------------------------

    def _widths(self) -> tuple[int, int, bool]:
        """Task and node column widths, and whether the image/exit column fits on the row
        (narrow: the image goes on a line of its own)."""
        width = self.size.width or 120
        if width >= 110:
            return 25, 23, True
        if width >= 90:
            return 20, 18, True
        return 17, 16, False

    def _redraw(self, *, keep_highlight: bool) -> None:
        service = self.service
        if service is None:
            return
        title = Text()
        title.append(service.name, style=role_style(self, "strong"))
        title.append(f"  {service.short_id}  {service.mode}  ", style=role_style(self, "muted"))
        title.append(service.image_short)
        if service.previous_image and service.previous_image != service.image:
            title.append(f"  (before: {short_image(service.previous_image)})", style=role_style(self, "muted"))
        if self._gone:
            title.append("  (removed)", style=role_style(self, "bad", "strong"))
        self.query_one("#service-tasks-title", StatusLine).set_text(title)
        self.query_one("#service-tasks-update", StatusLine).set_text(self._rollout_text(service))
        task_width, node_width, image_column = self._widths()
        header = Text(  # under the list's rows, which start one cell in
            f" {'TASK':<{task_width}}{'NODE':<{node_width}}{'DESIRED':<9}{'CURRENT':<10}{'SINCE':<16}"
            + ("IMAGE / EXIT" if image_column else ""),
            style=role_style(self, "muted", "strong"),
        )
        self.query_one("#service-tasks-header", StatusLine).set_text(header)
        self._render_tasks(keep_highlight)

    def on_resize(self) -> None:
        if self.service is not None:
            self._redraw(keep_highlight=True)

    def _rollout_text(self, service: ServiceSummary) -> Text:
        text = Text()
        wanted = [t for t in self.tasks if t.desired_state == "running"]
        on_image = [t for t in wanted if t.running and t.image == service.image]
        text.append(f"{service.running}/{service.desired} running", style=role_style(self, "strong"))
        if service.update_state:
            style = "bad" if "rollback" in service.update_state or service.update_state == "paused" else "warning"
            if service.update_state in ("completed", "rollback_completed"):
                style = "good"
            text.append(f" · {update_words(service.update_state)}", style=role_style(self, style))
            if service.update_state in ("updating", "rollback_started") and self._loaded:
                text.append(f": {len(on_image)} of {service.desired} tasks on the new image")
            message = service.update_message
            if message and message not in ("update in progress", "update completed", "rollback completed"):
                text.append(f" — {message}", style=role_style(self, "muted"))
        if self._error:
            text.append(f" · tasks not read: {self._error}", style=role_style(self, "bad"))
        text.append("   enter: container · e: shell · escape closes", style=role_style(self, "muted"))
        return text

    def _render_tasks(self, keep_highlight: bool) -> None:
        tasks_list = self.task_list
        highlighted = tasks_list.highlighted_option.id if keep_highlight and tasks_list.highlighted_option else None
        options = [Option(self._task_prompt(task), id=task.id) for task in self.tasks]
        tasks_list.clear_options()
        if options:
            tasks_list.add_options(options)
            index = next((i for i, option in enumerate(options) if option.id == highlighted), 0)
            tasks_list.highlighted = index
        else:
            words = "no task" if self._loaded else (self._error or "Loading…")
            tasks_list.add_option(Option(Text(words, style=role_style(self, "muted")), disabled=True))

    def _task_prompt(self, task: TaskSummary) -> Text:
        service = self.service
        name = f"{service.name}.{task.slot}" if service is not None and task.slot else (service.name if service else "")
        node = self.node_names.get(task.node_id, task.node_id[:12] or "no node")
        if task.node_id and task.node_id == self.local_node:
            node += " (here)"
        current = task.state
        if task.state in _FAILED or task.error:
            state_style = "bad"
        elif task.running:
            state_style = "good"
        elif task.state in _ON_ITS_WAY:
            state_style = "warning"
        else:
            state_style = "muted"
        task_width, node_width, image_column = self._widths()
        prompt = Text()
        strong = "strong" if task.desired_state == "running" else "muted"
        prompt.append(f"{name[: task_width - 1]:<{task_width}}", style=role_style(self, strong))
        prompt.append(f"{node[: node_width - 1]:<{node_width}}")
        prompt.append(f"{task.desired_state[:8]:<9}", style=role_style(self, "muted"))
        prompt.append(f"{current[:9]:<10}", style=role_style(self, state_style))
        prompt.append(f"{ago(task.since or task.updated)[:15]:<16}", style=role_style(self, "muted"))
        other_image = service is not None and task.image and task.image != service.image
        if other_image:
            shown = short_image(task.image)
            prompt.append(shown if image_column else f"\n  image {shown}", style=role_style(self, "muted"))
        elif task.exit_code not in (None, 0):
            prompt.append(f"exit {task.exit_code}", style=role_style(self, "muted"))
        if task.error:
            # In full, wrapped by the list: the reason is the point of looking.
            prompt.append("\n  ")
            prompt.append(task.error, style=role_style(self, "bad"))
        elif task.message and task.state not in ("running", "shutdown", "complete"):
            prompt.append(f"\n  {task.message}", style=role_style(self, "muted"))
        return prompt

    # -- keys ---------------------------------------------------------------------------

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        task = self.task_by_id(message.option.id or "")
        if task is not None:
            self.post_message(self.JumpRequested(task))

    def on_task_list_shell_requested(self, message: TaskList.ShellRequested) -> None:
        message.stop()
        task = self.task_by_id(message.task_id)
        if task is not None:
            self.post_message(self.ShellWanted(task))
