"""What a container event says its row is now, and what the list must show to agree.

The daemon sends ``die`` before its own list says exited (measured: up to ~0.25 s), so
waiting for the list makes a stop look slow. The event's word is shown at once
(``row_after``) and the list is read again until it agrees (``expectation``; see
``live_session``). The two are side by side here because they must stay consistent:
every row ``row_after`` builds passes its event's expectation.

A built row is the row known before the event with what the event decides replaced, in
Docker's own words ("Exited (137) Less than a second ago", "Up 3 minutes (Paused)"); what
the event does not say (a new health status, the ports given at start) waits for the
re-read, which replaces the whole row once it agrees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from dockertui.engine.durations import human_duration
from dockertui.engine.events import DockerEvent
from dockertui.engine.inventory import ContainerSummary

#: A test of a re-read row (None: the container is not listed) against what an event said.
Expectation = Callable[[ContainerSummary | None], bool]
#: The row after an event, from the row before it (None: the container is gone).
RowAfter = Callable[[ContainerSummary], ContainerSummary | None]

_EXIT_CODE = re.compile(r"-?\d{1,10}")


def expectation(event: DockerEvent) -> Expectation | None:
    """What the list must show after this container event, as a test of the re-read row
    (None: the row is gone); None when the event promises nothing (kill, exec…). A container
    that dies at once after start, or restarts after die, sends the next event soon after."""
    action = event.action
    if action in ("start", "restart", "unpause"):
        return lambda c: c is not None and c.state in ("running", "restarting")
    if action in ("die", "died", "stop"):  # Podman says "died"
        # Not paused either: a paused container killed reads "paused" until its list agrees.
        return lambda c: c is None or c.state not in ("running", "paused")
    if action == "pause":
        return lambda c: c is not None and c.state == "paused"
    if action == "destroy":
        return lambda c: c is None
    if action == "create":
        return lambda c: c is not None
    if action == "rename" and event.attributes.get("name"):
        name = event.attributes["name"].lstrip("/")
        return lambda c: c is None or c.name == name
    return None


def row_after(event: DockerEvent, now: float) -> RowAfter | None:
    """How this container event changes its row, or None when it says no state of its own
    (create, rename, stop after its die, kill, exec…: the re-read alone tells).
    ``now`` (``time.time()``) is when the new state began, for the row's age."""
    action = event.action
    if action in ("die", "died"):
        code = exit_code(event)
        return lambda row: _exited(row, code, now)
    if action in ("start", "restart"):
        return lambda row: replace(
            row, state="running", status=f"Up {human_duration(0)}", exit_code=None, health=None, state_since=now
        )
    if action == "pause":
        return lambda row: replace(row, state="paused", status=f"{_up(row, now)} (Paused)", health=None)
    if action == "unpause":
        return lambda row: replace(row, state="running", status=_up(row, now), health=None)
    if action == "destroy":
        return lambda row: None
    return None


def exit_code(event: DockerEvent) -> int | None:
    """The ``exitCode`` a ``die`` carries (None when it has none that reads as a number)."""
    text = event.attributes.get("exitCode", "").strip()
    return int(text) if _EXIT_CODE.fullmatch(text) else None


def _exited(row: ContainerSummary, code: int | None, now: float) -> ContainerSummary:
    # As the daemon lists a stopped container: no ports published, no addresses.
    words = "Exited" if code is None else f"Exited ({code})"
    return replace(
        row,
        state="exited",
        status=f"{words} {human_duration(0)} ago",
        exit_code=code,
        health=None,
        state_since=now,
        ports=(),
        networks=tuple(replace(attachment, ipv4="", ipv6="") for attachment in row.networks),
    )


def _up(row: ContainerSummary, now: float) -> str:
    """ "Up 3 minutes": how long the container has run, without the "(Paused)" or health
    that follows in its Status."""
    if row.state_since is not None:
        return f"Up {human_duration(max(0.0, now - row.state_since))}"
    if row.status.startswith("Up"):
        return row.status.split(" (")[0]
    return f"Up {human_duration(0)}"
