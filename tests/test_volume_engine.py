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
