"""Issue 16: the disk-usage model and prune per kind, without a daemon — the CLI's rules,
hostile answers, what each prune sends, the texts around them, and the screen opened
before the connection."""

from __future__ import annotations

import threading

import docker
import pytest
import requests

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.disk_usage import DiskUsage
from dockertui.engine.docker_units import human_size, truncated_percent
from dockertui.engine.prune import PruneFailed, PruneKind, prune, volumes_need_all
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.prune_texts import confirm_body, report
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.disk_usage import DiskUsageScreen
from tests.support.fakes import FAKE_DF, FAKE_ENGINE, fake_connector
from tests.support.pilot import wait_for


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0B"),
        (999, "999B"),
        (1000, "1kB"),
        (1234, "1.234kB"),
        (27_625_392, "27.63MB"),
        (5_243_000, "5.243MB"),
        (3_145_728, "3.146MB"),
        (999_999_999, "1000MB"),  # go-units: %.4g of 999.999999
        (1_000_000_000, "1GB"),
        (-2_126_278, "-2.126e+06B"),  # what the CLI prints for Podman's images
    ],
)
def test_sizes_read_as_the_docker_cli_writes_them(size, text) -> None:
    assert human_size(size) == text


def test_percent_truncates_towards_zero_as_go_does() -> None:
    assert truncated_percent(2, 3) == 66
    assert truncated_percent(-2, 3) == -66  # Python's // would say -67
    assert truncated_percent(25_640_000, 27_630_000) == 92


def test_the_clis_rules_kind_by_kind() -> None:
    answer = {
        "LayersSize": 1000,
        "Images": [
            {"Id": "a", "RepoTags": ["a:1"], "Containers": 2, "Size": 300, "SharedSize": 100},
            {"Id": "b", "RepoTags": ["<none>:<none>"], "Containers": 0, "Size": 200, "SharedSize": 0},
            {"Id": "c", "RepoTags": [], "Containers": 0, "Size": 150, "SharedSize": 50},
            # Unknown count (-1): the CLI counts it as used (≠ 0) but not as active (> 0).
            {"Id": "d", "RepoTags": ["d:1"], "Containers": -1, "Size": 100, "SharedSize": 0},
            # Unknown shared size: left out of "used".
            {"Id": "e", "RepoTags": ["e:1"], "Containers": 1, "Size": 100, "SharedSize": -1},
        ],
        "Containers": [
            {"Id": "1", "State": "running", "SizeRw": 10},
            {"Id": "2", "State": "paused", "SizeRw": 20},
            {"Id": "3", "State": "restarting", "SizeRw": 30},
            {"Id": "4", "State": "exited", "SizeRw": 40},
            {"Id": "5", "State": "created"},  # no SizeRw: 0
        ],
        "Volumes": [
            {"Name": "data", "UsageData": {"RefCount": 1, "Size": 500}},
            {"Name": "old", "UsageData": {"RefCount": 0, "Size": 300}},
            {"Name": "f" * 64, "UsageData": {"RefCount": 0, "Size": 100}},
            {"Name": "remote", "UsageData": {"RefCount": 0, "Size": -1}},  # unknown: not summed
        ],
        "BuildCache": [
            {"ID": "x", "InUse": True, "Shared": False, "Size": 70},
            {"ID": "y", "InUse": False, "Shared": False, "Size": 20},
            {"ID": "z", "InUse": True, "Shared": True, "Size": 500},  # shared: not in the size
        ],
    }
    usage = DiskUsage.from_api(answer)
    images, containers, volumes, cache = usage.kinds
    assert (images.kind, images.total, images.active, images.size) == ("Images", 5, 2, 1000)
    assert images.reclaimable == 1000 - (300 - 100) - (100 - 0)  # a and d are used; e unknown
    assert images.reclaimable_text == "700B (70%)"
    assert (containers.total, containers.active, containers.size, containers.reclaimable) == (5, 3, 100, 40)
    assert (volumes.kind, volumes.total, volumes.active, volumes.size, volumes.reclaimable) == (
        "Local Volumes",
        4,
        1,
        900,
        400,
    )
    assert (cache.kind, cache.total, cache.active, cache.size, cache.reclaimable) == ("Build Cache", 3, 2, 90, 20)
    assert cache.reclaimable_text == "20B"  # the CLI prints no percentage here
    # What each prune would take, roughly.
    assert (usage.dangling_images.count, usage.dangling_images.size) == (2, 200 + 100)
    assert usage.unused_images.count == 2
    assert (usage.stopped_containers.count, usage.stopped_containers.size) == (2, 40)
    assert (usage.unused_volumes.count, usage.unused_volumes.size, usage.named_unused_volumes) == (3, 400, 2)
    assert (usage.unused_cache.count, usage.unused_cache.size) == (1, 20)
    assert usage.note == ""


