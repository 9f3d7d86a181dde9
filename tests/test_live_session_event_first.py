"""Event first, reconciled after: a container event's state is queued at once, held
against re-reads that do not show it yet, and replaced by the first one that does.

Against the real daemon. The list's lag behind ``die`` cannot be produced on demand, so
the tests hold it still: re-reads of containers wait while the test says so, and most
tests hand the reader their own event lines (through the real parse path) about real
containers, so that the daemon's list disagrees with them for as long as a test needs.
Waits are generous; only conditions are asserted.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.live_session import LiveSession

WAIT = 30.0


class EventLines:
    """An event stream fed by the test; ends when closed."""

    _END = object()

    def __init__(self, lines: queue.Queue) -> None:
        self._lines = lines

    def __iter__(self):
        while (line := self._lines.get()) is not EventLines._END:
            yield line

    def close(self) -> None:
        self._lines.put(EventLines._END)


class HeldDaemon:
    """The real daemon's API, with two handles for a test: while ``reads_open`` is clear,
    re-reads of chosen containers (filtered list calls) wait; with ``scripted``, the
    reader gets the lines the test ``send``s instead of the daemon's events."""

    def __init__(self, api, *, scripted: bool) -> None:
        self._api = api
        self._scripted = scripted
        self._lines: queue.Queue = queue.Queue()
        self.reads_open = threading.Event()
        self.reads_open.set()
        self.targeted_reads = 0

    def __getattr__(self, name: str):
        return getattr(self._api, name)

    def containers(self, all: bool = False, filters: dict | None = None):
        if not filters:
            return self._api.containers(all=all)
        self.reads_open.wait()
        rows = self._api.containers(all=all, filters=filters)
        self.targeted_reads += 1
        return rows

    def events(self, since=None, decode=True):
        if self._scripted:
            return EventLines(self._lines)
        return self._api.events(since=since, decode=decode)

    def send(self, container, action: str, **attributes: str) -> None:
        """A container event line as the daemon writes it."""
        self._lines.put(
            {
                "status": action,
                "id": container.id,
                "from": container.attrs["Config"]["Image"],
                "Type": "container",
                "Action": action,
                "Actor": {"ID": container.id, "Attributes": {"name": container.name, **attributes}},
                "scope": "local",
                "time": int(time.time()),
                "timeNano": time.time_ns(),
            }
        )


class QueuedRows:
    """Every row of one container the session queues, in order — drained as soon as the
    session rings, so no change is folded into a later one — with the number of full
    re-lists done when it came (None: the row was removed)."""

    def __init__(self, container_id: str) -> None:
        self.container_id = container_id
        self.session: LiveSession | None = None
        self.rows: list[tuple[ContainerSummary | None, int]] = []
        self._changed = threading.Condition()

    def ring(self) -> None:
        assert self.session is not None
        update = self.session.drain()
        if update.diff is None:
            return
        with self._changed:
            for row in update.diff.containers.upserted:
                if row.id == self.container_id:
                    self.rows.append((row, self.session.full_relists))
            if self.container_id in update.diff.containers.removed:
                self.rows.append((None, self.session.full_relists))
            self._changed.notify_all()

    def wait_for(self, test: Callable[[ContainerSummary | None], bool], after: int = 0) -> int | None:
        """Index of the first queued row from ``after`` on that passes ``test`` (None: none came)."""
        deadline = time.monotonic() + WAIT
        with self._changed:
            while True:
                for index in range(after, len(self.rows)):
                    if test(self.rows[index][0]):
                        return index
                if time.monotonic() > deadline:
                    return None
                self._changed.wait(0.1)

    def states(self, after: int = 0) -> list[str]:
        with self._changed:
            return [row.state if row else "gone" for row, _ in self.rows[after:]]


