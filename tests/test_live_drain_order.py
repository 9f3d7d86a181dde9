"""Diffs queued out of the order they were computed in still leave the UI with what the
inventory holds: the reader (events) and the syncer (re-reads) both change containers and
queue after letting go of the inventory, so a re-read's diff computed before a ``destroy``
could be queued after it — its stale row won and stayed for good (hostile trial: rows stuck
at "removing", one at "running" for an exited container)."""

from __future__ import annotations

from dockertui.engine.inventory import ContainerSummary, Inventory, InventoryDiff
from dockertui.engine.live_session import LiveSession


def row(container_id: str, state: str, status: str) -> ContainerSummary:
    return ContainerSummary.from_api(
        {"Id": container_id, "Names": [f"/{container_id}"], "Image": "busybox", "State": state, "Status": status}
    )


def session_with(*rows: ContainerSummary) -> LiveSession:
    inventory = Inventory()
    inventory.seed(rows)
    return LiveSession(api=None, notify=lambda: None, inventory=inventory)  # type: ignore[arg-type]  # never started


def stale(summary: ContainerSummary) -> InventoryDiff:
    diff = InventoryDiff()
    diff.containers.add([summary])
    return diff


def test_a_stale_re_read_queued_after_a_destroy_does_not_bring_the_row_back() -> None:
    session = session_with(row("a" * 64, "running", "Up 1 second"))
    removing = row("a" * 64, "removing", "Removal In Progress")
    gone = session.inventory.apply_event("a" * 64, lambda before: None, lambda c: c is None)
    session._queue(diff=gone)
    session._queue(diff=stale(removing))  # computed before the destroy, queued after it
    update = session.drain()
    assert update.diff is not None
    assert update.diff.containers.upserted == [] and update.diff.containers.removed == ["a" * 64]


def test_a_stale_running_row_queued_after_a_die_does_not_win() -> None:
    running = row("b" * 64, "running", "Up 5 seconds")
    session = session_with(running)
    exited = row("b" * 64, "exited", "Exited (7) Less than a second ago")
    died = session.inventory.apply_event("b" * 64, lambda before: exited, lambda c: c is not None)
    session._queue(diff=died)
    session._queue(diff=stale(running))
    update = session.drain()
    assert update.diff is not None
    assert [c.state for c in update.diff.containers.upserted] == ["exited"]
    assert update.diff.counts is not None and update.diff.counts.running == 0
