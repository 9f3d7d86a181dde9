"""The volumes pane (6) against the real daemon: sizes, users and the jump to them, remove,
prune, create, copy, live updates, read-only, hostile names and labels, and Podman."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import humanize
import pytest

from dockertui.engine.connection import connect
from dockertui.engine.safe_text import safe_text
from dockertui.engine.session import DaemonSession
from dockertui.engine.target import DaemonTarget
from dockertui.engine.volume_actions import VolumeActionFailed
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.volume_create import CreateVolumePrompt
from tests.support.hostile import PAYLOAD, TITLE, audit, clipboard_writes, titles
from tests.support.hostile_daemon import HostileDaemon, replace_everywhere
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pilot import wait_for
from tests.support.pty_session import PtySession
from tests.support.volumes import VolumeFactory, unique_volume_name

MIB = 1024 * 1024
CHANGES = ("POST", "PUT", "DELETE")


@pytest.fixture
def volumes(docker_client):
    factory = VolumeFactory(docker_client)
    yield factory
    factory.cleanup()


@pytest.fixture
def app(docker_host, fixture_images):
    return DockerTUI(DaemonTarget(host=docker_host))


def pane(app):
    return app.query_one("#volumes")


def table(app):
    return app.query_one("#volumes-table")


def cell(app, name: str, column: int) -> str:
    return str(pane(app).cells(name)[column])


async def shown(app, pilot, *names: str) -> None:
    """Switch to the volumes pane once these volumes are listed."""
    await wait_for(pilot, lambda: app.live is not None and app.live.full_relists >= 1, what="the first listing")
    await pilot.press("6")
    await wait_for(pilot, lambda: all(name in table(app).keys for name in names), what=f"{names} listed")


async def select(app, pilot, name: str) -> None:
    assert table(app).select_key(name)
    table(app).focus()
    await pilot.pause()


def notified(app, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


def unused_volumes(client) -> set[str]:
    """The truth: volumes no container (running or not) mounts."""
    return {
        v["Name"]
        for v in client.api.volumes()["Volumes"] or []
        if not client.api.containers(all=True, filters={"volume": v["Name"]})
    }


# -- sizes, users, details ------------------------------------------------------------------


async def test_sizes_come_from_system_df_and_users_from_the_containers(
    app, volumes, docker_client, fixture_images
) -> None:
    filled = volumes.with_data(fixture_images.busybox, megabytes=5)
    user = volumes.user(fixture_images.busybox, filled)
    user_name = docker_client.api.inspect_container(user)["Name"].lstrip("/")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot, filled)
        await wait_for(pilot, lambda: pane(app).usage is not None, what="the sizes read")
        size = next(v for v in docker_client.api.df()["Volumes"] if v["Name"] == filled)["UsageData"]["Size"]
        assert size >= 5 * MIB
        assert cell(app, filled, 2) == humanize.naturalsize(size)  # as `docker system df -v` says
        assert cell(app, filled, 3) == f"1 {user_name}"
        status = str(pane(app).status_text())
        assert "volumes" in status and "in use" in status and "MB" in status
        await pilot.press("Z")  # by size, biggest first
        keys = list(table(app).keys)
        assert pane(app).sort_key == "size" and filled in keys
        sizes = [pane(app).sort_value(pane(app).items[k], "size") for k in keys]
        assert sizes == sorted(sizes, reverse=True)


async def test_sizes_show_an_ellipsis_until_read(app, volumes, monkeypatch) -> None:
    import threading

    name = volumes.create()
    release = threading.Event()
    real = DaemonSession.volume_usage

    def slow(self):
        release.wait(30)
        return real(self)

    monkeypatch.setattr(DaemonSession, "volume_usage", slow)
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot, name)
        await wait_for(pilot, lambda: pane(app).usage_loading, what="the read started")
        assert cell(app, name, 2) == "…"
        assert table(app).row_count  # the list is there while the sizes are read
        release.set()
        await wait_for(pilot, lambda: cell(app, name, 2) == "0 Bytes", what="the size")


async def test_enter_on_a_user_in_the_details_goes_to_that_container(
    app, volumes, docker_client, fixture_images
) -> None:
    name = volumes.create(labels={"purpose": "jump"})
    first = volumes.user(fixture_images.busybox, name)
    second = volumes.user(fixture_images.busybox, name, start=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot, name)
        await wait_for(pilot, lambda: len(pane(app).users.get(name, [])) == 2, what="both users")
        await select(app, pilot, name)
        await pilot.press("enter")
        details = app.query_one("#volume-details")
        users = app.query_one("#volume-details-users")
        await wait_for(pilot, lambda: users.has_focus and users.option_count == 2, what="the users in the details")
        body = str(app.query_one("#volume-details-body").render())
        assert "purpose=jump" in body and "Mountpoint" in body and details.volume_name == name
        await wait_for(
            pilot, lambda: "Options" in str(app.query_one("#volume-details-body").render()), what="inspect read"
        )
        wanted = users.get_option_at_index(1).id
        await pilot.press("down", "enter")
        await wait_for(
            pilot,
            lambda: (
                app.query_one("#panes").active == "containers"
                and app.query_one("#containers-table").cursor_key == wanted
            ),
            what="the container selected in the containers pane",
        )
        assert wanted in (first, second)


# -- remove ---------------------------------------------------------------------------------


async def test_removing_a_volume_in_use_is_refused_with_the_daemons_words(
    app, volumes, docker_client, fixture_images
) -> None:
    name = volumes.create()
    volumes.user(fixture_images.busybox, name)
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot, name)
        await wait_for(pilot, lambda: pane(app).users.get(name), what="its user")
        await select(app, pilot, name)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        assert "never forced" in str(app.screen.query_one("#confirm-body").render())
        await pilot.press("y")
        await wait_for(pilot, lambda: notified(app, "volume is in use"), what="the daemon's refusal")
        assert name in table(app).keys
    assert name in {v["Name"] for v in docker_client.api.volumes()["Volumes"]}  # `docker volume ls`


async def test_removing_an_unused_volume(app, volumes, docker_client) -> None:
    name = volumes.create()
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot, name)
        await select(app, pilot, name)
        await pilot.press("enter")  # from the details, on the volume they show
        await wait_for(pilot, lambda: app.query_one("#volume-details-scroll").has_focus, what="the details")
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: name not in table(app).keys, what="the row gone (from the event)")
        assert notified(app, f"Removed volume {name}")
        await wait_for(
            pilot,
            lambda: "removed" in str(app.query_one("#volume-details-title").render()),
            what="the details saying so",
        )
    assert name not in {v["Name"] for v in docker_client.api.volumes()["Volumes"]}


# -- prune ----------------------------------------------------------------------------------


async def test_prune_removes_exactly_the_unused_volumes_and_reports_the_daemons_figures(
    app, volumes, docker_client, fixture_images, monkeypatch
) -> None:
    data = volumes.with_data(fixture_images.busybox, megabytes=2)
    empty = volumes.create()
    in_use = volumes.create()
    volumes.user(fixture_images.busybox, in_use)
    used_stopped = volumes.create()  # a created (never started) container counts as a user
    volumes.user(fixture_images.busybox, used_stopped)
    answers = []
    real = DaemonSession.prune_volumes

    def recording(self):
        report = real(self)
        answers.append(report)
        return report

    monkeypatch.setattr(DaemonSession, "prune_volumes", recording)
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot, data, empty, in_use, used_stopped)
        await wait_for(pilot, lambda: pane(app).users.get(used_stopped), what="the users listed")
        table(app).focus()
        before = {v["Name"] for v in docker_client.api.volumes()["Volumes"]}
        unused_before = unused_volumes(docker_client)
        assert {data, empty} <= unused_before and not {in_use, used_stopped} & unused_before
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        body = str(app.screen.query_one("#confirm-body").render())
        assert f"{len(unused_before)} unused volume(s)" in body
        df = {v["Name"]: v["UsageData"]["Size"] for v in docker_client.api.df()["Volumes"]}
        assert humanize.naturalsize(sum(max(df.get(n, 0), 0) for n in unused_before)) in body
        await pilot.press("y")
        await wait_for(pilot, lambda: notified(app, "Pruned"), what="the prune report")
        after = {v["Name"] for v in docker_client.api.volumes()["Volumes"]}
        await wait_for(pilot, lambda: data not in table(app).keys and empty not in table(app).keys, what="rows gone")
    (report,) = answers
    assert {data, empty} <= set(report.deleted)
    assert set(report.deleted) <= unused_before  # nothing in use went…
    assert not (unused_before & after)  # every unused one went…
    assert {in_use, used_stopped} <= after and (before - unused_before) <= after  # …what is in use stays
    assert report.space_reclaimed >= 2 * MIB
    message = next(n.message for n in app._notifications if "Pruned" in n.message)
    assert message == (
        f"Pruned {len(report.deleted)} volume(s), reclaimed "
        f"{humanize.naturalsize(report.space_reclaimed)} (the daemon's figures)"
    )


# -- create, copy -----------------------------------------------------------------------------


async def fill(pilot, prompt: CreateVolumePrompt, **fields: str) -> None:
    for field, value in fields.items():
        prompt.query_one(f"#volume-create-{field}").value = value
    await pilot.pause()


async def test_create_with_labels_and_bad_labels_create_nothing(app, volumes, docker_client) -> None:
    name = unique_volume_name()
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot)
        table(app).focus()
        await pilot.press("C")
        prompt = app.screen
        assert isinstance(prompt, CreateVolumePrompt)
        await fill(pilot, prompt, name=name, labels=f"{TEST_LABEL}={RUN_ID} justakey")
        message = prompt.query_one("#volume-create-message")
        assert "'justakey' is not key=value" in str(message.render())
        await pilot.press("enter")
        assert app.screen is prompt and "Nothing was created" in str(message.render())
        assert name not in {v["Name"] for v in docker_client.api.volumes()["Volumes"]}
        await fill(pilot, prompt, labels=f"{TEST_LABEL}={RUN_ID} team='core infra'")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, CreateVolumePrompt), what="the dialog closed")
        volumes.adopt(name)
        assert docker_client.api.inspect_volume(name)["Labels"] == {TEST_LABEL: RUN_ID, "team": "core infra"}
        assert table(app).cursor_key == name and notified(app, f"Created volume {name}")
        # A name taken: said in the dialog (Docker would hand back the existing volume).
        await pilot.press("C")
        prompt = app.screen
        await fill(pilot, prompt, name=name, labels="other=x")
        await pilot.press("enter")
        message = prompt.query_one("#volume-create-message")
        await wait_for(pilot, lambda: "already exists" in str(message.render()), what="the refusal")
        assert app.screen is prompt
        await pilot.press("escape")
    assert docker_client.api.inspect_volume(name)["Labels"] == {TEST_LABEL: RUN_ID, "team": "core infra"}


async def test_c_copies_the_volume_name(app, volumes) -> None:
    name = volumes.create()
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot, name)
        await select(app, pilot, name)
        await pilot.press("c")
        assert app.clipboard == name


# -- live -------------------------------------------------------------------------------------


async def test_volumes_made_and_removed_outside_follow_live(app, docker_client) -> None:
    name = unique_volume_name("live")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot)
        try:
            subprocess.run(["docker", "volume", "create", "--label", f"{TEST_LABEL}={RUN_ID}", name], check=True)
            await wait_for(pilot, lambda: name in table(app).keys, what="the new volume listed")
            await wait_for(pilot, lambda: cell(app, name, 2) == "0 Bytes", what="its size read again")
        finally:
            subprocess.run(["docker", "volume", "rm", "-f", name], check=False, capture_output=True)
        await wait_for(pilot, lambda: name not in table(app).keys, what="the removed volume gone")


# -- read-only --------------------------------------------------------------------------------


@pytest.fixture
def recording_daemon(docker_host, tmp_path_factory):
    if not docker_host.startswith("unix://"):
        pytest.skip("the recording proxy fronts a unix socket")
    listen = str(tmp_path_factory.mktemp("recorded") / "docker.sock")
    proxy = HostileDaemon(listen, docker_host[len("unix://") :], lambda path, status, document: document).start()
    yield proxy
    proxy.stop()


async def test_read_only_refuses_remove_prune_and_create_before_any_request(
    recording_daemon, volumes, fixture_images
) -> None:
    name = volumes.create()
    app = DockerTUI(DaemonTarget(host=recording_daemon.url), read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot, name)
        await select(app, pilot, name)
        volumes_pane = pane(app)
        for key, action in (("d", "remove"), ("P", "prune"), ("C", "create")):
            assert app._check_action_state(action, volumes_pane) is None  # greyed in footer and help
            before = len(app.refused)
            await pilot.press(key)
            await pilot.pause()
            assert app.refused[before:] == [f"VolumesPane.{action}"]
            assert not isinstance(app.screen, (ConfirmDialog, CreateVolumePrompt))
        assert app._check_action_state("copy_name", volumes_pane) is True
        await pilot.press("c")
        assert app.clipboard == name
    assert [r for r in recording_daemon.requests if r.split(" ", 1)[0] in CHANGES] == []
    assert name in {v["Name"] for v in volumes.client.api.volumes()["Volumes"]}


async def test_sizes_are_read_lazily_once_the_pane_is_shown(recording_daemon, volumes) -> None:
    """/system/df is slow on big daemons: not read at start-up, nor while the pane is hidden;
    read once it is shown, and again on r."""
    name = volumes.create()
    app = DockerTUI(DaemonTarget(host=recording_daemon.url))

    def reads() -> int:
        return sum(1 for request in recording_daemon.requests if request.startswith("GET /system/df"))

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: name in pane(app).items, what="the volumes listed")
        await pilot.pause(0.5)
        assert reads() == 0
        await pilot.press("6")
        await wait_for(pilot, lambda: pane(app).usage is not None, what="the sizes read")
        assert reads() == 1
        await select(app, pilot, name)
        await pilot.press("r")
        await wait_for(pilot, lambda: reads() == 2 and not pane(app).usage_loading, what="the sizes read again")
        await pilot.press("1")
        volumes.create()  # a change while hidden: read when shown again, not before
        await pilot.pause(1.0)
        assert reads() == 2
        await pilot.press("6")
        await wait_for(pilot, lambda: reads() == 3, what="the sizes read again (at most every 10 s)")


# -- hostile ----------------------------------------------------------------------------------

MARKER = "xhostilex"
WAIT = 30.0


@pytest.fixture
def hostile_daemon(docker_host, tmp_path_factory):
    if not docker_host.startswith("unix://"):
        pytest.skip("the hostile daemon fronts a unix socket")
    listen = str(tmp_path_factory.mktemp("hostile") / "docker.sock")
    daemon = HostileDaemon(listen, docker_host[len("unix://") :], replace_everywhere(MARKER, PAYLOAD)).start()
    yield daemon
    daemon.stop()


def test_hostile_volume_names_and_labels_are_shown_inert(hostile_daemon, volumes) -> None:
    """A volume name (the daemon validates it; a hostile one does not) and labels full of
    escape sequences, markup and bidi controls: shown visibly, nothing reaches the terminal."""
    name = volumes.create(name=f"dtui-test-vol-{MARKER}-{RUN_ID}", labels={"hostile": PAYLOAD, f"k{TITLE}": "v"})
    session = PtySession(["--host", hostile_daemon.url], columns=120, rows=40, env=dict(os.environ))
    try:
        session.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
        session.send("6")
        session.wait_for("MOUNTPOINT", timeout=WAIT)
        session.send("/")
        session.wait_for("filter", timeout=WAIT)
        session.send(f"{RUN_ID}\r")
        shown_name = safe_text(name.replace(MARKER, PAYLOAD))
        session.wait_for("dtui-test-vol-␛]0;PWN", timeout=WAIT)  # the list cuts the name
        session.send("\r")
        # The real daemon has no volume by the name the proxy shows: the inspect fails, and its
        # long error pushed the labels below the panel's bottom when it came first. Zoomed, the
        # panel fills the pane and shows them either way.
        session.wait_for("Could not inspect the volume", timeout=WAIT)
        session.send("z")
        session.wait_for("Labels", timeout=WAIT)
        session.wait_for(f"k{safe_text(TITLE)}=v", timeout=WAIT)
        session.wait_for("hostile=␛]0;PWNED-TITLE␇", timeout=WAIT)
        assert shown_name[:30] in session.text()
        session.send("q")
        assert session.wait_exit(WAIT) == 0, session.text()
        raw = session.raw_output()
        assert audit(raw, ()) == [] and titles(raw) == [] and clipboard_writes(raw) == []
        assert b"\x1b]0;PWNED" not in raw
    finally:
        session.close()


# -- Podman -----------------------------------------------------------------------------------

PODMAN_IMAGE = "localhost/dockertui-test/busybox:latest"


@pytest.fixture(scope="module")
def podman(tmp_path_factory, docker_client, fixture_images):
    from tests.support.remote_endpoints import PodmanService

    service = PodmanService(tmp_path_factory.mktemp("podman"))
    try:
        service.start()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"podman system service does not start here: {error}")
    data = b"".join(docker_client.images.get(fixture_images.busybox).save(named=True))
    service.podman("load", stdin=data)
    yield service
    service.stop()


def podman_ok(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stderr.decode()[-500:]


async def test_podman_volumes_sizes_users_remove_and_prune(podman) -> None:
    """Podman's compat API gives what the pane needs (sizes and references from /system/df,
    mounts in the container list, labels); it refuses prune's all=true filter, which is
    not sent to it, and refuses to remove a volume in use in its own words."""
    # podman run reads the docker config that tests point at a folder of their own: give it one.
    (Path(os.environ["DOCKER_CONFIG"]) / "config.json").write_text("{}")
    filled, kept, spare = (unique_volume_name(kind) for kind in ("pfill", "pkept", "pspare"))
    podman_ok(podman.podman("volume", "create", "--label", f"{TEST_LABEL}={RUN_ID}", filled))
    podman_ok(podman.podman("volume", "create", kept))
    podman_ok(podman.podman("volume", "create", spare))
    run = ["run", "--rm", "--network", "none", "-v", f"{filled}:/data", PODMAN_IMAGE]
    podman_ok(podman.podman(*run, "dd", "if=/dev/zero", "of=/data/f", "bs=1M", "count=2"))
    user = f"dtui-test-puser-{RUN_ID}"
    podman_ok(podman.podman("create", "--name", user, "--network", "none", "-v", f"{kept}:/data", PODMAN_IMAGE, "true"))
    try:
        app = DockerTUI(DaemonTarget(host=podman.url))
        async with app.run_test(size=(120, 40)) as pilot:
            await shown(app, pilot, filled, kept, spare)
            await wait_for(pilot, lambda: pane(app).usage is not None, what="the sizes read")
            assert cell(app, filled, 2) == humanize.naturalsize(2 * MIB)
            await wait_for(pilot, lambda: cell(app, kept, 3) == f"1 {user}", what="the user listed")
            await select(app, pilot, kept)
            await pilot.press("d", "y")
            await wait_for(pilot, lambda: notified(app, "being used"), what="podman's refusal")
            await pilot.press("P")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
            body = str(app.screen.query_one("#confirm-body").render())
            assert "2 unused volume(s)" in body and humanize.naturalsize(2 * MIB) in body
            await pilot.press("y")
            await wait_for(pilot, lambda: notified(app, "Pruned"), what="the prune report")
            assert notified(app, f"Pruned 2 volume(s), reclaimed {humanize.naturalsize(2 * MIB)}")
            await wait_for(pilot, lambda: set(table(app).keys) == {kept}, what="the pruned rows gone")
        listed = podman.podman("volume", "ls", "--format", "{{.Name}}").stdout.decode().split()
        assert listed == [kept]
        session = DaemonSession(connect(DaemonTarget(host=podman.url)))
        try:
            assert session.engine.product == "Podman"
            made = session.create_volume(spare, "local", {TEST_LABEL: RUN_ID, "team": "core infra"})
            assert made.labels == {TEST_LABEL: RUN_ID, "team": "core infra"}
            with pytest.raises(VolumeActionFailed, match="already exists"):
                session.create_volume(spare)
        finally:
            session.close()
    finally:
        podman.podman("rm", "-f", user)
        podman.podman("volume", "rm", "-f", filled, kept, spare)
