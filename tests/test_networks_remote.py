"""The networks pane over ssh:// (the machine's own daemon behind a loopback sshd): create
and remove from the app, connect and disconnect through the session, details inspected."""

from __future__ import annotations

import os

import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.network_create_prompt import NetworkCreatePrompt
from tests.support.pilot import wait_for
from tests.test_networks_pane import free_subnet, inspected, members, networks, notified, pane, unique  # noqa: F401
from tests.test_remote import ssh  # noqa: F401 - a fixture

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="starts sshd: needs root")


async def test_networks_over_ssh(ssh, docker_client, containers, networks, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setenv("PATH", ssh.env()["PATH"])  # the ssh client that knows the endpoint
    name, subnet = unique(), free_subnet(docker_client)
    networks.adopt(name)
    container = containers.running()
    app = DockerTUI(DaemonTarget(host=ssh.url))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.live is not None and len(pane(app).items) >= 3, timeout=60, what="listed")
        await pilot.press("7")
        pane(app).table.focus()
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, NetworkCreatePrompt), what="the prompt")
        app.screen.field("name").value = name
        app.screen.field("subnet").value = subnet
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: docker_client.api.networks(names=[name]), timeout=30, what="created over ssh")
        network_id = docker_client.api.inspect_network(name)["Id"]
        await wait_for(pilot, lambda: pane(app).table.cursor_key == network_id, timeout=30, what="listed, selected")

        # Connect through the session over ssh: the pane follows from the event stream.
        app.session.connect_network(network_id, container.id, name=name)
        address = inspected(docker_client, network_id)[container.name]["IPv4Address"].split("/")[0]
        await wait_for(pilot, lambda: members(app, network_id) == {container.name: address}, what="the member")
        await pilot.press("enter")
        details = app.query_one("#network-details")
        await wait_for(
            pilot,
            lambda: details.inspection is not None and details.inspection.mac_of(container.id),
            timeout=30,
            what="inspected over ssh",
        )
        await pilot.press("escape")
        app.session.disconnect_network(network_id, container.id, name=name)
        await wait_for(pilot, lambda: members(app, network_id) == {}, what="the member gone")

        pane(app).table.focus()
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: notified(app, f"Removed network {name}"), timeout=30, what="removed")
    assert not [n for n in docker_client.api.networks(names=[name]) if n["Name"] == name]
