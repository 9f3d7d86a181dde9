"""Lifecycle actions on containers, by ID, with the daemon's own words on failure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error

if TYPE_CHECKING:
    from docker import APIClient


class Action(str, Enum):
    STOP = "stop"
    START = "start"
    RESTART = "restart"
    PAUSE = "pause"
    UNPAUSE = "unpause"
    KILL = "kill"
    REMOVE = "remove"

    @property
    def progressive(self) -> str:
        """ "stopping", "removing"… for progress messages."""
        return {
            "stop": "stopping",
            "start": "starting",
            "restart": "restarting",
            "pause": "pausing",
            "unpause": "unpausing",
            "kill": "killing",
            "remove": "removing",
        }[self.value]

    @property
    def past(self) -> str:
        return {
            "stop": "stopped",
            "start": "started",
            "restart": "restarted",
            "pause": "paused",
            "unpause": "unpaused",
            "kill": "killed",
            "remove": "removed",
        }[self.value]


@dataclass(frozen=True)
class ActionFailed(Exception):
    """The daemon refused; ``explanation`` is its message, verbatim."""

    action: Action
    container: str
    explanation: str

    def __str__(self) -> str:
        return f"{self.action.value} {self.container}: {self.explanation}"


#: Seconds a stop or restart waits before the daemon kills the container, unless the
#: container asks for its own (``docker run --stop-timeout``), as ``docker stop`` does.
STOP_TIMEOUT = 10


def stop_timeout(api: APIClient, container_id: str) -> int:
    """The container's own stop timeout, else Docker's default. Passed explicitly because
    docker-py's HTTP read timeout must cover it (it adds the value it is given)."""
    try:
        configured = api.inspect_container(container_id).get("Config", {}).get("StopTimeout")
    except Exception:  # noqa: BLE001 — the stop itself then says what is wrong
        return STOP_TIMEOUT
    return (
        configured
        if isinstance(configured, int) and not isinstance(configured, bool) and configured >= 0
        else STOP_TIMEOUT
    )


def run_action(api: APIClient, action: Action, container_id: str, *, name: str = "", force: bool = False) -> None:
    """Do ``action`` on the container (blocking). Raises ActionFailed with the daemon's message."""
    try:
        if action is Action.STOP:
            api.stop(container_id, timeout=stop_timeout(api, container_id))
        elif action is Action.START:
            api.start(container_id)
        elif action is Action.RESTART:
            api.restart(container_id, timeout=stop_timeout(api, container_id))
        elif action is Action.PAUSE:
            api.pause(container_id)
        elif action is Action.UNPAUSE:
            api.unpause(container_id)
        elif action is Action.KILL:
            api.kill(container_id)
        elif action is Action.REMOVE:
            api.remove_container(container_id, force=force)
    except Exception as error:
        raise ActionFailed(action, name or container_id[:12], explain_error(error)) from error
