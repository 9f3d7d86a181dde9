"""Units for the images issue: references, run specs, pull progress accounting."""

from __future__ import annotations

import pytest

from dockertui.engine.pull import PullState
from dockertui.engine.references import InvalidReference, parse_reference
from dockertui.engine.run_spec import (
    PortSpec,
    RunSpec,
    SpecError,
    VolumeSpec,
    parse_command,
    parse_env,
    parse_name,
    parse_ports,
    parse_restart,
    parse_volumes,
)


@pytest.mark.parametrize(
    "text, repository, tag, registry",
    [
        ("nginx", "nginx", "latest", "docker.io"),
        ("nginx:1.27", "nginx", "1.27", "docker.io"),
        ("library/nginx:1.27-alpine", "library/nginx", "1.27-alpine", "docker.io"),
        ("ghcr.io/org/app@sha256:" + "a" * 64, "ghcr.io/org/app", "sha256:" + "a" * 64, "ghcr.io"),
        ("localhost:5000/app:1", "localhost:5000/app", "1", "localhost:5000"),
        ("localhost/app", "localhost/app", "latest", "localhost"),
        ("127.0.0.1:5000/a/b/c:v2", "127.0.0.1:5000/a/b/c", "v2", "127.0.0.1:5000"),
        ("my_image__x.y-z", "my_image__x.y-z", "latest", "docker.io"),
    ],
)
def test_valid_references(text, repository, tag, registry) -> None:
    reference = parse_reference(text)
    assert (reference.repository, reference.pull_tag, reference.registry) == (repository, tag, registry)


@pytest.mark.parametrize(
    "text, says",
    [
        ("", "empty"),
        ("Nginx", "lower-case"),
        ("nginx:", "not a valid tag"),
        ("ngi nx", "no spaces"),
        ("a//b", "empty part"),
        ("-bad", "not a valid repository name part"),
        ("nginx@sha256:zz", "not a digest"),
        ("host.example:port/x", "not a valid registry host"),
        ("nginx:" + "t" * 129, "not a valid tag"),
        ("a" * 256, "longer than 255"),
    ],
)
def test_invalid_references(text, says) -> None:
    with pytest.raises(InvalidReference, match=says):
        parse_reference(text)


def test_run_spec_fields() -> None:
    assert parse_name("web-1.a_b") == "web-1.a_b"
    with pytest.raises(SpecError, match="not a valid name") as caught:
        parse_name("-web")
    assert caught.value.field == "name"
    assert parse_command("sh -c 'echo hi there'") == ("sh", "-c", "echo hi there")
    with pytest.raises(SpecError, match="cannot split"):
        parse_command("sh -c 'unterminated")
    assert parse_ports("8080:80, 127.0.0.1:8053:53/udp 9000") == (
        PortSpec(80, "tcp", 8080),
        PortSpec(53, "udp", 8053, "127.0.0.1"),
        PortSpec(9000),
    )
    for bad in ("80:80:80:80", "70000:80", "abc", "1.2.3.999:80:80"):
        with pytest.raises(SpecError):
            parse_ports(bad)
    assert parse_env("A=1\n# comment\n\nB=x=y\nEMPTY=") == (("A", "1"), ("B", "x=y"), ("EMPTY", ""))
    with pytest.raises(SpecError, match="line 2"):
        parse_env("A=1\nnot a pair")
    assert parse_volumes("data:/var/lib/x /srv:/srv:ro") == (
        VolumeSpec("data", "/var/lib/x"),
        VolumeSpec("/srv", "/srv", True),
    )
    for bad in ("data", "data:relative", ":/x", "bad name:/x"):
        with pytest.raises(SpecError):
            parse_volumes(bad)
    assert parse_restart("on-failure", "3") == ("on-failure", 3)
    with pytest.raises(SpecError):
        parse_restart("always", "3")
    with pytest.raises(SpecError):
        parse_restart("sometimes")
    with pytest.raises(SpecError, match="not a number"):
        parse_restart("on-failure", "²")


def test_docker_run_preview() -> None:
    spec = RunSpec(
        image="nginx:1.27",
        name="web",
        command=("nginx", "-g", "daemon off;"),
        ports=(PortSpec(80, "tcp", 8080), PortSpec(53, "udp", 8053, "127.0.0.1")),
        env=(("GREETING", "hello world"),),
        volumes=(VolumeSpec("data", "/data", True),),
        restart="on-failure",
        restart_retries=2,
        remove_on_exit=True,
    )
    assert spec.docker_run_command() == (
        "docker run -d --name web --rm --restart on-failure:2 -p 8080:80 -p 127.0.0.1:8053:53/udp "
        "-e 'GREETING=hello world' -v data:/data:ro nginx:1.27 nginx -g 'daemon off;'"
    )
    assert RunSpec(image="busybox", interactive=True).docker_run_command() == "docker run -it busybox"
    # An IPv6 address keeps its brackets, or the docker CLI sees too many colons.
    v6 = RunSpec(image="busybox", ports=parse_ports("[::1]:8080:80"))
    assert v6.docker_run_command() == "docker run -d -p '[::1]:8080:80' busybox"  # quoted: [] globs


