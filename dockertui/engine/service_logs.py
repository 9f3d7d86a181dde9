"""A swarm service's logs: every task's lines from ``/services/{id}/logs``, in timestamp
order, each tagged with its task and node (``web.2@nodehost``).

One stream for the whole service (the daemon collects its tasks' logs, on every node,
and follows tasks started later), read by a ``LogFollower`` on that endpoint, so the
framing (8-byte headers unless the service has a tty), sanitising, backpressure,
skipping ahead in a flood and closing from another thread (unix, TLS, SSH) are a
container log's. Asked ``details=true``, the daemon puts the line's origin between the
timestamp and the text::

    2026-12-02T11:00:39.605120735Z com.docker.swarm.node.id=p15l…,com.docker.swarm.service.id=obt0…,
    com.docker.swarm.task.id=1udy… line 7       (one line, without the break)

The task ID gives the slot (``tasks``) and the node ID the hostname (``nodes``); a task
or node not known yet (a task started since) has the lists read again, at most every
``REREAD_INTERVAL`` seconds.

The daemon interleaves its tasks' streams as they come (a stderr line of one task can
arrive after later stdout lines), so lines are merged as ``merged_logs`` merges
containers: each (task, stream) pair sends its own lines in order; a line goes out once
every pair heard lately has sent one as late, or after ``WINDOW`` seconds, and the
history waits for the first line of every task that ran a container (at most ``HISTORY_WAIT``).
"""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.logs import PENDING_LINES, LogFollower, LogLine
from dockertui.engine.mailbox import Mailbox
from dockertui.engine.merged_logs import HISTORY_WAIT, WINDOW, timestamp_key
from dockertui.engine.swarm import NodeSummary, ServiceSummary, TaskSummary, read_nodes, read_tasks
from dockertui.engine.transport import open_response

if TYPE_CHECKING:
    from docker import APIClient

#: Seconds between two reads of the task and node lists for an origin not known yet.
REREAD_INTERVAL = 2.0

TASK_KEY = "com.docker.swarm.task.id"
NODE_KEY = "com.docker.swarm.node.id"


def split_details(text: str) -> tuple[dict[str, str], str]:
    """``k=v,k=v message`` → ({k: v}, message); a line without details comes back whole."""
    details, space, message = text.partition(" ")
    if "=" not in details or "com.docker.swarm." not in details:
        return {}, text
    pairs: dict[str, str] = {}
    for item in details.split(","):
        key, equals, value = item.partition("=")
        if equals:
            pairs[key] = value
    return pairs, message if space else ""


def task_name(service_name: str, task: TaskSummary | None, task_id: str) -> str:
    """``web.2`` for a replicated task, ``web`` for a global one, ``web.<id>`` if unknown;
    a task no longer meant to run (replaced by an update, scaled away) gets the start of its
    ID too, as ``docker service logs`` shows it: ``web.2.k3j5f``, apart from its successor."""
    if task is None:
        return f"{service_name}.{task_id[:12]}" if task_id else service_name
    name = f"{service_name}.{task.slot}" if task.slot else service_name
    return name if task.desired_state in ("running", "") else f"{name}.{task.id[:5]}"


class ServiceLogFollower(LogFollower):
    """A ``LogFollower`` on ``/services/{id}/logs`` with the details of each line."""

    def _open(self, tail: int):
        return open_response(
            self.api,
            "GET",
            "/services/{0}/logs",
            self.container_id,
            params={
                "details": 1,
                "follow": 1,
                "stdout": 1,
                "stderr": 1,
                "timestamps": 1,
                "tail": tail if tail >= 0 else "all",
            },
        )


class Origins:
    """Task ID → ``web.2``, node ID → hostname; read again for an ID not known."""

    def __init__(self, api: APIClient, service: ServiceSummary) -> None:
        self.api = api
        self.service = service
        self.tasks: dict[str, TaskSummary] = {}
        self.hosts: dict[str, str] = {}
        self._read_at = 0.0

    def read(self) -> None:
        self._read_at = time.monotonic()
        try:
            self.tasks = {task.id: task for task in read_tasks(self.api, self.service.id)}
            nodes: list[NodeSummary] = read_nodes(self.api)
            self.hosts = {node.id: node.hostname or node.short_id for node in nodes}
        except Exception:  # noqa: BLE001 - the prefix then shows the IDs
            pass

    def tasks_with_logs(self) -> set[str]:
        """The tasks whose history the daemon sends: running ones, and those that ran a
        container once (replaced by an update, ended); a task rejected before it ran has none."""
        return {task.id for task in self.tasks.values() if task.running or task.container_id}

    def prefix(self, task_id: str, node_id: str) -> str:
        unknown = (task_id and task_id not in self.tasks) or (node_id and node_id not in self.hosts)
        if unknown and time.monotonic() - self._read_at >= REREAD_INTERVAL:
            self.read()
        name = task_name(self.service.name, self.tasks.get(task_id), task_id)
        host = self.hosts.get(node_id) or node_id[:12]
        return f"{name}@{host}" if host else name


