"""The dockertui application: header, the eight panes (the swarm services' tab only for a
swarm member), footer, and the daemon session the keys act on (replaced on a context switch)."""

from __future__ import annotations

import os

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import TabbedContent

from dockertui import startup_gc
from dockertui.config import Config
from dockertui.engine.connection import connect
from dockertui.engine.exec_session import end_all as end_all_shells
from dockertui.engine.inventory import ContainerSummary, Inventory
from dockertui.engine.live_session import BACKOFF, LiveSession
from dockertui.engine.pull import PullJob
from dockertui.engine.references import InvalidReference, parse_reference
from dockertui.engine.session import DaemonSession
from dockertui.engine.ssh_processes import end_all as end_all_ssh
from dockertui.engine.stats import StatsHub
from dockertui.engine.target import DaemonTarget
from dockertui.ui.binding_catalog import active_keys, group_name
from dockertui.ui.command_runner import run_command
from dockertui.ui.commands import BindingCommands
from dockertui.ui.config_apply import apply_config
from dockertui.ui.daemon_link import RETRY_INTERVAL, Connector, DaemonLink
from dockertui.ui.daemon_session import session_or_say
from dockertui.ui.event_jump import jump_to_event_object
from dockertui.ui.line_commands import LineCommands
from dockertui.ui.live_router import LiveRouter
from dockertui.ui.messages import (
    EngineConnected,
    EngineUnavailable,
    FirstLookReady,
    LiveUpdateReady,
    LiveUpdateSoon,
    OpenShellRequested,
    PullProgressed,
    PullRequested,
    PullsViewRequested,
    RunRequested,
    ServiceLogsRequested,
    StatsReady,
)
from dockertui.ui.panes import (
    PANES,
    ContainersPane,
    EventsPane,
    HubPane,
    ImagesPane,
    NetworksPane,
    Pane,
    ServicesPane,
    ShellsPane,
    VolumesPane,
)
from dockertui.ui.plain_notifications import PlainNotifications
from dockertui.ui.pull_center import PullCenter
from dockertui.ui.read_only_gate import ReadOnlyGate
from dockertui.ui.screen_repaint import MainScreen
from dockertui.ui.screens.unreachable import UnreachableScreen
from dockertui.ui.styles_cache_leak import stop_the_leak
from dockertui.ui.terminal_focus import is_terminal
from dockertui.ui.type_ahead import open_dialog
from dockertui.ui.widgets.app_footer import AppFooter
from dockertui.ui.widgets.container_details import ContainerDetails
from dockertui.ui.widgets.engine_bar import EngineBar
from dockertui.ui.widgets.event_log import EventLog
from dockertui.ui.widgets.feed_banner import FeedBanner
from dockertui.ui.widgets.network_details import NetworkDetails

#: Seconds the garbage collector stays off at most while the app starts (startup_gc).
GC_PAUSED_AT_MOST = 5.0


