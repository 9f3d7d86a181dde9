"""Outside text never reaches the user's terminal, view by view, in a real pty.

Each test drives the real app in a pseudo-terminal against the real daemon (or an
index, a registry, a docker config of our own, or the real daemon behind a proxy
that plays a hostile one) with the hostile catalogue in every text it can carry,
brings the text on screen, checks it is shown in its visible form, and then reads
the raw bytes the app wrote: no escape sequence but Textual's own, no control
character, no bidi control, no window title, no clipboard write but the copies the
test made.
"""

from __future__ import annotations

import json
import os
import time
import uuid

import docker
import pytest

from dockertui.engine.safe_text import safe_text
from tests.support.containers import ContainerFactory
from tests.support.hostile import (
    BIDI,
    CATALOGUE,
    MARKUP,
    PAYLOAD,
    PAYLOAD_SHOWN,
    TITLE,
    audit,
    clipboard_writes,
    titles,
)
from tests.support.hostile_daemon import AnsweringSocket, HostileDaemon, replace_everywhere
from tests.support.hostile_registry import HostileRegistry
from tests.support.index_server import IndexServer
from tests.support.labels import RUN_ID, TEST_LABEL
from tests.support.pty_session import PtySession

SHOWN_TITLE = "␛]0;PWNED-TITLE␇"
#: A word the hostile daemon replaces with the payload wherever the real daemon says it.
MARKER = "xhostilex"
WAIT = 30.0
END = "\x1b[F"
DOWN = "\x1b[B"

# Container output with every kind of sequence, some split across writes (and reads).
LOG_SCRIPT = r"""
printf 'log-start \033]0;PWNED-TITLE\007 \033]52;c;UFdORUQ=\033\\ \302\2332J\342\200\256rlo\n'
printf 'split \033]0;PW'; sleep 0.3; printf 'NED-TITLE\007 \033]52;c;UF'; sleep 0.3; printf 'dORUQ=\007 split-done\n'
printf 'stderr \033[2J\033Pq\033\\ \033_Gf=1;A\033\\ \302\2350;c1\302\234 bell\007 stderr-end\n' >&2
printf '\033[31mcolour-kept\033[0m\n'
echo log-end
trap 'exit 0' TERM
while :; do sleep 1; done
"""


# -- what the tests run against ------------------------------------------------------------


@pytest.fixture(scope="module")
def factory(docker_client, fixture_images):
    """Containers for this module, removed after it (only these: the run's others live on)."""
    made = ContainerFactory(docker_client, fixture_images.busybox)
    yield made
    for container_id in made.created:
        try:
            docker_client.api.remove_container(container_id, force=True, v=True)
        except docker.errors.NotFound:
            pass


@pytest.fixture(scope="module")
def bind_source(tmp_path_factory):
    """A host folder whose name carries a title sequence, bind-mounted into the container."""
    folder = tmp_path_factory.mktemp("binds") / f"src{TITLE}"
    folder.mkdir()
    return str(folder)


@pytest.fixture(scope="module")
def hostile_container(factory, bind_source):
    """A running container whose labels, env, command, mount, health output and logs are hostile."""
    labels = {f"hostile.{key}": value for key, value in CATALOGUE.items()}
    labels.update(
        {"com.docker.compose.project": PAYLOAD, "com.docker.compose.service": f"svc{TITLE}", f"key{TITLE}": "value"}
    )
    return factory.create(
        name=f"dtui-hostile-{RUN_ID}",
        labels=labels,
        environment=["SECRET=hunter2", f"HOSTILE={PAYLOAD}"],
        command=["sh", "-c", LOG_SCRIPT, PAYLOAD],
        volumes=[f"{bind_source}:/data"],
        healthcheck={"test": ["CMD", "sh", "-c", r"printf 'health \033]0;PWNED-TITLE\007'"], "interval": 1_000_000_000},
    )


