"""docker-py, imported without paramiko until a daemon at an ``ssh://`` address needs it.

``import docker`` imports its ssh transport, and with it paramiko and cryptography:
~0.13 s of the ~0.3 s docker-py takes to import here, on the way to the first list,
for the unix socket or TCP most users talk to. ``load(ssh=False)`` imports docker-py
with paramiko's import made to fail, which docker-py allows (paramiko is optional to
it: the ssh adapter is then simply absent); ``load(ssh=True)`` — the first ssh daemon,
at start-up or on a later switch or ``:hosts`` probe — imports paramiko and the ssh
transport and puts the adapter where docker-py's client looks it up.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType

_lock = threading.Lock()


def load(*, ssh: bool) -> ModuleType:
    """The ``docker`` module, able to reach ``ssh://`` daemons when ``ssh``."""
    with _lock:
        if "docker" not in sys.modules and not ssh:
            blocked = "paramiko" not in sys.modules
            if blocked:
                sys.modules["paramiko"] = None  # type: ignore[assignment]  # import fails
            try:
                import docker
            finally:
                if blocked and sys.modules.get("paramiko", 0) is None:
                    del sys.modules["paramiko"]
        import docker

        if ssh:
            _add_ssh_transport()
        return docker


def _add_ssh_transport() -> None:
    import docker.api.client
    import docker.transport

    if hasattr(docker.api.client, "SSHHTTPAdapter"):
        return
    from docker.transport import sshconn  # imports paramiko

    docker.transport.SSHHTTPAdapter = sshconn.SSHHTTPAdapter
    docker.api.client.SSHHTTPAdapter = sshconn.SSHHTTPAdapter
