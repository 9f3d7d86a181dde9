"""Closing streams from another thread on every transport (docker-py's close() raises over SSH)."""

from __future__ import annotations

import threading
import time

from dockertui.engine.streams import close_stream


class _Recorder:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


class _SSHLikeStream:
    """Shaped like docker-py's CancellableStream over paramiko or the ssh client."""

    def __init__(self) -> None:
        self.channel = _Recorder()
        file_object = type("FileObject", (), {"channel": self.channel, "close": lambda self: None})()
        raw = type("Raw", (), {"_fp": type("Fp", (), {"fp": file_object})()})()
        self._response = type("Response", (), {"raw": raw, "close": lambda self: None})()

    def close(self) -> None:
        raise RuntimeError("Cancellable streams not supported for the SSH protocol")


def test_ssh_stream_is_closed_through_its_channel() -> None:
    stream = _SSHLikeStream()
    close_stream(stream)  # must not raise
    assert stream.channel.closed


def test_real_events_stream_closes_promptly(docker_client) -> None:
    stream = docker_client.api.events(decode=True)
    finished = threading.Event()

    def read() -> None:
        for _ in stream:
            pass
        finished.set()

    threading.Thread(target=read, daemon=True).start()
    time.sleep(0.2)
    close_stream(stream)
    assert finished.wait(20)


def test_close_never_raises_on_odd_objects() -> None:
    close_stream(object())
    close_stream(type("Broken", (), {"close": lambda self: (_ for _ in ()).throw(OSError("gone"))})())
