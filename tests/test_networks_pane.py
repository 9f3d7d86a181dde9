"""The networks pane and connect/disconnect, against the real daemon.

Networks made here carry the test label and a unique name, and are removed afterwards
(their containers disconnected first); the prune test compares with what the daemon
lists before and after, so it holds whatever else is on the daemon.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import docker
import pytest

from dockertui.engine.network_actions import NetworkActionFailed
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.network_create_prompt import NetworkCreatePrompt
from dockertui.ui.screens.network_picker import NetworkChoices, NetworkPicker
from tests.support.labels import run_labels
from tests.support.pilot import wait_for
from tests.test_daemon_session import changes, recording_daemon  # noqa: F401 - a fixture

#: 10.231.254.0/24 is a test bridge's elsewhere.
SUBNET_THIRD_OCTETS = range(1, 250)


def unique(kind: str = "net") -> str:
    return f"dtui-test-{kind}-{uuid.uuid4().hex[:6]}"


def free_subnet(client: docker.DockerClient) -> str:
    """A 10.231.x.0/24 no network on the daemon uses."""
    used = {
        config.get("Subnet")
        for network in client.api.networks()
        for config in ((network.get("IPAM") or {}).get("Config") or [])
    }
    choices = [f"10.231.{third}.0/24" for third in SUBNET_THIRD_OCTETS]
    random.shuffle(choices)
    return next(subnet for subnet in choices if subnet not in used)


class NetworkFactory:
    def __init__(self, client: docker.DockerClient) -> None:
        self.client = client
        self.names: list[str] = []

    def create(self, *, subnet: bool = True, **options) -> docker.models.networks.Network:
        name = unique()
        ipam = None
        if subnet:
            pool = docker.types.IPAMPool(subnet=free_subnet(self.client))
            ipam = docker.types.IPAMConfig(pool_configs=[pool])
        self.names.append(name)
        return self.client.networks.create(name, ipam=ipam, labels=run_labels(), **options)

    def adopt(self, name: str) -> None:
        """A network the app created, removed with the others."""
        self.names.append(name)

    def cleanup(self) -> None:
        for name in self.names:
            for found in self.client.api.networks(names=[name]):
                if found.get("Name") != name:
                    continue
                details = self.client.api.inspect_network(found["Id"])
                for container_id in details.get("Containers") or {}:
                    try:
                        self.client.api.disconnect_container_from_network(container_id, found["Id"], force=True)
                    except docker.errors.APIError:
                        pass
                try:
                    self.client.api.remove_network(found["Id"])
                except docker.errors.NotFound:
                    pass


@pytest.fixture
def networks(docker_client) -> Iterator[NetworkFactory]:
    factory = NetworkFactory(docker_client)
    try:
        yield factory
    finally:
        factory.cleanup()


@pytest.fixture
def app(docker_host, fixture_images):
    return DockerTUI(DaemonTarget(host=docker_host))


def pane(app):
    return app.query_one("#networks")


def table(app):
    return app.query_one("#networks-table")


def notified(app, text: str) -> bool:
    return any(text in n.message or text in (n.title or "") for n in app._notifications)


async def started(app, pilot) -> None:
    await wait_for(
        pilot,
        lambda: app.live is not None and app.live.full_relists >= 1 and table(app).row_count >= 3,
        what="the networks listed",
    )
    await pilot.press("7")
    await wait_for(pilot, lambda: app.query_one("#panes").active == "networks", what="the networks pane")


async def select_network(app, pilot, network_id: str) -> None:
    await wait_for(pilot, lambda: network_id in table(app).keys, what="the network listed")
    assert table(app).select_key(network_id)
    table(app).focus()
    await pilot.pause()


def members(app, network_id: str) -> dict[str, str]:
    """The networks pane's attached containers of this network: name → address."""
    network = pane(app).items.get(network_id)
    if network is None:
        return {}
    return {container.name: attachment.address for container, attachment in pane(app).members_of(network)}


def inspected(client, network_id: str) -> dict[str, dict]:
    """``docker network inspect``'s containers: name → endpoint."""
    return {e["Name"]: e for e in (client.api.inspect_network(network_id).get("Containers") or {}).values()}


# -- what the pane shows -------------------------------------------------------------------


