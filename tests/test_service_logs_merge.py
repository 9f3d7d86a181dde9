"""The service log's merge without a daemon (the real swarm is in tests/test_swarm_nodes.py):
the daemon sends each task's history in a block of its own, and a task's stderr apart from
its stdout; what the view gets is in timestamp order, tagged ``web.N@host``; a task started
since the view opened is named once the lists are read again; a line without details is
kept whole."""

from __future__ import annotations

import threading
import time

from dockertui.engine import service_logs
from dockertui.engine.merged_logs import timestamp_key
from dockertui.engine.service_logs import ServiceLogs, split_details, task_name
from dockertui.engine.swarm import TaskSummary
from tests.support.fake_swarm_nodes import FAKE_NODES, LOG_SERVICE, LOG_TASKS, FakeSwarmAPI, _Response, log_service


def frame(stream: int, task: dict, second: int, fraction: int, text: str) -> bytes:
    details = (
        f"com.docker.swarm.node.id={task['NodeID']},com.docker.swarm.service.id={LOG_SERVICE['ID']},"
        f"com.docker.swarm.task.id={task['ID']}"
    )
    data = f"2026-12-02T10:15:{second:02d}.{fraction:09d}Z {details} {text}\n".encode()
    return bytes([stream, 0, 0, 0]) + len(data).to_bytes(4, "big") + data


class BlockedHistoryAPI(FakeSwarmAPI):
    """Task 1's whole history, then task 2's; task 1's stderr after all its stdout."""

    def __init__(self, frames: bytes, *task_lists: list[dict]) -> None:
        """``task_lists``: what each read of the tasks answers (the last one from then on)."""
        super().__init__([], [])
        self.frames = frames
        self.task_lists = task_lists
        self.task_reads = 0

    def tasks(self, filters=None) -> list[dict]:
        answer = self.task_lists[min(self.task_reads, len(self.task_lists) - 1)]
        self.task_reads += 1
        return [dict(task) for task in answer]

    def _get(self, url: str, **kwargs) -> _Response:
        return _Response(self.frames)


def collect(logs: ServiceLogs, count: int) -> list:
    lines: list = []
    deadline = time.monotonic() + 60
    while len(lines) < count and time.monotonic() < deadline:
        lines.extend(logs.lines.take())
        time.sleep(0.02)
    return lines


def test_blocks_of_history_come_out_in_timestamp_order_with_their_prefixes() -> None:
    one, two = LOG_TASKS
    frames = b"".join(frame(1, one, s, 100, f"one out {s}") for s in range(0, 10, 2))
    frames += b"".join(frame(2, one, s, 200, f"one err {s}") for s in range(0, 10, 3))
    frames += b"".join(frame(1, two, s, 300, f"two out {s}") for s in range(1, 10, 2))
    api = BlockedHistoryAPI(frames, LOG_TASKS)
    logs = ServiceLogs(api, log_service(), notify=lambda: None, tail=100, window=0.2, history_wait=1.0)
    logs.start()
    try:
        lines = collect(logs, 14)
    finally:
        logs.close()
    assert len(lines) == 14
    keys = [timestamp_key(line.timestamp) for line in lines]
    assert keys == sorted(keys)
    hosts = {node["ID"]: node["Description"]["Hostname"] for node in FAKE_NODES}
    assert {line.source for line in lines} == {f"web.1@{hosts[one['NodeID']]}", f"web.2@{hosts[two['NodeID']]}"}
    assert [line.text for line in lines[:4]] == ["one out 0", "one err 0", "two out 1", "one out 2"]
    assert {line.stream for line in lines if "err" in line.text} == {"stderr"}


def test_a_task_started_later_is_named_once_the_lists_are_read_again(monkeypatch) -> None:
    monkeypatch.setattr(service_logs, "REREAD_INTERVAL", 0.0)
    one, _ = LOG_TASKS
    later = dict(one, ID="taskweblater0000000000000", Slot=3)
    frames = frame(1, one, 1, 0, "first") + frame(1, later, 2, 0, "from the new task")
    api = BlockedHistoryAPI(frames, [one], [one, later])  # the new task is listed at the second read
    logs = ServiceLogs(api, log_service(), notify=lambda: None, tail=100, window=0.2, history_wait=0.5)
    logs.start()
    try:
        lines = collect(logs, 2)
    finally:
        logs.close()
    assert [line.source.split("@")[0] for line in lines] == ["web.1", "web.3"]
    assert api.task_reads == 2


def test_details_and_names() -> None:
    assert split_details("com.docker.swarm.task.id=t1,com.docker.swarm.node.id=n1 hello world") == (
        {"com.docker.swarm.task.id": "t1", "com.docker.swarm.node.id": "n1"},
        "hello world",
    )
    assert split_details("plain line with a=b") == ({}, "plain line with a=b")
    assert split_details("com.docker.swarm.task.id=t1") == ({"com.docker.swarm.task.id": "t1"}, "")
    task = TaskSummary.from_api({"ID": "t", "Slot": 0})
    assert task_name("web", task, "t") == "web"  # a global service's task
    assert task_name("web", None, "abcdefabcdefabcdef") == "web.abcdefabcdef"


class _LateRaw:
    """The running task's history at once, the replaced task's a moment later (as the daemon
    sends one task's history after another), then nothing more."""

    def __init__(self, first: bytes, later: bytes, delay: float) -> None:
        self._parts = [first, later]
        self._delay = delay
        self._quiet = threading.Event()

    def read1(self, size: int) -> bytes:
        if self._parts:
            if len(self._parts) == 1:
                time.sleep(self._delay)
            return self._parts.pop(0)
        self._quiet.wait()
        return b""


def test_a_replaced_tasks_history_sent_later_still_comes_out_in_order() -> None:
    """The hostile trial: after an update, the new tasks' lines came first and the old tasks'
    whole history was appended after them, going back in time."""
    one, _ = LOG_TASKS
    old = dict(
        one,
        ID="taskweboldone000000000000",
        DesiredState="shutdown",
        Status={"State": "shutdown", "ContainerStatus": {"ContainerID": "c" * 64, "ExitCode": 0}},
    )
    new_lines = b"".join(frame(1, one, s, 0, f"new {s}") for s in range(5, 10))
    old_lines = b"".join(frame(1, old, s, 0, f"old {s}") for s in range(0, 5))

    class LateAPI(BlockedHistoryAPI):
        def _get(self, url: str, **kwargs) -> _Response:
            response = _Response(b"")
            response.raw = _LateRaw(new_lines, old_lines, delay=0.6)
            return response

    api = LateAPI(b"", [one, old])
    logs = ServiceLogs(api, log_service(), notify=lambda: None, tail=100, window=0.2, history_wait=3.0)
    logs.start()
    try:
        lines = collect(logs, 10)
    finally:
        logs.close()
    assert [line.text for line in lines] == [f"old {s}" for s in range(5)] + [f"new {s}" for s in range(5, 10)]
    # The replaced task and its successor in slot 1 are told apart.
    assert {line.source.split("@")[0] for line in lines} == {"web.1.taskw", "web.1"}
