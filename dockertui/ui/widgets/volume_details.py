"""The details panel of one volume: the containers using it (``enter`` goes to one), where
it lives, its driver, scope, options, labels, size and references."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

import humanize
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from dockertui.engine.inspection import mapping
from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.session import DaemonSession
from dockertui.engine.volume_actions import VolumeActionFailed
from dockertui.engine.volume_usage import VolumeUsage
from dockertui.engine.volumes import VolumeSummary
from dockertui.ui.daemon_session import current_session
from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.summary_limits import clipped, first_rows, more_rows
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.details_panel import DetailsPanel
from dockertui.ui.widgets.nav_scroll import NavScroll
from dockertui.ui.widgets.status_line import StatusLine
from dockertui.ui.widgets.textual_motions import StepMotions


class VolumeUsers(StepMotions, OptionList):
    """The containers mounting the volume; ``enter`` shows one in the containers pane."""

    BINDING_GROUP_TITLE = "Volume users"  # how help and the palette name these keys
    BINDINGS = [
        *navigation_bindings(),
        Binding("enter", "select", "Go to container", id="volume_details.jump"),
    ]


def created_at(created: str) -> float:
    """The daemon's creation time as a timestamp (0 when its text is not a time)."""
    try:
        return dt.datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def age(created: str) -> str:
    """How long ago the volume was made ("3 days ago"), or the daemon's text as it is."""
    stamp = created_at(created)
    return humanize.naturaltime(max(0.0, time.time() - stamp)) if stamp else created


def usage_text(usage: VolumeUsage | None, loading: bool) -> str:
    """A volume's size as the list and the panel show it: "…" while not read yet."""
    if usage is None:
        return "…" if loading else "?"
    return humanize.naturalsize(usage.size) if usage.size is not None else "unknown"


