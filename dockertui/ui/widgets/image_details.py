"""The details panel of one image: layers, labels, entrypoint and cmd, env, ports, users."""

from __future__ import annotations

from dataclasses import dataclass

import humanize
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Static

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.inspection import mapping, sequence
from dockertui.engine.inventory import ImageSummary
from dockertui.engine.session import DaemonSession
from dockertui.ui.daemon_session import NOT_CONNECTED, current_session
from dockertui.ui.summary_limits import clipped, first_rows, more_rows
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.details_panel import DetailsPanel
from dockertui.ui.widgets.nav_scroll import NavScroll
from dockertui.ui.widgets.status_line import StatusLine


class ImageDetails(DetailsPanel):
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    @dataclass
    class Loaded(Message):
        session: DaemonSession
        image_id: str
        inspect: dict | None
        history: list | None
        error: str = ""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.image_id: str | None = None
        self.users: list[str] = []

    def compose(self) -> ComposeResult:
        yield StatusLine(id="image-details-title")
        with NavScroll(id="image-details-scroll"):
            yield Static("", id="image-details-body", markup=False)

    def show_image(self, image: ImageSummary, reference: str, users: list[str]) -> None:
        self.image_id = image.id
        self.users = users
        title = Text()
        title.append(reference, style=role_style(self, "strong"))
        title.append(
            f"  {image.short_id}  {humanize.naturalsize(image.size)}   escape closes", style=role_style(self, "muted")
        )
        self.query_one("#image-details-title", StatusLine).set_text(title)
        session = current_session(self)
        self.query_one("#image-details-body", Static).update("Loading…" if session is not None else NOT_CONNECTED)
        if session is not None:
            self._load(session, image.id)
        self.call_after_refresh(lambda: self.query_one("#image-details-scroll").focus())

    def put_away(self) -> None:
        """Closed: an answer still on its way is dropped, and the text it showed goes."""
        self.image_id = None
        self.users = []
        self.query_one("#image-details-body", Static).update("")

    @work(thread=True, group="image-details", exclusive=True, exit_on_error=False)
    def _load(self, session: DaemonSession, image_id: str) -> None:
        try:
            inspection = session.inspect_image(image_id)
        except Exception as error:  # noqa: BLE001 - shown in the panel
            self.post_message(self.Loaded(session, image_id, None, None, explain_error(error)))
            return
        self.post_message(self.Loaded(session, image_id, inspection.document, inspection.history))

    def on_image_details_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.image_id != self.image_id or message.session is not current_session(self):
            return  # another image by now, or an answer of the daemon switched away from
        body = self.query_one("#image-details-body", Static)
        if message.inspect is None:
            body.update(f"Could not inspect the image: {message.error}")
            return
        config = mapping(message.inspect.get("Config"))
        text = Text()

        def heading(label: str) -> None:
            text.append(f"{label}\n", style=role_style(self, "strong", "underlined"))

        def more(hidden: int, what: str) -> None:
            if hidden:
                text.append(more_rows(hidden, what, where="docker image inspect"), style=role_style(self, "muted"))

        heading("Run")
        text.append(f"  Entrypoint  {clipped(_words(config.get('Entrypoint')))}\n")
        text.append(f"  Cmd         {clipped(_words(config.get('Cmd')))}\n")
        text.append(f"  WorkingDir  {clipped(config.get('WorkingDir') or '—')}\n")
        text.append(f"  User        {clipped(config.get('User') or '—')}\n")
        ports = ", ".join(sorted(mapping(config.get("ExposedPorts")))) or "—"
        text.append(f"  Exposed     {clipped(ports)}\n")
        heading("Env")
        env, hidden = first_rows(sequence(config.get("Env")))
        for entry in env:
            text.append(f"  {clipped(entry)}\n")
        more(hidden, "variables")
        heading("Labels")
        labels, hidden = first_rows(sorted(mapping(config.get("Labels")).items()))
        for key, value in labels:
            text.append(f"  {clipped(key)}={clipped(value)}\n")
        more(hidden, "labels")
        heading(f"Used by {len(self.users)} container(s)")
        users, hidden = first_rows(self.users)
        for name in users:
            text.append(f"  {name}\n")
        more(hidden, "containers")
        heading("Layers (newest first)")
        layers, hidden = first_rows(message.history or [])
        for layer in layers:
            size = humanize.naturalsize(layer.get("Size") if isinstance(layer.get("Size"), int) else 0)
            created_by = " ".join(str(layer.get("CreatedBy") or "").split())
            text.append(f"  {size:>9}  ", style=role_style(self, "info"))
            text.append(f"{clipped(created_by)}\n")
        more(hidden, "layers")
        body.update(text)


def _words(value: object) -> str:
    """Entrypoint and Cmd: lists of (already safe) words, shown as a command line."""
    if isinstance(value, list):
        return " ".join(str(word) for word in value) or "—"
    return str(value) if value else "—"
