"""Follow a container's logs: stdout and stderr told apart, timestamps, safe text.

Without a tty the daemon multiplexes the streams in frames (an 8-byte header:
stream type, three zero bytes, big-endian length); with a tty it sends raw bytes,
all of it stdout. Timestamps are always requested, so toggling them needs no new
request. Every line is sanitised: SGR colours stay, every other control
sequence goes (container output must never drive the user's terminal).
"""

from __future__ import annotations

import codecs
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.mailbox import Mailbox
from dockertui.engine.safe_text import MAX_LENGTH, safe_log_line, safe_text
from dockertui.engine.streams import close_stream
from dockertui.engine.transport import open_response

if TYPE_CHECKING:
    from docker import APIClient

#: Lines read ahead of the screen: the reader waits for the screen beyond that (see
#: Mailbox), so a container logging as fast as it can cannot take the CPU from the UI.
PENDING_LINES = 500
#: A reader that spent half of this many seconds waiting for the screen is behind the
#: container for good: it skips ahead and starts again from the last lines.
BEHIND_WINDOW = 5.0
#: Lines fetched again when the follower skips ahead.
SKIP_TAIL = 100
_STREAMS = {1: "stdout", 2: "stderr"}


@dataclass(frozen=True, slots=True)
class LogLine:
    #: "stdout", "stderr", "skipped" where lines were left out (the container logged faster
    #: than they can be shown), or "end" for the sentinel after the last line.
    stream: str
    timestamp: str  # RFC 3339 from the daemon, "" if absent
    text: str  # sanitised; may hold SGR sequences
    #: Whose line it is where several logs are merged (a compose service); "" otherwise.
    source: str = ""


def split_timestamp(line: str) -> tuple[str, str]:
    stamp, space, rest = line.partition(" ")
    if space and len(stamp) >= 20 and stamp[4] == "-" and stamp[10] == "T":
        return stamp, rest
    return "", line


class _LineSplitter:
    """Bytes of one stream in, complete sanitised lines out (UTF-8 split across reads is fine).

    A line is kept to ``LINE_LIMIT`` characters while it arrives, the rest only counted: a
    container writing megabytes without a newline (which the daemon sends on in 16 KiB
    pieces) cost quadratic time joining them, and unbounded memory."""

    LINE_LIMIT = MAX_LENGTH + 1024

    def __init__(self, stream: str) -> None:
        self.stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._parts: list[str] = []
        self._kept = 0
        self._dropped = 0

    def _keep(self, piece: str) -> None:
        room = self.LINE_LIMIT - self._kept
        if len(piece) > room:
            self._dropped += len(piece) - max(0, room)
            piece = piece[: max(0, room)]
        if piece:
            self._parts.append(piece)
            self._kept += len(piece)

    def feed(self, data: bytes, final: bool = False) -> list[LogLine]:
        pieces = self._decoder.decode(data, final).split("\n")
        lines = []
        for index, piece in enumerate(pieces):
            self._keep(piece)
            if index == len(pieces) - 1 and not final:
                break  # the line goes on in the next read
            line, dropped = "".join(self._parts), self._dropped
            self._parts, self._kept, self._dropped = [], 0, 0
            if final and not line and index == len(pieces) - 1:
                continue
            stamp, rest = split_timestamp(line)
            lines.append(LogLine(self.stream, safe_text(stamp), safe_log_line(rest, dropped)))
        return lines


class LogFollower:
    """Streams one container's logs in a daemon thread into ``lines`` (a Mailbox), starting
    with the last ``tail`` lines of the past ([logs] tail)."""

    def __init__(
        self, api: APIClient, container_id: str, *, tty: bool, notify: Callable[[], object], tail: int
    ) -> None:
        self.api = api
        self.container_id = container_id
        self.tty = tty
        self.tail = tail
        self.lines: Mailbox[LogLine] = Mailbox(notify, limit=PENDING_LINES)
        self.error: str | None = None
        self.ended = threading.Event()
        self._response = None
        self._closing = False
        #: Times the follower skipped ahead in a flood (for tests and benchmarks).
        self.skips = 0
        self._thread = threading.Thread(target=self._run, name=f"logs-{container_id[:12]}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._closing = True
        self.lines.close()  # a reader waiting for the screen to take lines goes on, and ends
        response = self._response
        if response is not None:
            from docker.types.daemon import CancellableStream

            close_stream(CancellableStream(iter(()), response))

    def _run(self) -> None:
        """Follow; when the screen cannot keep up for long (a flood), drop what is left of
        the backlog and follow again from the last lines: the view stays near the present
        and the CPU goes to what is shown."""
        tail = self.tail
        try:
            while True:
                response = self._open(tail)
                self._response = response
                if self._closing:
                    response.close()
                    return
                if not self._pump(response) or self._closing:
                    break
                response.close()
                self.skips += 1
                self.lines.put(
                    LogLine(
                        "skipped",
                        "",
                        "lines skipped: the container logs faster than they can be shown (ctrl+s saves what is here)",
                    )
                )
                tail = SKIP_TAIL
        except Exception as error:  # noqa: BLE001 - shown to the user in the log view
            if not self._closing:
                self.error = explain_error(error)
        finally:
            self.ended.set()
            if not self._closing:
                # A sentinel the view shows as "log ended" (with the error, if any).
                self.lines.put(LogLine("end", "", self.error or ""))

    def _open(self, tail: int):
        """The followed log's response (a service's logs open their own endpoint)."""
        return open_response(
            self.api,
            "GET",
            "/containers/{0}/logs",
            self.container_id,
            params={"follow": 1, "stdout": 1, "stderr": 1, "timestamps": 1, "tail": tail if tail >= 0 else "all"},
        )

    def _pump(self, response) -> bool:
        """Read until the stream ends (False) or the reader is behind for good (True)."""
        raw = response.raw
        splitters = {name: _LineSplitter(name) for name in ("stdout", "stderr")}
        buffer = b""
        window_start, waited = time.monotonic(), 0.0
        while True:
            chunk = raw.read1(65536)
            if not chunk:
                break
            if self.tty:
                batch = splitters["stdout"].feed(chunk)
            else:
                buffer += chunk
                batch = []
                offset = 0
                while len(buffer) - offset >= 8:
                    length = int.from_bytes(buffer[offset + 4 : offset + 8], "big")
                    if len(buffer) - offset < 8 + length:
                        break
                    stream = _STREAMS.get(buffer[offset], "stdout")
                    batch.extend(splitters[stream].feed(buffer[offset + 8 : offset + 8 + length]))
                    offset += 8 + length
                buffer = buffer[offset:]  # once per read: slicing per frame copied the rest each time
            if batch:
                waited += self.lines.extend(batch)
                now = time.monotonic()
                if now - window_start >= BEHIND_WINDOW:
                    if waited >= BEHIND_WINDOW / 2:
                        return True
                    window_start, waited = now, 0.0
        for splitter in splitters.values():
            self.lines.extend(splitter.feed(b"", final=True))
        return False
