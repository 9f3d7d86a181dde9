"""The volume verbs against the real daemon: sizes from /system/df, create, remove, prune
filters, labels typed as words."""

from __future__ import annotations

import docker
import pytest

from dockertui.engine.connection import connect
from dockertui.engine.safe_text import safe_text
from dockertui.engine.session import DaemonSession
from dockertui.engine.target import DaemonTarget
from dockertui.engine.volume_actions import InvalidLabels, VolumeActionFailed, parse_labels, prune_filters
from dockertui.engine.volume_usage import VolumeUsage, usage_from_df
from tests.support.hostile import PAYLOAD
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.volumes import VolumeFactory, unique_volume_name

MIB = 1024 * 1024


@pytest.fixture
def volumes(docker_client):
    factory = VolumeFactory(docker_client)
    yield factory
    factory.cleanup()


@pytest.fixture
def session(docker_host):
    made = DaemonSession(connect(DaemonTarget(host=docker_host)))
    yield made
    made.close()


def test_a_volume_with_data_has_its_size_and_users(session, volumes, docker_client, fixture_images) -> None:
    filled = volumes.with_data(fixture_images.busybox, megabytes=5)
    volumes.user(fixture_images.busybox, filled)
    empty = volumes.create()
    report = session.volume_usage()
    usage = report.get(filled)
    assert usage is not None and usage.size is not None and usage.size >= 5 * MIB
    assert usage.ref_count == 1
    # What `docker system df -v` shows: the same daemon figure.
    row = next(v for v in docker_client.api.df()["Volumes"] if v["Name"] == filled)
    assert usage.size == row["UsageData"]["Size"]
    assert report.get(empty) == VolumeUsage(size=0, ref_count=0)
    assert report.total_size({filled, empty}) == usage.size


def test_unknown_sizes_stay_unknown_and_odd_rows_are_left_out() -> None:
    report = usage_from_df(
        {
            "Volumes": [
                {"Name": "remote", "UsageData": {"Size": -1, "RefCount": -1}},
                {"Name": "no-data"},
                {"Name": f"x{PAYLOAD}", "UsageData": {"Size": 3, "RefCount": True}},
                {"Name": ""},
                "not a row",
                {"UsageData": {"Size": 1}},
            ]
        }
    )
    assert report.volumes == {
        "remote": VolumeUsage(None, None),
        "no-data": VolumeUsage(None, None),
        safe_text(f"x{PAYLOAD}"): VolumeUsage(3, None),
    }
    assert usage_from_df({"Volumes": None}).volumes == {} and usage_from_df([]).volumes == {}


def test_removing_a_volume_in_use_is_refused_with_the_daemons_words(
    session, volumes, docker_client, fixture_images
) -> None:
    name = volumes.create()
    volumes.user(fixture_images.busybox, name)
    with pytest.raises(VolumeActionFailed) as refused:
        session.remove_volume(name)
    assert "volume is in use" in refused.value.explanation
    assert docker_client.volumes.get(name).name == name  # never forced


def test_create_with_labels_anonymous_and_a_taken_name(session, volumes, docker_client) -> None:
    name = unique_volume_name()
    made = session.create_volume(name, "local", {TEST_LABEL: RUN_ID, "team": "core infra"})
    volumes.adopt(made.name)
    assert made.name == name and made.driver == "local"
    assert docker_client.api.inspect_volume(name)["Labels"] == {TEST_LABEL: RUN_ID, "team": "core infra"}
    with pytest.raises(VolumeActionFailed, match="already exists"):
        session.create_volume(name, "local", {"other": "x"})
    assert docker_client.api.inspect_volume(name)["Labels"] == {TEST_LABEL: RUN_ID, "team": "core infra"}
    anonymous = session.create_volume(labels={TEST_LABEL: RUN_ID})
    volumes.adopt(anonymous.name)
    assert anonymous.anonymous and len(anonymous.short_name) == 12
    with pytest.raises(VolumeActionFailed) as bad:
        session.create_volume("bad name!", "local")
    assert "bad name!" in bad.value.explanation  # the daemon's words
    with pytest.raises(VolumeActionFailed):
        session.create_volume(unique_volume_name(), "no-such-driver")
    assert not [v for v in docker_client.api.volumes()["Volumes"] if v["Driver"] == "no-such-driver"]


def test_inspect_volume_is_safe_and_missing_ones_say_so(session, volumes) -> None:
    name = volumes.create(labels={"hostile": PAYLOAD})
    document = session.inspect_volume(name)
    assert document["Labels"]["hostile"] == safe_text(PAYLOAD) and "\x1b" not in str(document)
    with pytest.raises(VolumeActionFailed, match="no such volume"):
        session.inspect_volume(unique_volume_name("missing"))
    with pytest.raises(docker.errors.NotFound):
        session._api.inspect_volume(unique_volume_name("missing"))


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("", {}),
        ("a=b", {"a": "b"}),
        ("env=dev team='core infra' empty=", {"env": "dev", "team": "core infra", "empty": ""}),
        ("url=http://x?a=b", {"url": "http://x?a=b"}),
    ],
)
def test_labels_as_words(text, labels) -> None:
    assert parse_labels(text) == labels


