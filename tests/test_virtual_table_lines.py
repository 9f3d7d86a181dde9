"""A row's cells changed: its line is drawn again, and only the lines of rows on screen."""

from __future__ import annotations

from textual.app import App, ComposeResult

from dockertui.ui.widgets.virtual_table import Column, VirtualTable


class TableApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.values = {f"row{i:02d}": f"value {i}" for i in range(50)}
        self.table = VirtualTable([Column("name", "NAME", 10), Column("value", "VALUE", 12)], self.cells)

    def cells(self, key: str) -> list[str]:
        return [key, self.values[key]]

    def compose(self) -> ComposeResult:
        yield self.table


def shown(app: App) -> str:
    return app.export_screenshot().replace("&#160;", " ")


async def test_changed_rows_are_drawn_again_and_only_those_on_screen() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.table
        table.set_rows(sorted(app.values))
        await pilot.pause()
        assert "value 3" in shown(app)
        regions: list[tuple] = []
        refresh = table.refresh

        def recorded(*args, **kwargs):
            regions.append(args)
            return refresh(*args, **kwargs)

        table.refresh = recorded  # type: ignore[method-assign]
        app.values["row03"] = "changed"
        app.values["row40"] = "far below"
        table.invalidate(["row03", "row40"])
        await pilot.pause()
        assert "changed" in shown(app)
        # One line refreshed: row03's (the header is line 0), none for row40 off screen.
        assert [[(r.y, r.height) for r in args] for args in regions] == [[(4, 1)]]
        regions.clear()
        table.invalidate(["row40"])
        assert regions == []
        # Scrolled to it, the row shows its new cells (its old line was dropped from the cache).
        table.select_key("row40")
        await pilot.pause()
        assert "far below" in shown(app)
