"""Issue 16: disk usage (`:df`) and prune per kind, against a private second dockerd.

Pruning removes every stopped container and unused image of a daemon: on the shared one
it would take the other tests' fixtures. Every test here that prunes, or compares figures
that a neighbour could change, runs on a ``SecondDaemon`` of its own (one at a time: do
not run tests/test_remote.py at the same time).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import tarfile
import uuid

import docker
import pytest

from dockertui.engine.connection import connect
from dockertui.engine.disk_usage import DiskUsage
from dockertui.engine.docker_units import human_size
from dockertui.engine.prune import PruneFailed, PruneKind
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.disk_usage import DiskUsageScreen
from dockertui.ui.screens.prune_images_choice import PruneImagesChoice
from tests.support.hostile_daemon import HostileDaemon
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pilot import wait_for
from tests.support.remote_endpoints import PodmanService, SecondDaemon, SshEndpoint, no_ssh_clients_left

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="starts a second dockerd: needs root")

LABELS = {TEST_LABEL: RUN_ID}
IDLE = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
#: Writes 3 MiB into the container's writable layer, then exits.
WRITE_3MB = ["sh", "-c", "dd if=/dev/urandom of=/written bs=1024 count=3072 2>/dev/null"]
CHANGES = ("POST", "PUT", "DELETE")


def unique(kind: str) -> str:
    return f"dtui-test-{kind}-{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="module")
def second(tmp_path_factory, docker_client, fixture_images):
    daemon = SecondDaemon(tmp_path_factory.mktemp("second-df")).start()
    client = daemon.client()
    client.images.load(b"".join(docker_client.images.get(fixture_images.busybox).save(named=True)))
    daemon.busybox = fixture_images.busybox
    # Running all along: its image, and itself, must survive every prune.
    daemon.keeper = client.containers.run(
        fixture_images.busybox, IDLE, name=unique("keeper"), detach=True, network_mode="none", labels=LABELS
    )
    yield daemon
    try:
        daemon.keeper.remove(force=True)
    except docker.errors.NotFound:
        pass
    client.close()
    daemon.stop()


@pytest.fixture
def client(second):
    client = second.client()
    yield client
    client.close()


@pytest.fixture
def session(second):
    session = DaemonSession(connect(DaemonTarget(host=second.unix_url)))
    yield session
    session.close()


@pytest.fixture
def recorder(second, tmp_path_factory):
    """A proxy in front of the second daemon that records every request it forwards."""
    listen = str(tmp_path_factory.mktemp("recorded-df") / "docker.sock")
    proxy = HostileDaemon(listen, str(second.socket), lambda path, status, document: document).start()
    yield proxy
    proxy.stop()


def changes(proxy: HostileDaemon) -> list[str]:
    return [request for request in proxy.requests if request.split(" ", 1)[0] in CHANGES]


def stopped_container(client, image: str, size_kib: int = 3072):
    container = client.containers.run(
        image,
        ["sh", "-c", f"dd if=/dev/urandom of=/written bs=1024 count={size_kib} 2>/dev/null"],
        name=unique("container"),
        detach=True,
        network_mode="none",
        labels=LABELS,
    )
    assert container.wait(timeout=60)["StatusCode"] == 0
    return container


def committed_image(client, image: str, repository: str, tag: str, size_kib: int = 1024):
    """An image of our own with a layer of ``size_kib`` KiB (no container keeps it in use)."""
    maker = stopped_container(client, image, size_kib)
    try:
        return maker.commit(repository=repository, tag=tag, conf={"Labels": LABELS})
    finally:
        maker.remove()


def dangling_image(client, image: str):
    """An image that lost its tag to a newer one of the same name: dangling."""
    repository = unique("image")
    old = committed_image(client, image, repository, "latest")
    new = committed_image(client, image, repository, "latest", size_kib=8)
    old.reload()
    assert old.tags == []
    return old, new


def volume_with_data(client, image: str, size_kib: int = 2048):
    volume = client.volumes.create(unique("volume"), labels=LABELS)
    writer = client.containers.run(
        image,
        ["sh", "-c", f"dd if=/dev/urandom of=/v/data bs=1024 count={size_kib} 2>/dev/null"],
        volumes={volume.name: {"bind": "/v", "mode": "rw"}},
        detach=True,
        network_mode="none",
        labels=LABELS,
    )
    assert writer.wait(timeout=60)["StatusCode"] == 0
    writer.remove()
    return volume


def gone(collection, key: str) -> bool:
    try:
        collection.get(key)
    except docker.errors.NotFound:
        return True
    return False


def remove_quietly(*objects) -> None:
    for thing in objects:
        try:
            thing.remove(force=True) if not isinstance(thing, docker.models.networks.Network) else thing.remove()
        except docker.errors.NotFound:
            pass
        except docker.errors.APIError:
            pass


def remove_image_quietly(client, image_id: str) -> None:
    try:
        client.images.remove(image_id, force=True)
    except docker.errors.NotFound:
        pass


def build_cache(client) -> str:
    """Make BuildKit cache on the daemon (FROM scratch, 1 MiB copied in); the image it built.

    Through the API (``version=2``, the context in the request): the docker CLI here has no
    buildx, and the classic builder leaves no build cache."""
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, data in (("Dockerfile", b"FROM scratch\nCOPY payload /payload\n"), ("payload", os.urandom(1 << 20))):
            entry = tarfile.TarInfo(name)
            entry.size = len(data)
            tar.addfile(entry, io.BytesIO(data))
    tag = f"{unique('image')}:built"
    api = client.api
    answer = api.post(
        api._url("/build"),
        params={"version": "2", "t": tag, "labels": json.dumps(LABELS)},
        data=context.getvalue(),
        headers={"Content-Type": "application/x-tar"},
        stream=True,
    )
    lines = [json.loads(line) for line in answer.iter_lines() if line.strip()]
    assert answer.status_code == 200 and not [line for line in lines if "error" in line], lines[-3:]
    return tag


# -- figures ------------------------------------------------------------------------------

_CLI_SIZE = re.compile(r"^([0-9.]+)([kMGTPEZY]?B)$")
_FACTORS = {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15, "EB": 1e18, "ZB": 1e21, "YB": 1e24}


def parse_cli_size(text: str) -> float:
    """``27.63MB`` → 27_630_000 (go-units' decimal units)."""
    match = _CLI_SIZE.match(text)
    assert match, text
    return float(match.group(1)) * _FACTORS[match.group(2)]


def cli_df(url: str) -> dict[str, dict]:
    answer = subprocess.run(
        ["docker", "-H", url, "system", "df", "--format", "{{json .}}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    lines = [json.loads(line) for line in answer.stdout.splitlines() if line.strip()]
    return {line["Type"]: line for line in lines}


def assert_same_as_cli(usage: DiskUsage, cli: dict[str, dict]) -> None:
    assert set(cli) == {kind.kind for kind in usage.kinds}
    for kind in usage.kinds:
        line = cli[kind.kind]
        assert (line["TotalCount"], line["Active"]) == (str(kind.total), str(kind.active)), kind
        # The bytes, as the CLI rounds them (four significant digits)…
        for ours, theirs in ((kind.size, line["Size"]), (kind.reclaimable, line["Reclaimable"].split(" ")[0])):
            assert human_size(ours) == theirs, kind
            assert parse_cli_size(theirs) == pytest.approx(ours, rel=1e-3, abs=1), kind
        # …and the whole text, the percentage included.
        assert (kind.size_text, kind.reclaimable_text) == (line["Size"], line["Reclaimable"]), kind


def test_figures_equal_docker_system_df(second, client, session) -> None:
    stopped = stopped_container(client, second.busybox)
    volume = volume_with_data(client, second.busybox)
    in_use = client.volumes.create(unique("volume"), labels=LABELS)
    user = client.containers.run(
        second.busybox,
        IDLE,
        name=unique("container"),
        detach=True,
        network_mode="none",
        labels=LABELS,
        volumes={in_use.name: {"bind": "/v", "mode": "rw"}},
    )
    old, new = dangling_image(client, second.busybox)
    built = build_cache(client)
    try:
        usage = session.disk_usage()
        assert_same_as_cli(usage, cli_df(second.unix_url))
        # What was made here is in the figures (so the comparison compared something).
        assert usage.containers.reclaimable >= 3 * 1024 * 1024
        assert usage.volumes.reclaimable >= 2 * 1024 * 1024 and usage.volumes.active >= 1
        assert usage.dangling_images.count >= 1 and usage.images.reclaimable > 0
        assert usage.build_cache.total > 0 and usage.build_cache.size > 0
        assert usage.containers.active >= 2  # the keeper and the volume's user
    finally:
        remove_quietly(stopped, user)
        remove_quietly(volume, in_use)
        remove_image_quietly(client, old.id)
        remove_image_quietly(client, new.id)
        remove_image_quietly(client, built)


# -- prune per kind (engine) ------------------------------------------------------------------


def test_prune_stopped_containers_reports_the_daemons_bytes(second, client, session) -> None:
    stopped = stopped_container(client, second.busybox)
    try:
        before = session.disk_usage()
        written = next(c for c in second.client().api.df()["Containers"] if c["Id"] == stopped.id)["SizeRw"]
        assert written >= 3 * 1024 * 1024
        assert before.stopped_containers.count >= 1
        result = session.prune_unused(PruneKind.CONTAINERS)
        assert stopped.id in result.deleted
        # The daemon's own figure: the writable layers of what it deleted (ours the biggest).
        assert result.space_reclaimed is not None and result.space_reclaimed >= written
        assert gone(client.containers, stopped.id)
        assert client.containers.get(second.keeper.id).status == "running"
        assert session.disk_usage().stopped_containers.count == 0
    finally:
        remove_quietly(stopped)


def test_prune_dangling_then_unused_images(second, client, session) -> None:
    old, new = dangling_image(client, second.busybox)
    try:
        dangling = session.prune_unused(PruneKind.DANGLING_IMAGES)
        assert old.id in dangling.deleted
        assert dangling.space_reclaimed is not None and dangling.space_reclaimed >= 1024 * 1024
        assert gone(client.images, old.id)
        assert not gone(client.images, new.id), "a tagged image went with the dangling ones"
        unused = session.prune_unused(PruneKind.UNUSED_IMAGES)
        assert new.id in unused.deleted and any(new.tags[0] in tag for tag in unused.untagged)
        assert unused.space_reclaimed is not None and unused.space_reclaimed > 0
        assert gone(client.images, new.id)
        assert not gone(client.images, second.busybox), "the image of a running container went"
    finally:
        remove_image_quietly(client, old.id)
        remove_image_quietly(client, new.id)


def test_prune_volumes_takes_unused_ones_with_their_data(second, client, session) -> None:
    unused = volume_with_data(client, second.busybox)
    size = next(v for v in second.client().api.df()["Volumes"] if v["Name"] == unused.name)["UsageData"]["Size"]
    kept = client.volumes.create(unique("volume"), labels=LABELS)
    user = client.containers.run(
        second.busybox,
        IDLE,
        name=unique("container"),
        detach=True,
        network_mode="none",
        labels=LABELS,
        volumes={kept.name: {"bind": "/v", "mode": "rw"}},
    )
    try:
        assert size >= 2 * 1024 * 1024
        result = session.prune_unused(PruneKind.VOLUMES)
        # API 1.41: named volumes go too (no all=true needed, nor accepted).
        assert unused.name in result.deleted
        assert result.space_reclaimed is not None and result.space_reclaimed >= size
        assert gone(client.volumes, unused.name)
        assert not gone(client.volumes, kept.name), "a volume in use went"
    finally:
        remove_quietly(user)
        remove_quietly(unused, kept)


def test_prune_networks_takes_unused_ones(second, client, session) -> None:
    unused = client.networks.create(unique("network"), labels=LABELS)
    used = client.networks.create(unique("network"), labels=LABELS)
    member = client.containers.run(
        second.busybox, IDLE, name=unique("container"), detach=True, network=used.name, labels=LABELS
    )
    try:
        usage = session.disk_usage()
        assert unused.name in usage.networks.unused and used.name not in usage.networks.unused
        assert not {"bridge", "host", "none"} & set(usage.networks.unused)
        result = session.prune_unused(PruneKind.NETWORKS)
        assert unused.name in result.deleted
        assert result.space_reclaimed is None  # the daemon reports no bytes for networks
        assert gone(client.networks, unused.id)
        assert not gone(client.networks, used.id), "a network in use went"
    finally:
        remove_quietly(member)
        remove_quietly(unused, used)


def test_prune_build_cache(second, client, session) -> None:
    built = build_cache(client)
    try:
        before = session.disk_usage()
        assert before.build_cache.total > 0 and before.unused_cache.count > 0
        result = session.prune_unused(PruneKind.BUILD_CACHE)
        assert len(result.deleted) == before.unused_cache.count
        # At least the 1 MiB copied in (the daemon counts shared records too).
        assert result.space_reclaimed is not None and result.space_reclaimed >= 1 << 20
        after = session.disk_usage()
        assert after.build_cache.total == 0 and after.build_cache.size == 0
        assert not gone(client.images, built), "the built image went with its cache"
    finally:
        remove_image_quietly(client, built)


# -- read-only ------------------------------------------------------------------------------


def test_read_only_refuses_every_prune_before_any_request(second, client, recorder) -> None:
    stopped = stopped_container(client, second.busybox, 16)
    try:
        session = DaemonSession(connect(DaemonTarget(host=recorder.url)), read_only=True)
        try:
            for kind in PruneKind:
                with pytest.raises(ReadOnlyRefused):
                    session.prune_unused(kind)
            session.disk_usage()  # reads still work
        finally:
            session.close()
        assert changes(recorder) == [], "a read-only session sent a prune"
        assert "GET /system/df" in recorder.requests
        assert not gone(client.containers, stopped.id)
        # The proxy does record a prune when one is sent (else the check above proves nothing).
        writable = DaemonSession(connect(DaemonTarget(host=recorder.url)))
        try:
            writable.prune_unused(PruneKind.NETWORKS)
        finally:
            writable.close()
        assert changes(recorder) == ["POST /networks/prune"]
    finally:
        remove_quietly(stopped)


# -- the :df screen -------------------------------------------------------------------------


async def open_df(app, pilot) -> DiskUsageScreen:
    await wait_for(pilot, lambda: app.session is not None, timeout=30, what="connected")
    await pilot.press("colon")
    await pilot.press("d", "f", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DiskUsageScreen), what="the :df screen")
    screen = app.screen
    assert isinstance(screen, DiskUsageScreen)
    await wait_for(pilot, lambda: screen.usage is not None and not screen.loading, timeout=60, what="the figures")
    return screen


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_df_screen_cancel_keeps_and_confirm_prunes_with_the_daemons_figures(second, client) -> None:
    stopped = stopped_container(client, second.busybox)
    old, new = dangling_image(client, second.busybox)
    try:
        app = DockerTUI(DaemonTarget(host=second.unix_url))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_df(app, pilot)
            assert screen.usage.stopped_containers.count >= 1
            assert screen.table.select_key("containers")
            # Cancelled: nothing removed, nothing started.
            await pilot.press("P")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
            body = str(app.screen.query_one("#confirm-body").render())
            assert "not running" in body and "listed" in body
            await pilot.press("n")
            await wait_for(pilot, lambda: app.screen is screen, what="back to the figures")
            await pilot.pause(0.5)
            assert screen.pruning is None and not gone(client.containers, stopped.id)
            # Confirmed: pruned, reported in the daemon's figures, and read again.
            await pilot.press("P")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
            await pilot.press("y")
            await wait_for(
                pilot,
                lambda: any(m.startswith("Pruned stopped containers") for m in notifications(app)),
                timeout=60,
                what="the prune's report",
            )
            report = next(m for m in notifications(app) if m.startswith("Pruned stopped containers"))
            assert "reclaimed" in report and "(the daemon's figures)" in report
            assert re.search(r"reclaimed (\d+(\.\d+)?)MB", report), report  # 3 MiB written
            assert gone(client.containers, stopped.id)
            assert client.containers.get(second.keeper.id).status == "running"
            await wait_for(
                pilot,
                lambda: not screen.loading and screen.usage.stopped_containers.count == 0,
                timeout=60,
                what="the figures read again",
            )
            # Images: the choice first (d: dangling only), then the confirmation.
            assert screen.table.select_key("images")
            await pilot.press("P")
            await wait_for(pilot, lambda: isinstance(app.screen, PruneImagesChoice), what="the choice")
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
            assert "untagged images" in str(app.screen.query_one("#confirm-body").render())
            await pilot.press("y")
            await wait_for(
                pilot,
                lambda: any(m.startswith("Pruned dangling images") for m in notifications(app)),
                timeout=60,
                what="the image prune's report",
            )
            assert gone(client.images, old.id) and not gone(client.images, new.id)
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, DiskUsageScreen), what="closed")
    finally:
        remove_quietly(stopped)
        remove_image_quietly(client, old.id)
        remove_image_quietly(client, new.id)


