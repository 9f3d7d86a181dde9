"""No animations unless the user asks for them: the tab bar's underline slid for a third of a
second after every pane switch, a dozen repaints of the whole screen."""

from __future__ import annotations

from textual import constants

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI


def test_off_by_default(monkeypatch) -> None:
    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    assert DockerTUI(DaemonTarget(host="unix:///nowhere.sock")).animation_level == "none"


def test_the_users_setting_wins(monkeypatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "full")
    app = DockerTUI(DaemonTarget(host="unix:///nowhere.sock"))
    assert app.animation_level == constants.TEXTUAL_ANIMATIONS
