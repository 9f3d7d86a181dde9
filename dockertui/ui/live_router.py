"""What the daemon's streams bring, taken on the UI thread and handed to the panes and the
header: inventory changes, events, the feed's status, CPU/memory samples."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from dockertui.engine.session import DaemonSession
from dockertui.ui.panes import ContainersPane, EventsPane, ImagesPane, NetworksPane, ServicesPane, VolumesPane
from dockertui.ui.throttle import Throttle
from dockertui.ui.widgets.engine_bar import EngineBar
from dockertui.ui.widgets.feed_banner import FeedBanner

#: Live updates are applied at most this often (seconds): a burst of events costs
#: one layout per frame, however many events it holds.
UPDATE_INTERVAL = 1 / 10
#: A container's row changed from its own event (``docker stop`` outside): drained within
#: this, sooner than the rest of a burst (at 1/10 s the stop took ~0.15 s to show, at this
#: ~0.09 s; every update at this rate cost a third more CPU per event in a burst).
SOON_INTERVAL = 1 / 30
#: Stats samples are applied at most this often (seconds): each stream sends a sample a
#: second at its own moment; one repaint a second covers them all.
STATS_INTERVAL = 1.0


class LiveRouter:
    def __init__(
        self,
        app: App,
        bar: EngineBar,
        banner: FeedBanner,
        containers: ContainersPane,
        images: ImagesPane,
        events: EventsPane,
        volumes: VolumesPane,
        networks: NetworksPane,
        services: ServicesPane | None = None,
    ) -> None:
        self._app = app
        self._bar = bar
        self._banner = banner
        self._containers = containers
        self._images = images
        self._events = events
        self._volumes = volumes
        self._networks = networks
        self._services = services
        self._session: DaemonSession | None = None
        #: Views that show something grouped from the inventory (the compose projects):
        #: called, on the UI thread, after every change to it.
        self._inventory_watchers: list[Callable[[], None]] = []
        self._live_throttle = Throttle(app, UPDATE_INTERVAL, self.drain_live)
        self._stats_throttle = Throttle(app, STATS_INTERVAL, self.drain_stats)

    def attach(self, session: DaemonSession | None) -> None:
        """Route this session's streams (None: no daemon, nothing to route)."""
        self._session = session

    def watch_inventory(self, watcher: Callable[[], None]) -> Callable[[], None]:
        """Call ``watcher`` after every inventory change; returns what stops it."""
        self._inventory_watchers.append(watcher)
        return lambda: self._inventory_watchers.remove(watcher) if watcher in self._inventory_watchers else None

    def live_ready(self, *, soon: bool = False) -> None:
        self._live_throttle.request(SOON_INTERVAL if soon else None)

    def stats_ready(self) -> None:
        self._stats_throttle.request()

    def watch_stats(self, container_ids: set[str]) -> None:
        stats = self._session.stats if self._session is not None else None
        if stats is not None:
            stats.watch(container_ids)

    def _winding_down(self) -> bool:
        """Quitting: the panes' widgets may be gone already while a throttled update, queued
        a moment before, still runs (seen as a traceback at exit under load)."""
        return self._app._exit or not self._app.is_running

    def drain_live(self) -> None:
        session = self._session
        if session is None or session.live is None or self._winding_down():
            return
        live = session.live
        update = live.drain()
        with self._app.batch_update():
            if update.status is not None:
                self._banner.show_status(update.status)
                if update.status.live:
                    self._bar.show_engine(update.status.engine or session.engine)
                else:
                    self._bar.show_reconnecting()
            diff = update.diff
            if diff is not None:
                self._containers.apply(diff.containers.upserted, diff.containers.removed)
                if session.stats is not None and diff.containers.removed:
                    session.stats.forget(diff.containers.removed)
                self._images.apply_images(diff.images.upserted, diff.images.removed)
                for kind, reason in diff.unlisted.items():
                    pane = self._volumes if kind == "volumes" else self._networks
                    pane.set_unlisted(reason)
                if diff.volumes:
                    self._volumes.apply_volumes(diff.volumes.upserted, diff.volumes.removed)
                if diff.networks:
                    self._networks.apply_networks(diff.networks.upserted, diff.networks.removed)
                # A full list too: the first look's rows seeded the model, so the first list of a
                # session may change no container and the users were never worked out.
                if diff.containers or diff.full:
                    inventory = live.inventory
                    self._images.set_users(inventory.image_users())
                    self._volumes.set_users(inventory.volume_users())
                    self._networks.set_members(inventory.network_members())
                if diff.counts is not None:
                    self._bar.show_counts(diff.counts)
                if diff:
                    for watcher in list(self._inventory_watchers):
                        watcher()
            if update.events:
                self._events.add_events(update.events)
                if self._services is not None:
                    self._services.note_events(update.events)  # service/node events re-read pane 8

    def drain_stats(self) -> None:
        stats = self._session.stats if self._session is not None else None
        if stats is not None and not self._winding_down():
            self._containers.apply_stats(stats.samples.take())
