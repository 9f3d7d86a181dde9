"""One shell session: a tab holding a TerminalView wired to an ExecSession.

The session is started in a thread (choosing the first of the [shell] commands that
runs, unless a command was given); its output is fed to the terminal from the reader thread;
keys, pastes and the terminal's replies go back through ``ExecSession.write``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import TabPane

from dockertui.engine.exec_session import ExecEnd, ExecFailed, ExecSession
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.terminal.view import TerminalView

#: Bytes kept from keys and pastes before the shell has started.
EARLY_INPUT_LIMIT = 64 * 1024


class ShellTab(TabPane):
    @dataclass
    class Started(Message):
        """The exec runs ``command`` (the first of the [shell] commands that started)."""

        tab: ShellTab
        command: list[str]

    @dataclass
    class Ended(Message):
        tab: ShellTab
        end: ExecEnd | None
        error: str = ""

    def __init__(
        self,
        daemon: DaemonSession,
        container_id: str,
        container_name: str,
        command: list[str] | None,
        *,
        tab_id: str,
        shells: tuple[str, ...],
    ) -> None:
        self.tab_id = tab_id
        self.container_id = container_id
        self.container_name = container_name
        self.command = command
        self.shells = shells
        self.daemon = daemon
        self.session: ExecSession | None = None
        self.finished = False
        # What is typed while the exec starts (over ssh that takes a moment) is kept, not lost.
        self._input_lock = threading.Lock()
        self._early_input = bytearray()
        self._closed_while_starting = False
        self._tty_size = (24, 80)
        self._view: TerminalView | None = None
        super().__init__(self.title_for(" ".join(command) if command else "shell"), id=tab_id)

    def title_for(self, what: str, note: str = "") -> Content:
        """Plain content: a tab title given as a string would be read as markup."""
        return Content(f"{self.container_name}: {what}{f' ({note})' if note else ''}")

    def compose(self) -> ComposeResult:
        yield self.view

    @property
    def view(self) -> TerminalView:
        # Made once and held: the tab may already be leaving the DOM when its shell ends.
        if self._view is None:
            self._view = TerminalView(write=self._write, resize=self._resize)
        return self._view

    def on_mount(self) -> None:
        view = self.view
        view.feed(f"\x1b[2mstarting a shell in {self.container_name}…\x1b[0m\r\n".encode())
        self._start(view)

    @work(thread=True, group="shell-start", exit_on_error=False)
    def _start(self, view: TerminalView) -> None:
        # In a thread: only the view's thread-safe feed is used, never a DOM query, and the
        # tab's attributes are left to the UI thread (Started carries what it learnt), except
        # the session, handed over under the input lock that keys and resizes take.
        try:
            rows, columns = self._tty_size
            session = self.daemon.open_shell(
                self.container_id,
                self.command,
                on_output=view.feed,
                on_end=lambda end: self.post_message(self.Ended(self, end)),
                rows=rows,
                columns=columns,
                shells=self.shells,
            )
        except (ExecFailed, ReadOnlyRefused) as failure:
            self.post_message(self.Ended(self, None, str(failure)))
            return
        with self._input_lock:
            closed = self._closed_while_starting
            if not closed:
                self.session = session
                session.resize(*self._tty_size)  # the first resize, right after start
                if self._early_input:
                    session.write(bytes(self._early_input))
                    self._early_input.clear()
        if closed:  # the tab was closed (or the app left) while the exec started
            session.close(grace=0.05)
            return
        self.post_message(self.Started(self, session.command))

    def _write(self, data: bytes) -> None:
        with self._input_lock:
            session = self.session
            if session is None:
                if not self.finished and len(self._early_input) < EARLY_INPUT_LIMIT:
                    self._early_input += data
                return
        session.write(data)

    def _resize(self, rows: int, columns: int) -> None:
        with self._input_lock:  # the start thread reads the size under it, after its start
            self._tty_size = (rows, columns)
            session = self.session
        if session is not None:
            session.resize(rows, columns)

    def show_end(self, end: ExecEnd | None, error: str) -> str:
        """Say in the terminal how it ended; return the note for the tab's title."""
        self.finished = True
        if error:
            message, note = f"could not start: {error}", "failed"
        elif end is not None and end.container_stopped:
            # Two codes: the container's own, and the shell's (an exec killed as the
            # container went down says 137 even when the container itself exited 0).
            own = f" (exit code {end.container_exit_code})" if end.container_exit_code is not None else ""
            shell = f"; the shell ended with exit code {end.exit_code}" if end.exit_code is not None else ""
            message, note = f"the container stopped{own}{shell}", "container stopped"
        else:
            exit_code = end.exit_code if end is not None else None
            message, note = f"exited with code {exit_code}", f"exit {exit_code}"
        self.view.feed(f"\r\n\x1b[7m {message} — press any key to close this tab \x1b[0m".encode())
        self.view.ended = True
        return note

    def close_session(self, wait: bool = True, grace: float = 0.5) -> threading.Thread | None:
        """End the shell and all it started, in a thread (EOT, then the sweep: SIGHUP, SIGKILL)."""
        with self._input_lock:
            session = self.session
            if session is None:
                self._closed_while_starting = True  # _start ends the exec once it runs
                return None
        app = self.app  # taken here: the thread has no app context

        def close() -> None:
            session.close(grace)
            if session.left_behind:
                try:
                    app.call_from_thread(
                        app.notify, session.left_behind, title="Processes left running", severity="warning", timeout=15
                    )
                except RuntimeError:
                    pass  # the app is gone; cli.main says it on the way out

        thread = threading.Thread(target=close, name="shell-close", daemon=True)
        thread.start()
        if wait:
            thread.join(3.0)
        return thread
