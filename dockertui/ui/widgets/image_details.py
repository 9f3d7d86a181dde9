"""The details panel of one image: layers, labels, entrypoint and cmd, env, ports, users."""

from __future__ import annotations

import humanize
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.inspection import inspect_image
from dockertui.engine.inventory import ImageSummary
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.status_line import StatusLine


class ImageDetails(Vertical):
    COMPONENT_CLASSES = ROLE_CLASSES

    class Loaded(Message):
        def __init__(self, image_id: str, inspect: dict | None, history: list | None, error: str = "") -> None:
            super().__init__()
            self.image_id = image_id
            self.inspect = inspect
            self.history = history
            self.error = error

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.image_id: str | None = None
        self.users: list[str] = []

    def compose(self) -> ComposeResult:
        yield StatusLine(id="image-details-title")
        with VerticalScroll(id="image-details-scroll"):
            yield Static("", id="image-details-body", markup=False)

    def show_image(self, image: ImageSummary, reference: str, users: list[str]) -> None:
        self.image_id = image.id
        self.users = users
        title = Text()
        title.append(reference, style=role_style(self, "strong"))
        title.append(f"  {image.short_id}  {humanize.naturalsize(image.size)}   escape closes",
                     style=role_style(self, "muted"))
        self.query_one("#image-details-title", StatusLine).set_text(title)
        self.query_one("#image-details-body", Static).update("Loading…")
        self._load(image.id)
        self.call_after_refresh(lambda: self.query_one("#image-details-scroll").focus())

    @work(thread=True, group="image-details", exclusive=True, exit_on_error=False)
    def _load(self, image_id: str) -> None:
        connection = getattr(self.app, "connection", None)
        if connection is None:
            return
        try:
            inspection = inspect_image(connection.api, image_id)
        except Exception as error:  # noqa: BLE001 - shown in the panel
            self.post_message(self.Loaded(image_id, None, None, explain_error(error)))
            return
        self.post_message(self.Loaded(image_id, inspection.document, inspection.history))

    def on_image_details_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.image_id != self.image_id:
            return
        body = self.query_one("#image-details-body", Static)
        if message.inspect is None:
            body.update(f"Could not inspect the image: {message.error}")
            return
        config = _mapping(message.inspect.get("Config"))
        text = Text()

        def heading(label: str) -> None:
            text.append(f"{label}\n", style=role_style(self, "strong", "underlined"))

        heading("Run")
        text.append(f"  Entrypoint  {_words(config.get('Entrypoint'))}\n")
        text.append(f"  Cmd         {_words(config.get('Cmd'))}\n")
        text.append(f"  WorkingDir  {config.get('WorkingDir') or '—'}\n")
        text.append(f"  User        {config.get('User') or '—'}\n")
        ports = ", ".join(sorted(_mapping(config.get("ExposedPorts")))) or "—"
        text.append(f"  Exposed     {ports}\n")
        heading("Env")
        for entry in _list(config.get("Env")):
            text.append(f"  {entry}\n")
        heading("Labels")
        for key, value in sorted(_mapping(config.get("Labels")).items()):
            text.append(f"  {key}={value}\n")
        heading(f"Used by {len(self.users)} container(s)")
        for name in self.users:
            text.append(f"  {name}\n")
        heading("Layers (newest first)")
        for layer in message.history or []:
            size = humanize.naturalsize(layer.get("Size") if isinstance(layer.get("Size"), int) else 0)
            created_by = " ".join(str(layer.get("CreatedBy") or "").split())
            text.append(f"  {size:>9}  ", style=role_style(self, "info"))
            text.append(f"{created_by}\n")
        body.update(text)


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _words(value: object) -> str:
    """Entrypoint and Cmd: lists of (already safe) words, shown as a command line."""
    if isinstance(value, list):
        return " ".join(str(word) for word in value) or "—"
    return str(value) if value else "—"
