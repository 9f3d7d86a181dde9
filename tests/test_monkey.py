"""A monkey at the keyboard: seeded random keys, pane switches and terminal resizes
(20×5 up to 250×80, growing and shrinking) for about a minute, with a shell open and
output flowing. The app never fails, and once it quit, nothing the shell started is
left in the container.

Keys that change the daemon (s r p k d P y x e E, and n: in a container's details it
picks a network that enter then connects) and quit keys are left out: the daemon holds
the other tests' containers (and networks) too.
"""

from __future__ import annotations

import random
import time
import uuid

import pytest

from tests.support.pty_session import PtySession

WAIT = 30.0
KEYS = (
    [str(n) for n in range(1, 6)] * 6
    + [
        "/",
        "\x1b",
        "\r",
        "?",
        ":",
        "\t",
        "[",
        "]",
        "l",
        "i",
        "v",
        "c",
        "a",
        "t",
        "w",
        "m",
        "o",
        "N",
        "S",
        "A",
        "C",
        "M",
        "G",
        "g",
        "j",
        "\x1d",
        "\x18",
        "z",
        "b",
        " ",
    ]
    + ["\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D", "\x1b[5~", "\x1b[6~", "\x1b[H", "\x1b[F"] * 2
)


@pytest.mark.parametrize("seed", [7])
def test_random_keys_and_resizes_never_break_the_app(docker_host, containers, seed) -> None:
    rng = random.Random(seed)
    name = f"dtui-test-monkey-{uuid.uuid4().hex[:6]}"
    box = containers.running(name=name)
    session = PtySession(["--host", docker_host], columns=120, rows=40)
    try:
        session.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
        session.send("/")
        session.wait_for("filter", timeout=WAIT)
        session.send(name + "\r")
        session.wait_for(name, timeout=WAIT)
        time.sleep(0.3)
        session.send("e")
        session.wait_for("/ #", timeout=WAIT)
        session.send("while :; do seq 1 30; sleep 0.3; done &\r")  # output flowing all along
        started = time.monotonic()
        steps = 0
        while time.monotonic() - started < 60:
            steps += 1
            roll = rng.random()
            if roll < 0.15:
                session.resize(rng.randint(20, 250), rng.randint(5, 80))
            else:
                session.send(rng.choice(KEYS))
            time.sleep(rng.choice([0.0, 0.02, 0.05, 0.1, 0.2]))
            assert session.process.poll() is None, f"the app ended at step {steps}:\n{session.text()}"
        session.resize(120, 40)
        for key in ("\x1b", "\x1d", "\x1b", "\x1b"):  # out of whatever screen or terminal it is in
            session.send(key)
            time.sleep(0.3)
        session.send("\x03")  # ctrl+c quits (outside a terminal)
        if session.wait_exit(WAIT) is None:
            session.send("\x1d")
            time.sleep(0.3)
            session.send("q")
        assert session.wait_exit(WAIT) == 0, session.text()
        output = session.raw_output().decode("utf-8", "replace")
        assert "Traceback" not in output
    finally:
        session.close()
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        # The container's own PID 1 (an idle loop and its "sleep 1"s) aside, nothing may be left.
        left = [
            line
            for line in box.exec_run(["ps", "-o", "pid,args"]).output.decode().splitlines()[1:]
            if line.split()[0] != "1" and "ps -o" not in line and not line.rstrip().endswith(" sleep 1")
        ]
        if not left:
            break
        time.sleep(0.3)
    assert left == [], "processes the shell started are still running"
