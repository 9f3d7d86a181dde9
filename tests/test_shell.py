"""The embedded exec shell against the real daemon, with the busybox fixture."""

from __future__ import annotations

import asyncio
import random
import threading
import time
import uuid

import pytest
from textual.app import App, ComposeResult

from dockertui.engine.target import DaemonTarget
from dockertui.terminal.emulator import TerminalEmulator
from dockertui.terminal.view import TerminalView
from dockertui.ui.app import DockerTUI
from dockertui.ui.widgets.shell_tab import ShellTab
from tests.support.pilot import wait_for


def screen_text(tab: ShellTab) -> str:
    with tab.view.emulator_lock:
        return "\n".join(tab.view.emulator.display())


def last_line(tab: ShellTab) -> str:
    lines = [line for line in screen_text(tab).splitlines() if line.strip()]
    return lines[-1] if lines else ""


async def wait_text(pilot, tab: ShellTab, text: str, timeout: float = 5.0) -> None:
    try:
        await wait_for(pilot, lambda: text in screen_text(tab), timeout=timeout, what=repr(text))
    except AssertionError as error:
        raise AssertionError(f"{error}; the screen:\n{screen_text(tab)}") from None


async def wait_prompt(pilot, tab: ShellTab, timeout: float = 5.0) -> None:
    await wait_for(pilot, lambda: last_line(tab).startswith("/ #"), timeout=timeout, what="the prompt")


