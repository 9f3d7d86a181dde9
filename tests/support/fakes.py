"""Deterministic stand-ins for the daemon, for layout snapshots only (the real daemon
is covered by the other tests)."""

from __future__ import annotations

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.models import EngineInfo
from dockertui.engine.target import DaemonTarget
from dockertui.engine.unavailable import DaemonUnavailable

FAKE_ENGINE = EngineInfo(
    product="Docker", version="20.10.24+dfsg1", api_version="1.41", min_api_version="1.12",
    os="linux", arch="amd64", kernel="6.1.0",
)


class FakeAPI:
    def __init__(self, states: list[str]) -> None:
        self._states = states

    def containers(self, all: bool = False):  # noqa: A002 - docker-py's own keyword
        return [{"Id": f"c{i}", "State": state} for i, state in enumerate(self._states)]

    def close(self) -> None:
        pass


def fake_connector(states: list[str]):
    def connector(target: DaemonTarget) -> DaemonConnection:
        return DaemonConnection(target=target, api=FakeAPI(states), engine=FAKE_ENGINE)

    return connector


def refusing_connector(target: DaemonTarget) -> DaemonConnection:
    raise DaemonUnavailable(
        target, "missing", "no daemon socket at /nonexistent.sock (is dockerd running?)",
        ("Start the daemon: `sudo systemctl start docker`, or run `sudo dockerd` yourself.",
         "Point dockertui at another daemon: --host / DOCKER_HOST (unix://…, tcp://host:2376, "
         "ssh://user@host) or --context NAME."),
    )
