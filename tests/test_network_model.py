"""What is checked before a network is created, and which containers a network's row
takes (Docker's names, and Podman's bridge/podman naming) — no daemon needed."""

from __future__ import annotations

import pytest

from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.network_actions import NetworkSpecError, parse_network_spec
from dockertui.engine.network_members import attached_to, by_network_id, members_of
from dockertui.engine.networks import NetworkSummary


def test_a_valid_spec_is_kept_and_shown_as_the_docker_command() -> None:
    spec = parse_network_spec(" web ", "", "10.231.7.0/24", "10.231.7.1", internal=True)
    assert (spec.name, spec.driver, spec.subnet, spec.gateway, spec.internal) == (
        "web",
        "bridge",
        "10.231.7.0/24",
        "10.231.7.1",
        True,
    )
    assert spec.command() == (
        "docker network create --driver bridge --subnet 10.231.7.0/24 --gateway 10.231.7.1 --internal web"
    )
    assert not spec.ipv6
    assert parse_network_spec("v6", subnet="fd00:231::/64").ipv6


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        (("",), "Type a name"),
        (("two words",), "no spaces"),
        (("bridge",), "daemon's own"),
        (("n", "", "10.231.7.5/24"), "did you mean 10.231.7.0/24?"),
        (("n", "", "10.231.300.0/24"), "Not a subnet"),
        (("n", "", "banana"), "Not a subnet"),
        (("n", "", "10.231.7.0"), "prefix length"),
        (("n", "", "", "10.231.7.1"), "needs a subnet"),
        (("n", "", "10.231.7.0/24", "10.231.8.1"), "not in the subnet"),
        (("n", "", "10.231.7.0/24", "10.231.7.0"), "network or broadcast"),
        (("n", "", "10.231.7.0/24", "gateway"), "Not a gateway address"),
        (("n", "over lay"), "driver name has no spaces"),
    ],
)
def test_what_cannot_be_sent_is_said(fields, says) -> None:
    with pytest.raises(NetworkSpecError) as raised:
        parse_network_spec(*fields)
    assert says in str(raised.value)


def network(name: str, network_id: str = "") -> NetworkSummary:
    return NetworkSummary.from_api({"Id": network_id or f"id-{name}", "Name": name, "Driver": "bridge"})


def container(name: str, networks: dict[str, dict]) -> ContainerSummary:
    return ContainerSummary.from_api(
        {"Id": f"c-{name}", "Names": [f"/{name}"], "NetworkSettings": {"Networks": networks}}
    )


def test_docker_members_by_name_and_attachment_by_name_or_id() -> None:
    web = container("web", {"front": {"NetworkID": "id-front", "IPAddress": "10.0.0.2"}})
    db = container("db", {"back": {"NetworkID": "id-back", "IPAddress": "10.0.1.2"}})
    members = {"front": [(web, web.networks[0])], "back": [(db, db.networks[0])]}
    listed = {"front", "back", "bridge"}
    assert [c.name for c, _ in members_of(network("front"), members, listed)] == ["web"]
    assert members_of(network("bridge"), members, listed) == []
    assert attached_to(network("front"), web, listed).ipv4 == "10.0.0.2"
    assert attached_to(network("back"), web, listed) is None
    # Renamed? The ID still matches.
    assert attached_to(network("front-renamed", "id-front"), web, listed) is not None


def test_podman_default_network_is_bridge_in_the_list_and_podman_in_containers() -> None:
    """Measured on Podman 4.3: /networks lists "bridge"; each container's list says "podman"."""
    pod = container("pod", {"podman": {"NetworkID": "podman", "IPAddress": "10.88.0.2"}})
    members = {"podman": [(pod, pod.networks[0])]}
    bridge = network("bridge", "2f259bab93aa")
    assert [c.name for c, _ in members_of(bridge, members, {"bridge"})] == ["pod"]
    assert attached_to(bridge, pod, {"bridge"}).ipv4 == "10.88.0.2"
    # On a daemon that lists a network called "podman" itself, nothing is borrowed.
    assert members_of(bridge, members, {"bridge", "podman"}) == []
    assert attached_to(bridge, pod, {"bridge", "podman"}) is None


def test_an_attachment_whose_name_differs_is_found_by_the_network_id() -> None:
    """A name the containers list gives differently from /networks (a network renamed by a
    daemon, or a proxy's rewrite) still finds its containers by the ID it names."""
    web = container("web", {"old-name": {"NetworkID": "id-front", "IPAddress": "10.0.0.2"}})
    members = {"old-name": [(web, web.networks[0])]}
    found = members_of(network("front", "id-front"), members, {"front"}, by_network_id(members))
    assert [c.name for c, _ in found] == ["web"]
    # Found by both name and ID: listed once.
    same = {"front": [(web, web.networks[0])]}
    web_front = container("web", {"front": {"NetworkID": "id-front", "IPAddress": "10.0.0.2"}})
    same = {"front": [(web_front, web_front.networks[0])]}
    assert len(members_of(network("front", "id-front"), same, {"front"}, by_network_id(same))) == 1