async def test_read_only_df_screen_refuses_every_prune(second, client, recorder) -> None:
    stopped = stopped_container(client, second.busybox, 16)
    try:
        app = DockerTUI(DaemonTarget(host=recorder.url), read_only=True)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_df(app, pilot)
            for row in ("images", "containers", "volumes", "build_cache", "networks"):
                assert screen.table.select_key(row)
                await pilot.pause()
                # Greyed in footer, help and palette…
                assert app._check_action_state("prune", screen) is None, row
                before = len(app.refused)
                # …and refused, with a note, before any dialog.
                await pilot.press("P")
                await pilot.pause()
                assert app.refused[before:] == ["DiskUsageScreen.prune"], row
                assert app.screen is screen, row
            assert any("Read-only mode" in m for m in notifications(app))
            # Refresh still reads.
            await pilot.press("r")
            await wait_for(pilot, lambda: not screen.loading, what="read again")
        assert changes(recorder) == [], "the read-only app sent a prune"
        assert not gone(client.containers, stopped.id)
    finally:
        remove_quietly(stopped)


async def test_df_screen_says_when_the_daemon_fails(second, monkeypatch) -> None:
    """A failing /system/df (the daemon allows one at a time) is said, not a traceback."""
    app = DockerTUI(DaemonTarget(host=second.unix_url))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, timeout=30, what="connected")
        api = app.session.connection.api

        def busy():
            raise docker.errors.APIError("500 Server Error", explanation="a disk usage operation is already running")

        monkeypatch.setattr(api, "df", busy)
        await app.push_screen(DiskUsageScreen())
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.error), what="the error")
        status = screen.query_one("#df-status").text.plain
        assert "a disk usage operation is already running" in status
        assert app.screen is screen and app.return_code is None


