"""Why an ssh:// daemon cannot be reached, in words a user can act on.

With the user's own ssh client in between, docker-py only sees a dead pipe; a
second, quick ``ssh -o BatchMode=yes … true`` shows what ssh itself says:
an unknown or changed host key, refused authentication, no route. With paramiko
the exception itself says it (``explain_paramiko``).
"""

from __future__ import annotations

import shutil
import subprocess
from urllib.parse import urlsplit

from dockertui.engine.target import DaemonTarget
from dockertui.engine.unavailable import DaemonUnavailable, error_chain


def ssh_command(host_url: str, *remote: str) -> list[str]:
    parts = urlsplit(host_url)
    command = ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5"]
    if parts.port:
        command += ["-p", str(parts.port)]
    destination = f"{parts.username}@{parts.hostname}" if parts.username else str(parts.hostname)
    return [*command, destination, "--", *remote]


def _where(parts) -> str:
    return f"{parts.hostname}" + (f" port {parts.port}" if parts.port else "")


def _unknown_host_key_hints(parts) -> tuple[str, ...]:
    return (
        f"Check the fingerprint, then add the key to ~/.ssh/known_hosts, e.g. `ssh -p {parts.port or 22} "
        f"{parts.username + '@' if parts.username else ''}{parts.hostname}` once and answer yes.",
        "dockertui never accepts unknown host keys by itself.",
    )


def diagnose(target: DaemonTarget, timeout: float = 8.0) -> DaemonUnavailable | None:
    """A precise reason for an ssh:// failure, or None when ssh itself is fine."""
    if not target.host.startswith("ssh://"):
        return None
    if shutil.which("ssh") is None:
        return DaemonUnavailable(
            target,
            "ssh",
            "there is no ssh client on this machine",
            ("Install OpenSSH's client (apt-get install openssh-client).",),
        )
    parts = urlsplit(target.host)
    where = _where(parts)
    try:
        result = subprocess.run(
            ssh_command(target.host, "docker", "version", "--format", "{{.Server.Version}}"),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return DaemonUnavailable(
            target,
            "timeout",
            f"ssh to {where} did not answer in time",
            ("Check the host, the port and the network path.",),
        )
    said = " ".join(result.stderr.split())
    if "host key verification failed" in said.lower() or "host key" in said.lower() and "known" in said.lower():
        return DaemonUnavailable(
            target,
            "ssh-host-key",
            f"ssh does not know {where}'s host key ({said[:160]})",
            _unknown_host_key_hints(parts),
        )
    if "permission denied" in said.lower():
        return DaemonUnavailable(
            target,
            "ssh-auth",
            f"ssh to {where} refused authentication ({said[:160]})",
            (
                "Load your key into the agent (ssh-add) or name it in ~/.ssh/config (IdentityFile).",
                "dockertui uses your ssh client, so what works for `ssh` works here.",
            ),
        )
    if "connection refused" in said.lower():
        return DaemonUnavailable(
            target, "refused", f"nothing accepts ssh connections at {where}", ("Is sshd running there, on that port?",)
        )
    if "could not resolve" in said.lower():
        return DaemonUnavailable(target, "dns", f"cannot resolve {parts.hostname}", ("Check the host name.",))
    if result.returncode != 0 and ("not found" in said or "command not found" in said):
        return DaemonUnavailable(
            target,
            "ssh",
            f"ssh works, but there is no docker CLI on {where} ({said[:120]})",
            ("docker-over-ssh runs `docker system dial-stdio` remotely: install the docker CLI there.",),
        )
    if result.returncode != 0 and said:
        return DaemonUnavailable(
            target,
            "ssh",
            f"on {where}: {said[:200]}",
            ("Check that your user there may use the daemon (docker group).",),
        )
    return None


def explain_paramiko(target: DaemonTarget, error: BaseException) -> DaemonUnavailable | None:
    """The reason in paramiko's exception (the ``paramiko`` ssh transport), or None."""
    parts = urlsplit(target.host)
    where = _where(parts)
    for cause in error_chain(error):
        kind, said = type(cause).__name__, str(cause)
        if kind == "BadHostKeyException":
            return DaemonUnavailable(
                target,
                "ssh-host-key",
                f"{where}'s host key has CHANGED ({said[:160]})",
                (
                    "If the server was reinstalled, remove its old line from "
                    "~/.ssh/known_hosts; otherwise someone may be in between.",
                ),
            )
        if "not found in known_hosts" in said:
            return DaemonUnavailable(
                target,
                "ssh-host-key",
                f"paramiko does not know {where}'s host key ({said[:160]})",
                _unknown_host_key_hints(parts),
            )
        if (
            kind in ("AuthenticationException", "BadAuthenticationType", "PasswordRequiredException")
            or "No authentication methods available" in said
        ):
            return DaemonUnavailable(
                target,
                "ssh-auth",
                f"ssh to {where} refused authentication ({kind}: {said[:160]})",
                (
                    "Load your key into the agent (ssh-add) or name it in ~/.ssh/config (IdentityFile).",
                    'Or set [ssh] transport = "client" to use your ssh client and its whole config.',
                ),
            )
        if isinstance(cause, FileNotFoundError) and cause.filename:
            return DaemonUnavailable(
                target,
                "ssh-auth",
                f"the ssh key {cause.filename} does not exist",
                ("Fix IdentityFile in ~/.ssh/config (paramiko reads it from there).",),
            )
        if kind == "NoValidConnectionsError":
            return DaemonUnavailable(
                target,
                "refused",
                f"nothing accepts ssh connections at {where}",
                ("Is sshd running there, on that port?",),
            )
    return None
