"""`?`: the keys that work where focus is now, grouped by who owns them."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.widgets.textual_motions import TableMotions


@dataclass(frozen=True)
class KeyHelp:
    """One row of the help table."""

    group: str
    keys: str
    description: str
    binding_id: str


class HelpTable(TableMotions, DataTable[str]):
    """The help rows, moved by the navigation keys of every list."""

    BINDING_GROUP_TITLE = "Help"  # how help and the palette name these keys

    BINDINGS = navigation_bindings()


class HelpScreen(QuitsOnQ, AppModalScreen[None]):
    """Lists the bindings active under the focused widget (pane first, then global)."""

    BINDING_GROUP_TITLE = "Help"  # how help and the palette name these keys

    BINDINGS = [
        Binding("escape,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, title: str, rows: list[KeyHelp]) -> None:
        super().__init__()
        self._title = title
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(self._title, id="help-title")
            table = HelpTable(id="help-table", cursor_type="row", zebra_stripes=True)
            table.add_columns("Where", "Key", "Action", "Binding id")
            for row in self._rows:
                table.add_row(row.group, row.keys, row.description, row.binding_id)
            yield table
            yield Label("escape closes · q quits", id="help-hint")