async def test_a_network_shows_its_two_containers_with_their_addresses(
    app, docker_client, containers, networks
) -> None:
    network = networks.create()
    first = containers.running(network=network.name)
    second = containers.running(network=network.name)
    truth = {name: e["IPv4Address"].split("/")[0] for name, e in inspected(docker_client, network.id).items()}
    assert set(truth) == {first.name, second.name} and all(truth.values())
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await wait_for(pilot, lambda: members(app, network.id) == truth, what="both containers with their IPs")
        row = str(pane(app).cells(network.id)[6])
        for name, address in truth.items():
            assert f"{name} {address}" in row
        # The details list them too, with the MAC addresses inspect gives.
        await select_network(app, pilot, network.id)
        await pilot.press("enter")
        details = app.query_one("#network-details")
        await wait_for(pilot, lambda: details.inspection is not None, what="the network inspected")
        listed = details.member_list
        await wait_for(pilot, lambda: listed.option_count == 2, what="two attached containers listed")
        prompts = [str(listed.get_option_at_index(i).prompt) for i in range(2)]
        for name, endpoint in inspected(docker_client, network.id).items():
            assert any(name in p and truth[name] in p and endpoint["MacAddress"] in p for p in prompts), prompts
        body = str(details.query_one("#network-details-body").render())
        assert network.id[:12] in body and network.attrs["IPAM"]["Config"][0]["Subnet"] in body
        # enter on an attached container shows it in the containers pane.
        assert app.focused is listed
        target_id = listed.get_option_at_index(listed.highlighted).id
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                app.query_one("#panes").active == "containers"
                and app.query_one("#containers-table").cursor_key == target_id
            ),
            what="the jump to the container",
        )


async def test_connect_and_disconnect_from_a_containers_details(app, docker_client, containers, networks) -> None:
    network = networks.create()
    container = containers.running(
        command=["sh", "-c", "echo line one; echo line two; trap 'exit 0' TERM; while :; do sleep 1; done"]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await wait_for(pilot, lambda: network.id in pane(app).items, what="the network listed")
        await pilot.press("1")
        containers_table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: container.id in containers_table.keys, what="the container listed")
        containers_table.select_key(container.id)
        containers_table.focus()
        await pilot.press("enter")
        details = app.query_one("#container-details")
        await wait_for(pilot, lambda: details.container_id == container.id, what="the details")

        async def choose(attached: bool) -> None:
            await wait_for(pilot, lambda: isinstance(app.screen, NetworkPicker), what="the network picker")
            choices = app.screen.query_one(NetworkChoices)
            index = next(i for i in range(choices.option_count) if choices.get_option_at_index(i).id == network.id)
            assert ("[x]" in str(choices.get_option_at_index(index).prompt)) is attached
            choices.highlighted = index
            await pilot.press("enter")

        # n on the Info tab: connect.
        await pilot.press("n")
        await choose(attached=False)
        await wait_for(
            pilot,
            lambda: container.name in inspected(docker_client, network.id),
            what="the daemon connecting the container",
        )
        address = inspected(docker_client, network.id)[container.name]["IPv4Address"].split("/")[0]
        await wait_for(pilot, lambda: members(app, network.id) == {container.name: address}, what="the pane following")
        await wait_for(pilot, lambda: notified(app, f"Connected {container.name} to {network.name}"), what="said")
        # The Info tab in front is read again: it lists the new network with its address.
        info = details.query_one("#details-info-body")
        await wait_for(pilot, lambda: f"{network.name}  {address}" in str(info.render()), what="Info updated")

        # On the Logs tab, n with a search kept is "next match"; without one, the picker.
        await pilot.press("right_square_bracket")
        log = details.log_view
        await wait_for(pilot, lambda: app.focused is log and len(log.lines) >= 2, what="the log")
        assert log.search("line")
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NetworkPicker)
        assert log.current_match is not None
        log.search("")
        await pilot.press("n")
        await choose(attached=True)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: container.name not in inspected(docker_client, network.id),
            what="the daemon disconnecting the container",
        )
        await wait_for(pilot, lambda: members(app, network.id) == {}, what="the pane following")
        await wait_for(pilot, lambda: notified(app, f"Disconnected {container.name} from {network.name}"), what="said")


async def test_the_daemons_refusal_to_connect_is_shown(app, docker_client, containers, networks) -> None:
    """A container without networking (network_mode none) cannot join a network: the
    daemon says so, and its words are shown."""
    network = networks.create()
    container = containers.running(network_mode="none")
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await wait_for(pilot, lambda: network.id in pane(app).items, what="the network listed")
        await pilot.press("1")
        containers_table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: container.id in containers_table.keys, what="the container listed")
        containers_table.select_key(container.id)
        containers_table.focus()
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: app.query_one("#container-details").container_id == container.id, what="the details"
        )
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NetworkPicker), what="the network picker")
        choices = app.screen.query_one(NetworkChoices)
        choices.highlighted = next(
            i for i in range(choices.option_count) if choices.get_option_at_index(i).id == network.id
        )
        await pilot.press("enter")
        try:
            docker_client.api.connect_container_to_network(container.id, network.id)
        except docker.errors.APIError as error:
            expected = error.explanation
        else:
            pytest.fail("the daemon connected a container without networking")
        await wait_for(
            pilot, lambda: notified(app, f"Could not connect {container.name} to {network.name}"), what="the refusal"
        )
        refusal = next(n for n in app._notifications if n.title and n.title.startswith("Could not connect"))
        assert refusal.message == expected
    assert inspected(docker_client, network.id) == {}


