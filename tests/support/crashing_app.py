"""dockertui with an injected crash: `a` on the containers pane raises (see test_ways_out)."""

from __future__ import annotations

import sys

from dockertui.cli import main
from dockertui.ui.panes.containers import ContainersPane


def crash(self) -> None:
    raise RuntimeError("an injected crash")


ContainersPane.action_toggle_all = crash

if __name__ == "__main__":
    sys.exit(main())