class DockerTUI(ReadOnlyGate, PlainNotifications):
    """Keyboard-driven terminal UI for one Docker daemon."""

    TITLE = "dockertui"
    ACTION_VERBS = {"pull_reference": "pull"}
    CSS_PATH = "styles/app.tcss"
    COMMANDS = App.COMMANDS | {BindingCommands, LineCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+c", "quit", "Quit", id="app.quit_ctrl_c", show=False, priority=True),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("colon", "command_line", "Command", id="app.command_line", show=False),
        Binding("ctrl+x", "contexts", "Contexts", id="app.contexts", show=False),
        # Priority, like every / that opens a box: "1/" in one read must switch first, then
        # filter the pane switched to. (A text box that has the focus still takes digits.)
        *(
            Binding(
                pane.HOTKEY,
                f"show_pane('{pane.PANE_ID}')",
                pane.TITLE,
                id=f"app.pane.{pane.PANE_ID}",
                show=False,
                priority=True,
            )
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
        # No animations unless the user's TEXTUAL_ANIMATIONS asks for them: the tab bar's
        # underline slid for a third of a second after every pane switch, a dozen frames of
        # the whole screen (a third of a switch's CPU), as lazydocker and k9s never do.
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
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
        self.refused = []
        #: The daemon the keys act on; replaced on a context switch, None while unreachable.
        self.session: DaemonSession | None = None
        #: What the first look showed, for the session's inventory (target, containers).
        self._seed: tuple[DaemonTarget, list[ContainerSummary]] | None = None
        self._backoff = backoff
        # Held directly: while another screen is on top, queries would search that one;
        # and the event stream may deliver before TabbedContent has mounted the panes.
        self._bar = EngineBar(target, read_only=self.read_only, id="engine-bar")
        self._tabs = TabbedContent(id="panes", initial=PANES[0].PANE_ID)
        self._banner = FeedBanner(id="feed-banner")
        self.containers_pane = ContainersPane()
        self.images_pane = ImagesPane()
        self.hub_pane = HubPane(config.search_registry, config.search_limit)
        self.events_pane = EventsPane(config.event_buffer)
        self.shells_pane = ShellsPane()
        self.volumes_pane = VolumesPane()
        self.networks_pane = NetworksPane()
        self.services_pane = ServicesPane()
        self._panes: dict[str, Pane] = {
            pane.PANE_ID: pane
            for pane in (
                self.containers_pane,
                self.images_pane,
                self.hub_pane,
                self.events_pane,
                self.shells_pane,
                self.volumes_pane,
                self.networks_pane,
                self.services_pane,
            )
        }
        assert [pane_class.PANE_ID for pane_class in PANES] == list(self._panes)
        self.link = DaemonLink(self, self._bar, connector, retry_interval)
        self.live_router = LiveRouter(
            self,
            self._bar,
            self._banner,
            self.containers_pane,
            self.images_pane,
            self.events_pane,
            self.volumes_pane,
            self.networks_pane,
            services=self.services_pane,
        )
        self.pull_center = PullCenter(self, self._bar)

    @property
    def live(self) -> LiveSession | None:
        return self.session.live if self.session is not None else None

    @property
    def stats_hub(self) -> StatsHub | None:
        return self.session.stats if self.session is not None else None

    @property
    def pulls(self) -> list[PullJob]:
        return self.pull_center.jobs

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self._bar
        yield self._banner
        with self._tabs:
            yield from self._panes.values()
        yield AppFooter(compact=True, show_command_palette=False)

    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    def on_mount(self) -> None:
        apply_config(self, self.config)
        self._banner.display = False
        self.services_pane.hide_tab_now()  # until the daemon says it is in a swarm
        for warning in self.target.warnings:
            self.notify(warning, title="docker config", severity="warning", timeout=10)
        self.containers_pane.focus_primary()
        self.connect_engine()
        if startup_gc.paused():  # started by the command line: see startup_gc
            self._stop_watching_start = self.live_router.watch_inventory(self._first_list_shown)
            self.set_timer(GC_PAUSED_AT_MOST, startup_gc.resume)  # a daemon slow or never reached

    def _first_list_shown(self) -> None:
        self._stop_watching_start()
        self.call_after_refresh(startup_gc.resume)

    def on_unmount(self) -> None:
        end_all_shells()  # and everything they started; cli.main does it again after a crash
        self._drop_connection()
        # An ssh connect still waiting on a host that never answers (the daemon link's, a
        # :hosts probe's) would keep its process, and its thread would hold up the exit.
        end_all_ssh()

    # -- panes and help -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In an embedded terminal every key belongs to the shell, the app's priority keys
        # (ctrl+c, ctrl+q, ctrl+p) included; ctrl+] leaves it.
        if is_terminal(self.focused):
            return False
        # The panes are hidden behind the unreachable screen or a dialog: switching them would be
        # invisible (and a dialog keeps its keys). The palette offers them: they run once it closes.
        dialog = self.screen.is_modal and not isinstance(self.screen, CommandPalette)
        return not (action == "show_pane" and (self.link.unreachable is not None or dialog))

    def action_show_pane(self, pane_id: str) -> None:
        if pane_id == ServicesPane.PANE_ID and not self.services_pane.available:
            self.services_pane.asked_to_show()  # shown if the daemon is in a swarm, else said
            return
        self._tabs.active = pane_id
        self._panes[pane_id].focus_primary()

    def action_help(self) -> None:
        from dockertui.ui.screens import help as help_screen

        screen = self.screen
        rows = [
            help_screen.KeyHelp(
                entry.group,
                entry.keys,
                entry.binding.description
                + ("" if entry.enabled else self.disabled_note(entry.node, entry.binding.action)),
                entry.binding.id or "",
            )
            for entry in active_keys(screen)
            # 8 is listed once the daemon is in a swarm, like its tab.
            if entry.binding.id != f"app.pane.{ServicesPane.PANE_ID}" or self.services_pane.available
        ]
        focused = screen.focused
        title = f"Keys — {group_name(focused)}" if focused is not None else "Keys"
        self.push_screen(help_screen.HelpScreen(title, rows))

    # -- the : command line ---------------------------------------------------------------

    def action_command_line(self, text: str = "") -> None:
        def chosen(result) -> None:
            if result is not None:
                command, argument = result
                self.call_later(run_command, self, command.name, argument)

        from dockertui.ui.screens.command_line import CommandLine

        self.push_screen(CommandLine(text), chosen)

    # -- contexts -----------------------------------------------------------------------

    def action_contexts(self) -> None:
        from dockertui.ui.context_switch import pick_context  # (its screens: when asked for)

        pick_context(self)

    async def switch_target(self, target: DaemonTarget) -> None:
        """Talk to another daemon, in-app: streams closed, lists emptied, header updated, reconnect."""
        await self.shells_pane.reset()  # first: ending a shell needs the connection
        self._drop_connection()
        for pane in (
            self.containers_pane,
            self.images_pane,
            self.events_pane,
            self.hub_pane,
            self.volumes_pane,
            self.networks_pane,
            self.services_pane,
        ):
            pane.reset()
        self._bar.show_pulls(0, 0.0)
        self.target = target
        self._bar.set_target(target)
        self._banner.display = False  # the old stream's "reconnecting…" says nothing about this one
        self.link.close_unreachable()
        self.notify(f"Switched to {target.label}", timeout=3)
        self.connect_engine()

    def action_pull_reference(self, text: str) -> None:
        try:
            reference = parse_reference(text)
        except InvalidReference as error:
            self.notify(f"{text}: {error}", title="Not a valid reference", severity="error")
            return
        self.post_message(PullRequested(reference))

    # -- daemon connection ----------------------------------------------------------------

    def connect_engine(self) -> None:
        """Try to connect now (cancels a pending automatic retry)."""
        self.link.connect()

    def on_first_look_ready(self, message: FirstLookReady) -> None:
        """The version and the containers, read while docker-py loads: shown at once, and
        kept as the seed of the session's inventory."""
        look = message.look
        if not self.is_running or look.target != self.target or self.session is not None or self.link.unreachable:
            # A daemon switched away from, the connection first after all, or a retry under the
            # unreachable screen (the header would say the version while the screen says why not).
            message.painted.set()
            return
        self.call_after_refresh(message.painted.set)
        self._bar.show_engine(look.engine)
        pane = self.containers_pane
        fresh = {container.id for container in look.containers}
        pane.apply(look.containers, [key for key in pane.items if key not in fresh])
        # The header's counts come with the session: they say the keys act on a daemon now.
        self._seed = (look.target, look.containers)

    def _seeded_inventory(self, target: DaemonTarget) -> Inventory | None:
        seed, self._seed = self._seed, None
        if seed is None or seed[0] != target:
            return None
        inventory = Inventory()
        inventory.seed(seed[1])
        return inventory

    def on_engine_connected(self, message: EngineConnected) -> None:
        if not self.link.adopt(message.connection):
            return
        self._drop_connection()
        self.session = session = DaemonSession(message.connection, read_only=self.read_only)
        self.live_router.attach(session)
        self.pull_center.attach(session)
        # One event stream per session; it posts when there is something to drain.
        session.start_streams(
            on_live=lambda: self.post_message(LiveUpdateReady()),
            on_live_soon=lambda: self.post_message(LiveUpdateSoon()),
            inventory=self._seeded_inventory(message.connection.target),
            on_stats=lambda: self.post_message(StatsReady()),
            backoff=self._backoff,
        )
        self.containers_pane.stats_hub_changed()
        self.services_pane.probe(session)  # the swarm role, in a worker: is pane 8 shown?

    def on_engine_unavailable(self, message: EngineUnavailable) -> None:
        if self.link.failed(message.error):
            self._drop_connection()

    def on_unreachable_screen_retry_requested(self, _: UnreachableScreen.RetryRequested) -> None:
        self.connect_engine()

    def _drop_connection(self) -> None:
        session, self.session = self.session, None
        self.live_router.attach(None)
        self.pull_center.attach(None)
        if session is not None:
            session.close()

    # -- what the streams bring, and pulls ------------------------------------------------

    def on_live_update_ready(self, _: LiveUpdateReady) -> None:
        self.live_router.live_ready()

    def on_live_update_soon(self, _: LiveUpdateSoon) -> None:
        self.live_router.live_ready(soon=True)

    def on_stats_ready(self, _: StatsReady) -> None:
        self.live_router.stats_ready()

    def on_containers_pane_watch_stats(self, message: ContainersPane.WatchStats) -> None:
        self.live_router.watch_stats(message.container_ids)

    def on_pull_requested(self, message: PullRequested) -> None:
        if session_or_say(self) is not None:
            self.pull_center.start(message.reference)

    def on_pull_progressed(self, _: PullProgressed) -> None:
        self.pull_center.progressed()

    def on_pulls_view_requested(self, _: PullsViewRequested) -> None:
        self.pull_center.show()

    async def on_open_shell_requested(self, message: OpenShellRequested) -> None:
        session = session_or_say(self)
        if session is None:
            return
        shells = self.shells_pane
        await shells.open_session(
            session,
            message.container_id,
            message.name,
            message.command,
            show_pane=lambda: setattr(self._tabs, "active", "shells"),
        )

    def on_service_logs_requested(self, message: ServiceLogsRequested) -> None:
        """`l` on a swarm service: its logs merged across its tasks."""
        session = session_or_say(self)
        if session is not None:
            from dockertui.ui.screens.service_logs import ServiceLogsScreen

            self.push_screen(ServiceLogsScreen(session, message.service))

    async def on_run_requested(self, message: RunRequested) -> None:
        await self.action_open_run_form(message.image)

    async def action_open_run_form(self, image: str) -> None:
        """The run form for ``image``; returns once its first field has the focus, so that
        the keys read next go there (ui/type_ahead.py)."""

        def started(container_id: str | None) -> None:
            if container_id:
                self.action_show_pane("containers")
                self.containers_pane.select_when_listed(container_id)

        from dockertui.ui.screens.run_form import RunForm

        await open_dialog(self, RunForm(image), started)

    def on_container_details_networks_requested(self, message: ContainerDetails.NetworksRequested) -> None:
        """`n` in a container's details: the network picker."""
        container = self.containers_pane.items.get(message.container_id)
        if container is None:
            self.notify("The container is gone.", severity="warning")
            return
        from dockertui.ui.network_connect import pick_network  # (its screens: when asked for)

        pick_network(self, container)

    def on_network_details_jump_requested(self, message: NetworkDetails.JumpRequested) -> None:
        """`enter` on a network's attached container: shown in the containers pane."""
        self.action_show_pane("containers")
        self.containers_pane.select_when_listed(message.container_id)

    def on_event_log_jump_requested(self, message: EventLog.JumpRequested) -> None:
        """`enter` on an event: show its container or image."""
        pane_id = jump_to_event_object(self, message.event)
        if pane_id is not None:
            self.action_show_pane(pane_id)
