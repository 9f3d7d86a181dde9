"""Compose projects against the real daemon, brought up by the real docker-compose: the
projects view lists them live, its keys stop, start and take them down as
``docker-compose down`` does (compared with what the docker CLI shows), merged logs
interleave the services' lines by their timestamps, read-only mode refuses every action
with no request, and hostile labels and log lines stay inert."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from dockertui.engine.connection import connect
from dockertui.engine.inventory import Inventory
from dockertui.engine.merged_logs import timestamp_key
from dockertui.engine.project_actions import plan_action, plan_down
from dockertui.engine.projects import group_projects
from dockertui.engine.session import DaemonSession
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.project_down import ProjectDownDialog
from dockertui.ui.screens.project_logs import ProjectLogsScreen, log_sources
from dockertui.ui.screens.projects import ProjectsScreen
from tests.support.containers import ContainerFactory
from tests.support.hostile import BIDI, MARKUP, PAYLOAD, TITLE, audit, clipboard_writes, titles
from tests.support.hostile_daemon import HostileDaemon
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pilot import wait_for
from tests.support.pty_session import PtySession
from tests.support.remote_endpoints import PodmanService

WAIT = 60.0
PROJECT_LABEL = "com.docker.compose.project"

pytestmark = pytest.mark.skipif(
    shutil.which("docker-compose") is None,
    reason="docker-compose is not installed (scripts/testenv.py installs Debian's docker-compose)",
)


# -- a project, as docker-compose brings it up ---------------------------------------------


def compose_file(image: str) -> str:
    """Two services printing numbered lines at different paces, a named volume; both stop at
    once on SIGTERM (a shell waiting on a sleep would wait out the stop timeout)."""
    loop = "trap 'exit 0' TERM; i=0; while :; do i=$$((i+1)); echo {name} line $$i; sleep {pause} & wait; done"
    return textwrap.dedent(
        f"""\
        version: "3.7"
        services:
          alpha:
            image: {image}
            command: ["sh", "-c", "{loop.format(name="alpha", pause="0.2")}"]
            labels: {{"{TEST_LABEL}": "{RUN_ID}"}}
            volumes: ["data:/data"]
          beta:
            image: {image}
            command: ["sh", "-c", "{loop.format(name="beta", pause="0.3")} >&2"]
            labels: {{"{TEST_LABEL}": "{RUN_ID}"}}
        volumes:
          data:
            labels: {{"{TEST_LABEL}": "{RUN_ID}"}}
        networks:
          default:
            labels: {{"{TEST_LABEL}": "{RUN_ID}"}}
        """
    )


class Compose:
    def __init__(self, folder: Path, docker_host: str, image: str) -> None:
        self.name = f"dtui-test-proj-{uuid.uuid4().hex[:6]}"
        self.folder = folder
        self.file = folder / "docker-compose.yml"
        self.file.write_text(compose_file(image))
        self.env = {**os.environ, "DOCKER_HOST": docker_host}

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["docker-compose", "-p", self.name, "-f", str(self.file), *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, f"docker-compose {' '.join(args)}: {result.stderr}"
        return result.stdout

    def docker(self, *args: str) -> list[str]:
        """What the docker CLI says, one line a row."""
        result = subprocess.run(["docker", *args], env=self.env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return [line for line in result.stdout.splitlines() if line.strip()]

    def running(self) -> list[str]:
        return self.docker("ps", "--filter", f"label={PROJECT_LABEL}={self.name}", "--format", "{{.Names}}")

    def containers(self) -> list[str]:
        return self.docker("ps", "-a", "--filter", f"label={PROJECT_LABEL}={self.name}", "--format", "{{.Names}}")

    def networks(self) -> list[str]:
        return self.docker("network", "ls", "--filter", f"label={PROJECT_LABEL}={self.name}", "--format", "{{.Name}}")

    def volumes(self) -> list[str]:
        return self.docker("volume", "ls", "--filter", f"label={PROJECT_LABEL}={self.name}", "--format", "{{.Name}}")


@pytest.fixture
def project(tmp_path, docker_host, fixture_images):
    compose = Compose(tmp_path, docker_host, fixture_images.busybox)
    try:
        compose.run("up", "-d")
        yield compose
    finally:
        compose.run("down", "-v", "--remove-orphans")


# -- driving the app ---------------------------------------------------------------------------


def screen_of(app) -> ProjectsScreen:
    screen = next((s for s in app.screen_stack if isinstance(s, ProjectsScreen)), None)
    assert screen is not None, "the projects view is open"
    return screen


async def open_projects(app, pilot, name: str) -> ProjectsScreen:
    """P in the containers pane, then the project selected."""
    await wait_for(
        pilot,
        lambda: app.live is not None and any(c.project == name for c in app.containers_pane.items.values()),
        timeout=WAIT,
        what="the project's containers listed",
    )
    app.containers_pane.table.focus()
    await pilot.press("P")
    await wait_for(pilot, lambda: isinstance(app.screen, ProjectsScreen), what="the projects view")
    screen = app.screen
    await wait_for(pilot, lambda: name in screen.projects, timeout=WAIT, what=f"{name} listed")
    assert screen.table.select_key(name)
    await pilot.pause()
    return screen


async def confirm(app, pilot, dialog_type=ConfirmDialog, *keys: str) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, dialog_type), what=dialog_type.__name__)
    for key in (*keys, "y"):
        await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, ProjectsScreen), what="the dialog closed")


def cell_texts(screen: ProjectsScreen, name: str) -> list[str]:
    return [str(cell) for cell in screen.cells(name)]


@pytest.fixture
def app(docker_host):
    return DockerTUI(DaemonTarget(host=docker_host))


# -- the list ----------------------------------------------------------------------------------


async def test_the_view_lists_the_project_with_its_services_and_stays_live(app, project) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_projects(app, pilot, project.name)
        await wait_for(
            pilot,
            lambda: cell_texts(screen, project.name)[1:3] == ["running", "alpha 1/1, beta 1/1"],
            timeout=WAIT,
            what="both services running",
        )
        shown = screen.projects[project.name]
        assert sorted(c.name for c in shown.containers) == sorted(project.containers())
        assert shown.working_dir == str(project.folder)
        assert shown.config_files == (str(project.file),)
        assert [n.name for n in shown.networks] == project.networks() == [f"{project.name}_default"]
        assert [v.name for v in shown.volumes] == project.volumes() == [f"{project.name}_data"]
        # Live: the CLI stops a service, the view follows without a key.
        project.run("stop", "beta")
        await wait_for(
            pilot,
            lambda: cell_texts(screen, project.name)[1:3] == ["running 1/2", "alpha 1/1, beta 0/1"],
            timeout=WAIT,
            what="beta stopped in the view",
        )
        # …and a project that goes away leaves the list.
        project.run("down")
        await wait_for(pilot, lambda: project.name not in screen.projects, timeout=WAIT, what="the project gone")
        assert project.name not in screen.table.keys


# -- actions -----------------------------------------------------------------------------------


async def test_stop_start_restart_and_down_do_what_docker_compose_does(app, project, docker_client) -> None:
    volume = f"{project.name}_data"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_projects(app, pilot, project.name)
        await wait_for(pilot, lambda: screen.projects[project.name].running == 2, timeout=WAIT, what="running")
        await pilot.press("s")
        await confirm(app, pilot)
        await wait_for(pilot, lambda: project.running() == [], timeout=WAIT, what="docker ps: none running")
        await wait_for(
            pilot, lambda: cell_texts(screen, project.name)[1] == "exited", timeout=WAIT, what="the view: exited"
        )
        assert sorted(project.containers()) == sorted(c.name for c in screen.projects[project.name].containers)

        await pilot.press("s")  # nothing up: s starts
        await confirm(app, pilot)
        await wait_for(pilot, lambda: len(project.running()) == 2, timeout=WAIT, what="docker ps: both running")
        await wait_for(
            pilot, lambda: cell_texts(screen, project.name)[1] == "running", timeout=WAIT, what="the view: running"
        )

        def started_at() -> dict[str, str]:
            found = docker_client.api.containers(filters={"label": f"{PROJECT_LABEL}={project.name}"})
            return {c["Id"]: docker_client.api.inspect_container(c["Id"])["State"]["StartedAt"] for c in found}

        before = started_at()
        await pilot.press("r")
        await confirm(app, pilot)
        await wait_for(
            pilot,
            lambda: (now := started_at()).keys() == before.keys() and all(now[k] != before[k] for k in now),
            timeout=WAIT,
            what="both containers started again",
        )

        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectDownDialog), what="the down dialog")
        body = str(app.screen.query_one("#confirm-body").render())
        assert f"{project.name}_alpha_1" in body and f"{project.name}_default" in body and "Volumes stay" in body
        await confirm(app, pilot, ProjectDownDialog)
        await wait_for(pilot, lambda: project.containers() == [], timeout=WAIT, what="docker ps -a: none left")
        await wait_for(pilot, lambda: project.networks() == [], timeout=WAIT, what="docker network ls: gone")
        assert project.volumes() == [volume]  # without the tick, the named volume stays
        await wait_for(pilot, lambda: project.name not in screen.projects, timeout=WAIT, what="the view: gone")
        # The report comes once the networks are removed too, which may be after the view
        # saw the containers go.
        await wait_for(
            pilot, lambda: any("is down" in n.message for n in app._notifications), timeout=WAIT, what="the report"
        )


async def test_down_with_the_volumes_ticked_removes_them_too(app, project) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_projects(app, pilot, project.name)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectDownDialog), what="the down dialog")
        await pilot.press("v")
        await wait_for(
            pilot,
            lambda: "Volumes removed (1)" in str(app.screen.query_one("#confirm-body").render()),
            what="the volume listed as going",
        )
        await confirm(app, pilot, ProjectDownDialog)
        await pilot.press("escape")  # the view closed while the project goes down…
        assert not any(isinstance(s, ProjectsScreen) for s in app.screen_stack)
        await wait_for(pilot, lambda: project.volumes() == [], timeout=WAIT, what="docker volume ls: gone")
        assert project.containers() == [] and project.networks() == []
        # …and the outcome is still said.
        await wait_for(
            pilot, lambda: any("is down" in n.message for n in app._notifications), timeout=WAIT, what="the report"
        )


# -- merged logs -------------------------------------------------------------------------------


async def test_merged_logs_interleave_the_services_by_their_timestamps(app, project, docker_client) -> None:
    time.sleep(1.5)  # some history in both logs before they are opened
    async with app.run_test(size=(120, 40)) as pilot:
        await open_projects(app, pilot, project.name)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectLogsScreen), what="the merged log")
        view = app.screen.log_view

        def count(source: str) -> int:
            return sum(1 for line in view.lines if line.source == source)

        await wait_for(pilot, lambda: count("alpha") >= 20 and count("beta") >= 14, timeout=WAIT, what="lines")
        lines = [line for line in view.lines if line.source]
        rows = [view._row_text(i).plain for i in range(3)]
    keys = [timestamp_key(line.timestamp) for line in lines]
    assert None not in keys
    assert keys == sorted(keys), "lines are in timestamp order"
    sources = [line.source for line in lines]
    switches = sum(1 for a, b in zip(sources, sources[1:], strict=False) if a != b)
    assert switches >= 10, "the services' lines are interleaved, not one after the other"
    assert {line.stream for line in lines if line.source == "beta"} == {"stderr"}
    # Every line is the container's own, with the daemon's own timestamp.
    for container in docker_client.containers.list(filters={"label": f"{PROJECT_LABEL}={project.name}"}):
        service = container.labels["com.docker.compose.service"]
        own = {
            tuple(raw.split(" ", 1))
            for raw in docker_client.api.logs(container.id, timestamps=True).decode().splitlines()
        }
        shown = {(line.timestamp, line.text) for line in lines if line.source == service}
        assert shown and shown <= own, service
    # Each row says whose it is.
    assert all(row[1:].startswith(("alpha | ", "beta  | ")) for row in rows)


# -- read-only ---------------------------------------------------------------------------------


@pytest.fixture
def recording_daemon(docker_host, tmp_path_factory):
    if not docker_host.startswith("unix://"):
        pytest.skip("the recording proxy fronts a unix socket")
    listen = str(tmp_path_factory.mktemp("recorded") / "docker.sock")
    proxy = HostileDaemon(listen, docker_host[len("unix://") :], lambda path, status, document: document).start()
    yield proxy
    proxy.stop()


async def test_read_only_refuses_every_project_action_with_no_request(recording_daemon, project) -> None:
    app = DockerTUI(DaemonTarget(host=recording_daemon.url), read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_projects(app, pilot, project.name)
        await wait_for(pilot, lambda: screen.projects[project.name].running == 2, timeout=WAIT, what="running")
        for action in ("stop", "restart", "down"):
            # Greyed in footer, help and palette…
            assert app._check_action_state(action, screen) is None, action
        for key in ("s", "r", "d"):
            before = len(app.refused)
            await pilot.press(key)
            await pilot.pause()
            # …and refused with a note, before any dialog opens.
            assert len(app.refused) == before + 1, key
            assert isinstance(app.screen, ProjectsScreen), key
        # The dialog's own confirm is refused too, and the session refuses a plan that got past the keys.
        dialog = ProjectDownDialog(screen.projects[project.name])
        await app.push_screen(dialog)
        await pilot.press("y")
        await pilot.pause()
        assert app.refused[-1] == "ProjectDownDialog.confirm"
        app.pop_screen()
        screen._launch(dialog.plan)
        await wait_for(pilot, lambda: not screen.busy, timeout=WAIT, what="the refused plan reported")
        assert any("Read-only mode" in n.message for n in app._notifications)
        # Reading the logs is no change: allowed.
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectLogsScreen), what="the merged log")
    changes = [r for r in recording_daemon.requests if r.split(" ", 1)[0] in ("POST", "PUT", "DELETE")]
    assert changes == [], "the read-only app sent changes"
    assert len(project.running()) == 2


# -- hostile labels and log lines ---------------------------------------------------------------

HOSTILE_LOG = r"""
printf 'log-start \033]0;PWNED-TITLE\007 \033]52;c;UFdORUQ=\033\\ \302\2332J\342\200\256rlo\n'
printf '\033[31mcolour-kept\033[0m\n'
echo log-end
trap 'exit 0' TERM
while :; do sleep 1; done
"""


def test_hostile_project_and_service_names_labels_and_lines_stay_inert(docker_host, docker_client, fixture_images):
    """A project made by hand with hostile compose labels: the view and the merged log show
    them in their visible form and the terminal receives none of their sequences."""
    uid = uuid.uuid4().hex[:6]
    name = f"!dtui-test-proj-{uid}{TITLE}"  # "!" sorts first: the row selected on opening
    factory = ContainerFactory(docker_client, fixture_images.busybox)
    session = None
    try:
        for service in (f"web{PAYLOAD}", f"db{BIDI}"):
            factory.create(
                name=f"dtui-test-proj-{uid}-{len(factory.created)}",
                command=["sh", "-c", HOSTILE_LOG],
                labels={
                    PROJECT_LABEL: name,
                    "com.docker.compose.service": service,
                    "com.docker.compose.project.working_dir": f"/srv{MARKUP}",
                    "com.docker.compose.project.config_files": f"a.yml,{TITLE}b.yml",
                },
            )
        session = PtySession(["--host", docker_host], columns=120, rows=40, env=dict(os.environ))
        session.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
        session.send("P")
        session.wait_for(f"!dtui-test-proj-{uid}␛]0;PWNED-TITLE␇", timeout=WAIT)
        session.wait_for("/srv[bold]b[/bold]", timeout=WAIT)  # markup shown as it is
        session.wait_for("web␛]0;PWNED-TITLE␇", timeout=WAIT)  # the service, in the details
        session.send("l")
        session.wait_for("log-end", timeout=WAIT)
        text = session.text()
        assert "colour-kept" in text and "\\u202erlo" in text
        assert "PWNED-TITLE\x07" not in text
        for key in ("\x1b", "\x1b"):  # the log, then the projects view
            time.sleep(0.3)
            session.send(key)
        time.sleep(0.3)
        session.send("q")
        assert session.wait_exit(WAIT) == 0, session.text()
        raw = session.raw_output()
        assert audit(raw) == []
        assert titles(raw) == [] and clipboard_writes(raw) == []
    finally:
        if session is not None:
            session.close()
        for container_id in factory.created:
            docker_client.api.remove_container(container_id, force=True, v=True)


# -- Podman: the same labels (podman-compose writes them), the same actions over the compat API --


@pytest.fixture(scope="module")
def podman(tmp_path_factory, docker_client, fixture_images):
    if os.geteuid() != 0 or shutil.which("podman") is None:
        pytest.skip("needs podman and root (scripts/testenv.py installs podman)")
    service = PodmanService(tmp_path_factory.mktemp("podman"))
    try:
        service.start()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"podman system service does not start here: {error}")
    service.podman("load", stdin=b"".join(docker_client.images.get(fixture_images.busybox).save(named=True)))
    yield service
    service.stop()


def test_podman_compose_labels_group_and_act_through_the_compat_api(podman, fixture_images) -> None:
    """Containers labelled as podman-compose labels them (no oneoff label, relative config
    files), a volume labelled with the project: listed, grouped, stopped, started, their logs
    merged by Podman's timestamps, and taken down with the volume, all through the compat API."""
    name = f"dtui-test-proj-{uuid.uuid4().hex[:6]}"
    volume = f"{name}_data"
    # podman reads DOCKER_CONFIG's config.json (for credentials), which this test's own is without.
    Path(os.environ["DOCKER_CONFIG"], "config.json").write_text("{}")
    created = podman.podman("volume", "create", "--label", f"{PROJECT_LABEL}={name}", volume)
    assert created.returncode == 0, created.stderr
    for service, pause in (("alpha", "0.2"), ("beta", "0.3")):
        loop = f"trap 'exit 0' TERM; i=0; while :; do i=$((i+1)); echo {service} line $i; sleep {pause} & wait; done"
        ran = podman.podman(
            "run", "-d", "--name", f"{name}_{service}_1", "--network", "none",
            "--label", f"io.podman.compose.project={name}",
            "--label", f"{PROJECT_LABEL}={name}",
            "--label", "com.docker.compose.project.working_dir=/srv/podman",
            "--label", "com.docker.compose.project.config_files=./docker-compose.yml",
            "--label", "com.docker.compose.container-number=1",
            "--label", f"com.docker.compose.service={service}",
            "--label", f"{TEST_LABEL}={RUN_ID}",
            *(["-v", f"{volume}:/data"] if service == "alpha" else []),
            f"localhost/{fixture_images.busybox}", "sh", "-c", loop,
        )  # fmt: skip
        if ran.returncode != 0:
            pytest.skip(f"podman cannot run containers here: {ran.stderr.decode()[-300:]}")
    session = DaemonSession(connect(DaemonTarget(host=podman.url)))
    inventory = Inventory()

    def project():
        inventory.relist(session.connection.api)
        return group_projects(
            inventory.containers.values(), inventory.networks.values(), inventory.volumes.values()
        ).get(name)

    def podman_running() -> list[str]:
        listed = podman.podman("ps", "--filter", f"label={PROJECT_LABEL}={name}", "--format", "{{.Names}}")
        return listed.stdout.decode().split()

    try:
        shown = project()
        assert shown is not None and [(s.name, s.running, s.total) for s in shown.services] == [
            ("alpha", 1, 1),
            ("beta", 1, 1),
        ]
        assert shown.config_files == ("./docker-compose.yml",) and [v.name for v in shown.volumes] == [volume]
        time.sleep(1.5)  # some lines in both logs
        lines = []
        merged = session.follow_merged_logs(log_sources(shown), notify=lambda: None, tail=100)
        try:
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline and not (
                sum(line.source == "alpha" for line in lines) >= 10
                and sum(line.source == "beta" for line in lines) >= 7
            ):
                time.sleep(0.1)
                lines.extend(merged.lines.take())
        finally:
            merged.close()
        keys = [timestamp_key(line.timestamp) for line in lines if line.source]
        assert len(keys) >= 17 and None not in keys and keys == sorted(keys)

        report = session.run_project_plan(plan_action(shown, "stop"), progress=lambda text: None)
        assert report.failures == [] and podman_running() == []
        assert project().running == 0
        report = session.run_project_plan(plan_action(project(), "start"), progress=lambda text: None)
        assert report.failures == [] and len(podman_running()) == 2
        report = session.run_project_plan(plan_down(project(), remove_volumes=True), progress=lambda text: None)
        assert report.failures == []
        left = podman.podman("ps", "-a", "--filter", f"label={PROJECT_LABEL}={name}", "--format", "{{.Names}}")
        assert left.stdout.decode().split() == []
        assert podman.podman("volume", "exists", volume).returncode != 0
        assert project() is None
    finally:
        session.close()
        podman.podman("rm", "-f", f"{name}_alpha_1", f"{name}_beta_1")
        podman.podman("volume", "rm", "-f", volume)