class TerminalHost(App):
    """A bare app holding one TerminalView; what the view writes is kept in ``written``."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[bytes] = []

    def compose(self) -> ComposeResult:
        yield TerminalView(write=self.written.append, resize=lambda rows, columns: None)


def shell_processes(container) -> list[str]:
    """The container's processes but ps itself and the idle loop's short sleeps."""
    output = container.exec_run(["ps", "-o", "pid,args"]).output.decode()
    return [line for line in output.splitlines()[1:] if "ps -o" not in line and not line.rstrip().endswith(" sleep 1")]


@pytest.fixture
def box(containers):
    return containers.running(name=f"dtui-test-shell-{uuid.uuid4().hex[:6]}")


def held_shell_choice(monkeypatch) -> tuple[list[str], threading.Event]:
    """Make choosing the shell wait (as it takes a moment over ssh) until the returned event
    is set; also returns the list of shells chosen so far."""
    from dockertui.engine import session

    real_choose = session.choose_shell
    chosen: list[str] = []
    release = threading.Event()

    def held_choose(*args, **kwargs):
        release.wait(30)
        chosen.append(real_choose(*args, **kwargs))
        return chosen[-1]

    monkeypatch.setattr(session, "choose_shell", held_choose)
    return chosen, release


async def press_e_on(app, pilot, container) -> ShellTab:
    """Select the container in the list and press e; the new tab (its shell maybe still starting)."""
    await wait_for(
        pilot,
        lambda: app.session is not None and container.id in app.query_one("#containers-table").keys,
        what="the container listed",
    )
    table = app.query_one("#containers-table")
    table.select_key(container.id)
    table.focus()
    await pilot.press("e")
    await wait_for(pilot, lambda: bool(app.query(ShellTab)), what="the tab")
    return app.query(ShellTab).last()


async def open_shell(app, pilot, container, command=None) -> ShellTab:
    await wait_for(
        pilot,
        lambda: app.session is not None and container.id in app.query_one("#containers-table").keys,
        what="the container listed",
    )
    before = len(app.query(ShellTab))
    table = app.query_one("#containers-table")
    table.select_key(container.id)
    table.focus()
    await pilot.pause()
    if command is None:
        await pilot.press("e")
    else:
        await pilot.press("E")
        app.screen.query_one("#command-prompt-input").value = command
        await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: len(app.query(ShellTab)) > before and app.query(ShellTab).last().session is not None,
        timeout=10,
        what="the shell started",
    )
    tab = app.query(ShellTab).last()
    if command is None:
        await wait_prompt(pilot, tab)
    return tab


async def test_shell_basics_size_full_screen_programs_interrupt_and_exit(docker_host, box) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(100, 34)) as pilot:
        tab = await open_shell(app, pilot, box)
        view = tab.view
        assert view.has_focus and app.query_one("#panes").active == "shells"
        assert "dtui-test-shell" in str(app.query_one("#shell-tabs").get_tab(tab.id).label)

        tab.session.write(b"echo $((6*7))\r")
        await wait_text(pilot, tab, "\n42")

        rows, columns = view.size.height, view.size.width
        tab.session.write(b"clear; stty size\r")
        await wait_text(pilot, tab, f"{rows} {columns}")
        await pilot.resize_terminal(90, 30)
        await wait_for(pilot, lambda: (view.size.height, view.size.width) != (rows, columns), what="resized")
        await wait_for(
            pilot, lambda: tab.session.applied_size == (view.size.height, view.size.width), what="the tty resized"
        )
        tab.session.write(b"clear; stty size\r")
        await wait_text(pilot, tab, f"{view.size.height} {view.size.width}")

        # vi takes the alternate screen and gives the shell's screen back when it quits.
        tab.session.write(b"clear; echo before-vi\r")
        await wait_text(pilot, tab, "before-vi\n/ #")
        tab.session.write(b"vi /etc/hostname\r")
        await wait_for(pilot, lambda: view.emulator.alternate and "~" in screen_text(tab), what="vi")
        assert "before-vi" not in screen_text(tab)
        await pilot.press("colon")
        await pilot.pause(0.2)
        await pilot.press("q", "enter")
        await wait_for(pilot, lambda: not view.emulator.alternate, what="vi gone")
        await wait_text(pilot, tab, "before-vi")
        # top draws the whole screen; after q the prompt is back.
        tab.session.write(b"top\r")
        await wait_for(pilot, lambda: "PID" in screen_text(tab) and "Mem:" in screen_text(tab), what="top")
        await pilot.press("q")
        await wait_prompt(pilot, tab)

        # ctrl+c reaches the shell (it is also the app's quit key elsewhere).
        tab.session.write(b"sleep 100\r")
        await wait_text(pilot, tab, "sleep 100")
        await pilot.press("ctrl+c")
        await wait_prompt(pilot, tab, timeout=20)  # sleep 100 was interrupted
        assert app.is_running
        await pilot.press("ctrl+p", "q")  # the palette and quit keys go to the shell too:
        await wait_text(pilot, tab, "/ # sleep 100q")  # ctrl+p is the shell's "previous command"
        assert app.screen.__class__.__name__ != "CommandPalette" and app.is_running
        await pilot.press("ctrl+c")
        await wait_prompt(pilot, tab)

        tab.session.write(b"exit 3\r")
        await wait_text(pilot, tab, "exited with code 3")
        assert "(exit 3)" in str(app.query_one("#shell-tabs").get_tab(tab.id).label)
        await pilot.press("space")  # any key closes the finished tab
        await wait_for(pilot, lambda: not app.query(ShellTab), what="the tab closed")


async def test_closing_a_tab_leaves_no_shell_behind(docker_host, box) -> None:
    baseline = shell_processes(box)
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(100, 34)) as pilot:
        first = await open_shell(app, pilot, box)
        second = await open_shell(app, pilot, box)  # several shells at once, as tabs
        assert len(app.query(ShellTab)) == 2
        second.session.write(b"sleep 100\r")
        await wait_text(pilot, second, "sleep 100")
        assert any("sleep 100" in line for line in shell_processes(box))
        await pilot.press("ctrl+right_square_bracket")  # leave the terminal…
        await wait_for(pilot, lambda: not isinstance(app.focused, TerminalView), what="out of the terminal")
        await pilot.press("x")  # …and close the tab
        await wait_for(pilot, lambda: len(app.query(ShellTab)) == 1, what="one tab left")
        try:
            await wait_for(pilot, lambda: second.session.ended.is_set(), timeout=5, what="the shell ended")
        except AssertionError:
            raise AssertionError(
                f"{[t.id for t in app.query(ShellTab)]} second={second.id} first={first.id} "
                f"first ended={first.session.ended.is_set()} ps={shell_processes(box)}"
            ) from None
        assert first.session is not None and not first.session.ended.is_set()
        assert first.view.has_focus  # back in the remaining shell
        await pilot.press("ctrl+right_square_bracket")
        await wait_for(pilot, lambda: not isinstance(app.focused, TerminalView), what="out of the terminal")
        await pilot.press("x")
        await wait_for(pilot, lambda: first.session.ended.is_set(), timeout=5, what="the first shell ended")
    deadline = time.monotonic() + 5
    while shell_processes(box) != baseline and time.monotonic() < deadline:
        time.sleep(0.1)
    assert shell_processes(box) == baseline


async def test_container_stopping_is_said_in_the_tab(docker_host, box) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(100, 34)) as pilot:
        tab = await open_shell(app, pilot, box)
        box.kill()
        await wait_text(pilot, tab, "the container stopped", timeout=10)
        assert "container stopped" in str(app.query_one("#shell-tabs").get_tab(tab.id).label)


async def test_a_stopped_container_and_its_shell_each_have_their_own_exit_code(docker_host, box) -> None:
    """Issue 15 (hostile trial): after ``docker stop`` the tab said "the container stopped
    (exit code 137)" while the container exited 0: 137 was the shell's (killed with it)."""
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(100, 34)) as pilot:
        tab = await open_shell(app, pilot, box)
        box.stop(timeout=30)  # its command traps TERM and exits 0
        box.reload()
        assert box.attrs["State"]["ExitCode"] == 0
        await wait_text(pilot, tab, "the container stopped (exit code 0); the shell ended with exit code", timeout=30)
        assert "container stopped (exit code 137)" not in screen_text(tab)


