"""Every binding we define has an id (for the user keymap) and a description (for footer,
help and palette)."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from dockertui.ui.app import DockerTUI
from dockertui.ui.panes import PANES
from dockertui.ui.screens.help import HelpScreen
from dockertui.ui.screens.unreachable import UnreachableScreen

OWNERS = [DockerTUI, HelpScreen, UnreachableScreen, *PANES]


@pytest.mark.parametrize("owner", OWNERS, ids=lambda owner: owner.__name__)
def test_bindings_have_ids_and_descriptions(owner) -> None:
    own = owner.__dict__.get("BINDINGS", [])
    for binding in own:
        assert isinstance(binding, Binding), f"{owner.__name__}: use Binding(…, id=…), not a tuple"
        assert binding.id, f"{owner.__name__}: {binding.key} has no id"
        assert binding.description, f"{owner.__name__}: {binding.key} has no description"


def test_binding_ids_are_unique() -> None:
    ids = [binding.id for owner in OWNERS for binding in owner.__dict__.get("BINDINGS", [])]
    assert len(ids) == len(set(ids))
    assert "app.quit" in ids and "app.pane.events" in ids