def test_networks_in_use_are_those_of_running_containers() -> None:
    answer = {
        "Containers": [
            {"State": "running", "NetworkSettings": {"Networks": {"front": {"NetworkID": "id-front"}}}},
            {"State": "paused", "NetworkSettings": {"Networks": {"renamed": {"NetworkID": "id-back"}}}},
            {"State": "exited", "NetworkSettings": {"Networks": {"old": {"NetworkID": "id-old"}}}},
        ]
    }
    networks = [
        {"Name": "bridge", "Id": "id-bridge"},
        {"Name": "host", "Id": "id-host"},
        {"Name": "none", "Id": "id-none"},
        {"Name": "front", "Id": "id-front"},
        {"Name": "back", "Id": "id-back"},
        {"Name": "old", "Id": "id-old"},  # only a stopped container: the daemon's prune takes it
        {"Name": "spare", "Id": "id-spare"},
    ]
    usage = DiskUsage.from_api(answer, networks)
    assert (usage.networks.total, usage.networks.active) == (7, 2)
    assert usage.networks.unused == ("old", "spare")


@pytest.mark.parametrize(
    "answer",
    [
        None,
        "yesterday",
        [],
        {"LayersSize": "lots", "Images": "none", "Containers": None, "Volumes": {"a": 1}, "BuildCache": 7},
        {
            "Images": [None, 3, {"Containers": "two", "Size": True, "SharedSize": None, "RepoTags": "x"}],
            "Containers": [{"State": 5, "SizeRw": "big", "NetworkSettings": {"Networks": ["x"]}}],
            "Volumes": [{"Name": None, "UsageData": "none"}, {"Name": "\x1b]0;owned\x07", "UsageData": {}}],
            "BuildCache": [{"InUse": "yes", "Shared": "no", "Size": -5}],
        },
    ],
)
def test_a_hostile_or_broken_answer_reads_without_crashing(answer) -> None:
    usage = DiskUsage.from_api(answer, [{"Name": "\x1b[2Jnet", "Id": 5}, "x", None])
    for kind in usage.kinds:
        assert isinstance(kind.size_text, str) and isinstance(kind.reclaimable_text, str)
    assert all("\x1b" not in name for name in usage.networks.unused)


def test_podman_without_a_layer_total_sums_the_images_and_says_so() -> None:
    """Podman 4.3 sends LayersSize 0 and VirtualSize 0 (measured): the CLI prints 0B and
    -2.126e+06B; summed from the images it reads as `podman system df` prints it."""
    answer = {
        "LayersSize": 0,
        "Images": [{"Containers": 1, "RepoTags": ["latest"], "SharedSize": 0, "Size": 2126278, "VirtualSize": 0}],
        "Containers": [{"State": "exited", "SizeRw": 3145740}],
        "Volumes": [],
        "BuildCache": [],
    }
    usage = DiskUsage.from_api(answer)
    assert (usage.images.size_text, usage.images.reclaimable_text) == ("2.126MB", "0B (0%)")
    assert "LayersSize" in usage.note and "Podman" in usage.note