async def test_command_instead_of_a_shell(docker_host, box) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(100, 34)) as pilot:
        tab = await open_shell(app, pilot, box, command="sh -c 'echo from-E; exit 7'")
        await wait_text(pilot, tab, "from-E")
        await wait_text(pilot, tab, "exited with code 7")


async def test_leave_chord_then_pane_keys_work(docker_host, box) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(100, 34)) as pilot:
        tab = await open_shell(app, pilot, box)
        await pilot.press("1")  # typed into the shell
        await wait_text(pilot, tab, "/ # 1")
        await pilot.press("ctrl+right_square_bracket", "1")
        assert app.query_one("#panes").active == "containers"
        await pilot.press("5")
        # The Shells pane opens on its tab list: the next key is not typed into a shell.
        assert not tab.view.has_focus and app.focused is app.query_one("#shells ContentTabs")
        await pilot.press("1")
        assert app.query_one("#panes").active == "containers"
        await pilot.press("5", "enter")
        assert tab.view.has_focus


async def test_mouse_selection_is_copied(docker_host, box) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(100, 34)) as pilot:
        tab = await open_shell(app, pilot, box)
        tab.session.write(b"clear; echo copy-me-please\r")
        await wait_text(pilot, tab, "copy-me-please\n")
        row = next(i for i, line in enumerate(tab.view.emulator.display()) if line == "copy-me-please")
        await pilot.mouse_down(tab.view, offset=(0, row))
        await pilot.hover(tab.view, offset=(13, row))
        await pilot.mouse_up(tab.view, offset=(13, row))
        await wait_for(pilot, lambda: app.clipboard == "copy-me-please", what="the selection copied")


def test_fuzz_random_bytes_never_raise() -> None:
    replies: list[bytes] = []
    emulator = TerminalEmulator(80, 24, respond=replies.append)
    generator = random.Random(20261128)
    pieces = [
        b"\x1b[",
        b"\x1b]",
        b"\x1bP",
        b"\x1b[?",
        b"1049h",
        b"1049l",
        b";",
        b"m",
        b"\x07",
        b"\x9b",
        b"\xe6\x97\xa5",
        b"\r\n",
        b"\x1b[6n",
        b"\x1b[c",
        b"\x1b[2J",
        b"\x1b[999;999r",
        b"\x1b(0",
    ]
    for _ in range(20_000):
        if generator.random() < 0.5:
            chunk = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 64)))
        else:
            chunk = b"".join(generator.choice(pieces) for _ in range(generator.randrange(1, 8)))
        emulator.feed(chunk)
    for size in ((1, 1), (200, 60), (80, 24)):
        emulator.resize(*size)
        emulator.feed(b"after resize \x1b[6n")
    assert len(emulator.display()) == 24 and replies


async def test_fuzz_through_the_widget() -> None:
    generator = random.Random(7)
    async with TerminalHost().run_test(size=(60, 20)) as pilot:
        view = pilot.app.query_one(TerminalView)
        for _ in range(300):
            view.feed(bytes(generator.randrange(256) for _ in range(generator.randrange(1, 300))))
            if generator.random() < 0.1:
                await pilot.pause()
        await pilot.pause(0.1)
        for y in range(view.size.height):
            view.render_line(y)