# -- remove --------------------------------------------------------------------------------


async def test_the_daemons_own_networks_cannot_be_removed(recording_daemon, docker_client) -> None:  # noqa: F811
    app = DockerTUI(DaemonTarget(host=recording_daemon.url))
    own = {network["Name"]: network["Id"] for network in docker_client.api.networks(names=["bridge", "host", "none"])}
    own = {name: network_id for name, network_id in own.items() if name in ("bridge", "host", "none")}
    assert set(own) == {"bridge", "host", "none"}
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        networks_pane = pane(app)
        for name, network_id in own.items():
            await select_network(app, pilot, network_id)
            # Footer, help and palette see d disabled on it…
            assert app._check_action_state("remove", networks_pane) is None, name
            # …the key asks nothing, the palette's way runs nothing…
            await pilot.press("d")
            await pilot.pause()
            assert not isinstance(app.screen, ConfirmDialog), name
            assert not await app.run_action("remove", networks_pane)
            # …and the action itself, if it were reached, says why.
            networks_pane.action_remove()
            await pilot.pause()
            assert notified(app, f"{name} is one of the daemon's own networks")
            # The session refuses it too, before any request.
            with pytest.raises(NetworkActionFailed, match="cannot be removed"):
                app.session.remove_network(network_id, name=name)
        # Other networks' d is enabled (the check above would catch a d never enabled).
        other = (
            next(key for key, n in networks_pane.items.items() if not n.predefined)
            if any(not n.predefined for n in networks_pane.items.values())
            else None
        )
        if other is not None:
            await select_network(app, pilot, other)
            assert app._check_action_state("remove", networks_pane) is True
    assert [r for r in changes(recording_daemon) if r.startswith("DELETE")] == []
    assert {n["Name"] for n in docker_client.api.networks()} >= {"bridge", "host", "none"}


async def test_remove_asks_then_removes_and_a_network_in_use_is_refused_in_the_daemons_words(
    app, docker_client, containers, networks
) -> None:
    unused = networks.create()
    used = networks.create()
    containers.running(network=used.name)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await select_network(app, pilot, unused.id)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        assert unused.name in str(app.screen.query_one("#confirm-title").render())
        await pilot.press("n")  # no: it stays
        await pilot.pause()
        assert docker_client.api.networks(ids=[unused.id])
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: unused.id not in pane(app).items, what="the row gone")
        assert not [n for n in docker_client.api.networks(ids=[unused.id]) if n["Id"] == unused.id]
        assert notified(app, f"Removed network {unused.name}")

        await select_network(app, pilot, used.id)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        assert "disconnect them first" in str(app.screen.query_one("#confirm-body").render())
        await pilot.press("y")
        await wait_for(pilot, lambda: notified(app, f"Could not remove {used.name}"), what="the refusal")
        refusal = next(n for n in app._notifications if n.title == f"Could not remove {used.name}")
        assert "active endpoints" in refusal.message
    assert docker_client.api.inspect_network(used.id)["Name"] == used.name


# -- create --------------------------------------------------------------------------------