def test_pull_state_follows_layers() -> None:
    state = PullState(parse_reference("localhost:5000/app:1"))
    for line in [
        {"status": "Pulling from app", "id": "1"},
        {"status": "Pulling fs layer", "id": "aaa"},
        {"status": "Pulling fs layer", "id": "bbb"},
        {"status": "Downloading", "id": "aaa", "progressDetail": {"current": 50, "total": 100}},
        {"status": "Already exists", "id": "bbb"},
    ]:
        state.apply(line)
    assert state.layers["aaa"].status == "Downloading" and state.layers["aaa"].fraction == 0.25
    assert state.layers["bbb"].done
    assert state.fraction == pytest.approx((0.25 + 1.0) / 2)
    state.apply({"status": "Pull complete", "id": "aaa"})
    state.apply({"status": "Digest: sha256:" + "b" * 64})
    state.apply({"status": "Status: Downloaded newer image for localhost:5000/app:1"})
    assert state.digest.startswith("sha256:") and state.status.startswith("Downloaded newer image")
    state.apply({"error": "boom", "errorDetail": {"message": "unauthorized: authentication required"}})
    assert state.error == "unauthorized: authentication required"


def test_daemon_notes_in_a_pull_are_messages_not_layers() -> None:
    """A WARNING status line carries an id like a layer's: it was drawn and counted as one."""
    state = PullState(parse_reference("localhost:5000/app:1"))
    for line in [
        {"status": "Pulling from app", "id": "1"},
        {"status": "Pulling fs layer", "id": "aaa"},
        {"status": "WARNING: the image's platform (linux/arm64) does not match the host", "id": "1"},
        {"status": "⚠️ Failed to pull manifest by the resolved digest. This registry does not", "id": "1"},
        {"status": "WARNING: the image's platform (linux/arm64) does not match the host", "id": "1"},
        {"status": "Pull complete", "id": "aaa"},
    ]:
        state.apply(line)
    assert list(state.layers) == ["aaa"]
    assert state.notes == [
        "WARNING: the image's platform (linux/arm64) does not match the host",
        "⚠️ Failed to pull manifest by the resolved digest. This registry does not",
    ]


def test_a_pull_with_every_layer_present_says_up_to_date() -> None:
    from dockertui.ui.screens.pulls import summary

    state = PullState(parse_reference("localhost:5000/app:1"))
    for line in [
        {"status": "Pulling from app", "id": "1"},
        {"status": "Digest: sha256:" + "b" * 64},
        {"status": "Status: Image is up to date for localhost:5000/app:1"},
    ]:
        state.apply(line)
    state.finished = True
    assert summary(state, [], state.status) == "100 %  up to date  Image is up to date for localhost:5000/app:1"


def test_a_new_image_made_of_layers_already_here_is_not_called_up_to_date() -> None:
    """Issue 15 (hostile trial): ``100 %  up to date  Downloaded newer image for …``."""
    from dockertui.ui.screens.pulls import summary

    state = PullState(parse_reference("127.0.0.1:5000/x:v1"))
    for line in [
        {"status": "Pulling from x", "id": "v1"},
        {"status": "Digest: sha256:" + "c" * 64},
        {"status": "Status: Downloaded newer image for 127.0.0.1:5000/x:v1"},
    ]:
        state.apply(line)
    state.finished = True
    shown = summary(state, [], state.status)
    assert "up to date" not in shown
    assert shown == "100 %  pulled (all layers already here)  Downloaded newer image for 127.0.0.1:5000/x:v1"


def test_removing_the_last_tag_of_a_pulled_image_counts_one_tag() -> None:
    """The daemon also untags the digest reference (repo@sha256:…): "2 tag(s) untagged" for one."""
    from dockertui.engine.image_actions import RemovalReport

    report = RemovalReport.from_answer(
        [
            {"Untagged": "127.0.0.1:5000/app:1"},
            {"Untagged": "127.0.0.1:5000/app@sha256:" + "a" * 64},
            {"Deleted": "sha256:" + "b" * 64},
            "not a mapping",
        ]
    )
    assert report.tags == ("127.0.0.1:5000/app:1",)
    assert report.digests == ("127.0.0.1:5000/app@sha256:" + "a" * 64,)
    assert report.deleted == ("sha256:" + "b" * 64,)
