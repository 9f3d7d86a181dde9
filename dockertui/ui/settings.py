"""The running app's configuration, for widgets (defaults when hosted by another app, as in tests)."""

from __future__ import annotations

from textual.dom import DOMNode

from dockertui.config import Config

_DEFAULTS = Config()


def settings(node: DOMNode) -> Config:
    return getattr(node.app, "config", None) or _DEFAULTS
