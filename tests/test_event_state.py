"""What a container event says its row is now: Docker's words, and always what the
event's own expectation accepts (the re-read that agrees replaces it)."""

from __future__ import annotations

import time

import pytest

from dockertui.engine.event_state import expectation, row_after
from dockertui.engine.events import parse_event
from dockertui.engine.inventory import ContainerSummary
from tests.support.fakes import fake_container


def event(action: str, **attributes: str):
    """Through the parse path, as the reader gets it."""
    raw = {
        "Type": "container",
        "Action": action,
        "timeNano": time.time_ns(),
        "Actor": {"ID": "c" * 64, "Attributes": {"name": "web", **attributes}},
    }
    return parse_event(raw)


def row(state: str = "running", status: str = "Up 3 minutes (healthy)") -> ContainerSummary:
    raw = fake_container(
        "web", state, status=status, ports=[{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}]
    )
    raw["NetworkSettings"] = {"Networks": {"bridge": {"NetworkID": "n" * 64, "IPAddress": "172.17.0.9"}}}
    return ContainerSummary.from_api(raw)


def test_die_is_exited_with_its_exit_code_in_dockers_words() -> None:
    now = time.time()
    after = row_after(event("die", exitCode="137"), now)
    assert after is not None
    exited = after(row())
    assert exited is not None
    assert (exited.state, exited.exit_code, exited.health) == ("exited", 137, None)
    assert exited.status == "Exited (137) Less than a second ago"  # as the daemon lists it
    assert exited.state_text == "exited (137)"
    assert exited.age_text(now) == "Less than a second ago"
    # A stopped container publishes no ports and has no address on its networks.
    assert exited.ports == ()
    assert [(n.network, n.ipv4) for n in exited.networks] == [("bridge", "")]
    assert (exited.name, exited.image, exited.labels) == ("web", "busybox:latest", {})


def test_a_die_without_a_readable_exit_code_still_says_not_running() -> None:
    after = row_after(event("die", exitCode="\x1b]0;pwned\x07"), time.time())
    assert after is not None
    exited = after(row())
    assert exited is not None
    assert (exited.state, exited.exit_code, exited.status) == ("exited", None, "Exited Less than a second ago")


def test_start_pause_unpause_and_destroy() -> None:
    running = row()
    now = time.time()
    start, pause, unpause, destroy = (
        row_after(event(action), now) for action in ("start", "pause", "unpause", "destroy")
    )
    assert start and pause and unpause and destroy
    started = start(row("exited", "Exited (0) 2 hours ago"))
    assert started is not None
    assert (started.state, started.status, started.exit_code) == ("running", "Up Less than a second", None)
    paused = pause(running)
    assert paused is not None
    assert (paused.state, paused.status, paused.health) == ("paused", "Up 3 minutes (Paused)", None)
    assert paused.age_text(now) == "Up 3 minutes"  # paused: the time it has been up goes on
    unpaused = unpause(paused)
    assert unpaused is not None
    assert (unpaused.state, unpaused.status) == ("running", "Up 3 minutes")
    assert destroy(row()) is None


@pytest.mark.parametrize("action", ["kill", "stop", "create", "rename", "exec_start", "health_status", "oom"])
def test_events_that_say_no_state_of_their_own_leave_the_row_to_the_re_read(action: str) -> None:
    assert row_after(event(action), time.time()) is None


@pytest.mark.parametrize("action", ["die", "died", "start", "restart", "pause", "unpause", "destroy"])
@pytest.mark.parametrize("before", ["running", "paused", "exited", "created", "restarting"])
def test_every_row_an_event_builds_passes_its_own_expectation(action: str, before: str) -> None:
    """Else the row would be held until the session gives up on it."""
    happened = event(action, exitCode="1")
    after, test = row_after(happened, time.time()), expectation(happened)
    assert after is not None and test is not None
    assert test(after(row(before, "Up 1 second" if before in ("running", "paused") else "Exited (0) 1 second ago")))
