"""The dockertui application: header, the four panes, footer, and the daemon connection."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, TabbedContent
from textual.worker import get_current_worker

from dockertui.config import Config
from dockertui.engine.connection import DaemonConnection, connect
from dockertui.engine.exec_session import end_all as end_all_shells
from dockertui.engine.live_session import BACKOFF, LiveSession
from dockertui.engine.pull import PullJob
from dockertui.engine.references import InvalidReference, parse_reference
from dockertui.engine.session import MUTATING_VERBS, DaemonSession, ReadOnlyRefused
from dockertui.engine.stats import StatsHub
from dockertui.engine.target import DaemonTarget, TargetError, available_contexts, resolve_context
from dockertui.engine.unavailable import DaemonUnavailable
from dockertui.terminal.view import TerminalView
from dockertui.ui.action_registry import binding_ids, is_mutating
from dockertui.ui.binding_catalog import active_keys, group_name
from dockertui.ui.commands import BindingCommands
from dockertui.ui.daemon_session import session_or_say
from dockertui.ui.messages import (
    EngineConnected,
    EngineUnavailable,
    LiveUpdateReady,
    OpenShellRequested,
    PullProgressed,
    PullRequested,
    RunRequested,
    StatsReady,
)
from dockertui.ui.panes import PANES, ContainersPane, EventsPane, HubPane, ImagesPane, Pane, ShellsPane
from dockertui.ui.screen_repaint import MainScreen
from dockertui.ui.screens.command_line import CommandLine
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.context_picker import ContextChoice, ContextPicker
from dockertui.ui.screens.help import HelpScreen, KeyHelp
from dockertui.ui.screens.pulls import PullsView
from dockertui.ui.screens.run_form import RunForm
from dockertui.ui.screens.unreachable import UnreachableScreen
from dockertui.ui.styles_cache_leak import stop_the_leak
from dockertui.ui.summary_limits import clipped
from dockertui.ui.throttle import Throttle
from dockertui.ui.widgets.app_footer import AppFooter
from dockertui.ui.widgets.engine_bar import EngineBar
from dockertui.ui.widgets.event_log import EventLog
from dockertui.ui.widgets.feed_banner import FeedBanner

Connector = Callable[[DaemonTarget], DaemonConnection]
PaneT = TypeVar("PaneT", bound=Pane)

#: Live updates are applied at most this often (seconds): a burst of events costs
#: one layout per frame, however many events it holds.
UPDATE_INTERVAL = 1 / 10
#: Stats samples are applied at most this often (seconds).
STATS_INTERVAL = 1.0
#: Characters of a notification's text shown (a daemon's error may be megabytes).
NOTE_CHARS = 600
#: Seconds between automatic reconnection attempts while the daemon is unreachable.
RETRY_INTERVAL = 3.0


def _freeze_startup_objects() -> None:
    """Keep the cyclic GC off the objects that live as long as the app.

    Textual, Rich and docker-py leave tens of thousands of long-lived objects; a
    full collection walked them all and froze the screen for ~120 ms in the
    middle of event bursts. Frozen, they are never scanned again.
    """
    gc.collect()
    gc.freeze()


class DockerTUI(App[None]):
    """Keyboard-driven terminal UI for one Docker daemon."""

    TITLE = "dockertui"
    #: The app's own actions that end in a session verb (panes' ones are in action_registry).
    ACTION_VERBS = {"pull_reference": "pull"}
    CSS_PATH = "styles/app.tcss"
    COMMANDS = App.COMMANDS | {BindingCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+c", "quit", "Quit", id="app.quit_ctrl_c", show=False, priority=True),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("colon", "command_line", "Command", id="app.command_line", show=False),
        Binding("ctrl+x", "contexts", "Contexts", id="app.contexts", show=False),
        *(
            Binding(pane.HOTKEY, f"show_pane('{pane.PANE_ID}')", pane.TITLE, id=f"app.pane.{pane.PANE_ID}", show=False)
            for pane in PANES
        ),
    ]

    def __init__(
        self,
        target: DaemonTarget,
        *,
        config: Config | None = None,
        read_only: bool | None = None,
        connector: Connector = connect,
        retry_interval: float = RETRY_INTERVAL,
        backoff: tuple[float, ...] = BACKOFF,
        search_registry: str | None = None,
        search_limit: int | None = None,
    ) -> None:
        stop_the_leak()
        super().__init__()
        self.config = config = config or Config()
        # Explicit arguments (the command line) win over the config file.
        if read_only is not None:
            config.read_only = read_only
        if search_registry is not None:
            config.search_registry = search_registry
        if search_limit is not None:
            config.search_limit = search_limit
        self.target = target
        self.read_only = config.read_only
        #: Actions refused because of read-only mode (for tests and the curious).
        self.refused: list[str] = []
        #: The daemon the keys act on; replaced on a context switch, None while unreachable.
        self.session: DaemonSession | None = None
        self._reported_pulls: set[PullJob] = set()
        self._pulls_view: PullsView | None = None
        self._connector = connector
        self._retry_interval = retry_interval
        self._backoff = backoff
        self._retry_timer: Timer | None = None
        self._startup_frozen = False
        self._drain_throttle = Throttle(self, UPDATE_INTERVAL, self._drain_live)
        # Each stream sends a sample a second, at its own moment: one repaint a second for all.
        self._stats_throttle = Throttle(self, STATS_INTERVAL, self._drain_stats)
        self._pull_throttle = Throttle(self, UPDATE_INTERVAL, self._show_pull_progress)
        self._pull_progress_posted = threading.Event()
        self._unreachable: UnreachableScreen | None = None
        # Held directly: while another screen is on top, queries would search that one.
        self._bar = EngineBar(target, read_only=self.read_only, id="engine-bar")
        self._tabs = TabbedContent(id="panes", initial=PANES[0].PANE_ID)
        self._banner = FeedBanner(id="feed-banner")
        # Held directly too: the event stream may deliver before TabbedContent has mounted them.
        self._panes: dict[str, Pane] = {
            HubPane.PANE_ID: HubPane(config.search_registry, config.search_limit),
            EventsPane.PANE_ID: EventsPane(config.event_buffer),
        }
        for pane in PANES:
            if pane.PANE_ID not in self._panes:  # the Hub and events panes take their settings
                self._panes[pane.PANE_ID] = pane()

    @property
    def live(self) -> LiveSession | None:
        return self.session.live if self.session is not None else None

    @property
    def stats_hub(self) -> StatsHub | None:
        return self.session.stats if self.session is not None else None

    @property
    def pulls(self) -> list[PullJob]:
        return self.session.pulls if self.session is not None else []

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self._bar
        yield self._banner
        with self._tabs:
            for pane_class in PANES:
                yield self._panes[pane_class.PANE_ID]
        yield AppFooter(compact=True, show_command_palette=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications are plain text, always: they quote daemon errors, names and
        references, and markup in those (``[link=…]``, a stray ``[/x]``) must stay literal.
        Widgets' ``notify`` lands here too, so ``markup`` is ignored. A daemon's message may be
        megabytes: a toast shows its first NOTE_CHARS characters (it covered half the screen)."""
        super().notify(
            clipped(message, NOTE_CHARS), title=clipped(title, 120), severity=severity, timeout=timeout, markup=False
        )

    # -- read-only: the session refuses every mutating verb; keys ending in one are greyed ---

    def refuses(self, target: DOMNode, action_name: str) -> bool:
        """Whether read-only mode refuses this action of this node (it ends in a verb the
        session would refuse: refused here first, before any dialog opens)."""
        return self.read_only and (
            is_mutating(target, action_name)
            or (target is self and self.ACTION_VERBS.get(action_name) in MUTATING_VERBS)
        )

    def disabled_note(self, target: DOMNode, action: str) -> str:
        """Why a key shows disabled in help and palette."""
        name = action.split("(", 1)[0]
        return " (read-only)" if self.refuses(target, name) else " (not available now)"

    def _check_action_state(self, action: str, default_namespace: DOMNode) -> bool | None:
        # What footer, help and palette show: a mutating action is disabled in read-only mode.
        target, name, _ = self._parse_action(action, default_namespace)
        if self.refuses(target, name):
            return None
        return super()._check_action_state(action, default_namespace)

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        target, name, _ = self._parse_action(
            action, self if default_namespace is None else default_namespace, namespaces
        )
        if self.refuses(target, name):
            self.refused.append(f"{type(target).__name__}.{name}")
            self.notify(
                f"Read-only mode: {name.replace('_', ' ')} is refused (dockertui --read-only).",
                severity="warning",
                timeout=4,
            )
            return True
        return await super().run_action(action, default_namespace, namespaces)

    # -- config ---------------------------------------------------------------------------

    def _apply_config(self) -> None:
        config = self.config
        problems = list(config.problems)
        if config.theme in self.available_themes:
            self.theme = config.theme
        else:
            problems.append(
                f"theme: {config.theme!r} is not a theme (try one of "
                f"{', '.join(sorted(self.available_themes)[:6])}…); the default is used"
            )
        known = binding_ids((type(self),))
        keymap = {}
        for binding_id, keys in config.keymap.items():
            if binding_id in known:
                keymap[binding_id] = keys
            else:
                problems.append(f"keymap.{binding_id}: no binding has this id (? lists them); ignored")
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, title="Config", severity="warning", timeout=20)

    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    def on_mount(self) -> None:
        self._apply_config()
        self._banner.display = False
        for warning in self.target.warnings:
            self.notify(warning, title="docker config", severity="warning", timeout=10)
        self._pane(PANES[0].PANE_ID).focus_primary()
        # Connect only once the first frame is on screen: docker-py's import and the
        # first request must never delay it.
        self.call_after_refresh(self.connect_engine)

    def on_unmount(self) -> None:
        end_all_shells()  # and everything they started; cli.main does it again after a crash
        self._drop_connection()

    # -- panes and help -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In an embedded terminal every key belongs to the shell, the app's priority keys
        # (ctrl+c, ctrl+q, ctrl+p) included; ctrl+] leaves it.
        if isinstance(self.focused, TerminalView):
            return False
        # The panes are hidden behind the unreachable screen: switching them would be invisible.
        return not (action == "show_pane" and self._unreachable is not None)

    def _pane(self, pane_id: str) -> Pane:
        return self._panes[pane_id]

    def _typed_pane(self, pane_class: type[PaneT]) -> PaneT:
        pane = self._panes[pane_class.PANE_ID]
        assert isinstance(pane, pane_class)
        return pane

    @property
    def _containers(self) -> ContainersPane:
        return self._typed_pane(ContainersPane)

    @property
    def _images(self) -> ImagesPane:
        return self._typed_pane(ImagesPane)

    @property
    def _hub(self) -> HubPane:
        return self._typed_pane(HubPane)

    @property
    def _events(self) -> EventsPane:
        return self._typed_pane(EventsPane)

    @property
    def _shells(self) -> ShellsPane:
        return self._typed_pane(ShellsPane)

    def action_show_pane(self, pane_id: str) -> None:
        self._tabs.active = pane_id
        self._pane(pane_id).focus_primary()

    def action_help(self) -> None:
        screen = self.screen
        rows = [
            KeyHelp(
                entry.group,
                entry.keys,
                entry.binding.description
                + ("" if entry.enabled else self.disabled_note(entry.node, entry.binding.action)),
                entry.binding.id or "",
            )
            for entry in active_keys(screen)
        ]
        focused = screen.focused
        title = f"Keys — {group_name(focused)}" if focused is not None else "Keys"
        self.push_screen(HelpScreen(title, rows))

    # -- the : command line ---------------------------------------------------------------

    def action_command_line(self) -> None:
        def chosen(result) -> None:
            if result is not None:
                command, argument = result
                self.call_later(self._run_command, command.name, argument)

        self.push_screen(CommandLine(), chosen)

    async def _run_command(self, name: str, argument: str) -> None:
        panes = {"containers", "images", "events", "shells"}
        if name in panes:
            await self.run_action(f"show_pane('{name}')")
        elif name == "hub":
            await self.run_action("show_pane('hub')")
            if argument:
                hub = self._hub
                with hub.search_input.prevent(Input.Changed):  # no second, debounced search
                    hub.search_input.value = argument
                hub.start_search(argument)
        elif name == "pull":
            await self.run_action(f"pull_reference({argument!r})")
        elif name == "help":
            await self.run_action("help")
        elif name == "ctx":
            if argument:
                await self.switch_context(argument)
            else:
                await self.run_action("contexts")
        elif name == "quit":
            await self.run_action("quit")

    # -- contexts -----------------------------------------------------------------------

    def action_contexts(self) -> None:
        # "current" only if it is where the keys act now: after --host the default context's
        # endpoint is not, and choosing it must switch.
        choices = [
            ContextChoice(name, endpoint, description, name == self.target.context and endpoint == self.target.host)
            for name, endpoint, description in available_contexts()
        ]
        current = {choice.name for choice in choices if choice.current}

        def chosen(name: str | None) -> None:
            if name is not None and name not in current:
                self.call_later(self.switch_context, name)

        self.push_screen(ContextPicker(choices), chosen)

    async def switch_context(self, name: str) -> None:
        """Switch to context ``name``, asking first when that ends open shells or pulls."""
        try:
            target = resolve_context(name, "chosen in dockertui")
        except TargetError as error:
            self.notify(str(error), title="Cannot switch", severity="error")
            return
        shells = self._shells.open_count
        pulls = sum(1 for job in self.pulls if not job.state.finished)
        if not shells and not pulls:
            await self.switch_target(target)
            return
        losses = []
        if shells:
            losses.append(f"{shells} open shell{'s' if shells != 1 else ''}")
        if pulls:
            losses.append(f"{pulls} pull{'s' if pulls != 1 else ''} in progress")

        def answered(switch: bool | None) -> None:
            if switch:
                self.call_later(self.switch_target, target)

        self.push_screen(
            ConfirmDialog(
                f"Switch to {target.label}?", f"Switching ends {' and '.join(losses)} on {self.target.label}.", "Switch"
            ),
            answered,
        )

    async def switch_target(self, target: DaemonTarget) -> None:
        """Talk to another daemon, in-app: streams closed, lists emptied, header updated, reconnect."""
        await self._shells.reset()  # first: ending a shell needs the connection
        self._drop_connection()
        for pane in (self._containers, self._images, self._events, self._hub):
            pane.reset()
        self._bar.show_pulls(0, 0.0)
        self.target = target
        self._bar.set_target(target)
        self._banner.display = False  # the old stream's "reconnecting…" says nothing about this one
        self._close_unreachable()
        self.notify(f"Switched to {target.label}", timeout=3)
        self.connect_engine()

    def action_pull_reference(self, text: str) -> None:
        try:
            reference = parse_reference(text)
        except InvalidReference as error:
            self.notify(f"{text}: {error}", title="Not a valid reference", severity="error")
            return
        self.post_message(PullRequested(reference))

    # -- daemon connection --------------------------------------------------------------

    def connect_engine(self) -> None:
        """Try to connect now (cancels a pending automatic retry)."""
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        self._bar.show_connecting()
        if self._unreachable is not None:
            self._unreachable.show_retrying()
        self._connect_in_background()

    @work(thread=True, exclusive=True, group="connect", exit_on_error=False)
    def _connect_in_background(self) -> None:
        # A newer attempt (retry, switch) cancels this one; a thread cannot be stopped, so an
        # attempt that finishes after that says nothing: its answer would undo the newer one's.
        worker = get_current_worker()
        try:
            target = replace(self.target, ssh_client=self.config.ssh_transport == "client")
            connection = self._connector(target)
        except DaemonUnavailable as error:
            if not worker.is_cancelled:
                self.post_message(EngineUnavailable(error))
            return
        if worker.is_cancelled:
            connection.close()
            return
        self.post_message(EngineConnected(connection))

    def on_engine_connected(self, message: EngineConnected) -> None:
        # A connection to the daemon we switched away from while it was connecting: not ours.
        if not self.is_running or message.connection.target != self.target:
            message.connection.close()
            return
        self._drop_connection()
        self.session = DaemonSession(message.connection, read_only=self.read_only)
        self._bar.show_engine(message.connection.engine)
        self._close_unreachable()
        # One event stream per session; it posts when there is something to drain.
        self.session.start_streams(
            on_live=lambda: self.post_message(LiveUpdateReady()),
            on_stats=lambda: self.post_message(StatsReady()),
            backoff=self._backoff,
        )
        # docker-py is loaded by now: once this frame is painted, freeze what lives long.
        # Once: later connections (retries, switches) bring nothing that lives as long.
        if not self._startup_frozen:
            self._startup_frozen = True
            self.call_after_refresh(_freeze_startup_objects)

    def on_engine_unavailable(self, message: EngineUnavailable) -> None:
        if message.error.target != self.target:
            return  # about the daemon we switched away from
        self._drop_connection()
        self._bar.show_unreachable()
        next_retry_at = time.monotonic() + self._retry_interval
        self._retry_timer = self.set_timer(self._retry_interval, self.connect_engine)
        if self._unreachable is None:
            self._unreachable = UnreachableScreen(message.error, next_retry_at)
            self.push_screen(self._unreachable)
        else:
            self._unreachable.show_error(message.error, next_retry_at)

    def on_unreachable_screen_retry_requested(self, _: UnreachableScreen.RetryRequested) -> None:
        self.connect_engine()

    def _close_unreachable(self) -> None:
        screen, self._unreachable = self._unreachable, None
        if screen is None:
            return
        while screen in self.screen_stack:
            self.pop_screen()

    def _drop_connection(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            session.close()
        self._reported_pulls.clear()

    # -- live updates -------------------------------------------------------------------

    def on_live_update_ready(self, _: LiveUpdateReady) -> None:
        """Apply what the stream brought, at most once per UPDATE_INTERVAL (one frame)."""
        self._drain_throttle.request()

    def _winding_down(self) -> bool:
        """Quitting: the panes' widgets may be gone already while a throttled update, queued
        a moment before, still runs (seen as a traceback at exit under load)."""
        return self._exit or not self.is_running

    def _drain_live(self) -> None:
        session = self.session
        if session is None or session.live is None or self._winding_down():
            return
        live = session.live
        update = live.drain()
        with self.batch_update():
            if update.status is not None:
                self._banner.show_status(update.status)
                if update.status.live:
                    self._bar.show_engine(update.status.engine or session.engine)
                else:
                    self._bar.show_reconnecting()
            diff = update.diff
            if diff is not None:
                self._containers.apply(diff.containers.upserted, diff.containers.removed)
                if self.stats_hub is not None and diff.containers.removed:
                    self.stats_hub.forget(diff.containers.removed)
                self._images.apply(diff.images.upserted, diff.images.removed)
                if diff.containers:
                    self._images.set_users(live.inventory.image_users())
                if diff.counts is not None:
                    self._bar.show_counts(diff.counts)
            if update.events:
                self._events.add_events(update.events)

    def on_containers_pane_watch_stats(self, message: ContainersPane.WatchStats) -> None:
        if self.stats_hub is not None:
            self.stats_hub.watch(message.container_ids)

    def on_stats_ready(self, _: StatsReady) -> None:
        self._stats_throttle.request()

    def _drain_stats(self) -> None:
        if self.stats_hub is not None and not self._winding_down():
            self._containers.apply_stats(self.stats_hub.samples.take())

    # -- pulls --------------------------------------------------------------------------

    def on_pull_requested(self, message: PullRequested) -> None:
        session = session_or_say(self)
        if session is None:
            return
        try:
            job = session.pull(message.reference, notify=self._pull_progressed)
        except ReadOnlyRefused as refused:
            self.notify(str(refused), severity="warning")
            return
        self._reported_pulls &= set(self.pulls)
        if self._pulls_view is not None and self._pulls_view.is_attached:
            self._pulls_view.add_job(job)
        else:
            self.action_show_pulls(job)

    def action_show_pulls(self, focus: PullJob | None = None) -> None:
        if not self.pulls:
            self.notify("No pulls yet: p on the images pane starts one.")
            return
        self._pulls_view = PullsView(self.pulls, focus)
        self.push_screen(self._pulls_view)

    def _pull_progressed(self) -> None:
        """From pull threads, per progress line: one message until it is handled, not one per line."""
        if not self._pull_progress_posted.is_set():
            self._pull_progress_posted.set()
            self.post_message(PullProgressed())

    def on_pull_progressed(self, _: PullProgressed) -> None:
        self._pull_progress_posted.clear()  # before reading the state: a later line posts again
        self._pull_throttle.request()

    def _show_pull_progress(self) -> None:
        if self._winding_down():
            return
        if self._pulls_view is not None and self._pulls_view.is_attached:
            self._pulls_view.refresh_pulls()
        active = [job for job in self.pulls if not job.state.finished]
        self._bar.show_pulls(len(active), sum(job.state.fraction for job in active) / max(1, len(active)))
        for job in self.pulls:
            state = job.state
            if state.finished and job not in self._reported_pulls:
                self._reported_pulls.add(job)
                if state.succeeded:
                    self.notify(f"Pulled {state.reference}", timeout=5)
                elif state.error:
                    self.notify(state.error, title=f"Pull of {state.reference} failed", severity="error", timeout=12)

    async def on_open_shell_requested(self, message: OpenShellRequested) -> None:
        session = session_or_say(self)
        if session is None:
            return
        shells = self._shells
        await shells.open_session(
            session,
            message.container_id,
            message.name,
            message.command,
            show_pane=lambda: setattr(self._tabs, "active", "shells"),
        )

    def on_run_requested(self, message: RunRequested) -> None:
        def started(container_id: str | None) -> None:
            if container_id:
                self.action_show_pane("containers")
                self._containers.select_when_listed(container_id)

        self.push_screen(RunForm(message.image), started)

    def on_event_log_jump_requested(self, message: EventLog.JumpRequested) -> None:
        """`enter` on an event: show its container or image."""
        event = message.event
        if event.type == "container":
            pane_id, found = "containers", self._containers.select(event.actor_id)
        elif event.type == "image":
            image_id = event.actor_id if event.actor_id.startswith("sha256:") else self._image_id_for(event.object_name)
            pane_id, found = "images", image_id is not None and self._images.select(image_id)
        else:
            self.notify(f"{event.type} events have no pane to jump to", severity="warning")
            return
        if not found:
            self.notify(f"{event.type} {event.object_name} no longer exists", severity="warning")
            return
        self.action_show_pane(pane_id)

    def _image_id_for(self, reference: str) -> str | None:
        return self.live.inventory.image_id_for(reference) if self.live is not None else None
