"""The volumes pane (6): every volume of the daemon, live from ``volume`` events, with the
containers that mount it, sizes, remove, prune and create.

Sizes come from ``/system/df``, which walks every volume's files (seconds on a big
daemon): read in a worker when the pane is first shown, again after volumes changed
(at most every ``USAGE_INTERVAL`` seconds, while the pane is shown) and on ``r``; kept
per daemon, and shown as "…" until read. Which containers use a volume comes from the
live container list, so it is always current.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import humanize
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.message import Message

from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.engine.volume_actions import VolumeActionFailed, VolumePruneReport
from dockertui.engine.volume_usage import UsageUnavailable, VolumeUsageReport
from dockertui.engine.volumes import VolumeSummary
from dockertui.ui.clipboard import copy_text
from dockertui.ui.daemon_session import current_session, session_or_say
from dockertui.ui.panes.containers import ContainersPane
from dockertui.ui.panes.details_list_pane import DetailsListPane
from dockertui.ui.prune_question import ask_before_prune
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.volume_create import CreateVolumePrompt
from dockertui.ui.text_roles import role_style
from dockertui.ui.throttle import Throttle
from dockertui.ui.type_ahead import open_dialog, opening_key
from dockertui.ui.widgets.virtual_table import CellValue, Column
from dockertui.ui.widgets.volume_details import VolumeDetails, age, created_at, usage_text

#: Sizes are read again after volume changes at most this often (seconds).
USAGE_INTERVAL = 10.0

COLUMNS = (
    Column("name", "NAME", 24, min_width=16, priority=100, flex=2),
    Column("driver", "DRIVER", 8, priority=40),
    Column("size", "SIZE", 9, priority=90, align="right"),
    Column("used_by", "USED BY", 22, min_width=10, priority=80, flex=1),
    Column("created", "CREATED", 16, priority=50),
    Column("mountpoint", "MOUNTPOINT", 30, min_width=16, priority=10, flex=1),
)


class VolumesPane(DetailsListPane[VolumeSummary, VolumeDetails]):
    PANE_ID = "volumes"
    TITLE = "Volumes"
    HOTKEY = "6"
    COLUMNS = COLUMNS
    SORT_KEYS = (("name", "name"), ("size", "size"), ("created", "created"), ("used_by", "users"))
    DESCENDING_FIRST = frozenset({"size", "created", "used_by"})
    FILTER_PLACEHOLDER = "filter by name, driver or label — enter keeps it, escape clears"
    EMPTY_TEXT = "no volumes"

    BINDINGS = [
        Binding("enter", "details", "Details", id="volumes.details"),
        Binding("d", "remove", "Remove", id="volumes.remove"),
        Binding("P", "prune", "Prune unused", id="volumes.prune"),
        # Read when the app reads it: C and a name typed after it in one read fill the dialog
        # (before, the name's letters acted on the pane and a digit in it switched panes).
        opening_key("C", "create", "Create", id="volumes.create"),
        Binding("c", "copy_name", "Copy name", id="volumes.copy_name", show=False),
        Binding("r", "refresh_usage", "Refresh sizes", id="volumes.refresh_usage", show=False),
        Binding("N", "sort('name')", "Sort by name", id="volumes.sort.name", show=False),
        Binding("Z", "sort('size')", "Sort by size", id="volumes.sort.size", show=False),
        Binding("A", "sort('created')", "Sort by age", id="volumes.sort.created", show=False),
        Binding("U", "sort('used_by')", "Sort by users", id="volumes.sort.users", show=False),
    ]

    @dataclass
    class Done(Message):
        text: str = ""
        error: str = ""
        title: str = ""

    @dataclass
    class UsageRead(Message):
        session: DaemonSession
        report: VolumeUsageReport | None
        error: str = ""
        #: Read for a prune: ask with these figures once read.
        for_prune: bool = False
        #: The daemon answered the read with an error (rather than not at all).
        answered: bool = True

    def __init__(self) -> None:
        super().__init__()
        self._needle = ""
        #: The containers mounting each volume (by name), from the containers inventory.
        self.users: dict[str, list[ContainerSummary]] = {}
        #: The last ``/system/df`` read of this daemon, and whether one is on its way.
        self.usage: VolumeUsageReport | None = None
        #: P was pressed and its count is being read: a second P asks nothing more.
        self._prune_asked = False
        self.usage_error = ""
        self.usage_loading = False
        self._usage_again = False
        self._usage_stale = True
        self._usage_throttle: Throttle | None = None

    def make_details(self) -> VolumeDetails:
        return VolumeDetails(id="volume-details")

    def on_mount(self) -> None:
        super().on_mount()
        self._usage_throttle = Throttle(self, USAGE_INTERVAL, self._read_usage_if_stale)

    # -- rows ---------------------------------------------------------------------------

    def item_key(self, item: VolumeSummary) -> str:
        return item.name

    @property
    def _sizes_pending(self) -> bool:
        """Sizes not known yet but on their way (or to be read): shown as "…"."""
        return self.usage_loading or (self.usage is None and not self.usage_error)

    def _size_cell(self, name: str) -> Text:
        usage = self.usage.get(name) if self.usage is not None else None
        shown = usage_text(usage, self._sizes_pending)
        known = usage is not None and usage.size is not None
        return Text(shown, style="" if known else role_style(self, "muted"))

    def cells(self, key: str) -> Sequence[CellValue]:
        volume = self.items[key]
        name = Text(volume.short_name, style=role_style(self, "strong"))
        if volume.anonymous:
            name.append("  anonymous", style=role_style(self, "muted"))
        users = self.users.get(volume.name, [])
        if users:
            used_by = Text(f"{len(users)} ", style=role_style(self, "strong"))
            used_by.append(", ".join(c.name for c in users))
        else:
            used_by = Text("—", style=role_style(self, "muted"))
        created = age(volume.created)
        return (
            name,
            volume.driver,
            self._size_cell(volume.name),
            used_by,
            created,
            Text(volume.mountpoint, style=role_style(self, "muted")),
        )

    def shows(self, item: VolumeSummary) -> bool:
        needle = self._needle
        if not needle:
            return True
        labels = " ".join(f"{k}={v}" for k, v in item.labels.items())
        return any(needle in text.lower() for text in (item.name, item.driver, labels))

    def sort_value(self, item: VolumeSummary, sort_key: str) -> Any:
        if sort_key == "size":
            usage = self.usage.get(item.name) if self.usage is not None else None
            return usage.size if usage is not None and usage.size is not None else -1
        if sort_key == "created":
            return created_at(item.created)
        if sort_key == "used_by":
            return len(self.users.get(item.name, ()))
        return item.name.lower()

    def status_text(self) -> Text:
        text = Text()
        in_use = sum(1 for name in self.items if self.users.get(name))
        text.append(f"{self.table.row_count:,} shown", style=role_style(self, "strong"))
        text.append(f" · {len(self.items):,} volumes, {in_use} in use, ", style=role_style(self, "muted"))
        if self.usage is not None:
            text.append(
                f"{humanize.naturalsize(self.usage.total_size(set(self.items)))}", style=role_style(self, "muted")
            )
            if self.usage_loading:
                text.append(" (reading sizes…)", style=role_style(self, "muted"))
        elif self.usage_loading:
            text.append("reading sizes…", style=role_style(self, "muted"))
        elif self.usage_error:
            text.append(f"sizes unavailable: {self.usage_error}", style=role_style(self, "warning"))
        else:
            text.append("sizes not read (r)", style=role_style(self, "muted"))
        if self._needle:
            text.append(" · filter ")
            text.append(self._needle, style=role_style(self, "strong"))
        label = dict(self.SORT_KEYS).get(self.sort_key, self.sort_key)
        text.append(f" · sort {label}{' ↓' if self.sort_reverse else ''}", style=role_style(self, "muted"))
        return text

    def on_filter_changed(self, text: str) -> None:
        self._needle = text.strip().lower()
        self.rebuild()

    def apply_volumes(self, upserted: Iterable[VolumeSummary], removed: Iterable[str]) -> None:
        self.apply(upserted, removed)
        self._usage_stale = True
        self._want_usage()
        self._refresh_details()

    def set_users(self, users: Mapping[str, list[ContainerSummary]]) -> None:
        """Which containers mount which volume (by volume name)."""
        changed = {name for name in set(users) | set(self.users) if users.get(name) != self.users.get(name)}
        self.users = dict(users)
        if self.ready and changed:
            self.table.invalidate(changed)
            if self.sort_key == "used_by":
                self.rebuild()
            else:
                self.show_status()
            self._refresh_details()

    def reset(self) -> None:
        self.users = {}
        self.usage = None
        self.usage_error = ""
        self.usage_loading = False
        self._usage_again = False
        self._usage_stale = True
        super().reset()

    def select(self, key: str) -> bool:
        if key in self.items and self._needle and not self.shows(self.items[key]):
            self.filter_input.value = ""
            self.filter_input.display = False
            self.on_filter_changed("")
        return super().select(key)

    # -- sizes (/system/df) ---------------------------------------------------------------

    def on_show(self, _: events.Show) -> None:
        # Writes into a volume send no event: what was read before the pane was left may be
        # old by now, so coming back reads again (throttled like the rest).
        self._usage_stale = True
        self._want_usage()

    def _want_usage(self) -> None:
        """Sizes are wanted: read them if they are stale and the pane is on screen (at
        most every USAGE_INTERVAL seconds)."""
        # A pane not in front is not displayed (its tabs' switcher hides it).
        if self._usage_stale and self.ready and self.display and self._usage_throttle is not None:
            self._usage_throttle.request()

    def _read_usage_if_stale(self) -> None:
        if self._usage_stale:
            self.read_usage()

    def action_refresh_usage(self) -> None:
        if session_or_say(self) is not None:
            self.read_usage()

    def read_usage(self, *, for_prune: bool = False) -> None:
        """Read the sizes now (one read at a time: asked during one, another follows)."""
        session = current_session(self)
        if session is None:
            return
        if self.usage_loading and not for_prune:
            self._usage_again = True
            return
        self._usage_stale = False
        self.usage_loading = True
        if self.ready:
            self.table.invalidate()
            self.show_status()
        self._read_usage(session, for_prune)

    @work(thread=True, group="volume-usage", exit_on_error=False)
    def _read_usage(self, session: DaemonSession, for_prune: bool) -> None:
        try:
            report = session.volume_usage()
        except UsageUnavailable as failure:
            self.post_message(self.UsageRead(session, None, str(failure), for_prune, failure.answered))
            return
        self.post_message(self.UsageRead(session, report, for_prune=for_prune))

    def on_volumes_pane_usage_read(self, message: UsageRead) -> None:
        message.stop()
        if message.session is not current_session(self):
            return
        self.usage_loading = False
        if message.report is not None:
            self.usage, self.usage_error = message.report, ""
        else:
            self.usage_error = message.error
        if self.ready:
            self.table.invalidate()
            if self.sort_key == "size":
                self.rebuild()
            else:
                self.show_status()
        self._refresh_details()
        if message.for_prune:
            self._ask_prune(message.report, message.error, message.answered)
        if self._usage_again:
            self._usage_again = False
            self.read_usage()

    # -- details ------------------------------------------------------------------------

    def action_details(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        if self.details_open and self.details.volume_name == selected.name:
            self.action_close_details()
            return
        self.open_details()
        self.details.show_volume(*self._details_of(selected))

    def _details_of(self, volume: VolumeSummary) -> tuple:
        usage = self.usage.get(volume.name) if self.usage is not None else None
        return volume, self.users.get(volume.name, []), usage, self._sizes_pending

    def _refresh_details(self) -> None:
        if not (self.ready and self.details_open):
            return
        name = self.details.volume_name
        volume = self.items.get(name or "")
        if volume is not None:
            self.details.update_volume(*self._details_of(volume))
        else:
            self.details.show_gone()

    def selected(self) -> VolumeSummary | None:
        """With the focus in the details panel, the volume it shows: keys act on what the
        user is looking at."""
        if self.ready and self.details_open and self.details.has_focus_within:
            return self.items.get(self.details.volume_name or "")
        return super().selected()

    async def on_volume_details_jump_requested(self, message: VolumeDetails.JumpRequested) -> None:
        message.stop()
        containers = self.screen.query_one(ContainersPane)
        if message.container_id not in containers.items:
            self.notify(f"container {message.name} no longer exists", severity="warning")
            return
        await self.app.run_action(f"show_pane({ContainersPane.PANE_ID!r})")
        containers.select_when_listed(message.container_id)

    # -- copy, create, remove, prune ----------------------------------------------------

    def action_copy_name(self) -> None:
        selected = self.selected()
        if selected is not None:
            copy_text(self.app, selected.name, "the volume name")

    async def action_create(self) -> None:
        def created(volume: VolumeSummary | None) -> None:
            if volume is not None:
                self.notify(f"Created volume {volume.name}", timeout=4)
                self.apply([volume], [])  # the event brings it too; shown now, and selected
                self.select(volume.name)

        # Awaited: the next key is read once the name field has the focus (ui/type_ahead.py).
        await open_dialog(self, CreateVolumePrompt(), created)

    def action_remove(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        name = selected.name
        users = self.users.get(name, [])
        body = "The volume and every file in it are deleted."
        if users:
            body += (
                f"\n\nUsed by {len(users)} container(s): {', '.join(c.name for c in users)}. "
                "The daemon refuses to remove a volume in use (it is never forced here)."
            )

        def decided(confirmed: bool | None) -> None:
            session = session_or_say(self) if confirmed else None
            if session is not None:
                self._remove(session, name)

        self.app.push_screen(ConfirmDialog(f"Remove volume {selected.short_name}?", body, "Remove"), decided)

    @work(thread=True, group="volume-actions", exit_on_error=False)
    def _remove(self, session: DaemonSession, name: str) -> None:
        try:
            session.remove_volume(name)
        except (VolumeActionFailed, ReadOnlyRefused) as failure:
            self.post_message(self.Done(error=str(failure), title=f"Could not remove {name}"))
            return
        self.post_message(self.Done(f"Removed volume {name}"))

    def action_prune(self) -> None:
        """Read the sizes first: the question says how many volumes go and how much room."""
        if current_session(self) is None:
            session_or_say(self)
            return
        if self._prune_asked:
            self.notify("Already counting the unused volumes…", timeout=3)
            return
        self._prune_asked = True
        self.notify("Counting unused volumes…", timeout=2)
        self.read_usage(for_prune=True)

    def _unused(self, report: VolumeUsageReport | None) -> list[str]:
        """Volumes no container uses: none in the live container list, and (when the daemon
        said) a reference count of 0."""
        unused = []
        for name in self.items:
            if self.users.get(name):
                continue
            usage = report.get(name) if report is not None else None
            if usage is not None and usage.ref_count:
                continue
            unused.append(name)
        return sorted(unused)

    def _ask_prune(self, report: VolumeUsageReport | None, error: str, answered: bool = True) -> None:
        self._prune_asked = False
        if report is None and not answered:
            # The daemon did not answer: nothing is asked (the question came back, unasked,
            # once it returned). One that refuses /system/df is asked with the size unknown.
            self.notify(error, title="Could not count the unused volumes", severity="error", timeout=10)
            return
        unused = self._unused(report)
        if report is not None:
            size = humanize.naturalsize(report.total_size(set(unused)))
        else:
            size = f"an unknown size (sizes unavailable: {error})"
        shown = ", ".join(self.items[name].short_name for name in unused[:8])
        if len(unused) > 8:
            shown += f", … {len(unused) - 8} more"
        body = (
            f"{len(unused)} unused volume(s), {size}, will be deleted with every file in them: {shown}.\n\n"
            "Every volume no container uses goes, named or anonymous (containers stopped count as "
            "users: their volumes stay)."
            if unused
            else "No unused volume is listed; the daemon will say if it finds any."
        )

        ask_before_prune(self, "Prune unused volumes?", body, lambda session: self._prune(session))

    @work(thread=True, group="volume-actions", exit_on_error=False)
    def _prune(self, session: DaemonSession) -> None:
        try:
            report: VolumePruneReport = session.prune_volumes()
        except (VolumeActionFailed, ReadOnlyRefused) as failure:
            self.post_message(self.Done(error=str(failure), title="Could not prune volumes"))
            return
        self.post_message(
            self.Done(
                f"Pruned {len(report.deleted)} volume(s), reclaimed "
                f"{humanize.naturalsize(report.space_reclaimed)} (the daemon's figures)"
            )
        )

    def on_volumes_pane_done(self, message: Done) -> None:
        message.stop()
        if message.text:
            self.notify(message.text, timeout=6)
        if message.error:
            self.notify(message.error, title=message.title, severity="error", timeout=12)
