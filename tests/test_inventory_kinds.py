"""Volumes, networks and what containers say about them, as the inventory reads them."""

from __future__ import annotations

import docker.errors
import requests

from dockertui.engine.inventory import ContainerSummary, Inventory
from dockertui.engine.networks import NetworkSummary
from dockertui.engine.volumes import VolumeSummary, listed_volumes
from tests.support.fakes import fake_container

ESC = "\x1b"


class RefusingKindsAPI:
    """A daemon (or socket proxy) that lists containers and images but answers the
    volumes and networks lists with an error."""

    def __init__(self) -> None:
        self.refuse = True

    def containers(self, all: bool = False, filters: dict | None = None):
        return [fake_container("web", "running", status="Up 1 second")]

    def images(self):
        return []

    def _answer(self, what: str, ok):
        if self.refuse:
            response = requests.Response()
            response.status_code = 403
            response.reason = "Forbidden"
            raise docker.errors.APIError("403", response=response, explanation=f"{what} not allowed here")
        return ok

    def volumes(self):
        return self._answer("volumes", {"Volumes": [{"Name": "data", "Driver": "local"}], "Warnings": None})

    def networks(self):
        return self._answer("networks", [{"Id": "n1", "Name": "backend", "Driver": "bridge"}])


def test_a_refused_volumes_or_networks_list_leaves_the_containers_listed() -> None:
    api = RefusingKindsAPI()
    inventory = Inventory()
    diff = inventory.relist(api)
    assert [c.name for c in diff.containers.upserted] == ["web"]
    assert "volumes not allowed here" in diff.unlisted["volumes"]
    assert "networks not allowed here" in diff.unlisted["networks"]
    assert inventory.volumes == {} and inventory.networks == {}
    api.refuse = False
    assert inventory.refresh_volumes(api).unlisted == {"volumes": ""}
    assert list(inventory.volumes) == ["data"]
    assert [n.name for n in inventory.refresh_networks(api).networks.upserted] == ["backend"]


def test_a_lost_connection_is_not_taken_for_a_refusal() -> None:
    class Gone(RefusingKindsAPI):
        def volumes(self):
            raise requests.exceptions.ConnectionError("Connection aborted.")

    try:
        Inventory().relist(Gone())
    except requests.exceptions.ConnectionError:
        pass
    else:
        raise AssertionError("a lost connection must fail the re-list, so that it is retried")


def test_containers_carry_their_networks_and_volume_mounts_made_safe() -> None:
    raw = fake_container("web", "running", status="Up 1 second")
    raw["NetworkSettings"] = {
        "Networks": {
            f"evil{ESC}]0;pwned\x07": {"NetworkID": "n2", "IPAddress": "10.0.0.5"},
            "backend": {"NetworkID": "n1", "IPAddress": "", "GlobalIPv6Address": "fd00::5"},
            "junk": "not a dict",
        }
    }
    raw["Mounts"] = [
        {"Type": "volume", "Name": "data", "Source": "/var/lib/docker/volumes/data/_data", "Destination": "/data"},
        {"Type": "bind", "Source": "/etc", "Destination": "/host-etc"},
        "junk",
    ]
    container = ContainerSummary.from_api(raw)
    assert [(a.network, a.address) for a in container.networks] == [
        ("backend", "fd00::5"),
        ("evil␛]0;pwned␇", "10.0.0.5"),
    ]
    assert container.volume_names() == ["data"]
    assert all(ESC not in a.network for a in container.networks)


def test_volume_users_and_network_members_come_from_the_containers() -> None:
    class API(RefusingKindsAPI):
        def containers(self, all: bool = False, filters: dict | None = None):
            rows = []
            for name, network, address in (("b", "backend", "10.0.0.3"), ("a", "backend", "10.0.0.2")):
                row = fake_container(name, "running", status="Up 1 second")
                row["NetworkSettings"] = {"Networks": {network: {"NetworkID": "n1", "IPAddress": address}}}
                row["Mounts"] = [{"Type": "volume", "Name": "data", "Destination": "/data"}]
                rows.append(row)
            return rows

    api = API()
    api.refuse = False
    inventory = Inventory()
    inventory.relist(api)
    assert [c.name for c in inventory.volume_users()["data"]] == ["a", "b"]
    assert [(c.name, a.ipv4) for c, a in inventory.network_members()["backend"]] == [
        ("a", "10.0.0.2"),
        ("b", "10.0.0.3"),
    ]


def test_volume_and_network_models_survive_hostile_answers() -> None:
    assert listed_volumes({"Volumes": [{"Name": ""}, {"Name": 3}, "x", {"Name": "ok"}]}) == [{"Name": "ok"}]
    assert listed_volumes({"Volumes": None}) == [] and listed_volumes([]) == []
    volume = VolumeSummary.from_api({"Name": "a" * 64, "Labels": {"k": f"{ESC}[2J"}, "Driver": None})
    assert volume.anonymous and volume.short_name == "a" * 12 and ESC not in volume.labels["k"]
    network = NetworkSummary.from_api(
        {"Id": "n", "Name": f"{ESC}]52;c;AAAA\x07", "IPAM": {"Config": [{"Subnet": "10.1.0.0/24"}, "x"]}}
    )
    assert ESC not in network.name and network.subnets == ("10.1.0.0/24",) and not network.predefined
    assert NetworkSummary.from_api({"Id": "n", "Name": "bridge", "IPAM": None}).predefined


async def test_the_volumes_pane_says_why_the_daemon_did_not_list_them() -> None:
    from dockertui.engine.connection import DaemonConnection
    from dockertui.engine.target import DaemonTarget
    from dockertui.ui.app import DockerTUI
    from tests.support.fakes import FAKE_CONTAINERS, FAKE_ENGINE, FAKE_IMAGES, FakeAPI
    from tests.support.pilot import wait_for

    class RefusingVolumes(FakeAPI):
        def volumes(self):
            RefusingKindsAPI().volumes()

    def connector(target: DaemonTarget) -> DaemonConnection:
        return DaemonConnection(target=target, api=RefusingVolumes(FAKE_CONTAINERS, FAKE_IMAGES), engine=FAKE_ENGINE)

    app = DockerTUI(DaemonTarget(host="unix:///var/run/docker.sock", source="default socket"), connector=connector)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: bool(app.containers_pane.items), what="the containers listed")
        await pilot.press("6")
        await wait_for(
            pilot,
            lambda: "volumes not allowed here" in app.volumes_pane.table.empty_text,
            what="the daemon's reason in the volumes pane",
        )
        assert app.containers_pane.items, "the containers stay listed"