def test_the_fake_daemons_figures() -> None:
    """The snapshot's figures, worked out by hand from tests/support/fakes.py."""
    usage = DiskUsage.from_api(FAKE_DF)
    assert [(k.kind, k.total, k.active, k.size_text, k.reclaimable_text) for k in usage.kinds] == [
        ("Images", 3, 2, "448.3MB", "12MB (2%)"),
        ("Containers", 7, 4, "4.398MB", "3.158MB (71%)"),
        ("Local Volumes", 2, 1, "59.77MB", "7.34MB (12%)"),
        ("Build Cache", 3, 1, "25MB", "24MB"),
    ]


# -- prune ----------------------------------------------------------------------------------


class StubAPI:
    """Records the prune calls and answers as the daemon would (or fails as told)."""

    def __init__(self, api_version: str = "1.41", answer: object = None, error: Exception | None = None) -> None:
        self.api_version = api_version
        self.calls: list[tuple[str, dict]] = []
        self._answer = answer
        self._error = error

    def __getattr__(self, name: str):
        if not name.startswith("prune_"):
            raise AttributeError(name)

        def call(**kwargs):
            self.calls.append((name, kwargs))
            if self._error is not None:
                raise self._error
            return self._answer

        return call


@pytest.mark.parametrize(
    ("kind", "version", "call"),
    [
        (PruneKind.CONTAINERS, "1.41", ("prune_containers", {})),
        (PruneKind.DANGLING_IMAGES, "1.41", ("prune_images", {"filters": {"dangling": True}})),
        (PruneKind.UNUSED_IMAGES, "1.41", ("prune_images", {"filters": {"dangling": False}})),
        (PruneKind.VOLUMES, "1.41", ("prune_volumes", {"filters": None})),
        (PruneKind.VOLUMES, "1.43", ("prune_volumes", {"filters": {"all": "true"}})),
        (PruneKind.NETWORKS, "1.41", ("prune_networks", {})),
        (PruneKind.BUILD_CACHE, "1.41", ("prune_builds", {"all": True})),
    ],
)
def test_what_each_prune_asks_the_daemon(kind, version, call) -> None:
    api = StubAPI(version, answer={})
    prune(api, kind)
    assert api.calls == [call]


def test_volume_prune_scope_by_api_version() -> None:
    assert not volumes_need_all("1.41") and not volumes_need_all("1.40")
    assert volumes_need_all("1.42") and volumes_need_all("1.47")
    assert not volumes_need_all("?")


def test_prune_answers_are_read_safely() -> None:
    answer = {
        "ImagesDeleted": [{"Untagged": "a:1"}, {"Deleted": "sha256:aa"}, None, {"Deleted": 5}],
        "SpaceReclaimed": 4096,
    }
    images = prune(StubAPI(answer=answer), PruneKind.UNUSED_IMAGES)
    assert (images.deleted, images.untagged, images.space_reclaimed) == (("sha256:aa",), ("a:1",), 4096)
    nothing = prune(StubAPI(answer={"ContainersDeleted": None, "SpaceReclaimed": 0}), PruneKind.CONTAINERS)
    assert (nothing.deleted, nothing.space_reclaimed) == ((), 0)
    hostile = prune(
        StubAPI(answer={"VolumesDeleted": ["\x1b]52;c;owned\x07"], "SpaceReclaimed": "many"}), PruneKind.VOLUMES
    )
    assert "\x1b" not in hostile.deleted[0] and hostile.space_reclaimed == 0
    networks = prune(StubAPI(answer={"NetworksDeleted": ["spare"]}), PruneKind.NETWORKS)
    assert (networks.deleted, networks.space_reclaimed) == (("spare",), None)
    assert prune(StubAPI(answer="garbage"), PruneKind.BUILD_CACHE).deleted == ()


def _api_error(status: int, explanation: str) -> docker.errors.APIError:
    response = requests.Response()
    response.status_code = status
    return docker.errors.APIError(f"{status} error", response=response, explanation=explanation)