async def test_resizing_with_the_terminal_focused_during_output() -> None:
    """Textual can paint at the new size before the view heard of it (120 → 122 columns
    killed the app): every size, growing and shrinking, focused or not, with output."""
    generator = random.Random(13)
    async with TerminalHost().run_test(size=(120, 40)) as pilot:
        view = pilot.app.query_one(TerminalView)
        view.feed(b"/ # ")
        for step in range(60):
            if step % 6 == 0:
                pilot.app.set_focus(None)
            elif step % 3 == 0:
                view.focus()
            view.feed(b"".join(b"out %d\r\n" % n for n in range(generator.randrange(0, 30))) + b"/ # ")
            await pilot.resize_terminal(generator.randrange(20, 251), generator.randrange(5, 81))
            await pilot.pause(generator.choice([0, 0.01, 0.05]))
        await pilot.resize_terminal(122, 40)
        await pilot.pause(0.1)
        assert view.size.width == 122
        assert all(view.render_line(y).cell_length == 122 for y in range(view.size.height))


async def test_a_paste_cannot_break_out_of_bracketed_paste() -> None:
    from textual import events

    async with TerminalHost().run_test(size=(60, 20)) as pilot:
        written = pilot.app.written
        view = pilot.app.query_one(TerminalView)
        view.feed(b"\x1b[?2004h")  # the shell asks for bracketed paste
        await pilot.pause()
        view.post_message(events.Paste("harmless\x1b[201~rm -rf /tmp/x\nsecond\tline\x07"))
        await pilot.pause()
        assert written == [b"\x1b[200~harmless[201~rm -rf /tmp/x\rsecond\tline\x1b[201~"]


async def test_a_view_scrolled_back_stays_put_while_output_arrives() -> None:
    def shown(view: TerminalView) -> list[str]:
        return ["".join(segment.text for segment in view.render_line(y)).rstrip() for y in range(view.size.height)]

    async with TerminalHost().run_test(size=(20, 4)) as pilot:
        view = pilot.app.query_one(TerminalView)
        view.focus()
        view.feed(b"".join(b"line%d\r\n" % n for n in range(10)))
        await pilot.pause(0.1)
        await pilot.press("shift+pageup")
        before = shown(view)
        assert before[0].startswith("line") and view.scroll_offset_rows > 0
        view.feed(b"".join(b"new%d\r\n" % n for n in range(3)))
        await pilot.pause(0.1)
        view.refresh()
        await pilot.pause()
        assert shown(view) == before


async def test_mouse_motion_is_reported_as_the_program_asked() -> None:
    async with TerminalHost().run_test(size=(60, 20)) as pilot:
        written = pilot.app.written
        view = pilot.app.query_one(TerminalView)
        view.feed(b"\x1b[?1002h\x1b[?1006h")  # drags only
        await pilot.pause()
        await pilot.hover(TerminalView, offset=(3, 4))
        await pilot.hover(TerminalView, offset=(5, 4))
        assert written == []
        view.feed(b"\x1b[?1003h")  # any motion (hover effects in full-screen programs)
        await pilot.pause()
        await pilot.hover(TerminalView, offset=(7, 5))
        assert written and written[-1] == b"\x1b[<35;8;6M"


def test_an_idle_shell_outlives_the_client_request_timeout(docker_host, box) -> None:
    """The API client's request timeout (60 s in the app, 1 s here) must not end a quiet shell."""
    from dockertui.engine.connection import connect
    from dockertui.engine.exec_session import ExecSession

    connection = connect(DaemonTarget(host=docker_host))
    connection.api.timeout = 1
    output: list[bytes] = []
    session = ExecSession(connection.api, box.id, ["/bin/sh"], on_output=output.append, on_end=lambda end: None)
    try:
        session.start()
        time.sleep(2.5)
        assert not session.ended.is_set(), "the shell ended while idle"
        session.write(b"echo still-$((1+1))\r")
        deadline = time.monotonic() + 5
        while b"still-2" not in b"".join(output) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b"still-2" in b"".join(output)
    finally:
        session.close()
        connection.close()