async def test_create_with_a_subnet_and_what_is_refused_leaves_nothing(app, docker_client, networks) -> None:
    name, bad_name, overlapping_name = unique(), unique(), unique()
    subnet = free_subnet(docker_client)
    networks.adopt(name)
    networks.adopt(bad_name)
    networks.adopt(overlapping_name)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)

        async def prompt_with(**fields: str) -> NetworkCreatePrompt:
            await pilot.press("C")
            await wait_for(pilot, lambda: isinstance(app.screen, NetworkCreatePrompt), what="the prompt")
            prompt = app.screen
            for field, value in fields.items():
                prompt.field(field).value = value
            await pilot.pause()
            return prompt

        # A subnet that is not one: said, nothing sent, nothing created.
        third = subnet.split(".")[2]
        prompt = await prompt_with(name=bad_name, subnet=f"10.231.{third}.5/24")
        message = str(prompt.query_one("#network-create-message").render())
        assert "Not a subnet" in message and f"did you mean 10.231.{third}.0/24?" in message
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt
        await pilot.press("escape")
        assert not docker_client.api.networks(names=[bad_name])

        # A good one: created with its subnet and gateway, and selected when it is listed.
        gateway = subnet.replace(".0/24", ".1")
        prompt = await prompt_with(name=name, subnet=subnet, gateway=gateway)
        assert f"--subnet {subnet} --gateway {gateway}" in str(prompt.query_one("#network-create-message").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: docker_client.api.networks(names=[name]), what="the network created")
        created = docker_client.api.inspect_network(name)
        assert created["IPAM"]["Config"] == [{"Subnet": subnet, "Gateway": gateway}]
        assert created["Driver"] == "bridge"
        await wait_for(pilot, lambda: table(app).cursor_key == created["Id"], what="the new network selected")
        assert notified(app, f"Created network {name} ({subnet})")

        # One the daemon refuses (its pool overlaps the first's): its words, nothing created.
        await prompt_with(name=overlapping_name, subnet=subnet)
        await pilot.press("enter")
        await wait_for(pilot, lambda: notified(app, f"Could not create {overlapping_name}"), what="the refusal")
        refusal = next(n for n in app._notifications if n.title == f"Could not create {overlapping_name}")
        assert "overlap" in refusal.message
    assert not docker_client.api.networks(names=[overlapping_name])


# -- prune ---------------------------------------------------------------------------------


def network_names(client) -> set[str]:
    return {network["Name"] for network in client.api.networks()}


async def test_prune_removes_exactly_the_unused_networks_and_reports_the_daemons_list(
    app, docker_client, containers, networks
) -> None:
    unused = [networks.create(subnet=False), networks.create(subnet=False)]
    used = networks.create(subnet=False)
    containers.running(network=used.name)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await wait_for(pilot, lambda: all(n.id in pane(app).items for n in [*unused, used]), what="listed")
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        body = str(app.screen.query_one("#confirm-body").render())
        assert all(n.name in body for n in unused) and used.name not in body
        before = network_names(docker_client)
        await pilot.press("y")
        await wait_for(pilot, lambda: notified(app, "Pruned"), what="the report")
        after = network_names(docker_client)
        report = next(n.message for n in app._notifications if n.message.startswith("Pruned"))
        await wait_for(pilot, lambda: not any(n.id in pane(app).items for n in unused), what="the rows gone")
    deleted = before - after
    assert {n.name for n in unused} <= deleted
    assert used.name in after and {"bridge", "host", "none"} <= after
    # The report names exactly what the daemon deleted (others may have made networks meanwhile).
    listed = report.split(": ", 1)[1].removesuffix(" (the daemon's list)").split(", ")
    assert set(listed) == deleted, (report, deleted)


# -- read-only -----------------------------------------------------------------------------


async def test_read_only_refuses_create_remove_prune_and_connect_with_no_request(
    recording_daemon,  # noqa: F811
    docker_client,
    containers,
    networks,
) -> None:
    network = networks.create()
    container = containers.running()
    app = DockerTUI(DaemonTarget(host=recording_daemon.url), read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        networks_pane = pane(app)
        await select_network(app, pilot, network.id)
        for key, action in (("d", "remove"), ("P", "prune"), ("C", "create")):
            assert app._check_action_state(action, networks_pane) is None, action  # greyed
            refused = len(app.refused)
            await pilot.press(key)
            await pilot.pause()
            assert len(app.refused) == refused + 1, action
            assert not app.screen.is_modal, action
        await pilot.press("1")
        containers_table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: container.id in containers_table.keys, what="the container listed")
        containers_table.select_key(container.id)
        containers_table.focus()
        await pilot.press("enter")
        details = app.query_one("#container-details")
        await wait_for(pilot, lambda: details.container_id == container.id, what="the details")
        refused = len(app.refused)
        await pilot.press("n")
        await pilot.pause()
        assert len(app.refused) == refused + 1 and not isinstance(app.screen, NetworkPicker)
        assert any("Read-only mode" in n.message for n in app._notifications)
    assert changes(recording_daemon) == []
    assert docker_client.api.inspect_network(network.id)["Containers"] == {}


# -- from the events pane ------------------------------------------------------------------


async def test_enter_on_a_network_event_shows_the_network(app, docker_client, networks) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4")
        network = networks.create()
        log = app.events_pane.event_log
        await wait_for(
            pilot,
            lambda: (
                any(e.type == "network" and e.action == "create" and e.object_name == network.name for e in log.rows)
                and network.id in pane(app).items
            ),
            what="the create event and the row",
        )
        log.cursor = next(i for i, e in enumerate(log.rows) if e.type == "network" and e.object_name == network.name)
        log.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query_one("#panes").active == "networks", what="the networks pane")
        assert table(app).cursor_key == network.id
        assert table(app).has_focus