@pytest.fixture(scope="module")
def hostile_image(docker_client, fixture_images):
    """An image whose config (labels, env, entrypoint, cmd, workdir, user) and history are hostile."""
    source = docker_client.containers.create(
        fixture_images.busybox, command=["sh", "-c", "true", PAYLOAD], labels={TEST_LABEL: RUN_ID}
    )
    reference = f"dockertui-test/hostile:{RUN_ID}"
    try:
        source.commit(
            repository="dockertui-test/hostile",
            tag=RUN_ID,
            conf={
                "Labels": {**{f"hostile.{key}": value for key, value in CATALOGUE.items()}, TEST_LABEL: RUN_ID},
                "Env": [f"HOSTILE={PAYLOAD}"],
                "Entrypoint": ["sh", "-c", PAYLOAD],
                "Cmd": [PAYLOAD],
                "WorkingDir": f"/work{TITLE}",
                "User": f"user{TITLE}",
            },
        )
    finally:
        source.remove(force=True)
    yield reference
    docker_client.images.remove(reference, force=True)


def hostile_answers(path: str, status: int, document):
    """What the hostile daemon does to the real one's answers."""
    document = replace_everywhere(MARKER, PAYLOAD)(path, status, document)
    if not isinstance(document, dict):
        return document
    if status >= 400 and "message" in document:
        document["message"] = f"{PAYLOAD} {MARKUP} {document['message']}"
    if path == "/version":
        document["Version"] = f"{document.get('Version')}{TITLE}{BIDI}"
    if path == "/images/create":
        for key in ("status", "id", "error"):
            if key in document:
                document[key] = f"{document[key]}{PAYLOAD}"
    return document


@pytest.fixture(scope="module")
def hostile_daemon(docker_host, tmp_path_factory):
    if not docker_host.startswith("unix://"):
        pytest.skip("the hostile daemon fronts a unix socket")
    listen = str(tmp_path_factory.mktemp("hostile") / "docker.sock")
    daemon = HostileDaemon(listen, docker_host[len("unix://") :], hostile_answers).start()
    yield daemon
    daemon.stop()


# -- the app in a pty ---------------------------------------------------------------------


@pytest.fixture
def terminal():
    sessions: list[PtySession] = []

    def start(host: str, *args: str, columns: int = 120, rows: int = 40, env: dict | None = None) -> PtySession:
        session = PtySession(["--host", host, *args], columns=columns, rows=rows, env={**os.environ, **(env or {})})
        sessions.append(session)
        session.wait_for_pattern(r"\d+/\d+ running", timeout=WAIT)
        return session

    yield start
    for session in sessions:
        session.close()


def assert_nothing_escaped(session: PtySession, copies: tuple[str, ...] = ()) -> None:
    """Quit, then read everything the app wrote: only its own sequences, only our copies."""
    session.send("q")
    assert session.wait_exit(WAIT) == 0, session.text()
    raw = session.raw_output()
    assert audit(raw, copies) == []
    assert titles(raw) == []
    assert clipboard_writes(raw) == list(copies)


def press(session: PtySession, *keys: str) -> None:
    """Keys one at a time (an ESC sent with the next key would read as alt+key)."""
    for key in keys:
        session.send(key)
        time.sleep(0.15)


def filter_list(session: PtySession, text: str) -> None:
    press(session, "/")
    session.wait_for("filter", timeout=WAIT)  # the filter box is open
    session.send(text)
    session.wait_for(f"filter {text}", timeout=WAIT)
    press(session, "\r")


# -- containers ---------------------------------------------------------------------------


def test_containers_list(terminal, docker_host, hostile_container) -> None:
    session = terminal(docker_host)
    filter_list(session, hostile_container.name)
    session.wait_for(hostile_container.name, timeout=WAIT)
    session.wait_for("␛]0;PWN", timeout=WAIT)  # the compose project column (narrow: cut after that)
    assert_nothing_escaped(session)


def test_info_tab(terminal, docker_host, hostile_container, bind_source) -> None:
    session = terminal(docker_host, rows=60)
    filter_list(session, hostile_container.name)
    session.wait_for(hostile_container.name, timeout=WAIT)
    press(session, "\r")
    session.wait_for("SECRET=••••••", timeout=WAIT)
    session.wait_for(f"{PAYLOAD_SHOWN}", timeout=WAIT)  # the command's last argument
    session.wait_for(f"{safe_text(bind_source)} → /data", timeout=WAIT)
    assert "hunter2" not in session.text()
    press(session, "v")
    session.wait_for("SECRET=hunter2", timeout=WAIT)
    session.wait_for(f"HOSTILE={PAYLOAD_SHOWN}", timeout=WAIT)
    press(session, END)
    session.wait_for(f"key{SHOWN_TITLE}=value", timeout=WAIT)
    session.wait_for("hostile.wide=界面 é 👩", timeout=WAIT)
    assert_nothing_escaped(session)


