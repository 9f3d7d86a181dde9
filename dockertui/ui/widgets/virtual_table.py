"""A table that renders only what is visible, from rows the owner describes by key.

DataTable keeps every cell as state and lays out the whole screen when rows come
and go (~40 ms here); filtering a thousand containers as you type must repaint
in a few milliseconds. Here the owner hands over the row keys in display order
and a function from key to cells; the table keeps a cursor (by key), marks,
scrolling and a strip cache, and nothing it does needs a layout pass.

Columns give way to a narrow terminal by priority: the lowest go first, then
flexible columns shrink to their minimum.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.widgets.cursor_list import CursorList

CellValue = str | Text
STRIP_CACHE_SIZE = 512
GAP = 2


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    min_width: int = 0  # 0: the same as width
    #: Columns with the lowest priority are dropped first when the terminal is narrow.
    priority: int = 0
    #: Share of the spare width this column takes.
    flex: int = 0
    #: Order of shrinking towards min_width when the width is short (lowest first);
    #: None: the same as ``priority``. A column can be kept late but shrink early.
    shrink_order: int | None = None
    align: str = "left"


@dataclass(frozen=True)
class PlacedColumn:
    column: Column
    index: int
    width: int


def place_columns(columns: Sequence[Column], width: int) -> list[PlacedColumn]:
    """Which columns fit in ``width`` and how wide each one is."""
    shown = list(range(len(columns)))

    def needed(indexes: list[int], minimal: bool) -> int:
        widths = [(columns[i].min_width or columns[i].width) if minimal else columns[i].width for i in indexes]
        return sum(widths) + GAP * max(0, len(indexes) - 1)

    while len(shown) > 1 and needed(shown, minimal=True) > width:
        lowest = min(shown, key=lambda i: (columns[i].priority, -i))
        shown.remove(lowest)
    widths = {i: columns[i].width for i in shown}
    excess = needed(shown, minimal=False) - width

    def shrink_order(i: int) -> tuple[int, int]:
        order = columns[i].shrink_order
        return (columns[i].priority if order is None else order, -i)

    # Too wide: shrink columns towards their minimum, in shrink order.
    for i in sorted(shown, key=shrink_order):
        if excess <= 0:
            break
        step = min(excess, widths[i] - (columns[i].min_width or columns[i].width))
        widths[i] -= step
        excess -= step
    # Room to spare: share it among flexible columns.
    spare = -excess
    flexible = [i for i in shown if columns[i].flex]
    if spare > 0 and flexible:
        total_flex = sum(columns[i].flex for i in flexible)
        for position, i in enumerate(flexible):
            share = (
                spare * columns[i].flex // total_flex
                if position < len(flexible) - 1
                else spare - sum(spare * columns[j].flex // total_flex for j in flexible[:-1])
            )
            widths[i] += share
    return [PlacedColumn(columns[i], i, max(1, widths[i])) for i in shown]


class VirtualTable(CursorList):
    """Rows by key; the first line is the header."""

    BINDING_GROUP_TITLE = "List"  # how help and the palette name these keys

    HEADER_ROWS = 1

    BINDINGS = navigation_bindings(first="First row", last="Last row")

    COMPONENT_CLASSES = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--marked",
        "virtual-table--empty",
    }

    @dataclass
    class CursorMoved(Message):
        table: VirtualTable
        key: str | None

    @dataclass
    class ViewportChanged(Message):
        """The rows on screen changed (scrolling, resizing, new rows)."""

        table: VirtualTable

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[str], Sequence[CellValue]],
        *,
        empty_text: str = "nothing to show",
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.columns = list(columns)
        self._cells = cells
        self.empty_text = empty_text
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        self.marked: set[str] = set()
        #: Column key shown with a sort arrow in the header, and its direction.
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._placed: list[PlacedColumn] = []
        self._placed_for = -1
        self._cache: LRUCache[tuple[str, int, int], Strip] = LRUCache(STRIP_CACHE_SIZE)
        self._last_viewport: tuple[int, int, int] | None = None

    # -- rows ---------------------------------------------------------------------------

    @property
    def keys(self) -> list[str]:
        return self._keys

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def cursor_key(self) -> str | None:
        return self._keys[self.cursor] if 0 <= self.cursor < len(self._keys) else None

    def set_rows(self, keys: Iterable[str]) -> None:
        """Show these rows in this order; the cursor stays on its row's key if it is still here."""
        previous = self.cursor_key
        self._keys = list(keys)
        self._index = {key: i for i, key in enumerate(self._keys)}
        self.marked &= self._index.keys()
        if previous is not None and previous in self._index:
            self.cursor = self._index[previous]
        else:
            self.cursor = max(0, min(self.cursor, len(self._keys) - 1))
        self.scroll_to_cursor()
        self.refresh()
        if self.cursor_key != previous:
            self.post_message(self.CursorMoved(self, self.cursor_key))

    def invalidate(self, keys: Iterable[str] | None = None) -> None:
        """The cells of these rows (or of all rows) changed: draw them again."""
        if keys is None:
            self._cache.clear()
            self.refresh()
            return
        wanted = set(keys)
        for cache_key in [k for k in self._cache.keys() if k[0] in wanted]:  # noqa: SIM118 - no __iter__
            self._cache.discard(cache_key)
        # Only the lines of those rows on screen are drawn again (a row off screen: nothing),
        # not the whole table: the CPU column's samples of six containers a second repainted
        # every line of the table each time (a third of the app's idle CPU).
        width = self.size.width
        lines = [
            Region(0, index - self.top + self.HEADER_ROWS, width, 1)
            for index in (self._index.get(key) for key in wanted)
            if index is not None and self.top <= index < self.top + self.body_height
        ]
        if lines:
            self.refresh(*lines)

    def select_key(self, key: str) -> bool:
        index = self._index.get(key)
        if index is None:
            return False
        self.move_to(index)
        return True

    def visible_keys(self) -> list[str]:
        return self._keys[self.top : self.top + self.body_height]

    def toggle_mark(self, key: str) -> None:
        self.marked ^= {key}
        self.invalidate([key])

    def row_total(self) -> int:
        return len(self._keys)

    def cursor_moved(self) -> None:
        self.post_message(self.CursorMoved(self, self.cursor_key))

    # -- drawing ------------------------------------------------------------------------

    def placed_width(self, column_key: str) -> int:
        """How wide the column is drawn now; 0 when the width has no room for it (or before the first paint)."""
        return next((placed.width for placed in self._placed if placed.column.key == column_key), 0)

    def styles_changed(self) -> None:
        self._cache.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.size.width
        if width != self._placed_for:
            self._placed = place_columns(self.columns, width)
            self._placed_for = width
            self._cache.clear()
        self.clamp_top()
        viewport = (self.top, self.body_height, len(self._keys))
        if viewport != self._last_viewport:
            self._last_viewport = viewport
            self.post_message(self.ViewportChanged(self))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._placed_for
        if y == 0:
            return self._render_header(width)
        index = self.top + y - 1
        if not self._keys:
            if y == 1:
                return Strip([Segment(f" {self.empty_text}"[:width].ljust(width), self._style("virtual-table--empty"))])
            return Strip.blank(width, self._style("base"))
        if index >= len(self._keys):
            return Strip.blank(width, self._style("base"))
        key = self._keys[index]
        state = (1 if index == self.cursor else 0) + (2 if key in self.marked else 0)
        if state & 1 and not self.has_focus:
            state |= 4
        cache_key = (key, width, state)
        strip = self._cache.get(cache_key)
        if strip is None:
            strip = self._render_row(key, width, state)
            self._cache.set(cache_key, strip)
        return strip

    def _render_header(self, width: int) -> Strip:
        labels = []
        for placed in self._placed:
            label = placed.column.label
            if placed.column.key == self.sort_column:
                label = f"{label} {'▼' if self.sort_reverse else '▲'}"
            labels.append(label)
        return self._strip(labels, width, self._style("virtual-table--header"))

    def _render_row(self, key: str, width: int, state: int) -> Strip:
        cells = self._cells(key)
        values = [cells[placed.index] if placed.index < len(cells) else "" for placed in self._placed]
        style = self._style("base")
        if state & 2:
            style += self._style("virtual-table--marked")
        if state & 1:
            style += Style(underline=True) if state & 4 else self._style("virtual-table--cursor")
        mark = "▍" if state & 2 else " "
        return self._strip(values, width, style, mark)

    def _strip(self, values: Sequence[CellValue], width: int, style: Style, mark: str = " ") -> Strip:
        line = Text(mark, no_wrap=True, overflow="crop")
        for position, (placed, value) in enumerate(zip(self._placed, values)):
            cell_width = placed.width - (1 if position == 0 else 0)
            # Measuring a long value costs its length: keep what a cell can show (a cell
            # takes at most two per character), so a 16 KiB label costs no more than a name.
            room = cell_width * 2 + 8
            if isinstance(value, Text):
                cell = value[:room] if len(value) > room else value.copy()
            else:
                text = str(value)
                cell = Text(text[:room] + "…" if len(text) > room else text)
            cell.no_wrap = True
            cell.truncate(cell_width, overflow="ellipsis", pad=False)
            if placed.column.align == "right":
                cell.pad_left(cell_width - cell.cell_len)
            else:
                cell.pad_right(cell_width - cell.cell_len)
            line.append_text(cell)
            if position < len(self._placed) - 1:
                line.append(" " * GAP)
        segments = list(line.render(self.app.console))
        return Strip(segments).apply_style(style).adjust_cell_length(width, style).crop(0, width)

    # -- input --------------------------------------------------------------------------

    def on_focus(self) -> None:
        self.invalidate([self.cursor_key] if self.cursor_key else [])

    def on_blur(self) -> None:
        self.invalidate([self.cursor_key] if self.cursor_key else [])


class ArrowKeyTable(VirtualTable, inherit_bindings=False):
    """A table whose pane keeps k and G for itself (containers: kill, group): no vim keys."""

    BINDINGS = navigation_bindings(vim_keys=False, first="First row", last="Last row")
