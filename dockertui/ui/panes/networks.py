"""The networks pane (7): every network of the daemon, live from ``network`` events, with
the containers attached and their addresses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding

from dockertui.engine.inventory import ContainerSummary, NetworkAttachment
from dockertui.engine.networks import NetworkSummary
from dockertui.ui.panes.list_pane import ListPane
from dockertui.ui.text_roles import role_style
from dockertui.ui.widgets.virtual_table import CellValue, Column

COLUMNS = (
    Column("name", "NAME", 22, min_width=12, priority=100, flex=1),
    Column("driver", "DRIVER", 8, priority=60),
    Column("scope", "SCOPE", 6, priority=20),
    Column("subnet", "SUBNET", 18, min_width=14, priority=50),
    Column("gateway", "GATEWAY", 15, priority=30),
    Column("flags", "FLAGS", 10, priority=25),
    Column("containers", "CONTAINERS", 30, min_width=12, priority=90, flex=2),
)

Members = list[tuple[ContainerSummary, NetworkAttachment]]


class NetworksPane(ListPane[NetworkSummary]):
    PANE_ID = "networks"
    TITLE = "Networks"
    HOTKEY = "7"
    COLUMNS = COLUMNS
    SORT_KEYS = (("name", "name"), ("driver", "driver"))
    FILTER_PLACEHOLDER = "filter by name, driver, subnet or label — enter keeps it, escape clears"
    EMPTY_TEXT = "no networks"

    BINDINGS = [
        Binding("N", "sort('name')", "Sort by name", id="networks.sort.name", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._needle = ""
        #: The containers attached to each network (by network name), from the containers inventory.
        self.members: dict[str, Members] = {}

    def item_key(self, item: NetworkSummary) -> str:
        return item.id

    def cells(self, key: str) -> Sequence[CellValue]:
        network = self.items[key]
        name = Text(network.name, style=role_style(self, "muted" if network.predefined else "strong"))
        flags = ", ".join(
            flag for flag, on in (("internal", network.internal), ("attachable", network.attachable)) if on
        )
        members = self.members.get(network.name, [])
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

    def on_filter_changed(self, text: str) -> None:
        self._needle = text.strip().lower()
        self.rebuild()

    def apply_networks(self, upserted: Iterable[NetworkSummary], removed: Iterable[str]) -> None:
        self.apply(upserted, removed)

    def set_members(self, members: Mapping[str, Members]) -> None:
        """Which containers are attached to which network (by network name)."""
        self.members = dict(members)
        if self.ready:
            self.table.invalidate([n.id for n in self.items.values()])

    def reset(self) -> None:
        self.members = {}
        super().reset()