def test_logs_tab(terminal, docker_host, hostile_container) -> None:
    session = terminal(docker_host)
    filter_list(session, hostile_container.name)
    session.wait_for(hostile_container.name, timeout=WAIT)
    press(session, "l")
    session.wait_for("log-end", timeout=WAIT)
    lines = session.text().splitlines()
    logged = lines[next(i for i, line in enumerate(lines) if "log-start" in line) :]
    text = "\n".join(logged)
    assert "\\u202erlo" in text  # bidi override shown, not obeyed
    assert "split-done" in text and "bell␇ stderr-end" in text and "colour-kept" in text
    assert "PWNED" not in text  # whole escape sequences in output are removed, as a terminal shows them
    assert_nothing_escaped(session)


def test_inspect_tab_masks_env_and_copies_the_visible_form(terminal, docker_host, hostile_container) -> None:
    session = terminal(docker_host)
    filter_list(session, hostile_container.name)
    session.wait_for(hostile_container.name, timeout=WAIT)
    press(session, "i")
    session.wait_for("(inspect)", timeout=WAIT)

    def find(needle: str) -> None:
        press(session, "/")
        session.send(needle)
        time.sleep(0.2)
        press(session, "\r")

    find("SECRET")
    session.wait_for("SECRET=••••••", timeout=WAIT)
    assert "hunter2" not in session.text()
    press(session, "v")
    session.wait_for("SECRET=hunter2", timeout=WAIT)
    find("Output")
    session.wait_for(f"health {SHOWN_TITLE}", timeout=WAIT)  # the health check's output
    find("hostile.title")
    session.wait_for(f"hostile.title: {SHOWN_TITLE}", timeout=WAIT)
    press(session, "c")
    session.wait_for("Copied the value", timeout=WAIT)
    assert_nothing_escaped(session, copies=(SHOWN_TITLE,))


def test_stats_tab_and_list_from_a_hostile_daemon(terminal, hostile_daemon, factory) -> None:
    """Names, images, versions — what the real daemon validates — from a daemon that does not."""
    factory.create(name=f"dtui-{MARKER}-{RUN_ID}-proxy")
    session = terminal(hostile_daemon.url)
    session.wait_for("20.10.24+dfsg1␛]0;PWNED", timeout=WAIT)  # the engine version in the header
    filter_list(session, f"{RUN_ID}-proxy")
    session.wait_for(f"dtui-{SHOWN_TITLE[:10]}", timeout=WAIT)
    press(session, "\r")
    session.wait_for("(v shows the values)", timeout=WAIT)
    press(session, "]")
    session.wait_for("Follow", timeout=WAIT)  # the log's keys in the footer
    press(session, "]")
    session.wait_for_pattern(r"Net rx \S+ \S+/s +max ", timeout=WAIT)  # a graph and its scale
    session.wait_for(f"dtui-{PAYLOAD_SHOWN}", timeout=WAIT)  # the panel's title line
    assert_nothing_escaped(session)


def test_daemon_error_notifications(terminal, hostile_daemon, factory) -> None:
    """A refused start: the daemon's message, hostile and full of markup, shown as plain text."""
    factory.create(name=f"dtui-{RUN_ID}-badcmd", command=["/no/such/program"], start=False)
    session = terminal(hostile_daemon.url)
    filter_list(session, f"{RUN_ID}-badcmd")
    session.wait_for(f"dtui-{RUN_ID}-b", timeout=WAIT)
    press(session, "s")
    session.wait_for("start dtui-", timeout=WAIT)  # the notification's title
    session.wait_for("[bold]b[/bold] [/x]", timeout=WAIT)  # markup stays literal and does not break
    session.wait_for(SHOWN_TITLE, timeout=WAIT)
    press(session, "2")
    session.wait_for("Repository", timeout=WAIT)  # still alive and answering keys
    assert_nothing_escaped(session)


# -- images -------------------------------------------------------------------------------


