"""docker-py's ``ssh`` client socket, made safe to close.

With ``use_ssh_client=True`` every pooled connection is an ``ssh … docker system
dial-stdio`` process behind ``docker.transport.sshconn.SSHSocket``. Its ``close()``
writes to the process's stdin without catching anything, so closing a connection
whose process has already exited (every finished non-streaming exec) raises
BrokenPipeError out of ``exec_start``; it never waits for the process (zombies); and
``shutdown()`` — what stream closers call — fails on the never-connected inet socket
underneath, so a reader blocked on the process's stdout is never woken.

``ClosableSSHSocket`` ends the process instead: stdin closed, SIGTERM, reaped
(SIGKILL after a second). A blocked reader then sees EOF. It also starts ssh in a
session of its own with stderr discarded: docker-py's ssh shares our terminal, where a
host-key or passphrase prompt, or any ssh message, would be drawn over the UI (and wait
for an answer nobody can type). Without a terminal ssh fails instead, and
``ssh_diagnosis`` says why. ``install()`` puts the class where docker-py's
``SSHConnection.connect`` looks it up.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading

from docker.transport import sshconn

from dockertui.engine import ssh_processes

END_TIMEOUT = 1.0


class ClosableSSHSocket(sshconn.SSHSocket):
    def connect(self, **kwargs) -> None:
        args = ["ssh"]
        if self.user:
            args += ["-l", self.user]
        if self.port:
            args += ["-p", self.port]
        args += ["--", self.host, "docker system dial-stdio"]
        env = dict(os.environ)
        env.pop("LD_LIBRARY_PATH", None)  # as docker-py does
        env.pop("SSL_CERT_FILE", None)
        self.proc = subprocess.Popen(
            args,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.owner = threading.get_ident()
        ssh_processes.track(self)

    def shutdown(self, how: int) -> None:
        self._end_process()

    def close(self) -> None:
        self._end_process()
        socket.socket.close(self)  # the unused inet socket docker-py's class is built on

    def end_process(self) -> None:
        """End the ssh process (from any thread): a reader blocked on it sees EOF."""
        self._end_process()

    def _end_process(self) -> None:
        process = self.proc
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
        except (OSError, ValueError):
            pass  # already gone: nothing to tell it
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(END_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(END_TIMEOUT)
        # stdout is left to the garbage collector: closing it here would wait for the lock of
        # a reader still inside read(), which the process's end is about to wake anyway.

    def __del__(self) -> None:
        # docker-py's ssh-client adapter makes a connection pool per request and keeps none,
        # so a finished request's connection is dropped, never closed: end its process when
        # it goes. Without waiting: a finalizer may run on any thread, the UI's included.
        process = getattr(self, "proc", None)
        if process is not None and process.poll() is None:
            try:
                process.stdin.close()
                process.terminate()
            except (OSError, ValueError):
                pass
        try:
            socket.socket.close(self)
        except OSError:
            pass


def install() -> None:
    """Use ``ClosableSSHSocket`` for every ssh-client connection docker-py opens from now on."""
    sshconn.SSHSocket = ClosableSSHSocket
