"""Every way out ends every shell and all it started: q, ctrl+c, x, a crash, SIGHUP, SIGTERM.

In a real pty against the real daemon: a shell is opened in a container and starts
background jobs, a double-forked one, one deaf to SIGHUP and a foreground sleep; then the
app (or the tab) is left one way or another. Afterwards no process the shell
started is left in the container, and the app's process is gone.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.support.pty_session import PtySession

WAIT = 30.0
LEAVE_TERMINAL = "\x1d"  # ctrl+]
CRASHING_APP = [sys.executable, str(Path(__file__).parent / "support" / "crashing_app.py")]
STARTED = "sleep 5551 & (sleep 5552 &) ; (trap '' HUP; exec sleep 5553) & sleep 5554"


def left_behind(container) -> list[str]:
    output = container.exec_run(["ps", "-o", "pid,args"]).output.decode()
    return [line for line in output.splitlines() if "sleep 555" in line]


def wait_until_clean(container) -> list[str]:
    deadline = time.monotonic() + WAIT
    while (found := left_behind(container)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def open_shell_with_jobs(session: PtySession, name: str, container) -> None:
    session.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
    session.send("/")
    session.wait_for("filter", timeout=WAIT)
    session.send(name)
    session.wait_for(f"filter {name}", timeout=WAIT)
    session.send("\r")
    session.wait_for(name, timeout=WAIT)
    time.sleep(0.2)
    session.send("e")
    session.wait_for("/ #", timeout=WAIT)
    session.send(STARTED + "\r")
    deadline = time.monotonic() + WAIT
    while len(left_behind(container)) < 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(left_behind(container)) == 4, left_behind(container)


def leave_with_q(session: PtySession) -> None:
    session.send(LEAVE_TERMINAL)
    time.sleep(0.3)
    session.send("q")


def leave_with_ctrl_c(session: PtySession) -> None:
    session.send(LEAVE_TERMINAL)
    time.sleep(0.3)
    session.send("\x03")


def close_the_tab(session: PtySession) -> None:
    session.send(LEAVE_TERMINAL)
    time.sleep(0.3)
    session.send("x")
    session.wait_for("No shells yet", timeout=WAIT)
    session.send("q")


def crash(session: PtySession) -> None:
    session.send(LEAVE_TERMINAL)
    time.sleep(0.3)
    session.send("1")
    session.wait_for("Containers", timeout=WAIT)
    time.sleep(0.3)
    session.send("a")  # raises in crashing_app


def hang_up(session: PtySession) -> None:
    session.hang_up()


def terminate(session: PtySession) -> None:
    os.kill(session.process.pid, signal.SIGTERM)


@pytest.mark.parametrize(
    "way_out", [leave_with_q, leave_with_ctrl_c, close_the_tab, crash, hang_up, terminate], ids=lambda way: way.__name__
)
def test_nothing_is_left_running(docker_host, containers, way_out) -> None:
    name = f"dtui-test-ways-{uuid.uuid4().hex[:6]}"
    box = containers.running(name=name)
    session = PtySession(["--host", docker_host], program=CRASHING_APP if way_out is crash else None)
    try:
        open_shell_with_jobs(session, name, box)
        way_out(session)
        assert session.wait_exit(WAIT) is not None, "the app did not end"
        assert wait_until_clean(box) == []
        if way_out is crash:
            assert "an injected crash" in session.text()  # it did crash, and said so
    finally:
        session.close()


def test_a_paused_container_keeps_what_its_shell_started_and_the_user_is_told(docker_host, containers) -> None:
    """No exec runs in a paused container and unpausing it is not the app's to do: closing
    the shell says what is left instead of leaving silently (a hostile user's find)."""
    name = f"dtui-test-paused-{uuid.uuid4().hex[:6]}"
    box = containers.running(name=name)
    session = PtySession(["--host", docker_host])
    try:
        open_shell_with_jobs(session, name, box)
        box.pause()
        session.send(LEAVE_TERMINAL)
        time.sleep(0.3)
        session.send("x")
        session.wait_for("Processes left running", timeout=WAIT)
        session.send("q")
        assert session.wait_exit(WAIT) is not None, "the app did not end"
        assert f"dockertui: container {box.id[:12]} is paused" in session.raw_output().decode(errors="replace")
    finally:
        session.close()
        box.reload()
        if box.status == "paused":
            box.unpause()
    # As the README says: the background jobs run on (the foreground sleep gets the ctrl+c
    # that waited in the socket, once the container runs again).
    assert len(left_behind(box)) >= 3, left_behind(box)
