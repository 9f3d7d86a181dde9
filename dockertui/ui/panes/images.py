"""The images pane (key 2): a row per tag (untagged as <none>), kept current from events."""

from __future__ import annotations

import datetime as dt
import humanize
from rich.text import Text

from dockertui.engine.inventory import ImageSummary
from dockertui.ui.panes.list_pane import ListPane

COLUMNS = (("Repository:Tag", "reference"), ("ID", "id"), ("Size", "size"), ("Created", "created"))


def image_rows(image: ImageSummary) -> dict[str, tuple]:
    """Row key → cells; the key is ``<image id>|<tag>`` so each tag is its own row."""
    created = dt.datetime.fromtimestamp(image.created).strftime("%Y-%m-%d %H:%M") if image.created else ""
    cells = (Text(image.short_id, style="dim"), humanize.naturalsize(image.size), created)
    if not image.tags:
        return {f"{image.id}|": (Text("<none>", style="yellow"), *cells)}
    return {f"{image.id}|{tag}": (Text(tag, style="bold"), *cells) for tag in image.tags}


class ImagesPane(ListPane[ImageSummary]):
    """The image list. Pull, run, remove and prune come with issue #5."""

    PANE_ID = "images"
    TITLE = "Images"
    HOTKEY = "2"
    COLUMNS = COLUMNS
    SORT_COLUMN = "reference"

    def __init__(self) -> None:
        super().__init__()
        self._row_keys: dict[str, set[str]] = {}

    def apply_to_table(self, upserted: list[ImageSummary], removed: list[str]) -> None:
        upserts: dict[str, tuple] = {}
        removals: list[str] = []
        for image_id in removed:
            removals.extend(self._row_keys.pop(image_id, ()))
        for image in upserted:
            rows = image_rows(image)
            removals.extend(self._row_keys.get(image.id, set()) - rows.keys())
            self._row_keys[image.id] = set(rows)
            upserts.update(rows)
        self.table.apply(upserts, removals)

    def select(self, image_id: str) -> bool:
        self.flush()
        return any(self.table.select_key(key) for key in sorted(self._row_keys.get(image_id, ())))
