"""Create labelled test containers and remove exactly those afterwards."""

from __future__ import annotations

import time
import uuid
from typing import Any

import docker
from docker.models.containers import Container

from tests.support.labels import RUN_ID, TEST_LABEL, run_labels

#: A shell loop that stops at once on SIGTERM (a bare `sleep` as PID 1 ignores it).
IDLE_COMMAND = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]


class ContainerFactory:
    """Makes containers for one test run; ``cleanup`` removes every one of them."""

    def __init__(self, client: docker.DockerClient, image: str) -> None:
        self.client = client
        self.image = image
        self.created: list[str] = []

    def create(
        self, *, name: str | None = None, labels: dict[str, str] | None = None, start: bool = True, **options: Any
    ) -> Container:
        options.setdefault("command", IDLE_COMMAND)
        container = self.client.containers.create(
            self.image,
            name=name or f"dtui-test-{uuid.uuid4().hex[:8]}",
            labels=run_labels(**(labels or {})),
            **options,
        )
        self.created.append(container.id)
        if start:
            container.start()
        container.reload()
        return container

    def running(self, **options: Any) -> Container:
        return self.create(**options)

    def exited(self, code: int, **options: Any) -> Container:
        container = self.create(command=["sh", "-c", f"exit {code}"], **options)
        container.wait(timeout=30)
        container.reload()
        return container

    def with_ports(self, **options: Any) -> Container:
        return self.create(
            command=["httpd", "-f", "-p", "8080"],
            ports={"8080/tcp": ("127.0.0.1", None)},
            **options,
        )

    def compose_service(self, project: str, service: str, number: int = 1, **options: Any) -> Container:
        labels = {
            "com.docker.compose.project": project,
            "com.docker.compose.service": service,
            "com.docker.compose.container-number": str(number),
            "com.docker.compose.oneoff": "False",
        }
        return self.create(name=f"{project}-{service}-{number}", labels=labels, **options)

    def cleanup(self) -> None:
        """Remove this run's containers (by label, so ones renamed by tests go too)."""
        for summary in self.client.api.containers(all=True, filters={"label": f"{TEST_LABEL}={RUN_ID}"}):
            try:
                self.client.api.remove_container(summary["Id"], force=True, v=True)
            except docker.errors.NotFound:
                pass


def wait_for_state(container: Container, state: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        container.reload()
        if container.status == state:
            return
        time.sleep(0.05)
    raise AssertionError(f"{container.name} is {container.status}, not {state}, after {timeout} s")
