"""A plain ``pip install dockertui`` reaches ssh:// daemons: docker-py's ssh transport
imports paramiko even when it runs the user's own ssh binary, so paramiko must come
with the base install, not only with an extra."""

from __future__ import annotations

from importlib.metadata import requires

from packaging.requirements import Requirement


def test_base_install_carries_the_ssh_transport() -> None:
    base = [r for r in (Requirement(line) for line in requires("dockertui") or []) if r.marker is None]
    docker = [r for r in base if r.name == "docker"]
    assert docker, f"docker is not a base requirement: {base}"
    assert any("ssh" in r.extras for r in docker) or any(r.name == "paramiko" for r in base), (
        f"ssh:// needs paramiko in the base install; base requirements are {[str(r) for r in base]}"
    )


def test_the_docker_ssh_transport_imports() -> None:
    """scripts/test installs no ``ssh`` extra, so this is what a plain install has."""
    from docker.transport import sshconn

    assert sshconn.SSHHTTPAdapter is not None
