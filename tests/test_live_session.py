"""The live session's syncer with a scripted daemon: a failed re-read is retried, not forgotten."""

from __future__ import annotations

import threading
import time

from dockertui.engine.live_session import LiveSession
from tests.support.fakes import fake_container


class OneEventStream:
    """Yields the given events once ``ready`` is set, then blocks like a quiet daemon until closed."""

    def __init__(self, events: list[dict], ready: threading.Event) -> None:
        self._events = events
        self._ready = ready
        self._closed = threading.Event()

    def __iter__(self):
        self._ready.wait(5)
        yield from self._events
        self._closed.wait()

    def close(self) -> None:
        self._closed.set()


class FlakyAPI:
    """Lists nothing at first; then a container is created (its event follows the first
    list), and the first targeted read of it fails (a timeout, a dropped connection)."""

    def __init__(self, container: dict) -> None:
        self.container = container
        self.listed = threading.Event()
        self.targeted_reads = 0

    def containers(self, all: bool = False, filters: dict | None = None):
        if not filters:
            self.listed.set()
            return []
        self.targeted_reads += 1
        if self.targeted_reads == 1:
            raise ConnectionError("read timed out")
        return [self.container] if self.container["Id"] in filters["id"] else []

    def images(self):
        return []

    def volumes(self):

        return {"Volumes": [], "Warnings": None}

    def networks(self):

        return []

    def events(self, since=None, decode=True):
        return OneEventStream(
            [
                {
                    "Type": "container",
                    "Action": "start",
                    "timeNano": time.time_ns(),
                    "Actor": {"ID": self.container["Id"], "Attributes": {"name": "web"}},
                }
            ],
            self.listed,
        )

    def version(self, api_version: bool = True) -> dict:
        return {}


def test_a_failed_targeted_read_is_retried() -> None:
    container = fake_container("web", "running", status="Up 1 second")
    api = FlakyAPI(container)
    session = LiveSession(api, notify=lambda: None, backoff=(0.05, 0.1))
    session.start()
    try:
        deadline = time.monotonic() + 5
        while container["Id"] not in session.inventory.containers and time.monotonic() < deadline:
            time.sleep(0.02)
        assert container["Id"] in session.inventory.containers, "the container of the event never listed"
        assert api.targeted_reads == 2
        update = session.drain()
        assert update.diff is not None
        assert [c.id for c in update.diff.containers.upserted] == [container["Id"]]
    finally:
        session.close()
        assert session.join(20)


class LaggingAPI:
    """The daemon's order of things: ``die`` is sent while its list still says running, for
    the first ``lag`` targeted reads; no later container event follows."""

    def __init__(self, container: dict, lag: int) -> None:
        self.running = container
        self.exited = {**container, "State": "exited", "Status": "Exited (137) 1 second ago"}
        self.lag = lag
        self.listed = threading.Event()
        self.targeted_reads = 0

    def containers(self, all: bool = False, filters: dict | None = None):
        if not filters:
            self.listed.set()
            return [self.running]
        self.targeted_reads += 1
        return [self.running if self.targeted_reads <= self.lag else self.exited]

    def images(self):
        return []

    def volumes(self):

        return {"Volumes": [], "Warnings": None}

    def networks(self):

        return []

    def events(self, since=None, decode=True):
        return OneEventStream(
            [
                {
                    "Type": "container",
                    "Action": "die",
                    "timeNano": time.time_ns(),
                    "Actor": {"ID": self.running["Id"], "Attributes": {"name": "web", "exitCode": "137"}},
                }
            ],
            self.listed,
        )

    def version(self, api_version: bool = True) -> dict:
        return {}


def state_of(session: LiveSession, container_id: str, until: str, wait: float = 10.0) -> str:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        summary = session.inventory.container(container_id)
        if summary is not None and summary.state == until:
            break
        time.sleep(0.01)
    summary = session.inventory.container(container_id)
    return summary.state if summary else "gone"


def test_a_re_read_that_disagrees_with_the_event_is_read_again() -> None:
    api = LaggingAPI(fake_container("web", "running", status="Up 1 second"), lag=3)
    session = LiveSession(api, notify=lambda: None)
    session.start()
    try:
        assert state_of(session, api.running["Id"], until="exited") == "exited"  # the die's word, at once
        deadline = time.monotonic() + 10
        while (api.targeted_reads < 4 or session.inventory.held(api.running["Id"])) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert api.targeted_reads == 4  # three early reads said running; the fourth agreed
        summary = session.inventory.container(api.running["Id"])
        assert summary is not None and summary.status == "Exited (137) 1 second ago"  # the list's own row
        reads = api.targeted_reads
        time.sleep(0.5)
        assert api.targeted_reads == reads, "it agreed: no more reads"
    finally:
        session.close()
        assert session.join(20)


def test_a_list_that_never_agrees_ends_in_a_full_relist() -> None:
    api = LaggingAPI(fake_container("web", "running", status="Up 1 second"), lag=10_000)
    session = LiveSession(api, notify=lambda: None)
    session.start()
    try:
        deadline = time.monotonic() + 15
        while session.full_relists < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert session.full_relists == 2  # the first list, then the one that settles the doubt
        reads = api.targeted_reads
        time.sleep(0.5)
        assert api.targeted_reads == reads, "it gave up asking"
    finally:
        session.close()
        assert session.join(20)