# -- ssh:// ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ssh_to_second(tmp_path_factory, second):
    """An sshd on loopback whose ``docker system dial-stdio`` reaches the second daemon."""
    endpoint = SshEndpoint(tmp_path_factory.mktemp("ssh-df"), second.unix_url).start()
    yield endpoint
    endpoint.stop()


def test_over_ssh_the_same_figures_and_prunes(second, client, ssh_to_second, monkeypatch) -> None:
    monkeypatch.setenv("PATH", ssh_to_second.env()["PATH"])  # the ssh that knows our keys
    stopped = stopped_container(client, second.busybox)
    unused = client.networks.create(unique("network"), labels=LABELS)
    local = DaemonSession(connect(DaemonTarget(host=second.unix_url)))
    remote = DaemonSession(connect(DaemonTarget(host=ssh_to_second.url)))
    try:
        assert remote.disk_usage() == local.disk_usage()
        networks = remote.prune_unused(PruneKind.NETWORKS)
        assert unused.name in networks.deleted and gone(client.networks, unused.id)
        containers = remote.prune_unused(PruneKind.CONTAINERS)
        assert stopped.id in containers.deleted
        assert containers.space_reclaimed is not None and containers.space_reclaimed >= 3 * 1024 * 1024
        assert gone(client.containers, stopped.id)
    finally:
        remote.close()
        local.close()
        remove_quietly(stopped)
        remove_quietly(unused)
    assert no_ssh_clients_left(ssh_to_second.port) == [], "ssh client processes left behind"


