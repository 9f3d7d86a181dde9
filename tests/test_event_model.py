"""Units of the live model: event parsing, summaries, diffs, and the bounded events pane."""

from __future__ import annotations

from dockertui.engine.events import EVENT_TYPES, parse_event
from dockertui.engine.inventory import ContainerSummary, ImageSummary, InventoryDiff
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.panes.events import TYPE_TOGGLES, EventsPane
from tests.support.fakes import fake_connector

IMAGE_ID = "sha256:" + "ab" * 32


def raw_event(event_type: str, action: str, actor_id: str = "c" * 64, n: int = 0, **attributes) -> dict:
    return {
        "Type": event_type,
        "Action": action,
        "Actor": {"ID": actor_id, "Attributes": attributes},
        "scope": "local",
        "time": 1795837266,
        "timeNano": 1795837266000000000 + n,
    }


def test_container_event_fields_and_key_attributes() -> None:
    event = parse_event(
        raw_event("container", "die", name="web", exitCode="137", image="nginx", **{"com.example.label": "noise"})
    )
    assert (event.type, event.action, event.object_name, event.action_class) == ("container", "die", "web", "stopped")
    assert event.key_attributes() == "exitCode=137 image=nginx"
    assert "noise" not in event.key_attributes()


def test_exec_and_health_actions_are_split() -> None:
    exec_event = parse_event(raw_event("container", "exec_start: sh -c ls", name="web"))
    assert (exec_event.action, exec_event.detail, exec_event.action_class) == ("exec_start", "sh -c ls", "exec")
    health = parse_event(raw_event("container", "health_status: unhealthy", name="web"))
    assert (health.action, health.detail, health.action_class) == ("health_status", "unhealthy", "unhealthy")


def test_untag_resolves_the_sha_to_known_tags() -> None:
    raw = raw_event("image", "untag", actor_id=IMAGE_ID, name=IMAGE_ID)
    assert parse_event(raw, {IMAGE_ID: "app:1, app:latest"}.get).object_name == "app:1, app:latest"
    assert parse_event(raw).object_name == "ab" * 6  # unknown: a short ID, not the full sha


def test_network_event_names_the_container() -> None:
    event = parse_event(
        raw_event("network", "connect", actor_id="n" * 64, name="bridge", container="c" * 64, type="bridge"),
        container_names={"c" * 64: "web"}.get,
    )
    assert event.object_name == "bridge"
    assert event.key_attributes() == "container=web type=bridge"
    assert event.matches("WEB") and not event.matches("db")


def test_every_type_has_a_toggle() -> None:
    assert {group for _, group in TYPE_TOGGLES} == {*EVENT_TYPES, "other"}
    assert parse_event(raw_event("plugin", "enable")).type_group == "other"


