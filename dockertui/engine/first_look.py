"""The daemon's version and container list before docker-py is even imported.

docker-py takes ~0.15–0.3 s to import here; until it has, the first list could not be
asked for. For a daemon on a unix socket (the local daemon, Podman's, a socket proxy)
two plain HTTP requests over the socket — ``/version`` and ``/containers/json?all=1``,
what ``docker ps -a`` asks — need only the standard library, so the list is on screen
while docker-py loads. Their rows are the seed of the live inventory, so the first
full re-list says which of them went meanwhile. Anything unexpected (another kind of
address, a refusal, an answer that is not the API's) gives ``None``: the normal
connection then says what is wrong, as it always did.

The answers are hostile like every other: each is read up to a limit and every row goes
through the same sanitising models as docker-py's.
"""

from __future__ import annotations

import http.client
import json
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from dockertui.engine.inventory import ContainerSummary, listed
from dockertui.engine.models import EngineInfo
from dockertui.engine.target import DaemonTarget

#: Seconds each request may take (a daemon slower than this is left to the connection).
TIMEOUT = 2.0
#: The most read of one answer (a list of thousands of containers is a few MB).
MAX_ANSWER = 64 * 1024 * 1024


@dataclass(frozen=True)
class FirstLook:
    target: DaemonTarget
    engine: EngineInfo
    containers: list[ContainerSummary]


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


def _get(connection: http.client.HTTPConnection, path: str) -> Any:
    connection.request("GET", path, headers={"Accept": "application/json"})
    response = connection.getresponse()
    body = response.read(MAX_ANSWER + 1)
    if response.status != 200 or len(body) > MAX_ANSWER:
        raise ValueError(f"{path}: {response.status}")
    return json.loads(body)


def first_look(target: DaemonTarget, timeout: float = TIMEOUT) -> FirstLook | None:
    """The version and the containers, for a daemon on a unix socket; None otherwise or
    on any failure (blocking: call from a worker)."""
    if not target.host.startswith("unix://"):
        return None
    connection = _UnixConnection(unquote(target.host[len("unix://") :]), timeout)
    try:
        version = _get(connection, "/version")
        if not isinstance(version, dict) or "ApiVersion" not in version:
            return None
        rows = _get(connection, "/containers/json?all=1")
        containers = [ContainerSummary.from_api(raw) for raw in listed(rows)]
    except Exception:  # noqa: BLE001 - any failure: the connection will say what is wrong
        return None
    finally:
        connection.close()
    return FirstLook(target=target, engine=EngineInfo.from_version(version), containers=containers)