async def test_keys_typed_while_the_shell_starts_are_kept(docker_host, box, monkeypatch) -> None:
    """Over ssh an exec takes a moment to start: what the user types meanwhile must arrive."""
    _, release = held_shell_choice(monkeypatch)
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        tab = await press_e_on(app, pilot, box)
        await pilot.press(*"echo early-$((2+3))", "enter")
        assert tab.session is None  # still starting
        release.set()
        await wait_text(pilot, tab, "early-5", timeout=10)


async def test_a_tab_closed_while_its_shell_starts_leaves_no_shell(docker_host, box, monkeypatch) -> None:
    chosen, release = held_shell_choice(monkeypatch)
    baseline = shell_processes(box)
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(100, 34)) as pilot:
        tab = await press_e_on(app, pilot, box)
        await pilot.press("ctrl+right_square_bracket", "x")
        await wait_for(pilot, lambda: not app.query(ShellTab), what="the tab closed")
        assert tab.session is None and not chosen  # closed while still starting
        release.set()
        await wait_for(pilot, lambda: bool(chosen), timeout=5, what="the start to finish")
        await pilot.pause(1.0)
    deadline = time.monotonic() + 5
    while shell_processes(box) != baseline and time.monotonic() < deadline:
        time.sleep(0.1)
    assert shell_processes(box) == baseline


async def test_a_new_shell_keeps_the_focus_and_the_keys_typed_while_it_opens(docker_host, box, monkeypatch) -> None:
    """Opening a shell hides the containers pane. Textual hands the focus of a hidden widget
    to a visible sibling (here the kept filter), whose pane then took the screen back and left
    the shell without focus: the keys went nowhere (seen under load in CI). Adding the tab is
    slowed down here, and so is the containers pane's news of its focus, as load did."""
    from textual.widgets import TabbedContent, TabPane

    from dockertui.ui.panes.containers import ContainersPane

    real_add_pane = TabbedContent.add_pane
    real_descendant_focus = TabPane._on_descendant_focus

    async def slow_add_pane(self, *args, **kwargs):
        await asyncio.sleep(0.3)
        return await real_add_pane(self, *args, **kwargs)

    async def slow_descendant_focus(self, event):
        if isinstance(self, ContainersPane):
            await asyncio.sleep(0.5)
        real_descendant_focus(self, event)

    monkeypatch.setattr(TabbedContent, "add_pane", slow_add_pane)
    monkeypatch.setattr(TabPane, "_on_descendant_focus", slow_descendant_focus)
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(
            pilot,
            lambda: app.session is not None and box.id in app.query_one("#containers-table").keys,
            what="the container listed",
        )
        await pilot.press("slash", *f"name={box.name}", "enter")  # the filter stays on screen
        assert app.query_one("#containers-filter").display
        assert app.focused is app.query_one("#containers-table")
        await pilot.press("e", *"echo typed-$((3+4))", "enter")
        await wait_for(pilot, lambda: bool(app.query(ShellTab)), what="the tab")
        tab = app.query(ShellTab).last()
        await wait_text(pilot, tab, "typed-7", timeout=10)
        await pilot.pause(0.3)
        assert app.query_one("#panes").active == "shells"
        assert app.focused is tab.view
        await pilot.press(*"echo after-$((4+4))", "enter")
        await wait_text(pilot, tab, "after-8", timeout=5)


async def test_history_is_compact_and_a_released_view_gives_its_memory_back() -> None:
    """5,000 rows of full-width history took over 100 MB (a dict and a new tuple per cell);
    rows now share their cells. Releasing the view lets go of all of it."""
    import gc
    import tracemalloc

    async with TerminalHost().run_test(size=(120, 40)) as pilot:
        view = pilot.app.query_one(TerminalView)
        await pilot.pause()
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            rows = b"".join(b"%06d " % n + bytes(range(97, 123)) * 4 + b"\r\n" for n in range(6000))
            random_bytes = random.Random(5).randbytes(1_000_000)
            for chunk in (rows, random_bytes):
                for start in range(0, len(chunk), 65536):
                    view.feed(chunk[start : start + 65536])
            await pilot.pause(0.1)
            assert len(view.emulator.scrollback) == 5000
            held = tracemalloc.get_traced_memory()[0] - before
            assert held < 25_000_000, f"{held / 1e6:.0f} MB for the screen and 5,000 rows of history"
            view.release()
            gc.collect()
            left = tracemalloc.get_traced_memory()[0] - before
            assert left < 3_000_000, f"{left / 1e6:.1f} MB still held after release"
        finally:
            tracemalloc.stop()
