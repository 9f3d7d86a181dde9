"""The images pane against the real daemon and the local registry."""

from __future__ import annotations

import socket
import uuid

import docker
import pytest

from dockertui.engine.pull import PullState
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.pull_prompt import PullPrompt
from dockertui.ui.screens.pulls import PullsView
from dockertui.ui.screens.run_form import RunForm
from tests.support.images import BUSYBOX_DOCKERFILE, _build, _busybox_binary
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pilot import wait_for


def pane(app):
    return app.query_one("#images")


def table(app):
    return app.query_one("#images-table")


def expected_rows(client) -> set[str]:
    rows = set()
    for image in client.api.images():
        tags = [t for t in image.get("RepoTags") or [] if t != "<none>:<none>"]
        rows |= {f"{image['Id']}|{tag}" for tag in tags} if tags else {f"{image['Id']}|"}
    return rows


async def started(app, pilot) -> None:
    await wait_for(
        pilot,
        lambda: app.live is not None and app.live.full_relists >= 1 and table(app).row_count > 0,
        what="the images listed",
    )
    await pilot.press("2")


async def select_reference(app, pilot, reference: str) -> None:
    await wait_for(pilot, lambda: any(k.endswith(f"|{reference}") for k in table(app).keys), what=f"{reference} listed")
    key = next(k for k in table(app).keys if k.endswith(f"|{reference}"))
    assert table(app).select_key(key)
    table(app).focus()
    await pilot.pause()


@pytest.fixture
def app(docker_host, fixture_images):
    return DockerTUI(DaemonTarget(host=docker_host))


async def test_list_matches_the_daemon(app, docker_client, fixture_images) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await wait_for(pilot, lambda: set(table(app).keys) == expected_rows(docker_client), what="same rows")
        key = next(k for k in table(app).keys if k.endswith(f"|{fixture_images.busybox}"))
        cells = [str(c) for c in pane(app).cells(key)]
        image = docker_client.images.get(fixture_images.busybox)
        assert cells[1] == image.short_id.removeprefix("sha256:")
        assert "MB" in cells[2] and ("ago" in cells[3] or "now" in cells[3])


async def test_pull_shows_per_layer_progress_and_the_image_appears(
    app, docker_client, fixture_images, monkeypatch
) -> None:
    remote = fixture_images.layered_remote
    # A local pull is quick: record every state each layer went through, as the view received them.
    seen: dict[str, list[str]] = {}
    original_apply = PullState.apply

    def recording_apply(self, line: dict) -> None:
        original_apply(self, line)
        if line.get("id") in self.layers:
            seen.setdefault(line["id"], []).append(self.layers[line["id"]].status)

    monkeypatch.setattr(PullState, "apply", recording_apply)
    for reference in (remote, fixture_images.layered):
        docker_client.images.remove(reference)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await started(app, pilot)
            await pilot.press("p")
            assert isinstance(app.screen, PullPrompt)
            app.screen.query_one("#pull-prompt-input").value = remote
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, PullsView) and app.pulls, what="pulls view")
            job = app.pulls[-1]
            await wait_for(pilot, lambda: job.state.finished, timeout=60, what="the pull")
            assert job.state.succeeded, job.state.error
            assert len(job.state.layers) == 2 and len(seen) == 2
            for states in seen.values():
                assert states[0] == "Pulling fs layer" and states[-1] == "Pull complete", seen
                assert "Downloading" in states and "Extracting" in states, seen
            await pilot.pause(0.2)
            text = str(app.screen.query_one("PullBlock").render())
            assert "2/2 layers" in text and "Pull complete" in text
            await pilot.press("escape")
            await wait_for(
                pilot, lambda: any(k.endswith(f"|{remote}") for k in table(app).keys), what="the pulled image listed"
            )
    finally:
        docker_client.images.get(remote).tag(*fixture_images.layered.rsplit(":", 1))


