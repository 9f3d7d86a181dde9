"""The shells pane (key 5): embedded exec shells as tabs, titled "container: command"."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static, TabbedContent

from dockertui.engine.session import DaemonSession
from dockertui.ui.clipboard import copy_text
from dockertui.ui.free_memory import give_memory_back
from dockertui.ui.panes.pane import Pane
from dockertui.ui.settings import settings
from dockertui.ui.terminal_focus import is_terminal

if TYPE_CHECKING:
    # The terminal emulator (pyte and the view) loads with the first shell, not at start-up.
    from dockertui.terminal.view import TerminalView
    from dockertui.ui.widgets.shell_tab import ShellTab

_tab_numbers = itertools.count(1)


class ShellsPane(Pane):
    """Keys go to the shell; ctrl+] leaves it (then 1–5 switch panes, x closes the tab)."""

    PANE_ID = "shells"
    TITLE = "Shells"
    HOTKEY = "5"

    BINDINGS = [
        Binding("enter,i", "enter_terminal", "Back into the shell", id="shells.enter"),
        Binding("x", "close_tab", "Close tab", id="shells.close"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            "No shells yet. On the containers pane, e opens a shell in the selected running "
            "container and E runs a command you type. Inside, every key goes to the shell; "
            "ctrl+] leaves it.",
            id="shells-empty",
        )
        yield TabbedContent(id="shell-tabs")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#shell-tabs", TabbedContent)

    def _shell_tabs(self) -> list[ShellTab]:
        return list(self.query("ShellTab"))  # type: ignore[arg-type]  # by name: see the imports

    @property
    def open_count(self) -> int:
        """Shells still running (or starting)."""
        return sum(1 for tab in self._shell_tabs() if not tab.finished)

    def _show_empty(self) -> None:
        self._show_empty_for(adding=False)

    def _show_empty_for(self, adding: bool) -> None:
        empty = not adding and not self._shell_tabs()
        self.query_one("#shells-empty").display = empty
        self.tabs.display = not empty

    def on_mount(self) -> None:
        self._show_empty()

    def primary_widget(self) -> Widget:
        """The tab list, not a terminal: a key typed right after 5 (a 1 to go back) must not
        land in a shell. enter goes in."""
        return self.tabs.query_one("ContentTabs") if self._current() is not None else self

    def _current(self) -> ShellTab | None:
        pane = self.tabs.active_pane if self._shell_tabs() else None
        return pane if type(pane).__name__ == "ShellTab" else None  # type: ignore[return-value]

    async def open_session(
        self,
        daemon: DaemonSession,
        container_id: str,
        name: str,
        command: list[str] | None,
        show_pane: Callable[[], None],
    ) -> ShellTab:
        """Add a new shell's tab, ``show_pane`` (the app's switch to this pane), focus its terminal.

        The focus moves here before the pane is shown, not afterwards: Textual blurs a focused
        widget that gets hidden by handing the focus to a visible sibling, and that sibling's
        pane then took the screen back and left the new shell without focus (seen under load).
        Keys typed meanwhile wait: the app handles them after this."""
        from dockertui.ui.widgets.shell_tab import ShellTab

        tab = ShellTab(
            daemon, container_id, name, command, tab_id=f"shell-{next(_tab_numbers)}", shells=settings(self).shells
        )
        self.screen.set_focus(self)
        show_pane()
        self._show_empty_for(adding=True)
        await self.tabs.add_pane(tab)
        self.tabs.active = tab.tab_id
        self.screen.set_focus(tab.view)
        return tab

    def on_shell_tab_started(self, message: ShellTab.Started) -> None:
        message.stop()
        tab = message.tab
        tab.command = message.command
        self._set_title(tab, tab.title_for(" ".join(message.command)))

    def on_shell_tab_ended(self, message: ShellTab.Ended) -> None:
        message.stop()
        tab = message.tab
        if not tab.is_attached or tab.finished:
            return
        note = tab.show_end(message.end, message.error)
        self._set_title(tab, tab.title_for(" ".join(tab.command or ["shell"]), note))

    def _set_title(self, tab: ShellTab, title: Content) -> None:
        try:
            self.tabs.get_tab(tab.tab_id).label = title
        except Exception:  # noqa: BLE001 - the tab was closed meanwhile
            pass

    def on_terminal_view_leave_requested(self, message: TerminalView.LeaveRequested) -> None:
        message.stop()
        self.screen.set_focus(self.tabs.query_one("ContentTabs"))

    async def on_terminal_view_key_after_end(self, message: TerminalView.KeyAfterEnd) -> None:
        message.stop()
        await self.action_close_tab()

    def on_terminal_view_copy_requested(self, message: TerminalView.CopyRequested) -> None:
        message.stop()
        copy_text(self.app, message.text, "the selection")

    def action_enter_terminal(self) -> None:
        current = self._current()
        if current is not None:
            self.screen.set_focus(current.view)

    async def action_close_tab(self) -> None:
        tab = self._current()
        if tab is None:
            return
        # Also when the shell exited: what it started in the background ends with the tab.
        tab.close_session(wait=False)
        await self._remove(tab)
        self._show_empty()
        if self._current() is not None:
            self.action_enter_terminal()  # into the next shell, as tmux does after closing a window
        else:
            self.focus_primary()

    async def _remove(self, tab: ShellTab) -> None:
        """Take the tab away and give its memory back (its history can be megabytes)."""
        await self.tabs.remove_pane(tab.tab_id)
        tab.view.release()
        self.call_after_refresh(give_memory_back)

    async def reset(self) -> None:
        """Another daemon: end this one's shells (in the background) and take their tabs away."""
        for tab in self._shell_tabs():
            tab.close_session(wait=False)
            await self._remove(tab)
        self._show_empty()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("close_tab", "enter_terminal"):
            # Inside the terminal these keys belong to the shell.
            return self.is_mounted and bool(self._shell_tabs()) and not is_terminal(self.app.focused)
        return True
