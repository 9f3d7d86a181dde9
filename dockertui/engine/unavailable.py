"""Turn a failed connection into one line a user can act on.

docker-py and requests wrap the real cause several layers deep
(``DockerException`` → ``requests.ConnectionError`` → ``urllib3.ProtocolError`` →
``FileNotFoundError``); we walk the chain, find the cause, and say it plainly,
with the fixes that apply to that cause.
"""

from __future__ import annotations

import errno
import re
import socket
import ssl
from dataclasses import dataclass

from dockertui.engine.safe_text import one_line
from dockertui.engine.target import ADDRESS_FORMS, DaemonTarget

MAX_REASON_LENGTH = 240
#: docker-py's wording for addresses it cannot parse.
_BAD_ADDRESS = re.compile(r"Invalid bind address|Port could not be cast|protocol is not implemented")


@dataclass(frozen=True)
class DaemonUnavailable(Exception):
    """The daemon at ``target`` could not be reached or did not answer like a daemon."""

    target: DaemonTarget
    kind: str
    reason: str
    hints: tuple[str, ...]

    def __post_init__(self) -> None:
        # Reasons quote what the other side said (an ssh server, an HTTP answer): made safe here.
        object.__setattr__(self, "reason", one_line(self.reason))
        object.__setattr__(self, "hints", tuple(one_line(hint) for hint in self.hints))

    def __str__(self) -> str:
        return f"{self.target.host}: {self.reason}"


def error_chain(error: BaseException):
    """Every exception in the chain, including those tucked into ``args``."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                pending.append(linked)
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException):
                pending.append(arg)
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            pending.append(reason)


def _socket_path(host: str) -> str | None:
    return host[len("unix://") :] if host.startswith("unix://") else None


def _one_line(text: str) -> str:
    line = one_line(text)
    if len(line) > MAX_REASON_LENGTH:
        line = line[: MAX_REASON_LENGTH - 1] + "…"
    return line


def _common_hints(target: DaemonTarget) -> list[str]:
    hints = []
    if target.context != "default":
        hints.append(
            f'The context "{target.context}" points at {target.host}; pick another with '
            "--context NAME or `docker context use NAME`."
        )
    else:
        hints.append(
            "Point dockertui at another daemon: --host / DOCKER_HOST "
            "(unix://…, tcp://host:2376, ssh://user@host) or --context NAME."
        )
    return hints


def explain(error: BaseException, target: DaemonTarget) -> DaemonUnavailable:
    """Classify ``error`` from connecting to ``target`` and say what to do about it."""
    path = _socket_path(target.host)
    chain = list(error_chain(error))

    def first(kind: type[BaseException]) -> BaseException | None:
        return next((cause for cause in chain if isinstance(cause, kind)), None)

    if first(FileNotFoundError) is not None and path:
        return DaemonUnavailable(
            target,
            "missing",
            f"no daemon socket at {path} (is dockerd running?)",
            (
                "Start the daemon: `sudo systemctl start docker`, or run `sudo dockerd` yourself.",
                *_common_hints(target),
            ),
        )
    if first(PermissionError) is not None:
        where = path or target.host
        return DaemonUnavailable(
            target,
            "permission",
            f"permission denied on {where}",
            (
                "Join the docker group: `sudo usermod -aG docker $USER`, then log out and in "
                "again (or run dockertui with sudo).",
                *_common_hints(target),
            ),
        )
    if first(ConnectionRefusedError) is not None or _has_errno(chain, errno.ECONNREFUSED):
        return DaemonUnavailable(
            target,
            "refused",
            f"connection refused by {target.host} (nothing is listening there)",
            (
                "Start the daemon, or check that it listens on this address "
                "(dockerd -H …, or the `hosts` key of /etc/docker/daemon.json).",
                *_common_hints(target),
            ),
        )
    if _is_timeout(chain):
        return DaemonUnavailable(
            target,
            "timeout",
            f"no answer from {target.host} in time",
            (
                "Check the network path to the daemon (firewall, VPN, SSH tunnel).",
                *_common_hints(target),
            ),
        )
    tls_error = first(ssl.SSLError) or _named(chain, "SSLError")
    if tls_error is not None:
        return DaemonUnavailable(
            target,
            "tls",
            f"TLS handshake failed: {_one_line(str(tls_error))}",
            (
                "Check DOCKER_CERT_PATH / the context's TLS files and DOCKER_TLS_VERIFY.",
                *_common_hints(target),
            ),
        )
    if isinstance(error, ImportError) or "paramiko" in str(error):
        return DaemonUnavailable(
            target,
            "ssh",
            "ssh:// needs paramiko, which this installation lacks",
            ("Reinstall dockertui: paramiko is one of its dependencies.", *_common_hints(target)),
        )
    http_error = _named(chain, "APIError") or _named(chain, "HTTPError")
    if http_error is not None:
        return DaemonUnavailable(
            target,
            "protocol",
            f"something answered, but not like a Docker daemon: {_one_line(str(http_error))}",
            ("Check the address: it must be the Docker (or Podman) API socket.", *_common_hints(target)),
        )
    gai = first(socket.gaierror)
    if gai is not None:
        return DaemonUnavailable(
            target,
            "dns",
            f"cannot resolve the daemon's host name ({_one_line(str(gai))})",
            ("Check the host name in DOCKER_HOST / --host / the context.", *_common_hints(target)),
        )
    bad_address = next((str(cause) for cause in chain if _BAD_ADDRESS.search(str(cause))), None)
    if bad_address is not None:
        return DaemonUnavailable(
            target,
            "address",
            f"invalid daemon address: {_one_line(bad_address)}",
            (f"Use {ADDRESS_FORMS}.", *_common_hints(target)),
        )
    return DaemonUnavailable(
        target,
        "other",
        _one_line(_innermost_message(chain)),
        ("Check that a Docker (or Docker-compatible) daemon answers at this address.", *_common_hints(target)),
    )


def _has_errno(chain: list[BaseException], number: int) -> bool:
    return any(isinstance(cause, OSError) and cause.errno == number for cause in chain) or any(
        f"[Errno {number}]" in str(cause) for cause in chain
    )


def _is_timeout(chain: list[BaseException]) -> bool:
    return any(
        isinstance(cause, (TimeoutError, socket.timeout)) or "Timeout" in type(cause).__name__ for cause in chain
    )


def _named(chain: list[BaseException], name: str) -> BaseException | None:
    return next((cause for cause in chain if type(cause).__name__ == name), None)


def _innermost_message(chain: list[BaseException]) -> str:
    """The most specific non-empty message: docker-py's outer text repeats the inner one."""
    for cause in reversed(chain):
        text = str(cause).strip()
        if text:
            return text
    return type(chain[0]).__name__
