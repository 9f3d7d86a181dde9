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

    def containers(self, all: bool = False, filters: dict | None = None):  # noqa: A002 - docker-py's keyword
        if not filters:
            self.listed.set()
            return []
        self.targeted_reads += 1
        if self.targeted_reads == 1:
            raise ConnectionError("read timed out")
        return [self.container] if self.container["Id"] in filters["id"] else []

    def images(self):
        return []

    def events(self, since=None, decode=True):
        return OneEventStream([{"Type": "container", "Action": "start", "timeNano": time.time_ns(),
                                "Actor": {"ID": self.container["Id"], "Attributes": {"name": "web"}}}],
                              self.listed)

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
        assert session.join(2.0)
