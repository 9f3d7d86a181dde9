"""An interactive exec session over the Engine API: a tty, stdin, and a raw socket.

- Started with an explicit ``Upgrade: tcp`` request, and read through the HTTP
  response's buffered reader: bytes that arrive together with the upgrade
  answer are not lost (docker-py's ``socket=True`` reads the bare socket and
  drops them, docker-py #3332/#2466).
- The tty has no size until the first resize, and a resize before start fails;
  one resize thread applies the latest size (two racing resizes left the shell at
  24×80), retrying briefly right after start.
- Ending a session ends everything it started: ctrl+c and EOT first (a shell at its
  prompt exits), then, always, a sweep from a second exec: every process carrying the
  session's marker variable (the shell, its background jobs, double-forked children —
  the environment is inherited) gets SIGHUP, and what is still there 0.2 s later gets
  SIGKILL. ``shutdown(SHUT_WR)`` alone leaves the shell running. The sweep needs
  ``/bin/sh``, ``tr``, ``grep``, ``kill`` and ``sleep`` in the container; without them
  only the shell itself ends (on EOT).
- Every live session of the process is known (``live_sessions``), so every way out —
  quit, a crash, SIGHUP, SIGTERM — can end them all (``end_all``).
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.transport import open_response, response_file, upgraded_socket

if TYPE_CHECKING:
    from docker import APIClient

MARKER = "DOCKERTUI_SESSION"
READ_SIZE = 65536
#: Seconds between SIGHUP and SIGKILL in the sweep.
KILL_AFTER = 0.2

_live: set[ExecSession] = set()
#: Why sessions could not end what they started (a paused container), for the user.
_left_behind: list[str] = []
_live_lock = threading.Lock()


def live_sessions() -> list[ExecSession]:
    """Sessions started in this process and not yet closed."""
    with _live_lock:
        return list(_live)


def left_behind() -> list[str]:
    """Why closed sessions left processes running (say it after the app is gone)."""
    with _live_lock:
        return list(_left_behind)


def end_all(timeout: float = 5.0) -> bool:
    """Close every live session at once (blocking, up to ``timeout``); True when all ended."""
    threads = [
        threading.Thread(target=session.close, args=(0.1,), name="exec-end", daemon=True) for session in live_sessions()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not live_sessions()


class ExecFailed(Exception):
    pass


@dataclass
class ExecEnd:
    """How a session ended."""

    exit_code: int | None  # the exec session's (the shell's), not the container's
    container_stopped: bool = False
    error: str = ""
    #: The container's own exit code once it stopped (None: unknown, or it was removed).
    container_exit_code: int | None = None


def choose_shell(api: APIClient, container_id: str, shells: tuple[str, ...]) -> str:
    """The first shell of ``shells`` ([shell] commands) that runs in the container."""
    for shell in shells:
        try:
            probe = api.exec_create(container_id, [shell, "-c", "exit 0"], stdout=True, stderr=True)
            api.exec_start(probe["Id"])
            if api.exec_inspect(probe["Id"]).get("ExitCode") == 0:
                return shell
        except Exception as error:
            message = explain_error(error)
            if "is not running" in message or "No such container" in message:
                raise ExecFailed(message) from error
    raise ExecFailed(f"none of {', '.join(shells)} runs in this container; use E to give a command")


def chunk_reader(file_object) -> Callable[[], bytes]:
    """A function returning whatever has arrived on the stream (b"" at its end).

    ``file_object`` holds what came with the upgrade answer, so it is read first. On unix,
    TLS and the ssh client it is an io.BufferedReader: ``read1``. Over paramiko it is a
    ChannelFile whose ``read(n)`` waits for all n bytes: take its buffer once, then read
    the channel (see the notes: the socket type differs per transport)."""
    if hasattr(file_object, "read1"):
        return lambda: file_object.read1(READ_SIZE)
    channel = file_object.channel
    pending = [bytes(getattr(file_object, "_rbuffer", b""))]
    file_object._rbuffer = b""

    def read() -> bytes:
        if pending:
            data = pending.pop()
            if data:
                return data
        return channel.recv(READ_SIZE)

    return read


class ExecSession:
    """One command with a tty in a container; output goes to ``on_output`` from a reader thread."""

    def __init__(
        self,
        api,
        container_id: str,
        command: list[str],
        *,
        on_output: Callable[[bytes], None],
        on_end: Callable[[ExecEnd], object],
        rows: int = 24,
        columns: int = 80,
    ) -> None:
        self.api = api
        self.container_id = container_id
        self.command = command
        self.marker = uuid.uuid4().hex
        self.exec_id: str | None = None
        self._on_output = on_output
        self._on_end = on_end
        self._response = None
        self._read_chunk: Callable[[], bytes] | None = None
        self._writer = None
        self._write_lock = threading.Lock()
        self._size = (rows, columns)
        self._size_changed = threading.Condition()
        self._size_applied: tuple[int, int] | None = None
        self._closing = False
        self._swept = False
        #: Set when the sweep could not run in a container that still exists (paused).
        self.left_behind: str | None = None
        self._close_lock = threading.Lock()
        self.ended = threading.Event()

    # -- life ---------------------------------------------------------------------------

    def start(self) -> None:
        """Create and start the exec (blocking); raise ExecFailed with the daemon's words."""
        api = self.api
        try:
            created = api.exec_create(
                self.container_id,
                self.command,
                stdin=True,
                tty=True,
                stdout=True,
                stderr=True,
                environment={"TERM": "xterm-256color", MARKER: self.marker},
            )
            self.exec_id = created["Id"]
            # No client timeout: a shell may sit idle for hours.
            response = open_response(
                api,
                "POST",
                "/exec/{0}/start",
                self.exec_id,
                headers={"Connection": "Upgrade", "Upgrade": "tcp"},
                json={"Tty": True, "Detach": False},
            )
        except Exception as error:
            raise ExecFailed(explain_error(error)) from error
        self._response = response
        with _live_lock:
            _live.add(self)
        self._read_chunk = chunk_reader(response_file(response))
        self._writer = upgraded_socket(api, response)
        threading.Thread(target=self._read_loop, name=f"exec-{self.exec_id[:12]}", daemon=True).start()
        threading.Thread(target=self._resize_loop, name=f"resize-{self.exec_id[:12]}", daemon=True).start()

    def _read_loop(self) -> None:
        read = self._read_chunk
        assert read is not None, "started after start() made the reader"
        try:
            while True:
                data = read()
                if not data:
                    break
                self._on_output(data)
        except (OSError, ValueError, AttributeError):
            pass
        finally:
            self.ended.set()
            with self._size_changed:
                self._size_changed.notify_all()
            self._on_end(self._end_state())

    def _end_state(self) -> ExecEnd:
        try:
            inspected = self.api.exec_inspect(self.exec_id)
        except Exception as error:  # noqa: BLE001 - the container was removed with us in it
            return ExecEnd(None, container_stopped=True, error=explain_error(error))
        exit_code = inspected.get("ExitCode")
        # Killed by a signal may mean the container itself is going down: give its state a moment.
        attempts = 6 if exit_code is not None and exit_code >= 128 and not self._closing else 1
        stopped = False
        container_exit_code = None
        for attempt in range(attempts):
            try:
                state = self.api.inspect_container(self.container_id)["State"]
                stopped = not state["Running"]
                if stopped:
                    container_exit_code = state.get("ExitCode")
            except Exception:  # noqa: BLE001 - gone: stopped indeed
                stopped = True
            if stopped or attempt == attempts - 1:
                break
            time.sleep(0.1)
        return ExecEnd(
            exit_code,
            container_stopped=stopped and not self._closing,
            container_exit_code=container_exit_code if isinstance(container_exit_code, int) else None,
        )

    # -- input and size -----------------------------------------------------------------

    def write(self, data: bytes) -> None:
        # One read of the writer: _drop_socket (another thread, no lock: closing must never
        # wait behind a stuck sendall) may set it to None meanwhile.
        writer = self._writer
        if self.ended.is_set() or writer is None:
            return
        with self._write_lock:
            try:
                writer.sendall(data)
            except Exception:  # noqa: BLE001 - a dead transport: the reader reports the end
                pass

    def resize(self, rows: int, columns: int) -> None:
        """Ask for this size; the resize thread applies the latest one."""
        with self._size_changed:
            self._size = (max(1, rows), max(1, columns))
            self._size_changed.notify_all()

    @property
    def applied_size(self) -> tuple[int, int] | None:
        return self._size_applied

    def _resize_loop(self) -> None:
        while not self.ended.is_set():
            with self._size_changed:
                while self._size == self._size_applied and not self.ended.is_set():
                    self._size_changed.wait()
                wanted = self._size
            if self.ended.is_set():
                return
            # Right after start the exec may not be ready for a resize yet: retry briefly.
            for attempt in range(20):
                try:
                    self.api.exec_resize(self.exec_id, height=wanted[0], width=wanted[1])
                    self._size_applied = wanted
                    break
                except Exception:  # noqa: BLE001 - not ready yet (or gone): retried, then given up
                    if self.ended.is_set():
                        return
                    time.sleep(0.05 * (attempt + 1))
            else:
                self._size_applied = wanted  # give up on this size; a newer one will try again

    # -- ending -------------------------------------------------------------------------

    def close(self, grace: float = 0.5) -> None:
        """End the session and everything it started (blocking, about grace + the sweep).
        Safe to call again and from several threads: the second call waits for the first."""
        with self._close_lock:
            if not self._swept:
                self._closing = True
                if not self.ended.is_set():
                    self.write(b"\x03\x04")  # interrupt whatever runs, then EOT at the prompt
                    self.ended.wait(grace)
                # Always: background jobs and double-forked children outlive the shell's EOT.
                self.sweep()
                self._swept = True
                self.ended.wait(1.0)
            self._drop_socket()
            with _live_lock:
                _live.discard(self)

    def sweep(self) -> None:
        """SIGHUP every process of this session (they all carry its marker), then SIGKILL
        what is left; blocking until the sweeping exec is done."""
        marked = (
            f"for p in /proc/[0-9]*; do "
            f'if tr "\\0" "\\n" < "$p/environ" 2>/dev/null | grep -qx "{MARKER}={self.marker}"; then '
            f'echo "${{p#/proc/}}"; fi; done'
        )
        script = (
            f'pids=$({marked}); [ -z "$pids" ] && exit 0; kill -HUP $pids 2>/dev/null; '
            f'sleep {KILL_AFTER}; pids=$({marked}); [ -z "$pids" ] || kill -KILL $pids 2>/dev/null; exit 0'
        )
        try:
            sweeper = self.api.exec_create(self.container_id, ["/bin/sh", "-c", script])
            self.api.exec_start(sweeper["Id"])
        except Exception as error:  # noqa: BLE001 - stopped or gone: nothing of it runs any more
            if "paused" in explain_error(error).lower():
                # No exec runs in a paused container, and unpausing it is not ours to do.
                self.left_behind = (
                    f"container {self.container_id[:12]} is paused: what its shell started could not be "
                    "ended and runs on when it is unpaused"
                )
                with _live_lock:
                    _left_behind.append(self.left_behind)

    def _drop_socket(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            try:
                writer.shutdown(socket.SHUT_RDWR)
            except (OSError, AttributeError):
                pass
            try:
                writer.close()
            except OSError:
                pass
        if self._response is not None:
            try:
                self._response.close()
            except Exception:  # noqa: BLE001 - closing a dead transport must never fail the close
                pass
