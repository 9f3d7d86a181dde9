"""The log view on its own: ring buffer, search, wrap, timestamps, saving."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

from dockertui.engine.logs import LogLine, _LineSplitter
from dockertui.ui.widgets.log_view import LogView


class LogApp(App):
    def compose(self) -> ComposeResult:
        yield LogView(buffer_size=50)


def lines(count: int, start: int = 0) -> list[LogLine]:
    return [
        LogLine("stderr" if i % 10 == 0 else "stdout", f"2026-11-28T04:00:{i % 60:02d}.000000000Z", f"line {i}")
        for i in range(start, start + count)
    ]


def screen_rows(view: LogView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_ring_buffer_follow_and_gutter() -> None:
    async with LogApp().run_test(size=(60, 10)) as pilot:
        view = pilot.app.query_one(LogView)
        view.add(lines(120))
        await pilot.pause()
        assert len(view.lines) == 50 and view.dropped == 70
        rows = screen_rows(view)
        assert rows[-1].rstrip() == " line 119"
        assert rows[-10].startswith("▌line 110")  # stderr has a gutter mark


async def test_search_next_previous() -> None:
    async with LogApp().run_test(size=(60, 10)) as pilot:
        view = pilot.app.query_one(LogView)
        view.add(lines(30))
        await pilot.pause()
        assert view.search("line 1")
        first = view.current_match
        assert "line 1" in view.lines[first].text and not view.follow
        await pilot.press("n")
        second = view.current_match
        assert second != first and "line 1" in view.lines[second].text
        await pilot.press("N")
        assert view.current_match == first
        assert not view.search("nothing like this")


async def test_wrap_and_timestamps() -> None:
    async with LogApp().run_test(size=(20, 10)) as pilot:
        view = pilot.app.query_one(LogView)
        view.add([LogLine("stdout", "2026-11-28T04:05:06.789000000Z", "x" * 45)])
        view.focus()
        await pilot.pause()
        assert screen_rows(view)[0].rstrip() == " " + "x" * 19
        await pilot.press("w")
        await pilot.pause()
        wrapped = [row.rstrip() for row in screen_rows(view) if row.strip()]
        assert "".join(row.strip() for row in wrapped) == "x" * 45
        await pilot.press("t")
        await pilot.pause()
        assert screen_rows(view)[0].startswith(" 04:05:06.789 ")


async def test_save_writes_plain_text(tmp_path: Path) -> None:
    async with LogApp().run_test(size=(60, 10)) as pilot:
        view = pilot.app.query_one(LogView)
        view.save_name = "web/1"
        view.add(
            [
                LogLine("stdout", "2026-11-28T04:00:00Z", "\x1b[31mred\x1b[0m"),
                LogLine("stderr", "2026-11-28T04:00:01Z", "oops"),
            ]
        )
        path = view.save(tmp_path)
        assert path.name.startswith("web_1-") and path.suffix == ".log"
        assert path.read_text().splitlines() == ["2026-11-28T04:00:00Z red", "2026-11-28T04:00:01Z stderr oops"]


def test_line_splitter_handles_split_utf8_and_partial_lines() -> None:
    splitter = _LineSplitter("stdout")
    data = "2026-11-28T04:00:00.1Z héllo\n2026-11-28T04:00:01.2Z wor".encode()
    cut = data.index("é".encode()) + 1  # in the middle of the two-byte é
    assert splitter.feed(data[:cut]) == []
    first = splitter.feed(data[cut:])
    assert [(line.timestamp, line.text) for line in first] == [("2026-11-28T04:00:00.1Z", "héllo")]
    assert [line.text for line in splitter.feed(b"ld\n")] == ["world"]


async def test_search_counts_matches_as_lines_come_and_go() -> None:
    async with LogApp().run_test(size=(60, 10)) as pilot:
        view = pilot.app.query_one(LogView)
        view.add(lines(30))
        await pilot.pause()
        assert view.match_status == ""
        assert view.search("line 1")  # line 1, 10-19
        assert view.match_status == "1/11"
        await pilot.press("n")
        assert view.match_status == "2/11"
        await pilot.press("N", "N")
        assert view.match_status == "11/11"  # wrapped to the last one
        await pilot.press("n", "n")
        assert view.match_status == "2/11"  # line 10
        view.add(lines(30, start=30))  # the ring of 50 drops lines 0-9: line 1 goes
        assert view.match_status == "1/10"
        view.add(lines(60, start=60))  # 70-119 kept: line 10 went, 100-119 came
        assert view.match_status == "-/20"
        await pilot.press("n")
        assert view.match_status == "1/20"
        assert not view.search("nothing like this") and view.match_status == "-/0"
        view.search("")
        assert view.match_status == ""
