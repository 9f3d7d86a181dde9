"""The model converges to the daemon's truth after any sequence of outside changes.

A seeded random walk of outside operations — create, start, stop, kill, pause,
unpause, rename, remove, several at once from threads — against the real daemon,
while a LiveSession follows its events. After each burst the model must equal what
the daemon lists (state, exit code, name) once the burst has settled; the wait is
generous and only the equality is asserted.
"""

from __future__ import annotations

import random
import threading
import time
import uuid

import docker
import pytest

from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.live_session import LiveSession
from tests.support.labels import RUN_ID, TEST_LABEL

WAIT = 20.0
IDLE = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]


def truth(api, label: str) -> dict[str, tuple]:
    return {
        raw["Id"]: view(ContainerSummary.from_api(raw)) for raw in api.containers(all=True, filters={"label": label})
    }


def view(summary: ContainerSummary) -> tuple:
    return summary.name, summary.state, summary.exit_code


def model(session: LiveSession, label_key: str) -> dict[str, tuple]:
    return {
        cid: view(summary) for cid, summary in list(session.inventory.containers.items()) if label_key in summary.labels
    }


class Mirror:
    """What a UI that applies every drained diff in order shows (as the panes do): it must
    end equal to the model too. Diffs queued out of the order they were computed in once
    left rows there that the model no longer had."""

    def __init__(self) -> None:
        self.session: LiveSession | None = None
        self._rows: dict[str, ContainerSummary] = {}
        self._lock = threading.Lock()

    def ring(self) -> None:
        assert self.session is not None
        update = self.session.drain()
        if update.diff is None:
            return
        with self._lock:
            for summary in update.diff.containers.upserted:
                self._rows[summary.id] = summary
            for container_id in update.diff.containers.removed:
                self._rows.pop(container_id, None)

    def view(self, label_key: str) -> dict[str, tuple]:
        with self._lock:
            return {cid: view(summary) for cid, summary in self._rows.items() if label_key in summary.labels}


def followed(api) -> tuple[LiveSession, Mirror]:
    mirror = Mirror()
    session = LiveSession(api, notify=mirror.ring)
    mirror.session = session
    session.start()
    return session, mirror


def settle(session: LiveSession, mirror: Mirror, api, label: str, label_key: str) -> tuple[dict, dict, dict]:
    """Wait (generously) for model, what the UI shows and daemon to agree; return all three
    as last seen."""
    deadline = time.monotonic() + WAIT
    while True:
        expected, seen, shown = truth(api, label), model(session, label_key), mirror.view(label_key)
        if expected == seen == shown or time.monotonic() > deadline:
            return expected, seen, shown
        time.sleep(0.05)


@pytest.fixture
def walk_label():
    return f"dockertui.walk-{uuid.uuid4().hex[:6]}"


@pytest.fixture
def cleanup(docker_client, walk_label):
    yield
    for raw in docker_client.api.containers(all=True, filters={"label": walk_label}):
        try:
            docker_client.api.remove_container(raw["Id"], force=True)
        except docker.errors.NotFound:
            pass


@pytest.mark.parametrize("paused_first", [False, True], ids=["running", "paused"])
def test_six_killed_at_once_all_read_exited(docker_client, fixture_images, walk_label, cleanup, paused_first) -> None:
    """Paused first: a paused container killed read "paused" until the list agreed, and a
    re-read that early was taken as agreeing with its ``die`` (a hostile user's find)."""
    api = docker_client.api
    label = f"{walk_label}=1"
    ids = []
    for index in range(6):
        created = api.create_container(
            fixture_images.busybox,
            command=IDLE,
            name=f"{walk_label}-k{index}",
            labels={TEST_LABEL: RUN_ID, walk_label: "1"},
        )
        api.start(created["Id"])
        ids.append(created["Id"])
    session, mirror = followed(api)
    try:
        if paused_first:
            for cid in ids:
                api.pause(cid)
        expected, seen, shown = settle(session, mirror, api, label, walk_label)
        assert seen == expected and shown == expected
        assert {state for _, state, _ in seen.values()} == {"paused" if paused_first else "running"}
        threads = [threading.Thread(target=api.kill, args=(cid,)) for cid in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        expected, seen, shown = settle(session, mirror, api, label, walk_label)
        assert seen == expected and shown == expected
        assert {(state, code) for _, state, code in seen.values()} == {("exited", 137)}
    finally:
        session.close()
        assert session.join(5.0)


@pytest.mark.parametrize("seed", [12, 2026])
def test_random_outside_changes_converge(docker_client, fixture_images, walk_label, cleanup, seed) -> None:
    api = docker_client.api
    rng = random.Random(seed)
    label = f"{walk_label}=1"
    names = iter(range(10_000))

    def create(start: bool) -> None:
        command = rng.choice([IDLE, ["sh", "-c", f"exit {rng.randint(0, 3)}"], ["sh", "-c", "sleep 0.3"]])
        created = api.create_container(
            fixture_images.busybox,
            command=command,
            name=f"{walk_label}-{next(names)}",
            labels={TEST_LABEL: RUN_ID, walk_label: "1"},
        )
        if start:
            api.start(created["Id"])

    def act(container_id: str, action: str) -> None:
        try:
            if action == "start":
                api.start(container_id)
            elif action == "stop":
                api.stop(container_id, timeout=1)
            elif action == "kill":
                api.kill(container_id)
            elif action == "pause":
                api.pause(container_id)
            elif action == "unpause":
                api.unpause(container_id)
            elif action == "rename":
                api.rename(container_id, f"{walk_label}-{next(names)}")
            elif action == "remove":
                api.remove_container(container_id, force=True)
        except docker.errors.APIError:
            pass  # not running, already paused, gone: the walk goes on

    session, mirror = followed(api)
    try:
        for _ in range(3):
            create(start=True)
        for burst in range(8):
            existing = list(truth(api, label))
            work = []
            for _ in range(rng.randint(1, 6)):
                choice = rng.random()
                if choice < 0.2 or not existing:
                    work.append(threading.Thread(target=create, args=(rng.random() < 0.7,)))
                else:
                    action = rng.choice(["start", "stop", "kill", "kill", "pause", "unpause", "rename", "remove"])
                    work.append(threading.Thread(target=act, args=(rng.choice(existing), action)))
            for thread in work:
                thread.start()
            for thread in work:
                thread.join()
            # Containers that exit by themselves (exit N, sleep 0.3) are outside changes too.
            time.sleep(rng.choice([0.0, 0.1, 0.5]))
            expected, seen, shown = settle(session, mirror, api, label, walk_label)
            assert seen == expected, f"burst {burst} (seed {seed}): the model"
            assert shown == expected, f"burst {burst} (seed {seed}): what the UI shows"
    finally:
        session.close()
        assert session.join(5.0)
