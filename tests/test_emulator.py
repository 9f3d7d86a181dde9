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


def test_zero_width_characters_do_not_swallow_the_rest_of_the_line() -> None:
    emulator = TerminalEmulator(30, 3)
    emulator.feed("a❤\ufe0f hello world\r\nx\u200dy more text\r\n".encode())
    assert lines_of(emulator)[:2] == ["a❤ hello world", "xy more text"]


def test_dec_line_drawing_draws_boxes() -> None:
    emulator = TerminalEmulator(10, 3)
    emulator.feed(b"\x1b(0lqqk\r\nx  x\r\nmqqj\x1b(B ok")
    assert lines_of(emulator) == ["┌──┐", "│  │", "└──┘ ok"]
    emulator.feed(b"\r\n\x0eq\x0fq")  # SO / SI switch to G1 (line drawing) and back
    assert lines_of(emulator)[-1] == "─q"


def test_control_strings_are_not_drawn_even_in_pieces() -> None:
    emulator = TerminalEmulator(40, 2)
    emulator.feed(b"\x1bP$q q\x1b\\before \x1b_Gf=100;AAAA\x1b\\after")
    emulator.feed(b" \x1bP+q544e")  # a query split across reads…
    emulator.feed(b"\x1b")
    emulator.feed(b"\\end")  # …and its terminator too
    assert lines_of(emulator)[0] == "before after end"


def test_erase_saved_lines_clears_the_scrollback_not_the_screen() -> None:
    emulator = TerminalEmulator(10, 3)
    emulator.feed(b"1\r\n2\r\n3\r\n4\r\n5")
    assert len(emulator.scrollback) == 2
    emulator.feed(b"\x1b[3J")
    assert len(emulator.scrollback) == 0 and lines_of(emulator) == ["3", "4", "5"]


def test_reset_leaves_the_alternate_screen_and_every_mode() -> None:
    emulator = TerminalEmulator(20, 4)
    emulator.feed(b"main\r\n\x1b[?1049h\x1b[?1h\x1b[?1000h\x1b[?2004hfull screen app")
    assert emulator.alternate and emulator.mouse_reporting
    emulator.feed(b"\x1bc")
    assert not emulator.alternate and not emulator.private_modes
    assert not (emulator.mouse_reporting or emulator.application_cursor or emulator.bracketed_paste)
    emulator.feed(b"1\r\n2\r\n3\r\n4\r\n5")  # scrolls into the scrollback again
    assert len(emulator.scrollback) == 1


def test_fewer_rows_while_the_alternate_screen_shows_keep_the_prompt() -> None:
    emulator = TerminalEmulator(20, 6)
    emulator.feed(b"1\r\n2\r\n3\r\n4\r\n$ prompt")
    emulator.feed(b"\x1b[?1049h\x1b[Hvim")
    emulator.resize(20, 3)
    emulator.feed(b"\x1b[?1049l")
    assert lines_of(emulator) == ["3", "4", "$ prompt"]
    assert emulator.screen.cursor.y == 2
    assert [row[0].data for row in emulator.scrollback] == ["1", "2"]


def test_deccolm_does_not_resize_the_terminal() -> None:
    emulator = TerminalEmulator(40, 3)
    emulator.feed(b"kept\x1b[?3h\x1b[?3l")  # reset sends ?3l; a program may send ?3h
    assert (emulator.screen.columns, lines_of(emulator)[0]) == (40, "kept")


def test_the_cursor_stays_on_screen_and_is_reported_inside_it() -> None:
    replies: list[bytes] = []
    emulator = TerminalEmulator(20, 3, respond=replies.append)
    emulator.feed(b"0123456789012345678")
    emulator.resize(8, 3)  # narrower than where the cursor was
    assert emulator.screen.cursor.x == 7
    emulator.feed(b"\r\x1b[K12345678\x1b[6n")  # a wrap pending at the right margin
    assert replies[-1] == b"\x1b[1;8R"


def test_shifted_function_keys_reach_the_program() -> None:
    from dockertui.terminal.keys import key_to_bytes

    assert key_to_bytes("f13", None) == b"\x1b[1;2P"  # Textual's name for shift+F1
    assert key_to_bytes("f17", None) == b"\x1b[15;2~"  # shift+F5
    assert key_to_bytes("ctrl+f24", None) == b"\x1b[24;6~"  # ctrl+shift+F12
