"""Whether a widget is an embedded terminal, without importing the terminal emulator: it
loads with the first shell, not at start-up (pyte and the view are ~30 ms to import)."""

from __future__ import annotations

from textual.dom import DOMNode


def is_terminal(node: DOMNode | None) -> bool:
    """The focused widget is a shell's terminal: every key belongs to the shell."""
    return getattr(node, "TAKES_EVERY_KEY", False) is True