async def test_pull_of_a_missing_tag_says_manifest_unknown(app, docker_client, fixture_images) -> None:
    before = expected_rows(docker_client)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("p")
        app.screen.query_one("#pull-prompt-input").value = fixture_images.layered_remote.replace(
            ":latest", ":no-such-tag"
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.pulls and app.pulls[-1].state.finished, timeout=20, what="pull done")
        assert "manifest unknown" in app.pulls[-1].state.error
        await wait_for(
            pilot, lambda: any("manifest unknown" in n.message for n in app._notifications), what="the error notified"
        )
        assert "manifest unknown" in str(app.screen.query_one("PullBlock").render())
    assert expected_rows(docker_client) == before


async def test_invalid_reference_is_refused_before_any_request(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("p")
        prompt = app.screen
        prompt.query_one("#pull-prompt-input").value = "Not/A Valid:ref"
        await pilot.pause()
        assert "Not a valid reference" in str(prompt.query_one("#pull-prompt-message").render())
        await pilot.press("enter")
        assert app.screen is prompt  # still asking
        prompt.query_one("#pull-prompt-input").value = "UPPER/case"
        await pilot.press("enter")
        assert "lower-case" in str(prompt.query_one("#pull-prompt-message").render())
        assert app.screen is prompt and app.pulls == []
        await pilot.press("escape")
        assert app.pulls == []


async def fill_run_form(pilot, form: RunForm, **fields: str) -> None:
    for name, value in fields.items():
        widget = form.query_one(f"#run-{name}")
        if name == "env":
            widget.text = value
        else:
            widget.value = value
    await pilot.pause()


async def test_run_form_creates_a_running_container(app, docker_client, fixture_images) -> None:
    name = f"dtui-test-run-{uuid.uuid4().hex[:6]}"
    volume = f"dtui-test-vol-{uuid.uuid4().hex[:6]}"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await started(app, pilot)
            await select_reference(app, pilot, fixture_images.busybox)
            await pilot.press("r")
            form = app.screen
            assert isinstance(form, RunForm)
            await fill_run_form(
                pilot,
                form,
                name=name,
                command="httpd -f -p 80",
                ports=f"127.0.0.1:{free_port}:80",
                env="GREETING=hello world\nLEVEL=3",
                volumes=f"{volume}:/data",
            )
            preview = str(form.query_one("#run-preview").render())
            assert f"--name {name}" in preview and f"-p 127.0.0.1:{free_port}:80" in preview
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: not isinstance(app.screen, RunForm), timeout=20, what="form closed")
            container = docker_client.containers.get(name)
            assert container.status == "running"
            attrs = container.attrs
            assert attrs["HostConfig"]["PortBindings"]["80/tcp"] == [
                {"HostIp": "127.0.0.1", "HostPort": str(free_port)}
            ]
            assert "GREETING=hello world" in attrs["Config"]["Env"] and "LEVEL=3" in attrs["Config"]["Env"]
            assert any(
                m["Type"] == "volume" and m["Name"] == volume and m["Destination"] == "/data" for m in attrs["Mounts"]
            )
            # The app went to the new container. Both at once: the cursor can be on it before
            # the form's callback ran (the only container is the first row as soon as it is
            # listed), and the pane switch comes with the callback.
            await wait_for(
                pilot,
                lambda: (
                    app.query_one("#panes").active == "containers"
                    and app.query_one("#containers-table").cursor_key == container.id
                ),
                what="the new container selected in the containers pane",
            )
    finally:
        try:
            docker_client.api.remove_container(name, force=True, v=True)
        except docker.errors.NotFound:
            pass
        try:
            docker_client.volumes.get(volume).remove()
        except docker.errors.NotFound:
            pass


