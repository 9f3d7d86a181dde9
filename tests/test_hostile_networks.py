"""Hostile network names, labels and daemon messages in the networks pane, its details,
the remove question and a container's network picker: shown, inert (the app's own
output, read from its pty, carries no sequence of theirs)."""

from __future__ import annotations

import uuid

import docker
import pytest

from tests.support.hostile import CATALOGUE
from tests.support.labels import RUN_ID, run_labels
from tests.test_hostile_views import (  # noqa: F401 - fixtures
    MARKER,
    SHOWN_TITLE,
    WAIT,
    assert_nothing_escaped,
    factory,
    filter_list,
    hostile_daemon,
    press,
    terminal,
)


@pytest.fixture
def hostile_network(docker_client, factory):  # noqa: F811
    """A network whose name carries the marker (the hostile daemon turns it into the payload
    wherever it appears), with hostile labels and a container on it (so removing it fails)."""
    name = f"dtui-test-hnet-{uuid.uuid4().hex[:6]}-{MARKER}"
    labels = run_labels(**{f"hostile.{key}": value for key, value in CATALOGUE.items()})
    network = docker_client.networks.create(name, labels={**labels, f"key{MARKER}": "value"})
    container = factory.create(name=f"dtui-{RUN_ID}-hnet-{uuid.uuid4().hex[:4]}", network=name)
    try:
        yield network, container
    finally:
        try:
            docker_client.api.disconnect_container_from_network(container.id, network.id, force=True)
        except docker.errors.APIError:
            pass
        docker_client.api.remove_network(network.id)


def test_networks_pane_details_remove_question_and_picker(terminal, hostile_daemon, hostile_network) -> None:  # noqa: F811
    network, container = hostile_network
    prefix = network.name.split(MARKER)[0]
    session = terminal(hostile_daemon.url)
    press(session, "7")
    session.wait_for("SUBNET", timeout=WAIT)
    filter_list(session, prefix)
    session.wait_for(container.name, timeout=WAIT)  # attached (found by the network's ID)
    press(session, "\r")
    session.wait_for(f"{prefix}{SHOWN_TITLE}", timeout=WAIT)  # the name in the title, made visible
    session.wait_for("hostile.clear=␛[2J␛[3J␛[H", timeout=WAIT)  # a label, in the details, made visible
    session.wait_for(container.name, timeout=WAIT)  # the attached container
    # Remove: the question quotes the name; the daemon's refusal (hostile too) is plain text.
    press(session, "d")
    session.wait_for("Remove network", timeout=WAIT)
    press(session, "y")
    session.wait_for("Could not remove", timeout=WAIT)  # the refusal's title
    session.wait_for("[bold]b[/bold] [/x]", timeout=WAIT)  # markup in its message stays literal
    # The container's network picker lists the hostile name.
    press(session, "1")
    filter_list(session, container.name)
    session.wait_for(container.name, timeout=WAIT)
    press(session, "\r")
    session.wait_for("[ ] tabs", timeout=WAIT)
    press(session, "n")
    session.wait_for(f"Networks of {container.name}", timeout=WAIT)
    session.wait_for(f"[x] {prefix}{SHOWN_TITLE}", timeout=WAIT)
    press(session, "\x1b")
    assert_nothing_escaped(session)
