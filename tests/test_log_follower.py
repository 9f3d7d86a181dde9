"""Following a container that logs faster than the screen can take: bounded, and near the present."""

from __future__ import annotations

import time

from dockertui.engine.logs import PENDING_LINES, SKIP_TAIL, LogFollower


class FloodResponse:
    """A tty log stream that never runs dry (the container prints as fast as it can)."""

    def __init__(self, reads: list[int]) -> None:
        self.raw = self
        self.closed = False
        self._fp = None  # docker-py's own close finds no socket here, so close_stream calls close()
        self._reads = reads
        self._count = 0

    def read1(self, size: int) -> bytes:
        if self.closed:
            return b""
        self._reads[0] += 1
        self._count += 1
        return b"".join(b"2026-12-01T10:00:00.000000000Z flood line %d\n" % (self._count * 100 + n) for n in range(100))

    def close(self) -> None:
        self.closed = True


class FloodAPI:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.reads = [0]

    def _url(self, path: str, *args) -> str:
        return path

    def _get(self, url: str, params: dict, stream: bool, timeout, headers=None) -> FloodResponse:
        self.requests.append(params)
        return FloodResponse(self.reads)

    def _raise_for_status(self, response) -> None:
        pass


def test_a_flood_the_screen_cannot_take_is_skipped_to_its_tail() -> None:
    api = FloodAPI()
    follower = LogFollower(api, "c" * 64, tty=True, notify=lambda: None, tail=1000)
    follower.start()
    try:
        taken = []
        deadline = time.monotonic() + 60
        while follower.skips < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # a slow screen: it takes what is there now and then
            batch = follower.lines.take()
            assert len(batch) <= PENDING_LINES + 100, "the reader ran ahead of the screen without bound"
            taken += batch
        assert follower.skips >= 2
        assert [request["tail"] for request in api.requests[:3]] == [1000, SKIP_TAIL, SKIP_TAIL]
        assert any(line.stream == "skipped" for line in taken)
    finally:
        follower.close()
        assert follower.ended.wait(20)


def test_a_reader_waiting_for_the_screen_ends_on_close() -> None:
    api = FloodAPI()
    follower = LogFollower(api, "c" * 64, tty=True, notify=lambda: None, tail=1000)
    follower.start()
    deadline = time.monotonic() + 20
    while api.reads[0] < PENDING_LINES // 100 + 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    follower.close()  # nobody takes the lines: the reader waits for room until this
    assert follower.ended.wait(20)
