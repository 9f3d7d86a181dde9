"""Shared fixtures: the real daemon and registry that scripts/test provides, fixture
images, and labelled containers that are removed afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterator

import docker
import pytest

from tests.support.containers import ContainerFactory
from tests.support.images import FixtureImages, build_fixture_images
from tests.support.labels import RUN_ID
from tests.support.pty_session import PtySession

DEFAULT_HOST = "unix:///var/run/docker.sock"


@pytest.fixture(autouse=True)
def _own_docker_config(tmp_path_factory, monkeypatch) -> None:
    """Keep the developer's ~/.docker (contexts, currentContext) out of every test."""
    config_dir = tmp_path_factory.mktemp("docker-config")
    monkeypatch.setenv("DOCKER_CONFIG", str(config_dir))
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)


@pytest.fixture(scope="session")
def docker_host() -> str:
    return os.environ.get("DOCKER_HOST") or DEFAULT_HOST


@pytest.fixture(scope="session")
def docker_client(docker_host: str) -> Iterator[docker.DockerClient]:
    try:
        client = docker.DockerClient(base_url=docker_host, version="auto", timeout=120)
        client.ping()
    except Exception as error:  # noqa: BLE001
        pytest.fail(
            f"no Docker daemon at {docker_host} ({error}). Run the suite with scripts/test, "
            "which installs and starts one.",
            pytrace=False,
        )
    yield client
    client.close()


@pytest.fixture(scope="session")
def registry() -> str:
    address = os.environ.get("DOCKERTUI_TEST_REGISTRY")
    if not address:
        pytest.fail("DOCKERTUI_TEST_REGISTRY is not set: run the suite with scripts/test", pytrace=False)
    return address


@pytest.fixture(scope="session")
def fixture_images(docker_client: docker.DockerClient, registry: str) -> FixtureImages:
    return build_fixture_images(docker_client, registry)


@pytest.fixture(scope="session")
def session_containers(docker_client, fixture_images) -> Iterator[ContainerFactory]:
    """Factory for containers that live for the whole run; all removed at the end."""
    factory = ContainerFactory(docker_client, fixture_images.busybox)
    yield factory
    factory.cleanup()


@pytest.fixture(scope="session")
def standard_containers(session_containers: ContainerFactory) -> dict:
    """One of each kind the panes must show: running, exited with a code, ports, compose."""
    project = f"dtui-test-{RUN_ID}"
    return {
        "running": session_containers.running(),
        "exited": session_containers.exited(3),
        "ports": session_containers.with_ports(),
        "compose": session_containers.compose_service(project, "web"),
    }


@pytest.fixture
def containers(docker_client, fixture_images) -> Iterator[ContainerFactory]:
    """Factory for containers owned by one test; removed when the test ends."""
    factory = ContainerFactory(docker_client, fixture_images.busybox)
    yield factory
    for container_id in factory.created:
        try:
            docker_client.api.remove_container(container_id, force=True, v=True)
        except docker.errors.NotFound:
            pass


@pytest.fixture
def session_factory():
    """Start the real app on a pty (``session_factory("--host", url, columns=80, rows=24)``);
    every session started is closed after the test."""
    sessions: list[PtySession] = []

    def start(*args: str, columns: int = 120, rows: int = 40) -> PtySession:
        session = PtySession(list(args), columns=columns, rows=rows)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()
