"""One way to copy: OSC 52 through the terminal (works over SSH and in tmux), plus the
local clipboard where there is one; a notification says what was copied."""

from __future__ import annotations

from textual.app import App


def copy_text(app: App, text: str, what: str, shown: str | None = None) -> None:
    """Copy ``text``; the note says ``shown`` instead of the text when given (a masked value)."""
    app.copy_to_clipboard(text)
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:  # noqa: BLE001 - no local clipboard (SSH, headless): OSC 52 did the job
        pass
    if shown is None:
        shown = text if len(text) <= 60 else text[:59] + "…"
    app.notify(f"Copied {what}: {shown}", timeout=3)