def test_images_list_from_a_hostile_daemon(terminal, hostile_daemon, docker_client, fixture_images) -> None:
    reference = f"dockertui-test/hostile-tag:{RUN_ID}-{MARKER}"
    docker_client.images.get(fixture_images.busybox).tag(reference)
    try:
        session = terminal(hostile_daemon.url)
        press(session, "2")
        session.wait_for("Repository:Tag", timeout=WAIT)
        filter_list(session, "hostile-tag")
        session.wait_for(f"dockertui-test/hostile-tag:{RUN_ID}-␛]0;", timeout=WAIT)
        assert_nothing_escaped(session)
    finally:
        docker_client.images.remove(reference)


def test_image_details(terminal, docker_host, hostile_image) -> None:
    session = terminal(docker_host, rows=60)
    press(session, "2")
    session.wait_for("Repository:Tag", timeout=WAIT)
    filter_list(session, hostile_image)
    session.wait_for(hostile_image, timeout=WAIT)
    press(session, "\r")
    session.wait_for("User        user", timeout=WAIT)
    text = session.text()
    assert "Entrypoint  sh -c" in text and f"\n {PAYLOAD_SHOWN}" in text  # the payload, folded
    assert f"WorkingDir  /work{SHOWN_TITLE}" in text and f"User        user{SHOWN_TITLE}" in text
    assert f"HOSTILE={PAYLOAD_SHOWN}" in text
    press(session, END)
    session.wait_for("Layers (newest first)", timeout=WAIT)
    session.wait_for(f"hostile.title={SHOWN_TITLE}", timeout=WAIT)
    session.wait_for("0 Bytes  sh -c true", timeout=WAIT)  # the committed layer, created by the payload
    assert_nothing_escaped(session)


def test_pulls_view_and_pull_failures_from_a_hostile_daemon(terminal, hostile_daemon, fixture_images) -> None:
    session = terminal(hostile_daemon.url)
    press(session, ":")
    session.send(f"pull {fixture_images.layered_remote}")
    press(session, "\r")
    session.wait_for("Pulls — escape hides", timeout=WAIT)
    session.wait_for(SHOWN_TITLE, timeout=WAIT)  # a status line or layer from the stream
    press(session, "\x1b")
    session.wait_until_gone("Pulls — escape hides", timeout=WAIT)
    missing = f"{fixture_images.registry}/dockertui-test/layered:no-such-tag-{uuid.uuid4().hex[:6]}"
    press(session, ":")
    session.send(f"pull {missing}")
    press(session, "\r")
    session.wait_for("manifest unknown", timeout=WAIT)  # the daemon's error, after the hostile part
    assert "[link=https://evil.example]l[/link]" in session.text()
    press(session, "\x1b")
    session.wait_until_gone("Pulls — escape hides", timeout=WAIT)
    assert_nothing_escaped(session)


# -- Hub, tags, run form ------------------------------------------------------------------


@pytest.fixture
def hostile_index_and_registry():
    registry = HostileRegistry([f"v1{TITLE}", f"v2{CATALOGUE['clear']}", "latest", CATALOGUE["c1_osc"]], PAYLOAD)
    index = IndexServer(
        [
            {
                "name": f"{registry.host}/hostile",
                "description": PAYLOAD,
                "star_count": 3,
                "is_official": False,
                "is_automated": False,
            },
            {
                "name": f"hostile{TITLE}",
                "description": f"named{BIDI}",
                "star_count": 1,
                "is_official": True,
                "is_automated": False,
            },
        ]
    ).start()
    yield index, registry
    index.stop()
    registry.close()


def search_hub(session: PtySession, index: IndexServer) -> None:
    press(session, "3")
    session.wait_for("search", timeout=WAIT)
    session.send(f"{index.host}/hostile")
    press(session, "\r")
    session.wait_for("result(s) for", timeout=WAIT)


def test_hub_results_and_run_form(terminal, docker_host, hostile_index_and_registry) -> None:
    index, _ = hostile_index_and_registry
    session = terminal(docker_host)
    search_hub(session, index)
    session.wait_for(f"hostile{SHOWN_TITLE}", timeout=WAIT)
    session.wait_for("␛]0;PWNED-TITLE␇␛]52;", timeout=WAIT)  # a description
    press(session, "\x1b", DOWN)  # leave the search box; the second result
    press(session, "r")
    # The name has no registry: the searched one is put in front, as for a pull.
    session.wait_for(f"Run {index.host}/hostile{SHOWN_TITLE}", timeout=WAIT)
    session.wait_for(f"docker run -d '{index.host}/hostile{SHOWN_TITLE}'", timeout=WAIT)  # the preview
    press(session, "\x1b")
    session.wait_until_gone("Copy command", timeout=WAIT)
    assert_nothing_escaped(session)


