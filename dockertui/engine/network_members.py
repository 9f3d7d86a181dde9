"""Which listed containers are attached to a network, as the containers list says.

The containers list names each container's networks; ``/networks`` names the networks.
They agree on Docker. Podman's compat API lists its default network as ``bridge`` but
names it ``podman`` in every container's list (and gives the network's name where
Docker gives its ID), so on Podman the ``bridge`` row also takes those under ``podman``
— unless a network of that name is listed itself.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from dockertui.engine.inventory import ContainerSummary, NetworkAttachment
from dockertui.engine.networks import NetworkSummary

#: What Podman's containers list calls the network its ``/networks`` lists as ``bridge``.
PODMAN_DEFAULT = "podman"

Members = list[tuple[ContainerSummary, NetworkAttachment]]


def by_network_id(members: Mapping[str, Members]) -> dict[str, Members]:
    """The same members, by the network ID each attachment names (Docker gives it)."""
    found: dict[str, Members] = {}
    for pairs in members.values():
        for container, attachment in pairs:
            if attachment.network_id:
                found.setdefault(attachment.network_id, []).append((container, attachment))
    return found


def members_of(
    network: NetworkSummary,
    members: Mapping[str, Members],
    listed: Collection[str],
    by_id: Mapping[str, Members] | None = None,
) -> Members:
    """The containers attached to ``network``: ``members`` by network name, ``listed`` the
    names of the networks listed, ``by_id`` the members by network ID (``by_network_id``),
    for attachments whose name is not the network's (a rename, a daemon's own way)."""
    found = list(members.get(network.name, ()))
    if network.name == "bridge" and PODMAN_DEFAULT not in listed:
        found += members.get(PODMAN_DEFAULT, ())
    seen = {container.id for container, _ in found}
    found += [(c, a) for c, a in (by_id or {}).get(network.id, ()) if c.id not in seen]
    return sorted(found, key=lambda pair: pair[0].name)


def attached_to(
    network: NetworkSummary, container: ContainerSummary, listed: Collection[str]
) -> NetworkAttachment | None:
    """The container's attachment to ``network``, if it has one."""
    for attachment in container.networks:
        if attachment.network == network.name or (attachment.network_id and attachment.network_id == network.id):
            return attachment
        if network.name == "bridge" and attachment.network == PODMAN_DEFAULT and PODMAN_DEFAULT not in listed:
            return attachment
    return None
