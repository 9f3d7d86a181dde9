"""The containers pane (key 1): every container, kept current from the event stream."""

from __future__ import annotations

from rich.text import Text

from dockertui.engine.inventory import ContainerSummary
from dockertui.ui.panes.list_pane import ListPane

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
    COLUMNS = COLUMNS
    SORT_COLUMN = "name"

    def apply_to_table(self, upserted: list[ContainerSummary], removed: list[str]) -> None:
        self.table.apply({c.id: container_cells(c) for c in upserted}, removed)

    def select(self, container_id: str) -> bool:
        self.flush()
        return self.table.select_key(container_id)
