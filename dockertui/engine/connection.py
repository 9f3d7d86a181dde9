"""Open a docker-py client for a target and learn what the daemon is.

Blocking: call it from a worker thread. One ``/version`` request both proves the
daemon answers and tells the API version to speak; we build the client with a
fixed version so nothing connects before we have set it up (``trust_env`` off,
short timeout).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockertui.engine import docker_import, ssh_processes
from dockertui.engine.models import EngineInfo
from dockertui.engine.target import DaemonTarget
from dockertui.engine.transport import set_api_version
from dockertui.engine.unavailable import explain

if TYPE_CHECKING:
    import docker

#: How long the first request may take before we call the daemon unreachable.
CONNECT_TIMEOUT = 5.0
#: Beyond the connect timeout, how long an ssh login may take before its process is ended.
SSH_GRACE = 10.0
#: Timeout for ordinary requests once connected (streams set their own).
REQUEST_TIMEOUT = 60.0
#: The API version the client starts with, before it asks the daemon.
BOOTSTRAP_API_VERSION = "1.24"


@dataclass
class DaemonConnection:
    """A connected client plus what the daemon said about itself."""

    target: DaemonTarget
    api: docker.APIClient
    engine: EngineInfo

    def close(self) -> None:
        try:
            self.api.close()
        except Exception:  # noqa: BLE001 - closing a dead transport must never fail the caller
            pass


def _tls_config(target: DaemonTarget):
    from docker.tls import TLSConfig

    tls = target.tls
    if tls is None:
        return False
    client_cert = (tls.client_cert, tls.client_key) if tls.client_cert and tls.client_key else None
    return TLSConfig(client_cert=client_cert, ca_cert=tls.ca_cert, verify=tls.verify)


def _newest_common_version(server: str) -> str:
    from docker.constants import DEFAULT_DOCKER_API_VERSION
    from docker.utils import version_lt

    return server if version_lt(server, DEFAULT_DOCKER_API_VERSION) else DEFAULT_DOCKER_API_VERSION


def connect(target: DaemonTarget, timeout: float = CONNECT_TIMEOUT) -> DaemonConnection:
    """Connect to ``target``; raise DaemonUnavailable with a one-line reason if that fails."""
    ssh_client = target.host.startswith("ssh://") and target.ssh_client
    if not ssh_client:
        return _connect(target, timeout, ssh_client)
    # docker-py's timeout does not reach the ssh process: a host that accepted the connection
    # and never answers would hold this call (and the exit, and a :hosts probe) for ever.
    # Past the timeout and a grace for a slow login, the ssh process this call started is
    # ended; the request then fails and the diagnosis says why.
    watchdog = threading.Timer(
        timeout + SSH_GRACE,
        ssh_processes.end_started_by,
        args=(threading.get_ident(),),
        kwargs={"since": ssh_processes.mark()},
    )
    watchdog.daemon = True
    watchdog.start()
    try:
        return _connect(target, timeout, ssh_client)
    finally:
        watchdog.cancel()


def _connect(target: DaemonTarget, timeout: float, ssh_client: bool) -> DaemonConnection:
    api = None
    try:
        docker = docker_import.load(ssh=target.host.startswith("ssh://"))
        if ssh_client:
            from dockertui.engine import ssh_socket

            ssh_socket.install()
        api = docker.APIClient(
            base_url=target.host,
            version=BOOTSTRAP_API_VERSION,
            timeout=timeout,
            tls=_tls_config(target),
            use_ssh_client=ssh_client,
        )
        # REQUESTS_CA_BUNDLE and friends would override the daemon's CA (see notes).
        api.trust_env = False
        answer = api.version(api_version=False)
        if not isinstance(answer, dict) or "ApiVersion" not in answer:
            raise ValueError("the address answered, but not like a Docker daemon (no ApiVersion)")
        set_api_version(api, _newest_common_version(str(answer["ApiVersion"])))
        api.timeout = REQUEST_TIMEOUT
        return DaemonConnection(target=target, api=api, engine=EngineInfo.from_version(answer))
    except Exception as error:
        if api is not None:
            api.close()
        if target.host.startswith("ssh://"):
            from dockertui.engine.ssh_diagnosis import diagnose, explain_paramiko

            precise = diagnose(target) if ssh_client else explain_paramiko(target, error)
            if precise is not None:
                raise precise from error
        raise explain(error, target) from error
