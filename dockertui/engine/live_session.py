"""One event stream per connection, and the inventory kept current from it.

Two daemon threads (so a stuck read can never hold up the process at exit):

- the **reader** holds the ``/events`` stream, parses each line, queues it for the
  events pane and marks the object it names as dirty; when the stream ends
  without ``close()`` it reconnects with backoff and ``since`` = last event + 1 ns,
  so the daemon replays what was missed (at most 256 events);
- the **syncer** waits for dirty objects, gathers a short burst, re-reads exactly
  those (one filtered list call per batch) and queues the resulting diff; a failed
  read keeps them wanted and is retried with backoff. After every (re)connection it
  re-lists everything, so no row can be stale even if the gap held more than the
  daemon replays.

An event also says what the list must show next: after ``die`` the container is not
running, after ``start`` it is, after ``destroy`` it is gone. The daemon sends ``die``
before its list agrees (measured: up to ~0.25 s with six kills at once) and no later
container event corrects a re-read that came too early. So the event's state is applied
first, reconciled after (``event_state``):

- the reader applies it to the inventory's row at once (exited with the event's exit
  code, running, paused, gone) and queues that change with the event itself, outside
  the batch window, so the UI's next drain shows it. A container the inventory does
  not know yet is left to the re-read;
- the inventory holds that row: a re-read that does not show the event yet does not
  bring the old state back (no flicker), and is read again, sooner first; the first
  re-read that agrees replaces the row, in the daemon's exact words. A later event
  replaces the hold with its own, so a ``die`` then ``start`` ends running;
- if the list never agrees (RECHECK_DELAYS used up), the hold is dropped and everything
  is re-listed: the list is the truth.

The UI is told by ``notify()`` (called from these threads, at most once until the
next ``drain()``) and takes everything queued with ``drain()``: a burst of a
thousand events becomes one update per frame, not a thousand.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.doorbell import Doorbell
from dockertui.engine.event_state import Expectation, expectation, row_after
from dockertui.engine.events import DockerEvent, parse_event
from dockertui.engine.inventory import Inventory, InventoryDiff
from dockertui.engine.models import EngineInfo
from dockertui.engine.streams import close_stream

if TYPE_CHECKING:
    from docker import APIClient

#: Reconnection delays in seconds; the last one repeats.
BACKOFF = (0.25, 0.5, 1.0, 2.0, 4.0, 5.0)
#: How long the syncer lets a burst gather before re-reading (seconds).
BATCH_WINDOW = 0.1
#: Container names remembered from events (the oldest are forgotten beyond this).
NAME_MEMORY = 5000
#: Delays before reading again a container the list does not yet show as its last event
#: said (seconds); when they are used up, everything is re-listed.
RECHECK_DELAYS = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6)


#: Container actions that do not change what the containers list shows.
_QUIET_CONTAINER_ACTIONS = frozenset(
    {
        "exec_create",
        "exec_start",
        "exec_die",
        "attach",
        "resize",
        "top",
        "export",
        "archive-path",
        "copy",
        "commit",
        "detach",
    }
)


@dataclass(frozen=True)
class FeedStatus:
    """Whether the event stream is live; while not, what the reconnection loop is doing."""

    live: bool
    attempt: int = 0
    retry_in: float = 0.0
    reason: str = ""
    #: Set after a reconnection: the daemon may have been upgraded while away.
    engine: EngineInfo | None = None


@dataclass
class LiveUpdate:
    """Everything that arrived since the last drain."""

    events: list[DockerEvent] = field(default_factory=list)
    diff: InventoryDiff | None = None
    status: FeedStatus | None = None


class LiveSession:
    """Keeps an Inventory current from the daemon's event stream; see the module docstring."""

    def __init__(
        self,
        api: APIClient,
        notify: Callable[[], object],
        *,
        backoff: tuple[float, ...] = BACKOFF,
        inventory: Inventory | None = None,
        notify_soon: Callable[[], object] | None = None,
    ) -> None:
        """``notify_soon``: told (as well) when a container's row changed from its event,
        which the UI shows sooner than the rest of a burst."""
        self.api = api
        self.inventory = inventory or Inventory()
        self._bell = Doorbell(notify)
        self._soon_bell = Doorbell(notify_soon) if notify_soon is not None else None
        self._backoff = backoff
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._events: deque[DockerEvent] = deque()
        self._diff: InventoryDiff | None = None
        self._status: FeedStatus | None = None
        self._dirty_containers: set[str] = set()
        self._images_dirty = False
        self._volumes_dirty = False
        self._networks_dirty = False
        self._relist_wanted = False
        self._stream = None
        self._last_nano: int | None = None
        self._container_names: dict[str, str] = {}
        # Containers whose last event says what the list must show, and when to read again
        # those it did not show yet (both under _lock).
        self._expected: dict[str, Expectation] = {}
        self._recheck_at: dict[str, float] = {}
        self._recheck_count: dict[str, int] = {}
        #: Counters for tests and benchmarks.
        self.full_relists = 0
        self.targeted_refreshes = 0
        self._threads = [
            threading.Thread(target=self._read_loop, name="dockertui-events", daemon=True),
            threading.Thread(target=self._sync_loop, name="dockertui-inventory", daemon=True),
        ]

    # -- control (any thread) ------------------------------------------------------------

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def close(self) -> None:
        """End both threads: close the stream (on every transport) and wake the syncer."""
        self._closing.set()
        stream, self._stream = self._stream, None
        if stream is not None:
            close_stream(stream)
        with self._wake:
            self._wake.notify_all()

    def join(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in self._threads)

    def reread_networks(self, container_ids: Iterable[str] = ()) -> None:
        """Read the networks (and these containers) again soon: after a change made through
        the session, for daemons that send no event for it (Podman: no network create or
        remove events)."""
        with self._wake:
            self._networks_dirty = True
            self._dirty_containers.update(container_ids)
            self._wake.notify()

    def drain(self) -> LiveUpdate:
        """Take everything queued (called by the UI thread)."""
        self._bell.answer()
        if self._soon_bell is not None:
            self._soon_bell.answer()
        with self._lock:
            update = LiveUpdate(list(self._events), self._diff, self._status)
            self._events.clear()
            self._diff = None
            self._status = None
        if update.diff is not None:
            # Two threads change the containers (the reader from events, the syncer from
            # re-reads) and queue their diffs after letting go of the inventory: a re-read's
            # diff computed before a ``destroy`` could be queued after it, and its stale row
            # won — the row stayed "removing" (or "running") for good. The rows the diff
            # names are taken as the inventory has them now, whatever order it came in.
            self.inventory.settle(update.diff)
        return update

    # -- queueing (engine threads) -------------------------------------------------------

    def _queue(
        self, *, event: DockerEvent | None = None, diff: InventoryDiff | None = None, status: FeedStatus | None = None
    ) -> None:
        with self._lock:
            if event is not None:
                self._events.append(event)
            if diff:
                if self._diff is None:
                    self._diff = diff
                else:
                    self._diff.merge(diff)
            if status is not None:
                self._status = status
        self._bell.ring()
        if diff and event is not None and self._soon_bell is not None:
            self._soon_bell.ring()  # an event's own row change (event_state)

    # -- reader --------------------------------------------------------------------------

    def _since(self) -> str | None:
        if self._last_nano is None:
            return None
        following = self._last_nano + 1
        return f"{following // 1_000_000_000}.{following % 1_000_000_000:09d}"

    def _read_loop(self) -> None:
        attempt = 0
        reason = ""
        while not self._closing.is_set():
            reconnecting = attempt > 0
            try:
                engine = EngineInfo.from_version(self.api.version(api_version=False)) if reconnecting else None
                since = self._since()
                stream = self.api.events(since=since, decode=True)
            except Exception as error:  # noqa: BLE001 - any failure here means "not back yet"
                attempt += 1
                reason = _one_line(error)
                self._wait_backoff(attempt, reason)
                continue
            self._stream = stream
            if self._closing.is_set():
                close_stream(stream)
                return
            if reconnecting:
                self._queue(status=FeedStatus(live=True, engine=engine))
            attempt = 0
            # Subscribed first, listed second: nothing can fall between the two.
            self._request_relist()
            try:
                for raw in stream:
                    self._take(raw)
            except Exception as error:  # noqa: BLE001 - a broken stream is a lost stream
                reason = _one_line(error)
            else:
                reason = "the event stream ended"
            self._stream = None
            if self._closing.is_set():
                return
            attempt = 1
            self._wait_backoff(attempt, reason)

    def _take(self, raw: dict) -> None:
        if raw.get("Type") == "container":
            # Container events name their container; network events that follow
            # at once carry only its ID, before any re-list could know it.
            actor = raw.get("Actor") or {}
            name = (actor.get("Attributes") or {}).get("name")
            if name and actor.get("ID"):
                self._container_names[actor["ID"]] = name
                if len(self._container_names) > NAME_MEMORY:
                    del self._container_names[next(iter(self._container_names))]
        event = parse_event(raw, self.inventory.image_name, self._container_name)
        if event.time_nano:
            self._last_nano = event.time_nano
        shown: InventoryDiff | None = None
        if event.type == "container" and event.actor_id and event.action not in _QUIET_CONTAINER_ACTIONS:
            test = expectation(event)
            after = row_after(event, time.time())
            with self._wake:
                self._dirty_containers.add(event.actor_id)
                if test is not None:
                    self._expected[event.actor_id] = test
                    self._recheck_count.pop(event.actor_id, None)
                    self._recheck_at.pop(event.actor_id, None)
                    if after is not None:
                        # Shown now, with the event itself; under this lock, so the syncer
                        # never weighs this expectation against the row before it.
                        shown = self.inventory.apply_event(event.actor_id, after, test)
                self._wake.notify()
        elif event.type == "image":
            if (
                event.action in ("tag", "pull", "import", "load")
                and ":" in event.object_name
                and event.actor_id.startswith("sha256:")
            ):
                self.inventory.remember_image_name(event.actor_id, event.object_name)
            with self._wake:
                self._images_dirty = True
                self._wake.notify()
        elif event.type == "volume":
            with self._wake:
                self._volumes_dirty = True
                self._wake.notify()
        elif event.type == "network":
            # connect/disconnect change the container's own list of networks too. Docker names
            # the container in an attribute (the actor is the network); Podman's actor is the
            # container itself.
            container_id = event.attributes.get("container", "") or (
                event.actor_id if event.action in ("connect", "disconnect") else ""
            )
            with self._wake:
                self._networks_dirty = True
                if container_id and event.action in ("connect", "disconnect"):
                    self._dirty_containers.add(container_id)
                self._wake.notify()
        self._queue(event=event, diff=shown)

    def _container_name(self, container_id: str) -> str | None:
        return self._container_names.get(container_id) or self.inventory.container_name(container_id)

    def _wait_backoff(self, attempt: int, reason: str) -> None:
        delay = self._backoff[min(attempt, len(self._backoff)) - 1]
        self._queue(status=FeedStatus(live=False, attempt=attempt, retry_in=delay, reason=reason))
        self._closing.wait(delay)

    # -- syncer --------------------------------------------------------------------------

    def _request_relist(self) -> None:
        with self._wake:
            self._relist_wanted = True
            self._wake.notify()

    def _sync_loop(self) -> None:
        failures = 0
        while True:
            with self._wake:
                while True:
                    if self._closing.is_set():
                        return
                    fresh = (
                        self._relist_wanted
                        or self._dirty_containers
                        or self._images_dirty
                        or self._volumes_dirty
                        or self._networks_dirty
                    )
                    due = min(self._recheck_at.values(), default=None)
                    if fresh or (due is not None and due <= time.monotonic()):
                        break
                    self._wake.wait(None if due is None else due - time.monotonic())
            if fresh and not self._relist_wanted:
                # Let the rest of a burst arrive, then take it all at once. A re-list (the
                # first list of a connection) reads everything anyway: at once.
                self._closing.wait(BATCH_WINDOW)
            with self._wake:
                relist, self._relist_wanted = self._relist_wanted, False
                dirty, self._dirty_containers = self._dirty_containers, set()
                images, self._images_dirty = self._images_dirty, False
                volumes, self._volumes_dirty = self._volumes_dirty, False
                networks, self._networks_dirty = self._networks_dirty, False
                now = time.monotonic()
                for container_id, when in list(self._recheck_at.items()):
                    if when <= now:
                        dirty.add(container_id)
                        del self._recheck_at[container_id]
            try:
                if relist:
                    diff = self.inventory.relist(self.api)
                    self.full_relists += 1
                else:
                    diff = InventoryDiff()
                    if dirty:
                        diff.merge(self.inventory.refresh_containers(self.api, dirty))
                        self.targeted_refreshes += 1
                    if images:
                        diff.merge(self.inventory.refresh_images(self.api))
                    if volumes:
                        diff.merge(self.inventory.refresh_volumes(self.api))
                    if networks:
                        diff.merge(self.inventory.refresh_networks(self.api))
            except Exception:  # noqa: BLE001 - a failed read: keep what was wanted and try again later
                with self._wake:
                    self._relist_wanted |= relist
                    self._dirty_containers |= dirty
                    self._images_dirty |= images
                    self._volumes_dirty |= volumes
                    self._networks_dirty |= networks
                self._closing.wait(self._backoff[min(failures, len(self._backoff) - 1)])
                failures += 1
                continue
            failures = 0
            self._compare_with_events(None if relist else dirty)
            if diff:
                self._queue(diff=diff)

    def _compare_with_events(self, container_ids: set[str] | None) -> None:
        """Containers just read (None: all) that the list does not yet show as their last
        event said are read again a little later; after RECHECK_DELAYS, all is re-listed.
        A row the inventory still holds is the event's, not the list's: not agreed yet."""
        now = time.monotonic()
        with self._wake:
            for container_id in list(self._expected if container_ids is None else container_ids):
                test = self._expected.get(container_id)
                if test is None:
                    continue
                if not self.inventory.held(container_id) and test(self.inventory.container(container_id)):
                    del self._expected[container_id]
                    self._recheck_count.pop(container_id, None)
                    continue
                count = self._recheck_count.get(container_id, 0)
                if count >= len(RECHECK_DELAYS):
                    # Never agreed: stop asking about it, and read everything once more — and
                    # take what it says, whatever the event said.
                    del self._expected[container_id]
                    self._recheck_count.pop(container_id, None)
                    self.inventory.release(container_id)
                    self._relist_wanted = True
                    continue
                self._recheck_count[container_id] = count + 1
                self._recheck_at[container_id] = now + RECHECK_DELAYS[count]


def _one_line(error: BaseException) -> str:
    text = explain_error(error)
    return text if len(text) <= 200 else text[:199] + "…"