async def test_run_with_a_taken_port_reports_and_leaves_nothing(app, docker_client, fixture_images) -> None:
    name = f"dtui-test-taken-{uuid.uuid4().hex[:6]}"
    made_by_the_run = f"dtui-test-vol-new-{uuid.uuid4().hex[:6]}"
    kept = docker_client.volumes.create(f"dtui-test-vol-old-{uuid.uuid4().hex[:6]}")
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    taken = holder.getsockname()[1]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await started(app, pilot)
            await select_reference(app, pilot, fixture_images.busybox)
            await pilot.press("r")
            form = app.screen
            await fill_run_form(
                pilot,
                form,
                name=name,
                command="httpd -f -p 80",
                ports=f"127.0.0.1:{taken}:80",
                volumes=f"{made_by_the_run}:/data {kept.name}:/kept",
            )
            await pilot.press("ctrl+r")
            message = form.query_one("#run-message")
            await wait_for(
                pilot, lambda: "The daemon said" in str(message.render()), timeout=20, what="the daemon's error"
            )
            text = str(message.render())
            assert str(taken) in text and ("already" in text or "in use" in text)
            assert "was removed" in text
            assert isinstance(app.screen, RunForm)  # the form and its values stay
            assert form.query_one("#run-name").value == name
        with pytest.raises(docker.errors.NotFound):
            docker_client.containers.get(name)
        with pytest.raises(docker.errors.NotFound):
            docker_client.volumes.get(made_by_the_run)  # the run made it: the run takes it away
        docker_client.volumes.get(kept.name)  # it was there before: it stays
    finally:
        holder.close()
        kept.remove(force=True)


async def test_removing_an_image_in_use_shows_the_conflict(app, docker_client, fixture_images) -> None:
    # An image with this one tag only, used by a (stopped) container: the daemon refuses without force.
    repository = f"dtui-test-inuse-{RUN_ID}"
    _build(
        docker_client, f"{repository}:v1", BUSYBOX_DOCKERFILE + "LABEL variant=inuse\n", {"busybox": _busybox_binary()}
    )
    user = docker_client.containers.create(
        f"{repository}:v1", ["true"], labels={TEST_LABEL: RUN_ID}, name=f"dtui-test-user-{uuid.uuid4().hex[:6]}"
    )
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await started(app, pilot)
            await select_reference(app, pilot, f"{repository}:v1")
            await pilot.press("d")
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await wait_for(
                pilot,
                lambda: (
                    isinstance(app.screen, ConfirmDialog)
                    and "refused" in str(app.screen.query_one("#confirm-title").render())
                ),
                timeout=10,
                what="the conflict, with force offered",
            )
            body = str(app.screen.query_one("#confirm-body").render())
            assert "conflict" in body and "must force" in body and user.id[:12] in body
            await pilot.press("n")
        assert docker_client.images.get(f"{repository}:v1")
    finally:
        user.remove(force=True)
        docker_client.images.remove(f"{repository}:v1")


async def test_prune_removes_only_dangling_images(app, docker_client, fixture_images) -> None:
    repository = f"dtui-test-dangle-{RUN_ID}"
    binary = _busybox_binary()
    for variant in ("one", "two"):  # the second build takes the tag: the first one dangles
        _build(docker_client, f"{repository}:x", BUSYBOX_DOCKERFILE + f"LABEL variant={variant}\n", {"busybox": binary})
    dangling = docker_client.api.images(filters={"dangling": True})
    strangers = [i["Id"] for i in dangling if (i.get("Labels") or {}).get(TEST_LABEL) is None]
    if strangers:
        pytest.skip(
            f"the daemon has {len(strangers)} dangling image(s) the tests did not make; pruning would remove them"
        )
    ours = {i["Id"] for i in dangling}
    tagged_before = {t for i in docker_client.api.images() for t in (i.get("RepoTags") or []) if t != "<none>:<none>"}
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await started(app, pilot)
            await pilot.press("P")
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await wait_for(
                pilot,
                lambda: any(n.message.startswith("Pruned") for n in app._notifications),
                timeout=20,
                what="the prune report",
            )
            report = next(n.message for n in app._notifications if n.message.startswith("Pruned"))
            assert f"Pruned {len(ours)} dangling image(s)" in report and "reclaimed" in report
        remaining = {i["Id"] for i in docker_client.api.images(filters={"dangling": True})}
        assert not (ours & remaining)
        tagged_after = {
            t for i in docker_client.api.images() for t in (i.get("RepoTags") or []) if t != "<none>:<none>"
        }
        assert tagged_before <= tagged_after
    finally:
        docker_client.images.remove(f"{repository}:x")