# -- Podman --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def podman(tmp_path_factory, docker_client, fixture_images):
    service = PodmanService(tmp_path_factory.mktemp("podman-df"))
    try:
        service.start()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"podman system service does not start here: {error}")
    service.podman("load", stdin=b"".join(docker_client.images.get(fixture_images.busybox).save(named=True)))
    # Here, not in the test: the podman CLI reads $DOCKER_CONFIG, which each test points elsewhere.
    service.stopped = unique("container")
    ran = service.podman(
        "run",
        "--name",
        service.stopped,
        "--network",
        "none",
        "--label",
        f"{TEST_LABEL}={RUN_ID}",
        f"localhost/{fixture_images.busybox}",
        *WRITE_3MB,
    )
    if ran.returncode != 0:
        service.stop()
        pytest.skip(f"podman cannot run containers on this machine: {ran.stderr.decode()[-300:]}")
    yield service
    service.podman("rm", "-f", service.stopped)
    service.stop()


def test_podman_df_and_prunes(podman) -> None:
    session = DaemonSession(connect(DaemonTarget(host=podman.url)))
    try:
        assert session.engine.product == "Podman"
        usage = session.disk_usage()
        # The docker CLI, pointed at Podman's compatible API, prints the same figures…
        cli = cli_df(podman.url)
        for kind in (usage.containers, usage.volumes, usage.build_cache):
            line = cli[kind.kind]
            assert [line["TotalCount"], line["Active"], line["Size"], line["Reclaimable"]] == [
                str(kind.total),
                str(kind.active),
                kind.size_text,
                kind.reclaimable_text,
            ], kind
        assert [cli["Images"]["TotalCount"], cli["Images"]["Active"]] == [
            str(usage.images.total),
            str(usage.images.active),
        ]
        # …but for the images' size: Podman sends LayersSize 0 (the CLI prints 0B and a negative
        # reclaimable figure); summed from the images, it reads as `podman system df` prints it.
        assert cli["Images"]["Size"] == "0B" and usage.note
        own = podman.podman("system", "df").stdout.decode().splitlines()
        images = next(line.split() for line in own if line.startswith("Images"))
        assert [usage.images.size_text, usage.images.reclaimable_text] == [images[3], " ".join(images[4:6])]
        assert usage.images.size > 0
        assert usage.stopped_containers.count == 1
        result = session.prune_unused(PruneKind.CONTAINERS)
        assert len(result.deleted) == 1 and result.space_reclaimed is not None
        assert podman.stopped not in podman.podman("ps", "-a", "--format", "{{.Names}}").stdout.decode()
        # No /build/prune in Podman's API: said plainly.
        with pytest.raises(PruneFailed) as failure:
            session.prune_unused(PruneKind.BUILD_CACHE)
        assert "no build cache to prune" in str(failure.value) and "Podman" in str(failure.value)
        # The rest answer as Docker's do.
        for kind in (PruneKind.DANGLING_IMAGES, PruneKind.VOLUMES, PruneKind.NETWORKS):
            session.prune_unused(kind)
    finally:
        session.close()