class VolumeDetails(DetailsPanel):
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    @dataclass
    class Loaded(Message):
        session: DaemonSession
        name: str
        document: dict | None
        error: str = ""

    @dataclass
    class JumpRequested(Message):
        """Show this container in the containers pane."""

        container_id: str
        name: str

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.volume: VolumeSummary | None = None
        self.users: list[ContainerSummary] = []
        self.usage: VolumeUsage | None = None
        self.usage_loading = False
        self._document: dict | None = None
        self._error = ""

    @property
    def volume_name(self) -> str | None:
        return self.volume.name if self.volume is not None else None

    def compose(self) -> ComposeResult:
        yield StatusLine(id="volume-details-title")
        yield Label("", id="volume-details-users-title", markup=False)
        yield VolumeUsers(id="volume-details-users")
        with NavScroll(id="volume-details-scroll"):
            yield Static("", id="volume-details-body", markup=False)

    @property
    def users_list(self) -> VolumeUsers:
        return self.query_one("#volume-details-users", VolumeUsers)

    def show_volume(
        self, volume: VolumeSummary, users: Sequence[ContainerSummary], usage: VolumeUsage | None, loading: bool
    ) -> None:
        """Show this volume (and read its inspect document for the options)."""
        self.volume = volume
        self._document, self._error = None, ""
        self.update_volume(volume, users, usage, loading)
        session = current_session(self)
        if session is not None:
            self._load(session, volume.name)
        focus = self.users_list if self.users else self.query_one("#volume-details-scroll")
        self.call_after_refresh(focus.focus)

    def update_volume(
        self, volume: VolumeSummary, users: Sequence[ContainerSummary], usage: VolumeUsage | None, loading: bool
    ) -> None:
        """The live parts changed (the volume, its users, its size): shown again, the users'
        cursor kept on the same container where it still is."""
        if self.volume is None or volume.name != self.volume.name:
            return
        self.volume = volume
        self.usage, self.usage_loading = usage, loading
        if [c.id for c in users] != [c.id for c in self.users] or [c.name for c in users] != [
            c.name for c in self.users
        ]:
            self._show_users(list(users))
        self._show_title()
        self._show_body()

    def _show_users(self, users: list[ContainerSummary]) -> None:
        users_list = self.users_list
        highlighted = users_list.highlighted
        kept = self.users[highlighted].id if highlighted is not None and highlighted < len(self.users) else None
        self.users = users
        users_list.clear_options()
        for container in users:
            prompt = Text(container.name, style=role_style(self, "strong"))
            prompt.append(
                f"  {container.state}", style=role_style(self, "good" if container.state == "running" else "muted")
            )
            mount = next((m for m in container.mounts if m.type == "volume" and m.name == self.volume_name), None)
            if mount is not None:
                prompt.append(f"  → {mount.destination}", style=role_style(self, "muted"))
            users_list.add_option(Option(prompt, id=container.id))
        if users:
            ids = [c.id for c in users]
            users_list.highlighted = ids.index(kept) if kept in ids else 0
        title = self.query_one("#volume-details-users-title", Label)
        title.update(f"Used by {len(users)} container(s) — enter shows one" if users else "Used by no container")
        users_list.display = bool(users)

    def show_gone(self) -> None:
        """The volume shown was removed (here or elsewhere): said, its users let go."""
        if self.volume is None:
            return
        if self.users:
            self._show_users([])
        title = Text()
        title.append(self.volume.name, style=role_style(self, "strong", "struck"))
        title.append("  removed   escape closes", style=role_style(self, "warning"))
        self.query_one("#volume-details-title", StatusLine).set_text(title)

    def _show_title(self) -> None:
        volume = self.volume
        if volume is None:
            return
        title = Text()
        title.append(volume.name, style=role_style(self, "strong"))
        if volume.anonymous:
            title.append("  anonymous", style=role_style(self, "muted"))
        title.append(f"  {usage_text(self.usage, self.usage_loading)}   escape closes", style=role_style(self, "muted"))
        self.query_one("#volume-details-title", StatusLine).set_text(title)

    def _show_body(self) -> None:
        volume = self.volume
        if volume is None:
            return
        text = Text()

        def heading(label: str) -> None:
            text.append(f"{label}\n", style=role_style(self, "strong", "underlined"))

        def row(label: str, value: str) -> None:
            text.append(f"  {label:<11} ", style=role_style(self, "muted"))
            text.append(f"{clipped(value) or '—'}\n")

        heading("Volume")
        row("Mountpoint", volume.mountpoint)
        row("Driver", volume.driver)
        row("Scope", volume.scope)
        row("Created", f"{age(volume.created)} ({volume.created})" if created_at(volume.created) else volume.created)
        row("Size", usage_text(self.usage, self.usage_loading))
        refs = self.usage.ref_count if self.usage is not None else None
        row("References", "…" if self.usage is None and self.usage_loading else "?" if refs is None else str(refs))
        heading("Options")
        if self._document is None:
            text.append(f"  {self._error or 'Loading…'}\n", style=role_style(self, "muted"))
        else:
            options, hidden = first_rows(sorted(mapping(self._document.get("Options")).items()))
            for key, value in options:
                text.append(f"  {clipped(key)}={clipped(value)}\n")
            if not options:
                text.append("  —\n", style=role_style(self, "muted"))
            if hidden:
                text.append(
                    more_rows(hidden, "options", where="docker volume inspect"), style=role_style(self, "muted")
                )
        heading("Labels")
        labels, hidden = first_rows(sorted(volume.labels.items()))
        for key, value in labels:
            text.append(f"  {clipped(key)}={clipped(value)}\n")
        if not labels:
            text.append("  —\n", style=role_style(self, "muted"))
        if hidden:
            text.append(more_rows(hidden, "labels", where="docker volume inspect"), style=role_style(self, "muted"))
        self.query_one("#volume-details-body", Static).update(text)

    def put_away(self) -> None:
        """Closed: an answer still on its way is dropped, and what it showed goes."""
        self.volume = None
        self.users = []
        self._document = None
        self.users_list.clear_options()
        self.query_one("#volume-details-body", Static).update("")

    @work(thread=True, group="volume-details", exclusive=True, exit_on_error=False)
    def _load(self, session: DaemonSession, name: str) -> None:
        try:
            document = session.inspect_volume(name)
        except VolumeActionFailed as failure:
            self.post_message(self.Loaded(session, name, None, f"Could not inspect the volume: {failure}"))
            return
        self.post_message(self.Loaded(session, name, document))

    def on_volume_details_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.name != self.volume_name or message.session is not current_session(self):
            return  # another volume by now, or an answer of the daemon switched away from
        self._document, self._error = message.document, message.error
        self._show_body()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        container_id = message.option.id or ""
        name = next((c.name for c in self.users if c.id == container_id), container_id[:12])
        self.post_message(self.JumpRequested(container_id, name))