def test_container_summary_from_api() -> None:
    summary = ContainerSummary.from_api(
        {
            "Id": "c" * 64,
            "Names": ["/web-1"],
            "Image": "nginx",
            "State": "exited",
            "Status": "Exited (137) 3 minutes ago",
            "Created": 1,
            "Labels": {"com.docker.compose.project": "shop"},
            "Ports": [
                {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
                {"IP": "::", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
                {"IP": "127.0.0.1", "PrivatePort": 53, "PublicPort": 8053, "Type": "udp"},
                {"PrivatePort": 9000, "Type": "tcp"},
            ],
        }
    )
    assert summary.name == "web-1" and summary.exit_code == 137 and summary.state_text == "exited (137)"
    assert [str(p) for p in summary.ports] == ["127.0.0.1:8053→53/udp", "8080→80", "9000/tcp"]
    assert summary.project == "shop"
    healthy = ContainerSummary.from_api(
        {"Id": "d" * 64, "Names": ["/db"], "State": "running", "Status": "Up 2 hours (healthy)"}
    )
    assert healthy.state_text == "running (healthy)"


def test_diff_merge_keeps_the_latest_word() -> None:
    a = ContainerSummary.from_api({"Id": "a", "Names": ["/a"], "State": "running"})
    a_exited = ContainerSummary.from_api({"Id": "a", "Names": ["/a"], "State": "exited"})
    b = ContainerSummary.from_api({"Id": "b", "Names": ["/b"], "State": "running"})
    first = InventoryDiff()
    first.containers.add([a, b])
    later = InventoryDiff()
    later.containers.add([a_exited], ["b"])
    first.merge(later)
    assert first.containers.upserted == [a_exited] and first.containers.removed == ["b"]
    again = InventoryDiff()
    again.containers.add(removed=["a"])
    back = InventoryDiff()
    back.containers.add([a])
    again.merge(back)
    assert again.containers.upserted == [a] and again.containers.removed == []
    assert again and not InventoryDiff()
    image = ImageSummary.from_api({"Id": IMAGE_ID, "RepoTags": ["<none>:<none>"]})
    assert image.dangling and image.short_id == "ab" * 6


async def test_events_buffer_is_bounded_and_the_view_follows() -> None:
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(EventsPane)
        pane.buffer = type(pane.buffer)(maxlen=50)
        await pilot.press("4")
        events = [
            parse_event(raw_event("container", "start", actor_id=f"{i:064d}", n=i, name=f"c{i}")) for i in range(120)
        ]
        for start in range(0, 120, 7):
            pane.add_events(events[start : start + 7])
        await pilot.pause()
        assert len(pane.buffer) == 50 and pane.total_seen == 120
        assert list(pane.event_log.rows) == events[-50:]
        assert pane.event_log.selected is events[-1]  # followed the tail
        await pilot.press("home")
        assert pane.event_log.selected is events[70]
        pane.add_events(events[:3])  # three more arrive while the cursor is at the top
        await pilot.pause()
        assert len(pane.event_log.rows) == 50 and pane.event_log.selected is events[73]
        # One batch larger than the buffer (a burst, a replay after a reconnection), then more:
        # the view keeps exactly what the buffer keeps.
        pane.add_events(events[:80])
        for event in events[80:100]:
            pane.add_events([event])
        await pilot.pause()
        assert list(pane.event_log.rows) == list(pane.buffer) == events[50:100]


async def test_events_that_arrived_while_hidden_all_show_when_the_pane_opens() -> None:
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(EventsPane)
        events = [
            parse_event(raw_event("container", "start", actor_id=f"{i:064d}", n=i, name=f"hidden{i}")) for i in range(5)
        ]
        pane.add_events(events)  # the containers pane is in front
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert pane.event_log.top == 0
        lines = [pane.event_log.render_line(y).text for y in range(5)]
        assert [line.split()[3] for line in lines] == [f"hidden{i}" for i in range(5)]


async def test_updates_that_arrive_before_the_panes_are_mounted_are_kept() -> None:
    """The stream can deliver before TabbedContent has mounted its panes (seen under load)."""
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector([], []))
    early = ContainerSummary.from_api({"Id": "e" * 64, "Names": ["/early"], "State": "running"})
    event = parse_event(raw_event("container", "start", actor_id="e" * 64, name="early"))
    app.containers_pane.apply([early], [])
    app.events_pane.add_events([event])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.query_one("#containers-table").keys == ["e" * 64]
        assert list(app.query_one(EventsPane).event_log.rows) == [event]


async def test_enter_on_an_image_event_finds_an_image_the_filter_hides() -> None:
    from dockertui.ui.widgets.event_log import EventLog
    from tests.support.pilot import wait_for

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#images-table").row_count > 0, what="image rows")
        await pilot.press("2", "slash", *"postgres", "enter")
        images = app.query_one("#images")
        assert all("postgres" in key for key in images.table.keys)
        busybox = "sha256:" + "11" * 32
        app.post_message(
            EventLog.JumpRequested(parse_event(raw_event("image", "tag", actor_id=busybox, name="busybox:latest")))
        )
        await wait_for(pilot, lambda: (images.table.cursor_key or "").startswith(busybox), what="the jump")
        assert app.query_one("#panes").active == "images"
        assert not any("no longer exists" in n.message for n in app._notifications)


async def test_an_update_queued_when_the_app_quits_is_dropped() -> None:
    """A throttled drain queued just before quitting ran after the panes' widgets were gone:
    a traceback at exit (seen under load)."""
    from tests.support.pilot import wait_for

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.live is not None, what="the live session")
        await app.query_one("#event-log").remove()  # as quitting takes the widgets away
        app.live._queue(event=parse_event(raw_event("container", "start", name="late")))
        app.exit()
        app.live_router.drain_live()  # the queued drain runs now: it must do nothing
