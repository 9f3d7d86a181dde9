"""Labelled test volumes, removed after the test (with this run's containers that mount them)."""

from __future__ import annotations

import uuid

import docker

from tests.support.labels import RUN_ID, TEST_LABEL, run_labels


def unique_volume_name(kind: str = "vol") -> str:
    return f"dtui-test-{kind}-{uuid.uuid4().hex[:6]}"


class VolumeFactory:
    def __init__(self, client: docker.DockerClient) -> None:
        self.client = client
        self.names: list[str] = []

    def create(self, name: str | None = None, labels: dict[str, str] | None = None, **options) -> str:
        volume = self.client.api.create_volume(
            name or unique_volume_name(), labels=run_labels(**(labels or {})), **options
        )
        self.names.append(volume["Name"])
        return volume["Name"]

    def adopt(self, name: str) -> str:
        """A volume the app made: removed after the test like ours."""
        self.names.append(name)
        return name

    def with_data(self, image: str, megabytes: int = 5, name: str | None = None) -> str:
        """A volume a container (removed at once) wrote ``megabytes`` MiB into."""
        volume = self.create(name)
        self.client.containers.run(
            image,
            ["dd", "if=/dev/zero", "of=/data/f", "bs=1M", f"count={megabytes}"],
            volumes={volume: {"bind": "/data", "mode": "rw"}},
            labels=run_labels(),
            remove=True,
        )
        return volume

    def user(self, image: str, volume: str, *, start: bool = False) -> str:
        """A container of this run mounting ``volume`` (created, or running); its ID."""
        container = self.client.containers.create(
            image,
            ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"],
            name=unique_volume_name("user"),
            volumes={volume: {"bind": "/data", "mode": "rw"}},
            labels=run_labels(),
        )
        if start:
            container.start()
        return container.id

    def cleanup(self) -> None:
        api = self.client.api
        for name in self.names:
            for container in api.containers(all=True, filters={"volume": name, "label": f"{TEST_LABEL}={RUN_ID}"}):
                try:
                    api.remove_container(container["Id"], force=True)
                except docker.errors.NotFound:
                    pass
            try:
                api.remove_volume(name)
            except docker.errors.NotFound:
                pass
