"""The details panel of one network: what it is (driver, scope, subnets, flags, labels,
options) beside the containers attached to it, a list where ``enter`` jumps to one.

The attached containers come from the live containers list (connect and disconnect
events keep it current); inspect adds what only it has: MAC addresses and options.
It is read again when the set of attached containers changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.network_inspection import NetworkInspection
from dockertui.engine.network_members import Members
from dockertui.engine.networks import NetworkSummary
from dockertui.engine.session import DaemonSession
from dockertui.ui.daemon_session import NOT_CONNECTED, current_session
from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.summary_limits import clipped, first_rows, more_rows
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.details_panel import DetailsPanel
from dockertui.ui.widgets.nav_scroll import NavScroll
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.textual_motions import StepMotions

_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)")


class AttachedList(StepMotions, OptionList):
    """The attached containers; ``enter`` jumps to the one highlighted."""

    BINDING_GROUP_TITLE = "Attached containers"  # how help and the palette name these keys
    BINDINGS = navigation_bindings()


class NetworkDetails(DetailsPanel):
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    @dataclass
    class Loaded(Message):
        session: DaemonSession
        network_id: str
        inspection: NetworkInspection | None
        error: str = ""

    @dataclass
    class JumpRequested(Message):
        """``enter`` on an attached container: show it in the containers pane."""

        container_id: str

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.network: NetworkSummary | None = None
        self.members: Members = []
        self.inspection: NetworkInspection | None = None
        self._error = ""

    @property
    def network_id(self) -> str | None:
        return self.network.id if self.network is not None else None

    def compose(self) -> ComposeResult:
        yield StatusLine(id="network-details-title")
        with Horizontal(id="network-details-columns"):
            with NavScroll(id="network-details-scroll"):
                yield Static("", id="network-details-body", markup=False)
            with Vertical(id="network-details-attached"):
                yield Label("Attached containers — enter shows one", id="network-details-attached-title")
                yield AttachedList(id="network-details-members")

    @property
    def member_list(self) -> AttachedList:
        return self.query_one("#network-details-members", AttachedList)

    # -- what it shows ------------------------------------------------------------------

    def show_network(self, network: NetworkSummary, members: Members) -> None:
        """Show this network (read afresh) with these attached containers."""
        self.network = network
        self.members = list(members)
        self.inspection = None
        self._error = ""
        self._show_title()
        self._render_body()
        self._render_members(keep_highlight=False)
        session = current_session(self)
        if session is not None:
            self._load(session, network.id)
        else:
            self._error = NOT_CONNECTED
            self._render_body()
        self.call_after_refresh(self.member_list.focus)

    def update_network(self, network: NetworkSummary, members: Members) -> None:
        """The list brought a change of the network shown or of its containers."""
        if self.network is None or network.id != self.network.id:
            return
        before = {container.id for container, _ in self.members}
        self.network = network
        self.members = list(members)
        self._show_title()
        self._render_body()
        self._render_members(keep_highlight=True)
        session = current_session(self)
        if session is not None and before != {container.id for container, _ in self.members}:
            self._load(session, network.id)  # MACs of the containers that came

    def network_gone(self) -> None:
        self._show_title("(removed)")

    def put_away(self) -> None:
        """Closed: an answer still on its way is dropped, and the text it showed goes."""
        self.network = None
        self.members = []
        self.inspection = None
        self.query_one("#network-details-body", Static).update("")
        self.member_list.clear_options()

    def focus_body(self) -> None:
        self.screen.set_focus(self.member_list)

    def _show_title(self, note: str = "") -> None:
        network = self.network
        if network is None:
            return
        title = Text()
        title.append(network.name, style=role_style(self, "strong"))
        title.append(f"  {network.short_id}  {network.driver}", style=role_style(self, "muted"))
        if network.predefined:
            title.append("  the daemon's own", style=role_style(self, "muted"))
        if note:
            title.append(f"  {note}", style=role_style(self, "bad", "strong"))
        title.append("   tab: next part · escape closes", style=role_style(self, "muted"))
        self.query_one("#network-details-title", StatusLine).set_text(title)

    def _render_body(self) -> None:
        network = self.network
        if network is None:
            return
        text = Text()

        def row(label: str, value: object) -> None:
            text.append(f"{label:<11}", style=role_style(self, "strong"))
            text.append(f"{clipped(value)}\n")

        row("ID", network.short_id)  # c copies the whole ID
        row("Driver", network.driver)
        row("Scope", network.scope)
        for subnet in network.subnets or ("—",):
            row("Subnet", subnet)
        for gateway in network.gateways:
            row("Gateway", gateway)
        flags = [
            name
            for name, on in (
                ("internal", network.internal),
                ("attachable", network.attachable),
                ("ingress", network.ingress),
                ("IPv6", self.inspection is not None and self.inspection.ipv6_enabled),
            )
            if on
        ]
        row("Flags", ", ".join(flags) or "—")
        row("Created", _readable_time(network.created) or "—")
        labels, hidden = first_rows(sorted(network.labels.items()))
        text.append("Labels\n", style=role_style(self, "strong"))
        for key, value in labels:
            text.append(f"  {clipped(key)}=", style=role_style(self, "info"))
            text.append(f"{clipped(value)}\n")
        if not labels:
            text.append("  —\n", style=role_style(self, "muted"))
        if hidden:
            text.append(more_rows(hidden, "labels", where="docker network inspect"), style=role_style(self, "muted"))
        text.append("Options\n", style=role_style(self, "strong"))
        if self.inspection is None:
            text.append(f"  {self._error or 'Loading…'}\n", style=role_style(self, "bad" if self._error else "muted"))
        else:
            options, hidden = first_rows(sorted(self.inspection.options.items()))
            for key, value in options:
                text.append(f"  {clipped(key)}=", style=role_style(self, "info"))
                text.append(f"{clipped(value)}\n")
            if not options:
                text.append("  —\n", style=role_style(self, "muted"))
            if hidden:
                text.append(
                    more_rows(hidden, "options", where="docker network inspect"), style=role_style(self, "muted")
                )
        self.query_one("#network-details-body", Static).update(text)

    def _render_members(self, *, keep_highlight: bool) -> None:
        members_list = self.member_list
        highlighted = members_list.highlighted_option.id if keep_highlight and members_list.highlighted_option else None
        options = []
        for container, attachment in self.members:
            prompt = Text()
            prompt.append(container.name, style=role_style(self, "strong"))
            addresses = [address for address in (attachment.ipv4, attachment.ipv6) if address]
            prompt.append(f"  {' '.join(addresses) or 'no address'}", style=role_style(self, "info"))
            mac = self.inspection.mac_of(container.id) if self.inspection is not None else ""
            if mac:
                prompt.append(f"  {mac}", style=role_style(self, "muted"))
            if container.state != "running":
                prompt.append(f"  {container.state_text}", style=role_style(self, "muted"))
            options.append(Option(prompt, id=container.id))
        members_list.clear_options()
        if options:
            members_list.add_options(options)
            index = next((i for i, option in enumerate(options) if option.id == highlighted), 0)
            members_list.highlighted = index
        else:
            members_list.add_option(
                Option(Text("no container attached", style=role_style(self, "muted")), disabled=True)
            )

    # -- inspect ------------------------------------------------------------------------

    @work(thread=True, group="network-details", exclusive=True, exit_on_error=False)
    def _load(self, session: DaemonSession, network_id: str) -> None:
        try:
            inspection = session.inspect_network(network_id)
        except Exception as error:  # noqa: BLE001 - shown in the panel
            self.post_message(self.Loaded(session, network_id, None, explain_error(error)))
            return
        self.post_message(self.Loaded(session, network_id, inspection))

    def on_network_details_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.network_id != self.network_id or message.session is not current_session(self):
            return  # another network by now, or an answer of the daemon switched away from
        self.inspection = message.inspection
        self._error = message.error
        self._render_body()
        self._render_members(keep_highlight=True)

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id:
            self.post_message(self.JumpRequested(message.option.id))


def _readable_time(stamp: str) -> str:
    """ "2026-11-30T09:12:41.123456789Z" → "2026-11-30 09:12:41 UTC"; anything else as it is."""
    match = _STAMP.match(stamp)
    return f"{match.group(1)} {match.group(2)}{' UTC' if stamp.endswith('Z') else ''}" if match else stamp
