"""Choosing the daemon like the docker CLI: flags, environment, config, contexts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dockertui.engine.contexts import ContextStore
from dockertui.engine.target import DEFAULT_HOST, TargetError, resolve_context, resolve_target
from tests.support.certs import make_client_certs


def write_context(config_dir: Path, name: str, host: str, skip_tls_verify: bool = False) -> None:
    import hashlib

    folder = config_dir / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(
        json.dumps(
            {
                "Name": name,
                "Metadata": {"Description": f"{name} test context"},
                "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": skip_tls_verify}},
            }
        )
    )


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "docker-config"
    folder.mkdir()
    return folder


def env_for(config_dir: Path, **values: str) -> dict[str, str]:
    return {"DOCKER_CONFIG": str(config_dir), **values}


def test_default_socket_when_nothing_is_set(config_dir: Path) -> None:
    target = resolve_target(environ=env_for(config_dir))
    assert target.host == DEFAULT_HOST
    assert target.context == "default"
    assert target.source == "default socket"
    assert target.label == DEFAULT_HOST


def test_host_flag_beats_environment_and_config(config_dir: Path) -> None:
    write_context(config_dir, "remote", "tcp://10.0.0.1:2375")
    (config_dir / "config.json").write_text(json.dumps({"currentContext": "remote"}))
    env = env_for(config_dir, DOCKER_HOST="tcp://env:2375", DOCKER_CONTEXT="remote")
    target = resolve_target(host="unix:///tmp/flag.sock", environ=env)
    assert (target.host, target.source) == ("unix:///tmp/flag.sock", "--host")


def test_docker_host_beats_docker_context(config_dir: Path) -> None:
    write_context(config_dir, "remote", "tcp://10.0.0.1:2375")
    env = env_for(config_dir, DOCKER_HOST="tcp://env:2375", DOCKER_CONTEXT="remote")
    target = resolve_target(environ=env)
    assert (target.host, target.source) == ("tcp://env:2375", "DOCKER_HOST")


def test_context_flag_beats_docker_host(config_dir: Path) -> None:
    write_context(config_dir, "remote", "tcp://10.0.0.1:2375")
    target = resolve_target(context="remote", environ=env_for(config_dir, DOCKER_HOST="tcp://env:2375"))
    assert (target.host, target.context, target.source) == ("tcp://10.0.0.1:2375", "remote", "--context")
    assert target.label == "remote"


def test_docker_context_beats_current_context(config_dir: Path) -> None:
    write_context(config_dir, "one", "tcp://one:2375")
    write_context(config_dir, "two", "tcp://two:2375")
    (config_dir / "config.json").write_text(json.dumps({"currentContext": "one"}))
    assert resolve_target(environ=env_for(config_dir, DOCKER_CONTEXT="two")).host == "tcp://two:2375"
    assert resolve_target(environ=env_for(config_dir)).host == "tcp://one:2375"


def test_unknown_context_is_an_error_not_a_fallback(config_dir: Path) -> None:
    write_context(config_dir, "real", "tcp://real:2375")
    with pytest.raises(TargetError, match='context "nope" does not exist.*known contexts: default, real'):
        resolve_target(context="nope", environ=env_for(config_dir))
    with pytest.raises(TargetError, match="DOCKER_CONTEXT"):
        resolve_target(environ=env_for(config_dir, DOCKER_CONTEXT="nope"))
    (config_dir / "config.json").write_text(json.dumps({"currentContext": "gone"}))
    with pytest.raises(TargetError, match='"gone" does not exist.*currentContext'):
        resolve_target(environ=env_for(config_dir))


def test_default_context_by_name_uses_docker_host(config_dir: Path) -> None:
    target = resolve_target(context="default", environ=env_for(config_dir, DOCKER_HOST="tcp://env:2375"))
    assert target.host == "tcp://env:2375"


def test_host_and_context_together_conflict(config_dir: Path) -> None:
    with pytest.raises(TargetError, match="conflicting options"):
        resolve_target(host="unix:///x.sock", context="default", environ=env_for(config_dir))


def test_broken_config_json_is_a_warning_and_defaults_apply(config_dir: Path) -> None:
    (config_dir / "config.json").write_text("{not json")
    target = resolve_target(environ=env_for(config_dir))
    assert target.host == DEFAULT_HOST
    assert target.warnings and "config.json" in target.warnings[0]


def test_tls_from_docker_tls_verify_and_cert_path(config_dir: Path, tmp_path: Path) -> None:
    certs = tmp_path / "certs"
    certs.mkdir()
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (certs / name).write_text("x")
    env = env_for(config_dir, DOCKER_HOST="tcp://h:2376", DOCKER_TLS_VERIFY="1", DOCKER_CERT_PATH=str(certs))
    tls = resolve_target(environ=env).tls
    assert tls is not None and tls.verify
    assert (tls.ca_cert, tls.client_cert, tls.client_key) == (
        str(certs / "ca.pem"),
        str(certs / "cert.pem"),
        str(certs / "key.pem"),
    )
    assert resolve_target(environ=env_for(config_dir, DOCKER_HOST="tcp://h:2375")).tls is None


DOCKER_CLI = shutil.which("docker")


@pytest.mark.skipif(DOCKER_CLI is None, reason="the docker CLI is not installed")
def test_contexts_written_by_the_real_docker_cli(config_dir: Path, tmp_path: Path) -> None:
    """What `docker context create/use` writes is what we read."""
    env = {"DOCKER_CONFIG": str(config_dir), "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(tmp_path)}

    def docker(*args: str) -> None:
        subprocess.run([DOCKER_CLI, *args], env=env, check=True, capture_output=True)

    certs = tmp_path / "certs"
    make_client_certs(certs)  # the CLI checks that the files are real certificates and keys
    docker("context", "create", "plain", "--docker", "host=tcp://192.0.2.10:2375")
    docker(
        "context",
        "create",
        "secure",
        "--docker",
        f"host=tcp://192.0.2.11:2376,ca={certs / 'ca.pem'},cert={certs / 'cert.pem'},key={certs / 'key.pem'}",
    )
    docker("context", "use", "secure")

    names = [context.name for context in ContextStore(config_dir).list()]
    assert names == ["plain", "secure"]
    target = resolve_target(environ=env)
    assert (target.context, target.host) == ("secure", "tcp://192.0.2.11:2376")
    assert target.tls is not None and target.tls.verify
    assert target.tls.ca_cert and Path(target.tls.ca_cert).read_text() == (certs / "ca.pem").read_text()
    assert resolve_target(context="plain", environ=env).host == "tcp://192.0.2.10:2375"


@pytest.mark.parametrize(
    "address, complaint",
    [
        ("foo", "use unix:///path/to/docker.sock"),
        ("ftp://host", "use unix:///path/to/docker.sock"),
        ("/var/run/docker.sock", "use unix:///path/to/docker.sock"),
        ("tcp://host:notaport", "the port must be a number"),
        ("tcp://", "no host name"),
        ("tcp://[::1", "Invalid IPv6 URL"),
    ],
)
def test_addresses_that_can_never_work_are_refused_up_front(config_dir: Path, address, complaint) -> None:
    with pytest.raises(TargetError, match=f'invalid daemon address "{re.escape(address)}" \\(from --host\\)'):
        resolve_target(host=address, environ=env_for(config_dir))
    with pytest.raises(TargetError, match=re.escape(complaint)):
        resolve_target(environ=env_for(config_dir, DOCKER_HOST=address))


def test_addresses_with_control_characters_are_refused_and_shown_safely(config_dir: Path) -> None:
    with pytest.raises(TargetError) as refused:
        resolve_target(host="tcp://host\x1b]0;x\x07:2375", environ=env_for(config_dir))
    assert str(refused.value) == (
        'invalid daemon address "tcp://host␛]0;x␇:2375" (from --host): it holds control characters'
    )


def test_tcp_without_port_gets_the_docker_default(config_dir: Path) -> None:
    assert resolve_target(host="tcp://server", environ=env_for(config_dir)).host == "tcp://server:2375"
    env = env_for(config_dir, DOCKER_HOST="tcp://server", DOCKER_TLS_VERIFY="1")
    assert resolve_target(environ=env).host == "tcp://server:2376"
    assert resolve_target(host="ssh://me@server", environ=env_for(config_dir)).host == "ssh://me@server"


def test_a_context_chosen_in_the_app_says_so(config_dir: Path) -> None:
    write_context(config_dir, "prod", "tcp://10.0.0.9:2376")
    env = env_for(config_dir, DOCKER_HOST="unix:///elsewhere.sock")  # a picked context wins over it
    target = resolve_context("prod", "chosen in dockertui", environ=env)
    assert (target.host, target.context, target.source) == ("tcp://10.0.0.9:2376", "prod", "chosen in dockertui")
    with pytest.raises(TargetError, match=r'"nosuch" does not exist \(from chosen in dockertui\)'):
        resolve_context("nosuch", "chosen in dockertui", environ=env)


def test_a_context_without_a_docker_endpoint_hides_no_other(config_dir: Path) -> None:
    """Docker Desktop's old ACI/ECS contexts have no docker endpoint."""
    import hashlib

    from dockertui.engine.target import available_contexts

    write_context(config_dir, "real", "tcp://real:2375")
    folder = config_dir / "contexts" / "meta" / hashlib.sha256(b"myaci").hexdigest()
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(
        json.dumps({"Name": "myaci", "Metadata": {"Type": "aci"}, "Endpoints": {"aci": {"Location": "westeurope"}}})
    )
    assert [name for name, _, _ in available_contexts(env_for(config_dir))] == ["default", "real"]
    with pytest.raises(TargetError, match='"typo" does not exist.*known contexts: default, real'):
        resolve_target(context="typo", environ=env_for(config_dir))
    with pytest.raises(TargetError, match="myaci.*no docker endpoint"):
        resolve_target(context="myaci", environ=env_for(config_dir))


def test_a_context_endpoint_with_control_characters_is_refused_and_shown_safely(config_dir: Path) -> None:
    import hashlib
    import json

    folder = config_dir / "contexts" / "meta" / hashlib.sha256(b"odd").hexdigest()
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(
        json.dumps({"Name": "odd", "Endpoints": {"docker": {"Host": "tcp://host\x1b]0;x\x07:2376"}}})
    )
    with pytest.raises(TargetError) as refused:
        resolve_target(context="odd", environ=env_for(config_dir))
    assert str(refused.value).startswith('invalid daemon address "tcp://host␛]0;x␇:2376" (context "odd"')