def test_tags_screen(terminal, docker_host, hostile_index_and_registry) -> None:
    index, registry = hostile_index_and_registry
    session = terminal(docker_host)
    search_hub(session, index)
    press(session, "\x1b", "t")
    session.wait_for(f"Tags of {registry.host}/hostile", timeout=WAIT)
    session.wait_for("4 tag(s) loaded", timeout=WAIT)
    session.wait_for(f"v1{SHOWN_TITLE}", timeout=WAIT)
    session.wait_for("v2␛[2J", timeout=WAIT)
    press(session, "\x1b")
    session.wait_until_gone("Tags of", timeout=WAIT)
    assert_nothing_escaped(session)


# -- events, contexts, the shell, no daemon ---------------------------------------------------


def test_unreachable_screen_quotes_what_answered(tmp_path) -> None:
    """Something at the address answers, not like a daemon, with markup Textual's own parser
    reads even after rich.markup.escape ([B="], [$x]) and a title sequence: shown literally."""
    said = f'daemon says [B=x y=] ok [$x]gone [B="] {TITLE} end'
    answering = AnsweringSocket(str(tmp_path / "docker.sock"), 500, said)
    try:
        session = PtySession(["--host", answering.url])
        try:
            session.wait_for("Cannot reach the Docker daemon", timeout=WAIT)
            session.wait_for("daemon says [B=x y=] ok [$x]gone", timeout=WAIT)
            session.wait_for(f'[B="] {SHOWN_TITLE} end', timeout=WAIT)  # the line wraps before it
            assert_nothing_escaped(session)
        finally:
            session.close()
    finally:
        answering.stop()


def test_events_pane(terminal, docker_host, hostile_container, docker_client) -> None:
    session = terminal(docker_host)
    press(session, "4")
    session.wait_for("events (max", timeout=WAIT)
    execution = docker_client.api.exec_create(hostile_container.id, ["sh", "-c", "true", PAYLOAD])
    docker_client.api.exec_start(execution["Id"])
    session.wait_for(f"true {PAYLOAD_SHOWN[:40]}", timeout=WAIT)  # exec_start's command
    assert_nothing_escaped(session)


def write_context(config_dir, name: str, host: str, description: str) -> None:
    import hashlib

    folder = config_dir / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
    folder.mkdir(parents=True)
    meta = {"Name": name, "Metadata": {"Description": description}, "Endpoints": {"docker": {"Host": host}}}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def test_context_picker(terminal, docker_host, tmp_path) -> None:
    write_context(tmp_path, f"ctx{TITLE}", f"tcp://host{TITLE}:2376", f"described{BIDI}")
    write_context(tmp_path, "plain", f"ssh://me@{CATALOGUE['clipboard']}", PAYLOAD)
    session = terminal(docker_host, env={"DOCKER_CONFIG": str(tmp_path)})
    press(session, "\x18")  # ctrl+x
    session.wait_for("Docker contexts", timeout=WAIT)
    session.wait_for(f"ctx{SHOWN_TITLE}", timeout=WAIT)
    session.wait_for(f"tcp://host{SHOWN_TITLE}:2376", timeout=WAIT)
    session.wait_for("ssh://me@␛]52;c;UFdORUQ=␇", timeout=WAIT)
    press(session, "\x1b")
    session.wait_until_gone("Docker contexts", timeout=WAIT)
    assert_nothing_escaped(session)


def test_the_embedded_shell_stays_safe(terminal, docker_host, hostile_container) -> None:
    """The shell's own title and clipboard writes, C1 and bidi controls never reach the terminal."""
    session = terminal(docker_host)
    filter_list(session, hostile_container.name)
    session.wait_for(hostile_container.name, timeout=WAIT)
    press(session, "e")
    session.wait_for("/ #", timeout=WAIT)
    session.send(
        r"printf '\033]0;PWNED-TITLE\007\033]52;c;UFdORUQ=\007\302\2332J\342\200\256x\302\235"
        r"0;c1\302\234 shell-done\n'" + "\r"
    )
    session.wait_for("shell-done", timeout=WAIT)
    press(session, "\x1d")  # ctrl+] leaves the terminal
    assert_nothing_escaped(session)
