"""The version and the list read over the socket before docker-py loads, shown at once and
made the seed of the live inventory (engine/first_look.py)."""

from __future__ import annotations

import threading

import pytest

from dockertui.engine import connection as connection_module
from dockertui.engine.first_look import first_look
from dockertui.engine.target import DaemonTarget
from dockertui.ui import daemon_link
from dockertui.ui.app import DockerTUI
from tests.support.hostile import PAYLOAD
from tests.support.hostile_daemon import AnsweringSocket, HostileDaemon, replace_everywhere
from tests.support.pilot import wait_for

MARKER = "xfirstlookx"


def test_it_reads_what_docker_ps_reads(docker_host, docker_client, containers) -> None:
    box = containers.running()
    look = first_look(DaemonTarget(host=docker_host))
    assert look is not None
    version = docker_client.version()
    assert (look.engine.version, look.engine.api_version) == (version["Version"], version["ApiVersion"])
    listed = {c.id: c for c in look.containers}
    assert set(listed) == {c["Id"] for c in docker_client.api.containers(all=True)}
    assert listed[box.id].name == box.name and listed[box.id].state == "running"


def test_nothing_for_other_addresses_or_what_is_not_a_daemon(tmp_path) -> None:
    assert first_look(DaemonTarget(host="tcp://127.0.0.1:1")) is None
    assert first_look(DaemonTarget(host=f"unix://{tmp_path}/nothing.sock")) is None
    refusing = AnsweringSocket(str(tmp_path / "refusing.sock"), 403, "no")
    try:
        assert first_look(DaemonTarget(host=refusing.url)) is None
    finally:
        refusing.stop()


def test_hostile_rows_are_made_safe(docker_host, containers, tmp_path) -> None:
    box = containers.running(name=f"dtui-test-{MARKER}")
    upstream = docker_host[len("unix://") :]
    proxy = HostileDaemon(str(tmp_path / "hostile.sock"), upstream, replace_everywhere(MARKER, PAYLOAD))
    proxy.start()
    try:
        look = first_look(DaemonTarget(host=proxy.url))
    finally:
        proxy.stop()
    assert look is not None
    row = next(c for c in look.containers if c.id == box.id)
    assert "\x1b" not in row.name and "\x07" not in row.name and "␛" in row.name


@pytest.fixture
def held_connection(monkeypatch):
    """The real connection, held until the test sets the event it yields (the first look runs
    only with the real connector: the stand-in takes its place in daemon_link too)."""
    release = threading.Event()

    def slow_connect(target, *args, **kwargs):
        release.wait(60)
        return connection_module.connect(target, *args, **kwargs)

    monkeypatch.setattr(daemon_link, "connect", slow_connect)
    yield release, slow_connect
    release.set()


async def test_shown_before_the_connection_and_the_seed_of_the_live_list(
    docker_host, docker_client, containers, held_connection
) -> None:
    """While docker-py is still connecting, the first look's rows are on screen; a container
    removed meanwhile goes once the live list starts (the inventory was seeded with them)."""
    kept, going = containers.running(), containers.running()
    release, slow_connect = held_connection
    app = DockerTUI(DaemonTarget(host=docker_host), connector=slow_connect)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            table = app.query_one("#containers-table")
            await wait_for(pilot, lambda: {kept.id, going.id} <= set(table.keys), what="the first look's rows")
            assert app.session is None
            going.remove(force=True)
            release.set()
            await wait_for(pilot, lambda: app.session is not None and app.live is not None, what="connected")
            await wait_for(pilot, lambda: going.id not in table.keys, what="the removed container gone")
            assert kept.id in table.keys
    finally:
        release.set()


async def test_rows_listed_before_the_stats_hub_get_their_cpu_column(docker_host, containers, held_connection) -> None:
    """The rows on screen did not change when the session came: the hub must be asked anyway
    (the CPU column stayed empty for good)."""
    box = containers.running()
    release, slow_connect = held_connection
    app = DockerTUI(DaemonTarget(host=docker_host), connector=slow_connect)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            table = app.query_one("#containers-table")
            await wait_for(pilot, lambda: box.id in table.keys, what="the first look's rows")
            table.select_key(box.id)  # on screen, whatever else the daemon holds
            await wait_for(pilot, lambda: box.id in table.visible_keys(), what="its row on screen")
            await pilot.pause(0.3)  # (the pane has asked for its streams by now, with no hub to ask)
            release.set()
            await wait_for(pilot, lambda: app.stats_hub is not None, what="connected")
            await wait_for(pilot, lambda: box.id in app.stats_hub.watched, what="the CPU column's stream")
    finally:
        release.set()
