"""Labels that mark every Docker object the tests create, so they only ever clean up their own."""

from __future__ import annotations

import os
import uuid

#: Present on every object a test creates (value: the run id).
TEST_LABEL = "dockertui.test"
#: This pytest run's id; cleanup removes only objects carrying it.
RUN_ID = os.environ.get("DOCKERTUI_TEST_RUN_ID") or uuid.uuid4().hex[:10]


def run_labels(**extra: str) -> dict[str, str]:
    return {TEST_LABEL: RUN_ID, **extra}
