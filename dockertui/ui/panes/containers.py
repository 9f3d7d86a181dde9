"""The containers pane (key 1): every container, kept current from the event stream."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult

from dockertui.engine.inventory import ContainerSummary
from dockertui.ui.panes.list_pane import ListPane
from dockertui.ui.widgets.keyed_table import KeyedTable

COLUMNS = (("Name", "name"), ("Image", "image"), ("State", "state"), ("Ports", "ports"),
           ("Project", "project"), ("ID", "id"))

STATE_STYLES = {
    "running": "green",
    "paused": "yellow",
    "restarting": "yellow",
    "created": "cyan",
    "exited": "dim",
    "dead": "red",
    "removing": "red",
}


def container_cells(container: ContainerSummary) -> tuple:
    style = STATE_STYLES.get(container.state, "")
    if container.health == "unhealthy" or (container.state == "exited" and container.exit_code not in (0, None)):
        style = "red"
    project = container.project
    if project and container.service:
        project = f"{project}/{container.service}"
    return (
        Text(container.name, style="bold"),
        container.image,
        Text(container.state_text, style=style),
        ", ".join(str(port) for port in container.ports),
        project,
        Text(container.id[:12], style="dim"),
    )


class ContainersPane(ListPane[ContainerSummary]):
    """The live container list. Lifecycle keys, details, logs and stats come with issue #4."""

    PANE_ID = "containers"
    TITLE = "Containers"
    HOTKEY = "1"

    def compose(self) -> ComposeResult:
        table = KeyedTable(id="containers-table", sort_column="name",
                           sort_key=lambda name: str(name).lower())
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        yield table

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#containers-table", KeyedTable)

    def focus_primary(self) -> None:
        self.table.focus()

    def item_key(self, item: ContainerSummary) -> str:
        return item.id

    def apply_to_table(self, upserted: list[ContainerSummary], removed: list[str]) -> None:
        self.table.apply({c.id: container_cells(c) for c in upserted}, removed)

    def select(self, container_id: str) -> bool:
        self.flush()
        return self.table.select_key(container_id)