def test_prune_failures_carry_the_daemons_words() -> None:
    busy = _api_error(409, "a prune operation is already running")
    with pytest.raises(PruneFailed) as failure:
        prune(StubAPI(error=busy), PruneKind.CONTAINERS)
    assert str(failure.value) == "a prune operation is already running"
    # Podman: no /build/prune at all.
    with pytest.raises(PruneFailed) as failure:
        prune(StubAPI(error=_api_error(404, "Not Found")), PruneKind.BUILD_CACHE)
    assert "no build cache to prune" in str(failure.value) and "Not Found" in str(failure.value)


def test_a_read_only_session_refuses_every_prune_before_asking() -> None:
    api = StubAPI(answer={})
    session = DaemonSession(
        DaemonConnection(target=DaemonTarget(host="unix:///fake.sock"), api=api, engine=FAKE_ENGINE), read_only=True
    )
    for kind in PruneKind:
        with pytest.raises(ReadOnlyRefused):
            session.prune_unused(kind)
    assert api.calls == []


# -- texts ------------------------------------------------------------------------------------


def test_the_confirmation_says_what_goes_and_roughly_how_much() -> None:
    usage = DiskUsage.from_api(FAKE_DF, [{"Name": "spare", "Id": "1"}])
    containers = confirm_body(usage, PruneKind.CONTAINERS, "1.41")
    assert "3 listed" in containers and "3.158MB" in containers and "Running and paused containers stay" in containers
    assert "named volumes too" in confirm_body(usage, PruneKind.VOLUMES, "1.41")
    assert "all=true" in confirm_body(usage, PruneKind.VOLUMES, "1.44")
    assert "(spare)" in confirm_body(usage, PruneKind.NETWORKS, "1.41")
    assert "tagged ones too" in confirm_body(usage, PruneKind.UNUSED_IMAGES, "1.41")
    assert "2 listed, about 24MB" in confirm_body(usage, PruneKind.BUILD_CACHE, "1.41")


def test_the_report_gives_the_daemons_figures() -> None:
    result = prune(StubAPI(answer={"ContainersDeleted": ["a", "b"], "SpaceReclaimed": 3_145_728}), PruneKind.CONTAINERS)
    assert (
        report(result) == "Pruned stopped containers: 2 container(s) deleted, reclaimed 3.146MB (the daemon's figures)"
    )
    networks = prune(StubAPI(answer={"NetworksDeleted": ["a", "b"]}), PruneKind.NETWORKS)
    assert report(networks) == "Pruned unused networks: 2 deleted: a, b (the daemon reports no bytes for networks)"


# -- the screen without a daemon ----------------------------------------------------------------


async def test_df_opened_while_connecting_reads_once_connected() -> None:
    gate = threading.Event()
    connector = fake_connector()

    def slow(target):
        gate.wait(60)
        return connector(target)

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=slow)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = DiskUsageScreen()
        await app.push_screen(screen)
        status = screen.query_one("#df-status")
        await wait_for(pilot, lambda: "Not connected" in status.text.plain, what="not connected, said")
        assert app._check_action_state("prune", screen) is None  # nothing to prune yet: greyed
        gate.set()
        await wait_for(pilot, lambda: screen.usage is not None, what="the figures, once connected")
        await wait_for(pilot, lambda: "read at" in status.text.plain, what="the status")
        assert not screen.error and screen.table.row_count == 5
        assert app._check_action_state("prune", screen) is True


async def test_a_prune_never_goes_to_another_daemon_than_the_figures_came_from() -> None:
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="connected")
        screen = DiskUsageScreen()
        await app.push_screen(screen)
        await wait_for(pilot, lambda: screen.usage is not None, what="the figures")
        first = app.session
        assert screen.usage_session is first
        await app.switch_target(DaemonTarget(host="unix:///other.sock"))
        await wait_for(pilot, lambda: app.session is not None and app.session is not first, what="the other daemon")
        assert screen.table.select_key("containers")
        await pilot.press("P")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("The daemon changed" in n.message for n in app._notifications)
        await wait_for(pilot, lambda: screen.usage_session is app.session, what="the other daemon's figures")
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation, now")
        await pilot.press("n")
        await pilot.pause()
        assert "prune_containers" not in app.session.connection.api.calls
