"""The live event stream against the real daemon: the events pane, the lists it keeps
current, reconnection after an outage, and a prompt exit."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.widgets.feed_banner import FeedBanner
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pilot import bar_text, wait_for
from tests.support.socket_proxy import UnixSocketProxy


def events_pane(app):
    return app.query_one("#events")


def log_rows(app):
    return list(events_pane(app).event_log.rows)


def actions_for(app, name: str) -> list[str]:
    return [event.action for event in log_rows(app) if event.type == "container" and event.object_name == name]


async def started(app, pilot) -> None:
    await wait_for(
        pilot,
        lambda: (
            app.live is not None and app.live.full_relists >= 1 and app.query_one("#containers-table").row_count >= 1
        ),
        what="first listing",
    )


@pytest.fixture
def app(docker_host, standard_containers):
    return DockerTUI(DaemonTarget(host=docker_host), backoff=(0.1, 0.2))


async def test_run_rm_shows_create_start_die_destroy_within_300ms(app, docker_client, fixture_images) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4")
        name = f"dtui-test-run-{uuid.uuid4().hex[:6]}"
        docker_client.containers.run(
            fixture_images.busybox, ["true"], name=name, remove=True, labels={TEST_LABEL: RUN_ID}
        )
        returned = time.monotonic()
        await wait_for(pilot, lambda: "destroy" in actions_for(app, name), timeout=20, what="destroy event")
        lag = time.monotonic() - returned
        actions = actions_for(app, name)
        assert [a for a in actions if a in ("create", "start", "die", "destroy")] == [
            "create",
            "start",
            "die",
            "destroy",
        ]
        assert lag <= 0.3, f"events shown {lag:.3f} s after `docker run --rm` returned"
        die = next(e for e in log_rows(app) if e.object_name == name and e.action == "die")
        assert die.attributes["exitCode"] == "0" and "exitCode=0" in die.key_attributes()


async def test_containers_pane_follows_events_alone(app, containers) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        table = app.query_one("#containers-table")
        relists = app.live.full_relists
        # Put the cursor on a container that stays; rows will come and go around it.
        keeper = containers.running(name=f"m-keeper-{uuid.uuid4().hex[:6]}")
        await wait_for(pilot, lambda: keeper.id in table.keys, what="keeper row")
        assert table.select_key(keeper.id)

        before = containers.running(name=f"a-before-{uuid.uuid4().hex[:6]}")  # sorts above the cursor
        await wait_for(
            pilot,
            lambda: before.id in table.keys and "running" in app.query_one("#containers").items[before.id].state_text,
            what="new container row, running",
        )
        assert table.cursor_key == keeper.id

        before.stop(timeout=1)
        await wait_for(
            pilot, lambda: "exited" in app.query_one("#containers").items[before.id].state_text, what="state change"
        )
        before.remove()
        await wait_for(pilot, lambda: before.id not in table.keys, what="row removed")
        assert table.cursor_key == keeper.id
        # All of that came from events and targeted refreshes, not from re-listing.
        assert app.live.full_relists == relists
        assert app.live.targeted_refreshes >= 3


async def test_header_counts_follow_events(app, docker_client, containers) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)

        def real_counts() -> str:
            summaries = docker_client.api.containers(all=True)
            running = sum(1 for s in summaries if s["State"] == "running")
            return f"{running}/{len(summaries)} running"

        await wait_for(pilot, lambda: bar_text(app, "counts") == real_counts(), what="counts")
        containers.running()
        await wait_for(pilot, lambda: bar_text(app, "counts") == real_counts(), what="counts after start")


async def test_pause_clear_filter_toggle(app, containers) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4")
        pane = events_pane(app)
        first = containers.running(name=f"dtui-test-p1-{uuid.uuid4().hex[:6]}")
        await wait_for(pilot, lambda: "start" in actions_for(app, first.name), what="first start")

        await pilot.press("space")
        assert pane.paused
        shown = len(log_rows(app))
        second = containers.running(name=f"dtui-test-p2-{uuid.uuid4().hex[:6]}")
        await wait_for(
            pilot,
            lambda: any(e.action == "start" and e.object_name == second.name for e in pane.buffer),
            what="the second start counted while paused",
        )
        assert len(log_rows(app)) == shown
        assert "PAUSED" in str(app.query_one("#events-status").render())
        assert f"{pane.arrived_while_paused} new" in str(app.query_one("#events-status").render())
        await pilot.press("space")
        assert not pane.paused
        assert "start" in actions_for(app, second.name)

        await pilot.press("slash")
        field = app.query_one("#events-filter")
        assert field.has_focus
        field.value = second.name
        await pilot.pause()
        assert log_rows(app) and all(
            second.name in (e.object_name + e.key_attributes()) or second.id[:12] in e.key_attributes()
            for e in log_rows(app)
        )
        await pilot.press("enter")
        assert pane.event_log.has_focus and pane.text_filter == second.name

        await pilot.press("N")  # hide network events
        assert not any(e.type == "network" for e in log_rows(app))
        await pilot.press("N")
        assert any(e.type == "network" for e in log_rows(app))

        await pilot.press("slash", "escape")
        assert pane.text_filter == "" and not field.display
        assert any(first.name == e.object_name for e in log_rows(app))

        await pilot.press("c")
        assert log_rows(app) == [] and len(pane.buffer) == 0


async def test_enter_jumps_to_the_container(app, containers) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4")
        target = containers.running(name=f"dtui-test-jump-{uuid.uuid4().hex[:6]}")
        await wait_for(
            pilot,
            lambda: "start" in actions_for(app, target.name) and target.id in app.query_one("#containers-table").keys,
            what="start event and row",
        )
        log = events_pane(app).event_log
        log.cursor = next(i for i, e in enumerate(log.rows) if e.object_name == target.name and e.action == "start")
        await pilot.press("enter")
        assert app.query_one("#panes").active == "containers"
        assert app.query_one("#containers-table").cursor_key == target.id
        assert app.query_one("#containers-table").has_focus


async def test_enter_on_volume_and_network_events_jumps_to_them(app, docker_client) -> None:
    """Each in its pane, with the cursor on it (the volume by name, the network by ID)."""
    name = f"dtui-test-jump-{uuid.uuid4().hex[:6]}"
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4")
        volume = docker_client.volumes.create(name, labels={TEST_LABEL: RUN_ID})
        network = docker_client.networks.create(name, labels={TEST_LABEL: RUN_ID})
        try:
            for kind, key, pane_id in (("volume", volume.name, "volumes"), ("network", network.id, "networks")):
                table = app.query_one(f"#{pane_id}-table")
                await wait_for(
                    pilot,
                    lambda kind=kind, key=key, table=table: (
                        any(e.type == kind and e.action == "create" and e.actor_id == key for e in log_rows(app))
                        and key in table.keys
                    ),
                    what=f"the {kind}'s create event and row",
                )
                await pilot.press("4")
                log = events_pane(app).event_log
                log.cursor = next(
                    i for i, e in enumerate(log.rows) if e.type == kind and e.action == "create" and e.actor_id == key
                )
                await pilot.press("enter")
                assert app.query_one("#panes").active == pane_id
                assert table.cursor_key == key
        finally:
            network.remove()
            volume.remove()


async def test_untag_event_names_the_image_and_the_images_pane_follows(app, docker_client, fixture_images) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("2")
        image = docker_client.images.get(fixture_images.busybox)
        repository = f"dtui-test-tag-{RUN_ID}"
        image.tag(repository, "v1")
        table = app.query_one("#images-table")
        row = f"{image.id}|{repository}:v1"
        await wait_for(pilot, lambda: row in table.keys, what="tag row")
        docker_client.images.remove(f"{repository}:v1")
        await wait_for(pilot, lambda: row not in table.keys, what="tag row removed")
        await wait_for(pilot, lambda: any(e.action == "untag" for e in log_rows(app)), what="untag event")
        untag = [e for e in log_rows(app) if e.action == "untag"][-1]
        assert untag.attributes["name"].startswith("sha256:")
        assert f"{repository}:v1" in untag.object_name


@pytest.fixture
def proxy(tmp_path: Path, docker_host: str):
    if not docker_host.startswith("unix://"):
        pytest.skip("the proxy forwards to a unix-socket daemon")
    proxy = UnixSocketProxy(str(tmp_path / "docker.sock"), docker_host[len("unix://") :])
    proxy.start()
    yield proxy
    proxy.stop()


async def test_stream_lost_banner_reconnect_and_replay(proxy, standard_containers, containers) -> None:
    app = DockerTUI(DaemonTarget(host=proxy.url), backoff=(0.2, 0.3, 0.5))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        banner = app.query_one(FeedBanner)
        assert not banner.display
        table = app.query_one("#containers-table")
        doomed = containers.running(name=f"dtui-test-doomed-{uuid.uuid4().hex[:6]}")
        await wait_for(pilot, lambda: doomed.id in table.keys, what="doomed row")

        proxy.stop()  # the daemon is unreachable: stream cut, new connections refused
        await wait_for(pilot, lambda: banner.display, what="reconnecting banner")
        assert "reconnecting" in str(banner.render())
        assert bar_text(app, "engine") == "reconnecting…"
        # Things happen while we are away: one created, one removed.
        during = containers.running(name=f"dtui-test-outage-{uuid.uuid4().hex[:6]}")
        doomed.remove(force=True)
        await pilot.pause(0.5)
        assert during.id not in table.keys  # nothing can arrive while away

        proxy.start()
        await wait_for(pilot, lambda: not banner.display, timeout=10, what="reconnection")
        assert "API" in bar_text(app, "engine")
        await wait_for(
            pilot, lambda: "create" in actions_for(app, during.name), timeout=10, what="replayed create event"
        )
        await wait_for(
            pilot,
            lambda: during.id in table.keys and doomed.id not in table.keys,
            timeout=10,
            what="no stale rows after the outage",
        )
        assert app.is_running


async def test_quit_with_a_live_stream_ends_its_threads(app) -> None:
    """How fast is a figure of benchmarks/startup.py; here that nothing is left."""
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        live = app.live
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, timeout=20, what="quit")
    assert live.join(20), "the event threads were still running after quit"
