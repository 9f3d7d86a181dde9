"""StatsHub's bookkeeping when watches change faster than streams open (fakes; the real
streams are covered in test_containers_pane and test_remote)."""

from __future__ import annotations

import threading
import time

from dockertui.engine import stats


class FakeStream:
    """Yields nothing and blocks until closed, like a stats stream of an idle container."""

    def __init__(self) -> None:
        self.closed = threading.Event()

    def __iter__(self):
        self.closed.wait(10)
        return iter(())

    def close(self) -> None:
        self.closed.set()


def test_unwatch_and_watch_again_while_opening_leaves_one_stream(monkeypatch) -> None:
    opened: list[FakeStream] = []

    def slow_open(api, container_id):
        time.sleep(0.3)
        stream = FakeStream()
        opened.append(stream)
        return stream

    monkeypatch.setattr(stats, "open_stats_stream", slow_open)
    hub = stats.StatsHub(api=None, notify=lambda: None)
    try:
        hub.watch(["a"])
        hub.watch([])  # scrolled away before the first stream opened…
        hub.watch(["a"])  # …and back
        deadline = time.monotonic() + 3

        def still_open() -> int:
            return sum(not stream.closed.is_set() for stream in opened)

        while not (len(opened) == 2 and still_open() == 1) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(opened) == 2
        assert still_open() == 1, "exactly one stream stays open"
        assert hub.watched == {"a"}
    finally:
        hub.close()
    assert all(stream.closed.is_set() for stream in opened)


class SampleStream:
    """Yields a sample every 10 ms until closed, like a busy container's stats stream."""

    def __init__(self) -> None:
        self.closed = threading.Event()

    def __iter__(self):
        while not self.closed.wait(0.01):
            yield {"read": "2026-11-28T06:00:00Z", "memory_stats": {"usage": 1024, "limit": 4096}}

    def close(self) -> None:
        self.closed.set()


def streams_of(kind, monkeypatch) -> list:
    """Every stats stream the hub opens is a new ``kind``; the list of those opened."""
    streams: list = []

    def open_stream(api, container_id):
        streams.append(kind())
        return streams[-1]

    monkeypatch.setattr(stats, "open_stats_stream", open_stream)
    return streams


def test_a_removed_container_is_forgotten_and_stays_forgotten(monkeypatch) -> None:
    streams = streams_of(SampleStream, monkeypatch)
    hub = stats.StatsHub(api=None, notify=lambda: None)
    try:
        hub.watch(["gone", "kept"])
        deadline = time.monotonic() + 3
        while not (hub.history_of("gone") and hub.history_of("kept")) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert hub.history_of("gone") and hub.history_of("kept")
        hub.forget(["gone"])
        time.sleep(0.1)  # samples in flight must not bring it back
        assert hub.history_of("gone") == [] and "gone" not in hub.history
        assert hub.watched == {"kept"} and hub.history_of("kept")
    finally:
        hub.close()
    assert all(stream.closed.is_set() for stream in streams)


class ShortStream(SampleStream):
    """Two samples, then the end (a daemon restart, a dropped connection)."""

    def __iter__(self):
        for _ in range(2):
            if self.closed.wait(0.01):
                return
            yield {"read": "2026-11-28T06:00:00Z", "memory_stats": {"usage": 1024, "limit": 4096}}


def test_a_stream_that_ends_is_opened_again_while_watched(monkeypatch) -> None:
    streams = streams_of(ShortStream, monkeypatch)
    hub = stats.StatsHub(api=None, notify=lambda: None, retry_delays=(0.05,))
    try:
        hub.watch(["a"])
        deadline = time.monotonic() + 3
        while len(hub.history_of("a")) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(hub.history_of("a")) >= 5 and len(streams) >= 3, "the ended stream was not opened again"
        hub.unwatch("a")
        time.sleep(0.2)
        opened = len(streams)
        time.sleep(0.3)
        assert len(streams) == opened, "still reopening after unwatch"
    finally:
        hub.close()
