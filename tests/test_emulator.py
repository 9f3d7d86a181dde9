"""The terminal emulator on its own: what pyte lacks or gets wrong for a real shell."""

from __future__ import annotations

from dockertui.terminal.emulator import TerminalEmulator


def lines_of(emulator: TerminalEmulator) -> list[str]:
    return [emulator.line_text(y) for y in range(emulator.screen.lines)]


def test_fewer_rows_keep_the_prompt_line_like_xterm() -> None:
    emulator = TerminalEmulator(40, 20)
    emulator.feed(b"banner\r\n\r\n/ # echo hi\r\nhi\r\n/ # ")
    assert emulator.screen.cursor.y == 4
    emulator.resize(40, 8)  # the cursor fits: only blank rows below it go
    assert lines_of(emulator)[:5] == ["banner", "", "/ # echo hi", "hi", "/ #"]
    assert (emulator.screen.cursor.y, emulator.screen.cursor.x) == (4, 4)
    assert len(emulator.scrollback) == 0
    emulator.resize(40, 3)  # now rows leave at the top, into the scrollback
    assert lines_of(emulator) == ["/ # echo hi", "hi", "/ #"]
    assert emulator.screen.cursor.y == 2
    assert [row[0].data for row in emulator.scrollback] == ["b", " "]
    emulator.feed(b"ls\r\nout\r\n")  # and it scrolls on from there
    assert lines_of(emulator) == ["/ # ls", "out", ""]


def test_fewer_rows_on_the_alternate_screen_keep_nothing_in_the_scrollback() -> None:
    emulator = TerminalEmulator(20, 10)
    emulator.feed(b"main\r\n\x1b[?1049h\x1b[H" + b"\r\n".join(b"top %d" % i for i in range(10)))
    emulator.resize(20, 4)
    assert lines_of(emulator) == ["top 6", "top 7", "top 8", "top 9"]
    assert len(emulator.scrollback) == 0
    emulator.feed(b"\x1b[?1049l")
    assert lines_of(emulator)[0] == "main"