@pytest.mark.parametrize(("text", "said"), [("justakey", "not key=value"), ("=v", "not key=value"), ("a='b", "quot")])
def test_bad_labels_are_refused(text, said) -> None:
    with pytest.raises(InvalidLabels, match=said):
        parse_labels(text)


def test_prune_asks_for_all_unused_only_where_the_daemon_needs_it() -> None:
    assert prune_filters("1.41", "Docker") is None  # 20.10 prunes every unused volume
    assert prune_filters("1.42", "Docker") == {"all": "true"}  # 23.0+: only anonymous ones otherwise
    assert prune_filters("1.45", "Docker") == {"all": "true"}
    assert prune_filters("1.41", "Podman") is None  # refuses "all" as an invalid volume filter
    assert prune_filters("1.43", "Podman") is None
    assert prune_filters("?", "Docker") is None


class RecordingAPI:
    """Records the prune request: a daemon of API 1.43 is not at hand here."""

    def __init__(self, api_version: str) -> None:
        self.api_version = api_version
        self.filters: list[object] = []

    def prune_volumes(self, filters=None):
        self.filters.append(filters)
        return {"VolumesDeleted": ["a", "b", None], "SpaceReclaimed": 2048}


def test_prune_sends_all_true_to_a_newer_docker_and_reads_the_answer() -> None:
    from dockertui.engine.volume_actions import prune_volumes

    newer, older = RecordingAPI("1.43"), RecordingAPI("1.41")
    report = prune_volumes(newer, "Docker")
    prune_volumes(older, "Docker")
    assert newer.filters == [{"all": "true"}] and older.filters == [None]
    assert report.deleted == ("a", "b") and report.space_reclaimed == 2048


async def test_sizes_unavailable_are_said_and_the_list_still_works(monkeypatch) -> None:
    """A daemon whose /system/df fails (an old Podman, a proxy that forbids it): the list
    and the users are there, the status line says why sizes are missing, and the prune
    question says the size is unknown."""
    from dockertui.ui.app import DockerTUI
    from dockertui.ui.screens.confirm import ConfirmDialog
    from tests.support.fake_volumes import FAKE_VOLUMES, with_mounts
    from tests.support.fakes import FAKE_CONTAINERS, FakeAPI, fake_connector
    from tests.support.pilot import wait_for

    def refused(self):
        import requests

        response = requests.Response()
        response.status_code = 403
        raise docker.errors.APIError("403", response=response, explanation="GET /system/df is not allowed here")

    monkeypatch.setattr(FakeAPI, "df", refused, raising=False)
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector(with_mounts(FAKE_CONTAINERS)))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one("#volumes")
        await wait_for(pilot, lambda: len(pane.items) == len(FAKE_VOLUMES), what="the volumes")
        await pilot.press("6")
        await wait_for(pilot, lambda: pane.usage_error, what="the failed read")
        assert "sizes unavailable: GET /system/df is not allowed here" in str(pane.status_text())
        assert str(pane.cells("pg-data")[2]) == "?" and str(pane.cells("pg-data")[3]) == "1 db"
        pane.table.focus()
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        body = str(app.screen.query_one("#confirm-body").render())
        assert "3 unused volume(s), an unknown size (sizes unavailable: GET /system/df" in body
        await pilot.press("n")
        assert "prune_volumes" not in app.session.connection.api.calls


async def test_prune_asks_nothing_when_the_daemon_does_not_answer_and_p_twice_asks_once(monkeypatch) -> None:
    """The hostile trial: with the daemon gone, P said "Counting…" and nothing else, and the
    question popped up unasked once the daemon came back; P P stacked two questions."""
    import threading

    import requests

    from dockertui.ui.app import DockerTUI
    from dockertui.ui.screens.confirm import ConfirmDialog
    from tests.support.fake_volumes import FAKE_VOLUMES
    from tests.support.fakes import FakeAPI, fake_connector
    from tests.support.pilot import wait_for

    gone = threading.Event()
    release = threading.Event()

    def df(self):
        if gone.is_set():
            raise requests.exceptions.ConnectionError(
                "('Connection aborted.', FileNotFoundError(2, 'No such file or directory'))"
            )
        release.wait(30)
        return {"Volumes": [{"Name": v["Name"], "UsageData": {"Size": 10, "RefCount": 0}} for v in FAKE_VOLUMES]}

    monkeypatch.setattr(FakeAPI, "df", df, raising=False)
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.volumes_pane
        await pilot.press("6")
        await wait_for(pilot, lambda: bool(pane.items), what="volumes")
        await pilot.press("P", "P")
        release.set()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        await pilot.press("n")
        await pilot.pause(0.5)
        assert not isinstance(app.screen, ConfirmDialog), "a second question was stacked"
        gone.set()
        await pilot.press("P")
        await wait_for(
            pilot,
            lambda: any("connection to the daemon failed" in str(n.message) for n in app._notifications),
            what="the failure said",
        )
        await pilot.pause(0.5)
        assert not isinstance(app.screen, ConfirmDialog)