def test_pull_from_an_unreachable_registry_says_so(docker_client) -> None:
    """The daemon's words, verbatim, for a registry nobody listens on."""
    import threading

    from dockertui.engine.pull import PullJob
    from dockertui.engine.references import parse_reference

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = threading.Event()
    job = PullJob(docker_client.api, parse_reference(f"127.0.0.1:{port}/nothing:1"), done.set)
    job.start()
    assert job.join(30)
    assert job.state.finished and not job.state.succeeded
    assert "connection refused" in job.state.error and f"127.0.0.1:{port}" in job.state.error
    assert job.state.status == "failed"


async def test_progress_lines_become_one_message_until_it_is_handled(monkeypatch) -> None:
    """A pull thread reports every progress line; the UI gets one message per round, not
    one per line (a big pull sends thousands)."""
    import threading

    from tests.support.fakes import fake_connector

    handled = []
    real_handler = DockerTUI.on_pull_progressed

    def counting_handler(self, message):
        handled.append(message)
        real_handler(self, message)

    monkeypatch.setattr(DockerTUI, "on_pull_progressed", counting_handler)
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="the fake connection")
        lines = threading.Thread(target=lambda: [app.pull_center.bell.ring() for _ in range(2000)])
        lines.start()
        lines.join()
        await pilot.pause(0.2)
        assert 1 <= len(handled) <= 3
        app.pull_center.bell.ring()  # a line after the message was handled is reported again
        await pilot.pause(0.2)
        assert len(handled) >= 2


async def test_force_remove_is_never_offered_on_a_daemon_switched_to(monkeypatch) -> None:
    """A remove the daemon refuses offers force — but only for that daemon: after a switch
    while it ran, nothing is forced on the new one."""
    import threading

    from tests.support.fakes import FakeAPI, fake_connector

    release = threading.Event()

    def refusing_remove(self, image, force=False):
        self.calls.append(f"remove_image(force={force})")
        release.wait(5)
        raise RuntimeError("conflict: unable to delete busybox:latest (must be forced) - image is referenced")

    monkeypatch.setattr(FakeAPI, "remove_image", refusing_remove, raising=False)
    connector = fake_connector()
    apis = []

    def connect(target):
        connection = connector(target)
        apis.append(connection.api)
        return connection

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=connect)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#images-table").row_count > 0, what="images")
        await pilot.press("2")
        app.query_one("#images-table").select_key(
            next(k for k in app.query_one("#images").items if k.endswith("|busybox:latest"))
        )
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: apis[0].calls, what="the remove to start")
        await app.switch_target(DaemonTarget(host="unix:///other.sock"))
        await wait_for(pilot, lambda: len(apis) == 2 and app.session is not None, what="the other daemon")
        release.set()
        await wait_for(
            pilot, lambda: any("must be forced" in n.message for n in app._notifications), what="the refusal reported"
        )
        assert not isinstance(app.screen, ConfirmDialog)
        assert [c for c in apis[0].calls if "force=True" in c] == [] and apis[1].calls == []


async def test_up_and_down_move_between_pulls() -> None:
    from dockertui.engine.references import parse_reference
    from dockertui.ui.messages import PullRequested
    from dockertui.ui.screens.pulls import PullBlock
    from tests.support.fakes import fake_connector

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="the fake connection")
        for name in ("one", "two", "three"):
            app.post_message(PullRequested(parse_reference(f"example.invalid/{name}")))
            await wait_for(pilot, lambda: isinstance(app.screen, PullsView), what="the pulls view")
        await wait_for(pilot, lambda: len(app.screen.query(PullBlock)) == 3, what="three pulls")
        await pilot.pause()
        blocks = list(app.screen.query(PullBlock))
        assert app.focused is blocks[2]
        await pilot.press("up")
        assert app.focused is blocks[1]
        await pilot.press("up")
        assert app.focused is blocks[0]
        await pilot.press("down")
        assert app.focused is blocks[1]
