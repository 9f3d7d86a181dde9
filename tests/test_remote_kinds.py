"""Volumes and networks through a remote daemon: listed, and kept live by the event stream
that ssh carries."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pty_session import PtySession
from tests.test_remote import ssh  # noqa: F401 - the module's sshd fixture

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="starts sshd: needs root")


def test_volumes_and_networks_over_ssh_follow_changes_made_outside(ssh, docker_client) -> None:  # noqa: F811
    name = f"dtui-{uuid.uuid4().hex[:6]}"  # short: the whole name fits the narrowest name column
    session = PtySession([], columns=120, rows=40, env=ssh.env())
    created = []
    try:
        session.wait_for(ssh.url, timeout=15)
        session.wait_for_pattern(r"\d+/\d+ running", timeout=20)
        session.send("6")
        session.wait_for("6 Volumes", timeout=10)
        created.append(docker_client.volumes.create(f"{name}-vol", labels={TEST_LABEL: RUN_ID}))
        session.wait_for(f"{name}-vol", timeout=20)
        session.send("7")
        created.append(docker_client.networks.create(f"{name}-net", labels={TEST_LABEL: RUN_ID}))
        session.wait_for(f"{name}-net", timeout=20)
        # Gone from the network list when removed outside (the screen is redrawn: the row goes).
        created.pop().remove()
        session.wait_until_gone(f"{name}-net", timeout=20)
        session.send("q")
        assert session.wait_exit(20) == 0
    finally:
        session.close()
        for thing in created:
            thing.remove()
