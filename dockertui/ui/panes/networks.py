"""The networks pane (7): every network of the daemon, live from ``network`` events, with
the containers attached and their addresses; details, create, remove and prune.

The daemon's own networks (``bridge``, ``host``, ``none``) are never offered for removal:
``d`` is greyed on them, and the engine refuses them unsent as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message

from dockertui.engine.network_actions import NetworkActionFailed, NetworkSpec
from dockertui.engine.network_members import Members, by_network_id, members_of
from dockertui.engine.networks import NetworkSummary
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.ui.clipboard import copy_text
from dockertui.ui.daemon_session import session_or_say
from dockertui.ui.panes.details_list_pane import DetailsListPane
from dockertui.ui.prune_question import ask_before_prune
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.network_create_prompt import NetworkCreatePrompt
from dockertui.ui.text_roles import role_style
from dockertui.ui.type_ahead import open_dialog, opening_key
from dockertui.ui.widgets.network_details import NetworkDetails
from dockertui.ui.widgets.virtual_table import CellValue, Column, VirtualTable

# At 80 columns the name (whole, as far as it can), driver, subnet and containers stay;
# scope, gateway and flags go, so that two containers with their addresses fit.
COLUMNS = (
    Column("name", "NAME", 24, min_width=22, priority=100, flex=1),
    Column("driver", "DRIVER", 8, priority=95),
    Column("scope", "SCOPE", 6, priority=10),
    Column("subnet", "SUBNET", 18, min_width=16, priority=50),
    Column("gateway", "GATEWAY", 15, priority=15),
    Column("flags", "FLAGS", 10, priority=25),
    Column("containers", "CONTAINERS", 30, min_width=26, priority=90, flex=2),
)


class NetworksPane(DetailsListPane[NetworkSummary, NetworkDetails]):
    PANE_ID = "networks"
    TITLE = "Networks"
    HOTKEY = "7"
    COLUMNS = COLUMNS
    SORT_KEYS = (("name", "name"), ("driver", "driver"))
    FILTER_PLACEHOLDER = "filter by name, driver, subnet or label — enter keeps it, escape clears"
    EMPTY_TEXT = "no networks"

    BINDINGS = [
        Binding("enter", "details", "Details", id="networks.details"),
        # Read when the app reads it: C and a name typed after it in one read fill the prompt.
        opening_key("C", "create", "Create", id="networks.create"),
        Binding("d", "remove", "Remove", id="networks.remove"),
        Binding("P", "prune", "Prune unused", id="networks.prune"),
        Binding("c", "copy_id", "Copy ID", id="networks.copy_id", show=False),
        Binding("N", "sort('name')", "Sort by name", id="networks.sort.name", show=False),
    ]

    @dataclass
    class Done(Message):
        """An action returned: ``text`` to say, or the failure (the daemon's words)."""

        text: str = ""
        error: NetworkActionFailed | None = None
        title: str = ""

    @dataclass
    class Created(Message):
        network_id: str
        name: str

    def __init__(self) -> None:
        super().__init__()
        self._needle = ""
        #: The containers attached to each network (by network name), from the containers inventory.
        self.members: dict[str, Members] = {}
        self._members_by_id: dict[str, Members] = {}
        self._pending_selection: str | None = None

    def make_details(self) -> NetworkDetails:
        return NetworkDetails(id="network-details")

    # -- rows ---------------------------------------------------------------------------

    def item_key(self, item: NetworkSummary) -> str:
        return item.id

    def members_of(self, network: NetworkSummary) -> Members:
        return members_of(network, self.members, {n.name for n in self.items.values()}, self._members_by_id)

    def cells(self, key: str) -> Sequence[CellValue]:
        network = self.items[key]
        name = Text(network.name, style=role_style(self, "muted" if network.predefined else "strong"))
        flags = ", ".join(
            flag for flag, on in (("internal", network.internal), ("attachable", network.attachable)) if on
        )
        members = self.members_of(network)
        attached = (
            Text(", ".join(f"{c.name} {a.address}".strip() for c, a in members))
            if members
            else Text("—", style=role_style(self, "muted"))
        )
        return (
            name,
            network.driver,
            network.scope,
            ", ".join(network.subnets),
            ", ".join(network.gateways),
            flags,
            attached,
        )

    def shows(self, item: NetworkSummary) -> bool:
        needle = self._needle
        if not needle:
            return True
        labels = " ".join(f"{k}={v}" for k, v in item.labels.items())
        return any(needle in text.lower() for text in (item.name, item.driver, " ".join(item.subnets), labels))

    def sort_value(self, item: NetworkSummary, sort_key: str) -> Any:
        return str(getattr(item, sort_key, "")).lower()

    def status_text(self) -> Text:
        text = Text()
        used = sum(1 for network in self.items.values() if self.members_of(network))
        text.append(f"{self.table.row_count:,} shown", style=role_style(self, "strong"))
        text.append(f" · {len(self.items):,} networks, {used} in use", style=role_style(self, "muted"))
        if self._needle:
            text.append(" · filter ")
            text.append(self._needle, style=role_style(self, "strong"))
        return text

    def on_filter_changed(self, text: str) -> None:
        self._needle = text.strip().lower()
        self.rebuild()

    def apply_networks(self, upserted: Iterable[NetworkSummary], removed: Iterable[str]) -> None:
        upserted, removed = list(upserted), list(removed)
        self.apply(upserted, removed)
        if not self.ready:
            return
        if self._pending_selection and self._pending_selection in self.items:
            self.select(self._pending_selection)
            self._pending_selection = None
        self.refresh_bindings()  # d depends on the row under the cursor
        if self.details_open and self.details.network_id is not None:
            shown = self.details.network_id
            if shown in removed:
                self.details.network_gone()
            elif shown in self.items:
                self.details.update_network(self.items[shown], self.members_of(self.items[shown]))

    def set_members(self, members: Mapping[str, Members]) -> None:
        """Which containers are attached to which network (by network name)."""
        self.members = dict(members)
        self._members_by_id = by_network_id(self.members)
        if not self.ready:
            return
        self.table.invalidate([n.id for n in self.items.values()])
        self.show_status()
        shown = self.details.network_id if self.details_open else None
        if shown is not None and shown in self.items:
            self.details.update_network(self.items[shown], self.members_of(self.items[shown]))

    def reset(self) -> None:
        self.members = {}
        self._members_by_id = {}
        self._pending_selection = None
        super().reset()

    def select(self, key: str) -> bool:
        if key in self.items and not self.shows(self.items[key]):
            self.filter_input.value = ""
            self.filter_input.display = False
            self.on_filter_changed("")
        return super().select(key)

    def select_network(self, network_id: str, name: str = "") -> bool:
        """Select the network with this ID, else the one with this name (an event's)."""
        if network_id in self.items:
            return self.select(network_id)
        by_name = next((key for key, network in self.items.items() if name and network.name == name), None)
        return by_name is not None and self.select(by_name)

    # -- details ------------------------------------------------------------------------

    def action_details(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        if self.details_open and self.details.network_id == selected.id:
            self.action_close_details()
            return
        self.open_details()
        self.details.show_network(selected, self.members_of(selected))

    def action_copy_id(self) -> None:
        selected = self.selected()
        if selected is not None:
            copy_text(self.app, selected.id, f"the ID of network {selected.name}")

    def on_virtual_table_cursor_moved(self, message: VirtualTable.CursorMoved) -> None:
        message.stop()
        self.refresh_bindings()

    # -- create, remove, prune ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            selected = self.selected() if self.ready else None
            # Greyed (not hidden) on the daemon's own networks: the key is there, not for them.
            return None if selected is None or selected.predefined else True
        return super().check_action(action, parameters)

    async def action_create(self) -> None:
        def chosen(spec: NetworkSpec | None) -> None:
            session = session_or_say(self) if spec is not None else None
            if spec is not None and session is not None:
                self._create(session, spec)

        # Awaited: the next key is read once the name field has the focus (ui/type_ahead.py).
        await open_dialog(self, NetworkCreatePrompt(), chosen)

    @work(thread=True, group="network-actions", exit_on_error=False)
    def _create(self, session: DaemonSession, spec: NetworkSpec) -> None:
        try:
            network_id = session.create_network(spec)
        except NetworkActionFailed as failure:
            self.post_message(self.Done(error=failure, title=f"Could not create {spec.name}"))
            return
        except ReadOnlyRefused as refused:
            self.post_message(self.Done(error=NetworkActionFailed(spec.name, str(refused))))
            return
        where = f" ({spec.subnet})" if spec.subnet else ""
        self.post_message(self.Done(f"Created network {spec.name}{where}"))
        self.post_message(self.Created(network_id, spec.name))

    def on_networks_pane_created(self, message: Created) -> None:
        message.stop()
        if not self.select(message.network_id):
            self._pending_selection = message.network_id

    def action_remove(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        if selected.predefined:
            self.notify(
                f"{selected.name} is one of the daemon's own networks (bridge, host, none): it cannot be removed.",
                severity="warning",
            )
            return
        members = self.members_of(selected)
        body = f"{selected.driver} network {selected.short_id}"
        if selected.subnets:
            body += f", {', '.join(selected.subnets)}"
        body += "."
        if members:
            names = ", ".join(container.name for container, _ in members)
            body += f"\n\nAttached: {names}\nThe daemon refuses to remove a network in use: disconnect them first."
        network_id, name = selected.id, selected.name

        def decided(confirmed: bool | None) -> None:
            session = session_or_say(self) if confirmed else None
            if session is not None:
                self._remove(session, network_id, name)

        self.app.push_screen(ConfirmDialog(f"Remove network {name}?", body, "Remove"), decided)

    @work(thread=True, group="network-actions", exit_on_error=False)
    def _remove(self, session: DaemonSession, network_id: str, name: str) -> None:
        try:
            session.remove_network(network_id, name=name)
        except NetworkActionFailed as failure:
            self.post_message(self.Done(error=failure, title=f"Could not remove {name}"))
            return
        except ReadOnlyRefused as refused:
            self.post_message(self.Done(error=NetworkActionFailed(name, str(refused))))
            return
        self.post_message(self.Done(f"Removed network {name}"))

    def action_prune(self) -> None:
        unused = sorted(
            network.name for network in self.items.values() if not network.predefined and not self.members_of(network)
        )
        body = (
            f"{len(unused)} network(s) have no container listed on them:\n  "
            + "\n  ".join(unused[:12])
            + (f"\n  … and {len(unused) - 12} more" if len(unused) > 12 else "")
            if unused
            else "No unused network is listed; the daemon will say if it finds any."
        )
        body += "\n\nThe daemon decides what is unused (stopped containers count as users); bridge, host and none stay."

        ask_before_prune(self, "Prune unused networks?", body, lambda session: self._prune(session))

    @work(thread=True, group="network-actions", exit_on_error=False)
    def _prune(self, session: DaemonSession) -> None:
        try:
            deleted = session.prune_networks()
        except NetworkActionFailed as failure:
            self.post_message(self.Done(error=failure, title="Could not prune networks"))
            return
        except ReadOnlyRefused as refused:
            self.post_message(self.Done(error=NetworkActionFailed("unused networks", str(refused))))
            return
        if deleted:
            self.post_message(self.Done(f"Pruned {len(deleted)} network(s): {', '.join(deleted)} (the daemon's list)"))
        else:
            self.post_message(self.Done("Pruned nothing: the daemon found no unused network"))

    def on_networks_pane_done(self, message: Done) -> None:
        message.stop()
        if message.text:
            self.notify(message.text, timeout=6)
        if message.error is not None:
            self.notify(
                message.error.explanation,
                title=message.title or f"Could not change {message.error.target}",
                severity="error",
                timeout=12,
            )
