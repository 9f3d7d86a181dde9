"""The networks pane against Podman's Docker-compatible service (Podman 4.3 here).

Where Podman differs (measured): ``/networks`` lists its default network as ``bridge``
while each container's list names it ``podman`` (and gives network names where Docker
gives IDs); its network events name the container as the actor, not the network; it has
no ``host``/``none`` networks. The pane shows the same things either way.
"""

from __future__ import annotations

import os
import random
import subprocess
import uuid

import docker
import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.network_create_prompt import NetworkCreatePrompt
from dockertui.ui.screens.network_picker import NetworkChoices, NetworkPicker
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pilot import wait_for
from tests.support.remote_endpoints import PodmanService
from tests.test_remote import IDLE, _load_busybox

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="starts podman: needs root")


@pytest.fixture(scope="module")
def podman(tmp_path_factory, docker_client, fixture_images):
    """A Podman service with one container on its default network."""
    service = PodmanService(tmp_path_factory.mktemp("podman-networks"))
    try:
        service.start()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"podman system service does not start here: {error}")
    _load_busybox(docker_client, fixture_images.busybox, lambda data: service.podman("load", stdin=data))
    name = f"dtui-podman-{uuid.uuid4().hex[:6]}"
    ran = service.podman(
        "run", "-d", "--name", name, "--label", f"{TEST_LABEL}={RUN_ID}", f"localhost/{fixture_images.busybox}", *IDLE
    )
    if ran.returncode != 0:
        service.stop()
        pytest.skip(f"podman cannot run networked containers here: {ran.stderr.decode()[-300:]}")
    service.container_name = name
    yield service
    service.podman("rm", "-f", name)
    service.stop()


def free_host_subnet() -> str:
    """A 10.231.x.0/24 no interface of this machine uses (netavark refuses those)."""
    used = subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True, text=True, check=True).stdout
    choices = [f"10.231.{third}.0/24" for third in range(1, 250) if f" 10.231.{third}." not in used]
    return random.choice(choices)


def pane(app):
    return app.query_one("#networks")


def notified(app, text: str) -> bool:
    return any(text in n.message or text in (n.title or "") for n in app._notifications)


def members(app, name: str) -> dict[str, str]:
    network = next((n for n in pane(app).items.values() if n.name == name), None)
    if network is None:
        return {}
    return {container.name: attachment.address for container, attachment in pane(app).members_of(network)}


def podman_attached(podman, network: str) -> set[str]:
    """The containers Podman says are on the network (its compat inspect; the 4.3 CLI's
    ``network inspect`` lists none)."""
    api = docker.APIClient(base_url=podman.url, version="auto")
    try:
        return {e.get("Name") for e in (api.inspect_network(network).get("Containers") or {}).values()}
    finally:
        api.close()


async def test_podman_networks_create_connect_disconnect_remove_and_prune(podman) -> None:
    name = f"dtui-test-net-{uuid.uuid4().hex[:6]}"
    subnet = free_host_subnet()
    app = DockerTUI(DaemonTarget(host=podman.url))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: app.session is not None and pane(app).items, timeout=30, what="networks")
            await pilot.press("7")
            assert app.session.engine.product == "Podman"
            # Podman's default network: "bridge" here, "podman" in the container's list — same row.
            await wait_for(
                pilot, lambda: podman.container_name in members(app, "bridge"), timeout=30, what="bridge's member"
            )
            assert members(app, "bridge")[podman.container_name].startswith("10.88.")
            bridge = next(n for n in pane(app).items.values() if n.name == "bridge")
            assert pane(app).table.select_key(bridge.id)
            assert app._check_action_state("remove", pane(app)) is None  # never offered

            # C: created on Podman, with its subnet.
            pane(app).table.focus()
            await pilot.press("C")
            await wait_for(pilot, lambda: isinstance(app.screen, NetworkCreatePrompt), what="the prompt")
            app.screen.field("name").value = name
            app.screen.field("subnet").value = subnet
            await pilot.pause()
            await pilot.press("enter")
            await wait_for(pilot, lambda: notified(app, f"Created network {name}"), timeout=30, what="created")
            assert podman.podman("network", "exists", name).returncode == 0
            await wait_for(pilot, lambda: any(n.name == name for n in pane(app).items.values()), what="listed")

            # n in the container's details: connect, the pane follows Podman's events.
            await pilot.press("1")
            table = app.query_one("#containers-table")
            container_id = next(k for k, c in app.containers_pane.items.items() if c.name == podman.container_name)
            table.select_key(container_id)
            table.focus()
            await pilot.press("enter")
            await wait_for(
                pilot, lambda: app.query_one("#container-details").container_id == container_id, what="details"
            )

            async def choose() -> None:
                await pilot.press("n")
                await wait_for(pilot, lambda: isinstance(app.screen, NetworkPicker), what="the picker")
                choices = app.screen.query_one(NetworkChoices)
                network_id = next(n.id for n in pane(app).items.values() if n.name == name)
                choices.highlighted = next(
                    i for i in range(choices.option_count) if choices.get_option_at_index(i).id == network_id
                )
                await pilot.press("enter")

            await choose()
            await wait_for(pilot, lambda: notified(app, f"Connected {podman.container_name}"), timeout=30, what="said")
            assert podman.container_name in podman_attached(podman, name)
            await wait_for(
                pilot,
                lambda: members(app, name).get(podman.container_name, "").startswith(subnet.removesuffix("0/24")),
                timeout=30,
                what="the pane following Podman's connect event",
            )
            await choose()
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
            await pilot.press("y")
            await wait_for(pilot, lambda: notified(app, "Disconnected"), timeout=30, what="said")
            assert podman.container_name not in podman_attached(podman, name)
            await wait_for(pilot, lambda: members(app, name) == {}, timeout=30, what="the pane following")

            # Done outside the app, only Podman's events tell: their actor is the container.
            assert podman.podman("network", "connect", name, podman.container_name).returncode == 0
            await wait_for(
                pilot,
                lambda: podman.container_name in members(app, name),
                timeout=30,
                what="the pane following a connect made outside",
            )
            assert podman.podman("network", "disconnect", name, podman.container_name).returncode == 0
            await wait_for(
                pilot, lambda: members(app, name) == {}, timeout=30, what="the pane following a disconnect made outside"
            )

            # d removes it; then P prunes (Podman answers with the names it deleted).
            await pilot.press("escape")
            await pilot.press("7")
            network_id = next(n.id for n in pane(app).items.values() if n.name == name)
            assert pane(app).table.select_key(network_id)
            pane(app).table.focus()
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
            await pilot.press("y")
            await wait_for(pilot, lambda: notified(app, f"Removed network {name}"), timeout=30, what="removed")
            assert podman.podman("network", "exists", name).returncode != 0
            await wait_for(pilot, lambda: network_id not in pane(app).items, timeout=30, what="the row gone")
            await pilot.press("P")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
            await pilot.press("y")
            await wait_for(pilot, lambda: notified(app, "Prune"), timeout=30, what="the prune's report")
            assert any(n.name == "bridge" for n in pane(app).items.values())
    finally:
        podman.podman("network", "disconnect", "-f", name, podman.container_name)
        podman.podman("network", "rm", name)
