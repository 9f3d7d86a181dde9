"""Actions under way, per container: what the State cell says until the daemon's event.

A stop of a container that ignores SIGTERM takes the whole stop timeout, and the
list only changes when the daemon's event arrives. Meanwhile the row says what is
happening and for how long ("stopping… 4s"). A transition ends when the container
reaches the state the action leads to, when the action fails, or shortly after the
action returned (the event is then on its way, or the state never changes — a start
of a container that exits at once).
"""

from __future__ import annotations

from dataclasses import dataclass

from dockertui.engine.container_actions import Action

#: Seconds a finished action's transition is still shown while its event is awaited.
SETTLE_GRACE = 2.0

_STOPPED = ("running", "paused", "restarting")


def reached(action: Action, state: str) -> bool:
    """Whether a container in ``state`` shows the end of ``action``."""
    if action in (Action.STOP, Action.KILL):
        return state not in _STOPPED
    if action in (Action.START, Action.UNPAUSE):
        return state == "running"
    if action is Action.PAUSE:
        return state == "paused"
    return False  # restart: running before and after; remove: the row goes away


@dataclass
class Transition:
    action: Action
    started: float
    finished: float | None = None

    def label(self, now: float) -> str:
        return f"{self.action.progressive}… {max(0, int(now - self.started))}s"


class Transitions:
    """The actions under way, by container ID (touched by the UI thread only)."""

    def __init__(self) -> None:
        self._under_way: dict[str, Transition] = {}

    def __bool__(self) -> bool:
        return bool(self._under_way)

    def __contains__(self, container_id: str) -> bool:
        return container_id in self._under_way

    def ids(self) -> set[str]:
        return set(self._under_way)

    def get(self, container_id: str) -> Transition | None:
        return self._under_way.get(container_id)

    def begin(self, container_ids: list[str], action: Action, now: float) -> None:
        for container_id in container_ids:
            self._under_way[container_id] = Transition(action, now)

    def finish(self, container_id: str, action: Action, *, succeeded: bool, now: float, state: str | None) -> None:
        """``action`` on this container returned; ``state`` is the row's state now (None: gone).
        An earlier action's answer leaves a later one's transition alone (r right after s)."""
        transition = self._under_way.get(container_id)
        if transition is None or transition.action is not action:
            return
        if not succeeded or state is None or reached(transition.action, state) or transition.action is Action.RESTART:
            del self._under_way[container_id]
        else:
            transition.finished = now

    def observe(self, container_id: str, state: str | None) -> bool:
        """The row changed (None: removed). True when that ended its transition."""
        transition = self._under_way.get(container_id)
        if transition is None:
            return False
        if state is None or reached(transition.action, state):
            del self._under_way[container_id]
            return True
        return False

    def expire(self, now: float) -> set[str]:
        """End the transitions whose action returned a while ago; their IDs."""
        over = {
            cid for cid, t in self._under_way.items() if t.finished is not None and now - t.finished >= SETTLE_GRACE
        }
        for container_id in over:
            del self._under_way[container_id]
        return over