def wait_until(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def start_session(api: HeldDaemon, container_id: str) -> tuple[LiveSession, QueuedRows]:
    rows = QueuedRows(container_id)
    session = LiveSession(api, notify=rows.ring)
    rows.session = session
    session.start()
    assert wait_until(lambda: session.inventory.container(container_id) is not None), "never listed"
    return session, rows


def exited(code: int) -> Callable[[ContainerSummary | None], bool]:
    return lambda row: row is not None and row.state == "exited" and row.exit_code == code


def running(row: ContainerSummary | None) -> bool:
    return row is not None and row.state == "running"


def test_a_die_is_queued_at_once_and_held_until_the_list_agrees(docker_client, containers) -> None:
    box = containers.running()  # and running it stays: every re-read disagrees with the die
    api = HeldDaemon(docker_client.api, scripted=True)
    session, rows = start_session(api, box.id)
    try:
        api.reads_open.clear()
        api.send(box, "die", exitCode="137", image=box.attrs["Config"]["Image"])
        shown = rows.wait_for(exited(137))
        assert shown is not None, f"no exited row queued before any re-read: {rows.states()}"
        assert api.targeted_reads == 0
        row = rows.rows[shown][0]
        assert row is not None
        assert (row.state_text, row.status) == ("exited (137)", "Exited (137) Less than a second ago")
        assert session.inventory.container(box.id) == row

        # Re-reads that still say running come and go, the row stays exited...
        api.reads_open.set()
        assert wait_until(lambda: api.targeted_reads >= 3), "no more re-reads: the held row was taken as agreeing"
        assert session.inventory.container(box.id) == row
        # ...until they are given up on: then the full re-list is the truth.
        back = rows.wait_for(running, after=shown)
        assert back is not None, f"never listed again: {rows.states(shown)}"
        assert "running" not in rows.states(shown)[: back - shown]
        assert rows.rows[back][1] >= 2, "running came back before the re-list that settles the doubt"
    finally:
        api.reads_open.set()
        session.close()
        assert session.join(20)


def test_die_then_start_ends_running(docker_client, containers) -> None:
    box = containers.running()
    api = HeldDaemon(docker_client.api, scripted=True)
    session, rows = start_session(api, box.id)
    try:
        api.reads_open.clear()
        api.send(box, "die", exitCode="0")
        api.send(box, "start")
        died = rows.wait_for(exited(0))
        assert died is not None
        started = rows.wait_for(running, after=died + 1)
        assert started is not None, f"the start did not win over the die: {rows.states()}"
        assert api.targeted_reads == 0
        api.reads_open.set()
        # The re-read (running) agrees with the last event: taken, no doubt left, no re-list.
        assert wait_until(lambda: api.targeted_reads >= 1 and not session.inventory.held(box.id))
        assert running(session.inventory.container(box.id))
        assert rows.states(started) == ["running"] * len(rows.states(started))
        assert session.full_relists == 1
    finally:
        api.reads_open.set()
        session.close()
        assert session.join(20)


def test_a_stale_re_read_never_overrides_a_newer_event(docker_client, containers) -> None:
    """The container really exited (3). The events say die, then start: the re-reads say
    exited — what the die said — but the start came later, and holds until given up on."""
    box = containers.exited(3)
    api = HeldDaemon(docker_client.api, scripted=True)
    session, rows = start_session(api, box.id)
    try:
        api.send(box, "die", exitCode="3")
        api.send(box, "start")
        started = rows.wait_for(running)
        assert started is not None
        assert wait_until(lambda: api.targeted_reads >= 3), "no more re-reads: the held row was taken as agreeing"
        assert running(session.inventory.container(box.id))
        back = rows.wait_for(exited(3), after=started)
        assert back is not None
        assert "exited" not in rows.states(started)[: back - started]
        assert rows.rows[back][1] >= 2, "the older die's re-read was taken over the newer start"
    finally:
        api.reads_open.set()
        session.close()
        assert session.join(20)


def test_a_container_killed_from_outside_reads_exited_with_its_code_at_once_and_after(docker_client, containers):
    """The real stream this time: the daemon's own die is shown before any re-read, and after
    the re-reads the row is the daemon's (and inspect's) own."""
    box = containers.running(command=["sh", "-c", "trap 'exit 42' TERM; while :; do sleep 1; done"])
    other = containers.running()
    api = HeldDaemon(docker_client.api, scripted=False)
    session, rows = start_session(api, box.id)
    try:
        api.reads_open.clear()
        docker_client.api.stop(box.id, timeout=20)  # SIGTERM: the trap exits 42
        docker_client.api.kill(other.id)
        shown = rows.wait_for(lambda row: row is not None and row.state != "running")
        assert shown is not None, f"not shown before the re-reads: {rows.states()}"
        assert exited(42)(rows.rows[shown][0])
        assert api.targeted_reads == 0

        api.reads_open.set()
        assert wait_until(lambda: api.targeted_reads >= 1 and not session.inventory.held(box.id))
        state = docker_client.api.inspect_container(box.id)["State"]
        assert (state["Status"], state["ExitCode"]) == ("exited", 42)
        (raw,) = docker_client.api.containers(all=True, filters={"id": box.id})
        listed, known = ContainerSummary.from_api(raw), session.inventory.container(box.id)
        assert known is not None
        assert (known.state, known.exit_code, known.ports, known.networks) == (
            listed.state,
            listed.exit_code,
            listed.ports,
            listed.networks,
        )
        assert known.status.startswith("Exited (42) ")  # the daemon's words, from the re-read
        assert "running" not in rows.states(shown)
        assert exited(137)(session.inventory.container(other.id))
    finally:
        api.reads_open.set()
        session.close()
        assert session.join(20)


def test_an_events_own_row_change_rings_the_soon_bell_and_other_events_do_not(docker_client, containers) -> None:
    """The UI drains sooner for a row changed by its own event (a stop shown within ~0.1 s)
    than for the rest of a burst: only those changes ring ``notify_soon``."""
    box = containers.running()
    api = HeldDaemon(docker_client.api, scripted=True)
    soon: list[int] = []
    rows = QueuedRows(box.id)
    session = LiveSession(api, notify=rows.ring, notify_soon=lambda: soon.append(len(rows.rows)))
    rows.session = session
    session.start()
    try:
        assert wait_until(lambda: session.inventory.container(box.id) is not None), "never listed"
        api.reads_open.clear()
        api.send(box, "exec_create", execID="x")  # no state of its own
        api.send(box, "kill", signal="9")  # nor this
        time.sleep(0.3)  # (a bell that would ring has rung by now; nothing is timed on it)
        assert soon == []
        api.send(box, "die", exitCode="137")
        assert rows.wait_for(exited(137)) is not None
        assert wait_until(lambda: len(soon) == 1)
    finally:
        api.reads_open.set()
        session.close()
        assert session.join(20)