class ServiceLogs:
    """Follows one service's logs; the merged, tagged lines go to ``lines`` (a Mailbox)."""

    def __init__(
        self,
        api: APIClient,
        service: ServiceSummary,
        *,
        notify: Callable[[], object],
        tail: int,
        window: float = WINDOW,
        history_wait: float = HISTORY_WAIT,
    ) -> None:
        self.api = api
        self.service = service
        self.tail = tail
        self.window = window
        self.history_wait = history_wait
        self.lines: Mailbox[LogLine] = Mailbox(notify, limit=PENDING_LINES)
        self.origins = Origins(api, service)
        self.follower: ServiceLogFollower | None = None
        self._bell = threading.Event()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name=f"service-logs-{service.short_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Ends the stream (any transport) and the merging thread."""
        self._closing = True
        self._bell.set()
        self.lines.close()
        follower = self.follower
        if follower is not None:
            follower.close()

    @property
    def ended(self) -> bool:
        """The stream is closed (for tests: closing the view ends it)."""
        follower = self.follower
        return follower is None or follower.ended.is_set()

    def _tty(self) -> bool:
        try:
            spec = _mapping(_mapping(self.api.inspect_service(self.service.id)).get("Spec"))
        except Exception:  # noqa: BLE001 - the stream then says what is wrong
            return False
        return bool(_mapping(_mapping(spec.get("TaskTemplate")).get("ContainerSpec")).get("TTY"))

    def _run(self) -> None:
        try:
            self.origins.read()
            follower = ServiceLogFollower(
                self.api, self.service.id, tty=self._tty(), notify=self._bell.set, tail=self.tail
            )
            self.follower = follower
            if self._closing:
                return
            follower.start()
            if self._closing:  # closed meanwhile: close() may have missed it
                follower.close()
                return
            self._merge(follower)
        except Exception as error:  # noqa: BLE001 - shown as the end of the log
            if not self._closing:
                self.lines.put(LogLine("end", "", explain_error(error)))

    def _merge(self, follower: ServiceLogFollower) -> None:
        pending: list[tuple[int, int, float, LogLine]] = []  # (instant, sequence, arrival, line)
        sequence = 0
        last_key: dict[tuple[str, str], int] = {}  # per (task, stream): its latest instant
        # Every task with a history: the daemon sends one task's history after another, and
        # those of tasks replaced by an update come after the running ones' (out of order).
        expected = self.origins.tasks_with_logs()
        heard_tasks: set[str] = set()
        history_until = time.monotonic() + self.history_wait
        ended = False
        while not self._closing:
            self._bell.wait(self.window / 2 if pending or not ended else None)
            self._bell.clear()
            now = time.monotonic()
            for line in follower.lines.take():
                if line.stream == "end":
                    ended = True  # its reason (follower.error) is said after the last line
                    continue
                if line.stream == "skipped":
                    self.lines.put(line)
                    continue
                details, message = split_details(line.text)
                task_id, node_id = details.get(TASK_KEY, ""), details.get(NODE_KEY, "")
                pair = (task_id, line.stream)
                key = timestamp_key(line.timestamp)
                if key is None:
                    key = last_key.get(pair, 0)
                last_key[pair] = max(last_key.get(pair, 0), key)
                heard_tasks.add(task_id)
                sequence += 1
                tagged = replace(line, text=message, source=self.origins.prefix(task_id, node_id))
                heapq.heappush(pending, (key, sequence, now, tagged))
            starting = now < history_until and not expected <= heard_tasks and not ended
            # Every pair heard holds lines back until it has sent one as late; a pair gone
            # quiet (a task that stopped, a stream it seldom writes to) for at most the window.
            safe = min(last_key.values()) if last_key else None
            ripe = [entry[0] for entry in pending if now - entry[2] >= self.window] if not starting else []
            cutoff = max(ripe) if ripe else None
            released = []
            while pending and (
                ended
                or (not starting and (safe is None or pending[0][0] <= safe))
                or (cutoff is not None and pending[0][0] <= cutoff)
            ):
                released.append(heapq.heappop(pending)[3])
            if released:
                self.lines.extend(released)
            if ended and not pending:
                self.lines.put(LogLine("end", "", follower.error or "the service's log ended (the service is gone?)"))
                return


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
