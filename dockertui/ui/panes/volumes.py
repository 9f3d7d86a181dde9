"""The volumes pane (6): every volume of the daemon, live from ``volume`` events, with the
containers that mount it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding

from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.volumes import VolumeSummary
from dockertui.ui.panes.list_pane import ListPane
from dockertui.ui.text_roles import role_style
from dockertui.ui.widgets.virtual_table import CellValue, Column

COLUMNS = (
    Column("name", "NAME", 28, min_width=14, priority=100, flex=2),
    Column("driver", "DRIVER", 8, priority=40),
    Column("scope", "SCOPE", 6, priority=20),
    Column("used_by", "USED BY", 24, min_width=10, priority=80, flex=1),
    Column("mountpoint", "MOUNTPOINT", 30, min_width=16, priority=10, flex=1),
)


class VolumesPane(ListPane[VolumeSummary]):
    PANE_ID = "volumes"
    TITLE = "Volumes"
    HOTKEY = "6"
    COLUMNS = COLUMNS
    SORT_KEYS = (("name", "name"), ("driver", "driver"))
    FILTER_PLACEHOLDER = "filter by name, driver or label — enter keeps it, escape clears"
    EMPTY_TEXT = "no volumes"

    BINDINGS = [
        Binding("N", "sort('name')", "Sort by name", id="volumes.sort.name", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._needle = ""
        #: The containers mounting each volume (by name), from the containers inventory.
        self.users: dict[str, list[ContainerSummary]] = {}

    def item_key(self, item: VolumeSummary) -> str:
        return item.name

    def cells(self, key: str) -> Sequence[CellValue]:
        volume = self.items[key]
        name = Text(volume.short_name, style=role_style(self, "strong"))
        if volume.anonymous:
            name.append("  anonymous", style=role_style(self, "muted"))
        users = self.users.get(volume.name, [])
        used_by = Text(", ".join(c.name for c in users)) if users else Text("—", style=role_style(self, "muted"))
        return (name, volume.driver, volume.scope, used_by, Text(volume.mountpoint, style=role_style(self, "muted")))

    def shows(self, item: VolumeSummary) -> bool:
        needle = self._needle
        if not needle:
            return True
        labels = " ".join(f"{k}={v}" for k, v in item.labels.items())
        return any(needle in text.lower() for text in (item.name, item.driver, labels))

    def sort_value(self, item: VolumeSummary, sort_key: str) -> Any:
        return str(getattr(item, sort_key, "")).lower()

    def on_filter_changed(self, text: str) -> None:
        self._needle = text.strip().lower()
        self.rebuild()

    def apply_volumes(self, upserted: Iterable[VolumeSummary], removed: Iterable[str]) -> None:
        self.apply(upserted, removed)

    def set_users(self, users: Mapping[str, list[ContainerSummary]]) -> None:
        """Which containers mount which volume (by volume name)."""
        changed = {name for name in set(users) | set(self.users) if users.get(name) != self.users.get(name)}
        self.users = dict(users)
        if self.ready and changed:
            self.table.invalidate(changed)

    def reset(self) -> None:
        self.users = {}
        super().reset()
