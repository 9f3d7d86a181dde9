"""Run dockertui in a real pseudo-terminal, the way a user does, and read its screen.

The child's output is fed into a pyte screen, so tests and benchmarks can wait
for text to appear at the right place instead of grepping escape codes.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

import pyte


class PtySession:
    def __init__(
        self,
        args: list[str],
        columns: int = 120,
        rows: int = 40,
        env: dict[str, str] | None = None,
        program: list[str] | None = None,
    ) -> None:
        """``program``: what to run instead of ``python -m dockertui`` (``args`` follow it)."""
        self.columns = columns
        self.rows = rows
        self.screen = pyte.Screen(columns, rows)
        self._stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        self.first_output_at: float | None = None
        # Raw output with arrival times, to time an answer without pyte's own parsing cost.
        self._raw = bytearray()
        self._chunks: list[tuple[int, float]] = []  # (end offset in _raw, arrival time)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        child_env = dict(os.environ if env is None else env)
        child_env.setdefault("TERM", "xterm-256color")
        child_env.setdefault("COLUMNS", str(columns))
        child_env.setdefault("LINES", str(rows))
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [*(program or [sys.executable, "-m", "dockertui"]), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=child_env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.5)
                if not ready:
                    if self.process.poll() is not None:
                        return
                    continue
                data = os.read(self._master, 65536)
            except (OSError, ValueError):  # closed (hang_up, close)
                return
            if not data:
                return
            arrived = time.monotonic()
            with self._lock:
                if self.first_output_at is None:
                    self.first_output_at = arrived
                self._raw += data
                self._chunks.append((len(self._raw), arrived))
                self._stream.feed(data)

    def text(self) -> str:
        with self._lock:
            return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 10.0) -> float:
        """Seconds from launch until ``needle`` is on screen; raises TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.text():
                return time.monotonic() - self.started_at
            if self.process.poll() is not None and needle not in self.text():
                break
            time.sleep(0.005)
        raise TimeoutError(f"{needle!r} not on screen after {timeout} s:\n{self.text()}")

    def wait_until_gone(self, needle: str, timeout: float = 10.0) -> None:
        """Wait for ``needle`` to leave the screen; raises TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle not in self.text():
                return
            time.sleep(0.005)
        raise TimeoutError(f"{needle!r} still on screen after {timeout} s:\n{self.text()}")

    def raw_output(self) -> bytes:
        """Every byte the app wrote to its terminal so far."""
        with self._lock:
            return bytes(self._raw)

    @property
    def output_offset(self) -> int:
        with self._lock:
            return len(self._raw)

    def wait_for_output(self, needle: str, offset: int, timeout: float = 10.0) -> float:
        """Arrival time (monotonic) of the output chunk that completes ``needle``, searching
        only output after ``offset`` (from ``output_offset`` taken before sending input)."""
        encoded = needle.encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = self._raw.find(encoded, offset)
                if found >= 0:
                    end = found + len(encoded)
                    return next(t for chunk_end, t in self._chunks if chunk_end >= end)
            time.sleep(0.002)
        raise TimeoutError(f"{needle!r} not in the output after {timeout} s")

    def wait_for_pattern(self, pattern: str, timeout: float = 10.0) -> float:
        """Like wait_for, with a regular expression."""
        compiled = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if compiled.search(self.text()):
                return time.monotonic() - self.started_at
            time.sleep(0.005)
        raise TimeoutError(f"/{pattern}/ not on screen after {timeout} s:\n{self.text()}")

    def send(self, data: str | bytes) -> None:
        os.write(self._master, data.encode() if isinstance(data, str) else data)

    def cpu_seconds(self) -> float:
        """User+system CPU time the app process has used so far."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def wait_exit(self, timeout: float) -> int | None:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def resize(self, columns: int, rows: int) -> None:
        """What a terminal window does when resized: a new size, and SIGWINCH."""
        with self._lock:
            self.columns, self.rows = columns, rows
            self.screen.resize(rows, columns)
        fcntl.ioctl(self._master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process.send_signal(signal.SIGWINCH)

    def hang_up(self) -> None:
        """What an SSH connection that drops does: the terminal goes away, SIGHUP arrives."""
        master, self._master = self._master, -1
        if master >= 0:
            os.close(master)
        self.process.send_signal(signal.SIGHUP)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        master, self._master = self._master, -1
        if master >= 0:
            os.close(master)
