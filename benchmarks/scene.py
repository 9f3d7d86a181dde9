"""Labelled containers made for a benchmark and removed after it, whatever happens."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import docker

from tests.support.images import build_busybox_image

LABEL = "dockertui.test"
IDLE = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]


class Scene:
    def __init__(self, host: str) -> None:
        self.client = docker.DockerClient(base_url=host, version="auto", timeout=300)
        self.api = self.client.api
        self.image = build_busybox_image(self.client)
        self.run_id = uuid.uuid4().hex[:6]
        self.labels = {LABEL: f"bench-{self.run_id}"}

    def name(self, suffix: str) -> str:
        return f"bench-{self.run_id}-{suffix}"

    def create(self, suffix: str, command: list[str] | None = None, *, start: bool = False) -> str:
        none = self.api.create_host_config(network_mode="none")
        container = self.api.create_container(
            self.image, command or ["true"], name=self.name(suffix), labels=self.labels, host_config=none
        )["Id"]
        if start:
            self.api.start(container)
        return container

    def running(self, count: int, prefix: str = "run") -> list[str]:
        with ThreadPoolExecutor(8) as pool:
            return list(pool.map(lambda index: self.create(f"{prefix}-{index:03d}", IDLE, start=True), range(count)))

    def created(self, count: int, prefix: str = "made") -> list[str]:
        with ThreadPoolExecutor(8) as pool:
            return list(pool.map(lambda index: self.create(f"{prefix}-{index:04d}"), range(count)))

    def remove_all(self) -> None:
        ids = [c["Id"] for c in self.api.containers(all=True, filters={"label": f"{LABEL}={self.labels[LABEL]}"})]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda cid: self.api.remove_container(cid, force=True), ids))
        self.client.close()


@contextmanager
def scene(host: str) -> Iterator[Scene]:
    made = Scene(host)
    try:
        yield made
    finally:
        made.remove_all()
