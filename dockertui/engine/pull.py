"""Pull an image in the background and keep a per-layer account of its progress.

The daemon streams JSON lines: ``{"status", "id" (a layer), "progressDetail":
{"current", "total"}}``; layer states run Pulling fs layer → Waiting →
Downloading → Verifying Checksum → Download complete → Extracting → Pull
complete (or "Already exists"). Early failures (unknown tag, registry down, bad
reference) come back as an HTTP error before any line; later ones as an
``error`` line. Closing the stream (``cancel``) makes the daemon stop the pull.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.references import ImageReference
from dockertui.engine.safe_text import one_line, safe_text
from dockertui.engine.streams import close_stream
from dockertui.engine.transport import json_stream, open_response

if TYPE_CHECKING:
    from docker import APIClient

DONE_STATES = ("Pull complete", "Already exists")
#: Notes from the daemon (``WARNING: …``, ``⚠️ Failed to pull manifest…``, ``[DEPRECATION NOTICE] …``)
#: come as status lines with an id, like a layer's: told as messages, never counted as layers.
_NOTE_MARKERS = ("warning", "⚠", "[", "failed", "error", "deprecat")
#: Messages kept per pull (a daemon repeating one is kept once).
MAX_NOTES = 8


def _is_note(status: str) -> bool:
    return status.lower().startswith(_NOTE_MARKERS) or len(status) > 60


@dataclass
class LayerProgress:
    layer_id: str
    status: str = "Waiting"
    current: int = 0
    total: int = 0

    @property
    def done(self) -> bool:
        return self.status in DONE_STATES

    @property
    def fraction(self) -> float:
        if self.done:
            return 1.0
        if self.status.startswith(("Download complete", "Verifying", "Extracting")):
            # Downloaded; extraction reports its own bytes — count it in the second half.
            if self.status.startswith("Extracting") and self.total:
                return 0.5 + 0.5 * min(1.0, self.current / self.total)
            return 0.5
        if self.status.startswith("Downloading") and self.total:
            return 0.5 * min(1.0, self.current / self.total)
        return 0.0


@dataclass
class PullState:
    """What the progress view shows; mutated by the pull thread under ``lock``."""

    reference: ImageReference
    layers: dict[str, LayerProgress] = field(default_factory=dict)
    status: str = "starting"
    error: str = ""
    digest: str = ""
    #: The daemon's messages about this pull (warnings, notices), in order.
    notes: list[str] = field(default_factory=list)
    finished: bool = False
    cancelled: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def fraction(self) -> float:
        with self.lock:
            layers = list(self.layers.values())
        if self.finished and not self.error and not self.cancelled:
            return 1.0
        if not layers:
            return 0.0
        return sum(layer.fraction for layer in layers) / len(layers)

    @property
    def succeeded(self) -> bool:
        return self.finished and not self.error and not self.cancelled

    def settle_without_summary(self) -> bool:
        """The stream ended cleanly with no "Status: …" summary line, as Podman's does: its
        layers stop at "Download complete". If every layer got there, the pull succeeded."""
        with self.lock:
            layers = list(self.layers.values())
            if not layers or not all(layer.done or layer.status.startswith("Download complete") for layer in layers):
                return False
            for layer in layers:
                layer.status, layer.current = "Pull complete", layer.total
            self.status = "Pull complete"
            return True

    def apply(self, line: dict) -> None:
        """Fold one stream line into the state; its texts (the daemon's, quoting the
        registry's) are made safe here."""
        if not isinstance(line, dict):
            return
        with self.lock:
            if "error" in line:
                detail = line.get("errorDetail")
                message = detail.get("message") if isinstance(detail, dict) else None
                self.error = one_line(message or line["error"]) or "the daemon reported an error"
                return
            status = safe_text(line.get("status") or "")
            layer_id = safe_text(line["id"]) if line.get("id") else None
            if status.startswith("Digest:"):
                self.digest = status.split(":", 1)[1].strip()
            elif status.startswith(("Status:", "Pulling from")):
                self.status = status.removeprefix("Status: ")
            elif _is_note(status):
                if status not in self.notes and len(self.notes) < MAX_NOTES:
                    self.notes.append(status)
            elif layer_id:
                layer = self.layers.setdefault(layer_id, LayerProgress(layer_id))
                layer.status = status
                detail = line.get("progressDetail") or {}
                if "current" in detail:
                    layer.current = int(detail.get("current") or 0)
                    layer.total = int(detail.get("total") or layer.total)
                elif status in DONE_STATES or status.startswith("Download complete"):
                    layer.current = layer.total
            elif status:
                self.status = status


class PullJob:
    """One pull in a daemon thread; ``notify`` is called whenever the state changed."""

    def __init__(self, api: APIClient, reference: ImageReference, notify: Callable[[], object]) -> None:
        self.api = api
        self.state = PullState(reference)
        self._notify = notify
        self._stream = None
        self._thread = threading.Thread(target=self._run, name=f"pull-{reference}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        with self.state.lock:
            self.state.cancelled = True
        stream = self._stream
        if stream is not None:
            close_stream(stream)

    def join(self, timeout: float) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _open(self):
        from docker import auth

        reference = self.state.reference
        headers = {}
        header = auth.get_config_header(self.api, reference.registry)
        if header:
            headers["X-Registry-Auth"] = header
        response = open_response(
            self.api,
            "POST",
            "/images/create",
            params={"fromImage": reference.repository, "tag": reference.pull_tag},
            headers=headers,
        )
        return json_stream(self.api, response)

    def _run(self) -> None:
        state = self.state
        try:
            self._stream = stream = self._open()
            with state.lock:
                state.status = "pulling"
            self._notify()
            if state.cancelled:
                close_stream(stream)
            for line in stream:
                state.apply(line)
                self._notify()
        except Exception as error:  # noqa: BLE001 - the daemon's words, shown verbatim
            if not state.cancelled:
                with state.lock:
                    state.error = explain_error(error)
        finally:
            summarised = state.status.startswith(("Downloaded", "Image is up to date"))
            settled = not summarised and not state.cancelled and not state.error and state.settle_without_summary()
            with state.lock:
                if state.cancelled:
                    state.status = "cancelled"
                elif state.error:
                    state.status = "failed"
                elif not summarised and not settled:
                    state.error = "the pull stream ended without a result"
                    state.status = "failed"
                state.finished = True
            stream, self._stream = self._stream, None
            if stream is not None:
                # Finished or not, its connection goes (over ssh: its ssh process). The job
                # is kept for the pulls view; the response and its connection are not.
                close_stream(stream)
            self._notify()
