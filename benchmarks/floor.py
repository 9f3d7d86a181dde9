#!/usr/bin/env python3
"""The floor: the least a Textual app can do to list containers with docker-py.

Benchmarks launch this beside dockertui, with the same harness in the same run, and
print dockertui's start-up figures as ratios to it: seconds vary between machines,
the cost of Python + Textual + docker-py does not go away.

    python benchmarks/floor.py [--host unix:///var/run/docker.sock]
"""

import sys

import docker
from textual.app import App
from textual.widgets import DataTable


class Floor(App):
    def __init__(self, host: str) -> None:
        super().__init__()
        self.host = host

    def compose(self):
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("NAME", "STATE", "IMAGE")
        client = docker.DockerClient(base_url=self.host)
        for container in client.api.containers(all=True):
            table.add_row(container["Names"][0].lstrip("/"), container["State"], container["Image"])


if __name__ == "__main__":
    Floor(sys.argv[sys.argv.index("--host") + 1] if "--host" in sys.argv else "unix:///var/run/docker.sock").run()
