"""The images pane (key 2): a row per tag (untagged as <none>), kept current from events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import humanize
from rich.text import Text

from dockertui.engine.inventory import ImageSummary
from dockertui.ui.panes.list_pane import ListPane
from dockertui.ui.widgets.virtual_table import CellValue, Column

COLUMNS = (
    Column("reference", "Repository:Tag", 40, min_width=20, priority=100, flex=3),
    Column("id", "ID", 12, priority=60),
    Column("size", "Size", 9, priority=80, align="right"),
    Column("created", "Created", 16, priority=40),
)


@dataclass(frozen=True)
class ImageRow:
    """One row: an image under one of its tags (or untagged)."""

    key: str
    image: ImageSummary
    tag: str  # "" when untagged

    @property
    def reference(self) -> str:
        return self.tag or "<none>"


def image_rows(image: ImageSummary) -> list[ImageRow]:
    if not image.tags:
        return [ImageRow(f"{image.id}|", image, "")]
    return [ImageRow(f"{image.id}|{tag}", image, tag) for tag in image.tags]


class ImagesPane(ListPane[ImageRow]):
    """The image list. Pull, run, remove and prune come with issue #5."""

    PANE_ID = "images"
    TITLE = "Images"
    HOTKEY = "2"
    COLUMNS = COLUMNS
    SORT_KEYS = (("reference", "name"), ("size", "size"), ("created", "created"))
    DESCENDING_FIRST = frozenset({"size", "created"})
    FILTER_PLACEHOLDER = "filter by repository, tag or ID — enter keeps it, escape clears"
    EMPTY_TEXT = "no images"

    def __init__(self) -> None:
        super().__init__()
        self._row_keys: dict[str, set[str]] = {}
        self._needle = ""

    def item_key(self, item: ImageRow) -> str:
        return item.key

    def cells(self, key: str) -> Sequence[CellValue]:
        row = self.items[key]
        image = row.image
        created = dt.datetime.fromtimestamp(image.created).strftime("%Y-%m-%d %H:%M") if image.created else ""
        return (
            Text(row.reference, style="bold" if row.tag else "yellow"),
            Text(image.short_id, style="dim"),
            humanize.naturalsize(image.size),
            created,
        )

    def visible(self, item: ImageRow) -> bool:
        needle = self._needle
        return not needle or needle in item.reference.lower() or item.image.short_id.startswith(needle)

    def sort_value(self, item: ImageRow, sort_key: str) -> Any:
        if sort_key == "size":
            return item.image.size
        if sort_key == "created":
            return item.image.created
        return item.reference.lower()

    def on_filter_changed(self, text: str) -> None:
        self._needle = text.strip().lower()
        self.rebuild()

    def apply(self, upserted: Iterable[ImageSummary], removed: Iterable[str]) -> None:  # type: ignore[override]
        """Take an inventory diff of images and turn it into row changes."""
        rows: list[ImageRow] = []
        removals: list[str] = []
        for image_id in removed:
            removals.extend(self._row_keys.pop(image_id, ()))
        for image in upserted:
            fresh = image_rows(image)
            keys = {row.key for row in fresh}
            removals.extend(self._row_keys.get(image.id, set()) - keys)
            self._row_keys[image.id] = keys
            rows.extend(fresh)
        super().apply(rows, removals)

    def select(self, image_id: str) -> bool:  # type: ignore[override]
        return any(self.table.select_key(key) for key in sorted(self._row_keys.get(image_id, ())))
