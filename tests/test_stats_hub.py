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
        while len(opened) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)
        assert len(opened) == 2
        assert sum(not stream.closed.is_set() for stream in opened) == 1, "exactly one stream stays open"
        assert hub.watched == {"a"}
    finally:
        hub.close()
    assert all(stream.closed.is_set() for stream in opened)
