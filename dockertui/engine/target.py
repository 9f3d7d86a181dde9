"""Decide which daemon to talk to, the way the docker CLI does.

Order (docker/cli ``resolveContextName``): ``--context``, then ``--host``, then
``DOCKER_HOST``, then ``DOCKER_CONTEXT``, then ``currentContext`` from
``config.json``, then the default socket. Unlike docker-py, a context name that
does not exist is an error, never a silent fall-back to the local socket.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dockertui.engine.contexts import (
    DEFAULT_CONTEXT,
    ContextStore,
    ContextStoreError,
    docker_config_dir,
)
from dockertui.engine.safe_text import one_line, safe_text

DEFAULT_HOST = "unix:///var/run/docker.sock"
SCHEMES = ("unix", "tcp", "ssh", "http", "https", "npipe")
ADDRESS_FORMS = "unix:///path/to/docker.sock, tcp://host:port or ssh://user@host"


@dataclass(frozen=True)
class TLSSettings:
    """How to secure a tcp:// connection."""

    verify: bool
    ca_cert: str | None = None
    client_cert: str | None = None
    client_key: str | None = None


@dataclass(frozen=True)
class DaemonTarget:
    """The daemon dockertui will connect to, and why that one."""

    host: str
    context: str = DEFAULT_CONTEXT
    source: str = "default socket"
    tls: TLSSettings | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)
    #: For ssh:// hosts: run the user's own ``ssh`` (agent, ~/.ssh/config, ControlMaster)
    #: or, when False, paramiko (which reads only a few ~/.ssh/config keys).
    ssh_client: bool = field(default=True, compare=False)

    @property
    def label(self) -> str:
        """What the header shows: the context's name, or the address for the default context."""
        if self.context != DEFAULT_CONTEXT:
            return self.context
        return self.host


class TargetError(Exception):
    """The options or the docker config name a daemon that cannot be used."""

    def __init__(self, message: str) -> None:
        # It quotes names and addresses from ~/.docker and the environment.
        super().__init__(one_line(message))


def resolve_target(
    host: str | None = None,
    context: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> DaemonTarget:
    """Resolve the daemon from the CLI options, the environment and the docker config."""
    env = os.environ if environ is None else environ
    if host and context:
        raise TargetError("conflicting options: use either --host or --context, not both")

    config_dir = docker_config_dir(env)
    warnings: list[str] = []

    if context:
        return _from_context(context, "--context", config_dir, env, warnings)
    if host:
        return _default_context(host, "--host", env, warnings)
    if env.get("DOCKER_HOST"):
        return _default_context(env["DOCKER_HOST"], "DOCKER_HOST", env, warnings)
    if env.get("DOCKER_CONTEXT"):
        return _from_context(env["DOCKER_CONTEXT"], "DOCKER_CONTEXT", config_dir, env, warnings)
    current = _current_context(config_dir, warnings)
    if current:
        source = f"currentContext in {config_dir / 'config.json'}"
        return _from_context(current, source, config_dir, env, warnings)
    return _default_context(DEFAULT_HOST, "default socket", env, warnings)


def resolve_context(name: str, source: str, environ: Mapping[str, str] | None = None) -> DaemonTarget:
    """The daemon of context ``name``, chosen by ``source`` (said in messages)."""
    env = os.environ if environ is None else environ
    return _from_context(name, source, docker_config_dir(env), env, [])


def _current_context(config_dir: Path, warnings: list[str]) -> str | None:
    config_file = config_dir / "config.json"
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        # The docker CLI warns and goes on with defaults; so do we, visibly.
        warnings.append(f"cannot read {config_file}: {error}")
        return None
    if not isinstance(config, dict):
        warnings.append(f"{config_file} is not a JSON object; ignored")
        return None
    current = config.get("currentContext")
    return current if isinstance(current, str) and current else None


def _from_context(
    name: str,
    source: str,
    config_dir: Path,
    env: Mapping[str, str],
    warnings: list[str],
) -> DaemonTarget:
    if name == DEFAULT_CONTEXT:
        return _default_context(env.get("DOCKER_HOST") or DEFAULT_HOST, source, env, warnings)
    store = ContextStore(config_dir)
    try:
        found = store.get(name)
    except ContextStoreError as error:
        raise TargetError(str(error)) from error
    if found is None:
        known = ", ".join([DEFAULT_CONTEXT, *(c.name for c in store.list())])
        raise TargetError(f'context "{name}" does not exist (from {source}); known contexts: {known}')
    if found.host_has_controls:
        raise TargetError(
            f'invalid daemon address "{found.host}" (context "{found.name}", from {source}): '
            "it holds control characters"
        )
    tls = None
    if found.host.startswith(("tcp://", "https://")) and (found.tls is not None or found.skip_tls_verify):
        material = found.tls
        tls = TLSSettings(
            verify=not found.skip_tls_verify,
            ca_cert=material.ca_cert if material else None,
            client_cert=material.client_cert if material else None,
            client_key=material.client_key if material else None,
        )
    return DaemonTarget(
        host=_checked_address(found.host, source, tls),
        context=found.name,
        source=source,
        tls=tls,
        warnings=tuple(warnings),
    )


def _default_context(host: str, source: str, env: Mapping[str, str], warnings: list[str]) -> DaemonTarget:
    tls = None
    verify = bool(env.get("DOCKER_TLS_VERIFY"))
    if host.startswith("tcp://") and (verify or env.get("DOCKER_TLS")):
        cert_dir = Path(env.get("DOCKER_CERT_PATH") or docker_config_dir(env))

        def existing(file_name: str) -> str | None:
            path = cert_dir / file_name
            return str(path) if path.is_file() else None

        tls = TLSSettings(
            verify=verify,
            ca_cert=existing("ca.pem"),
            client_cert=existing("cert.pem"),
            client_key=existing("key.pem"),
        )
    return DaemonTarget(
        host=_checked_address(host, source, tls),
        context=DEFAULT_CONTEXT,
        source=source,
        tls=tls,
        warnings=tuple(warnings),
    )


def _checked_address(host: str, source: str, tls: TLSSettings | None) -> str:
    """Reject addresses that can never work, before any connection attempt.

    Like the docker CLI, ``tcp://host`` without a port means 2375 (2376 with TLS).
    """
    if safe_text(host) != host:
        raise TargetError(f'invalid daemon address "{host}" (from {source}): it holds control characters')
    scheme, separator, rest = host.partition("://")
    if not separator or scheme not in SCHEMES:
        raise TargetError(f'invalid daemon address "{host}" (from {source}): use {ADDRESS_FORMS}')
    if scheme in ("tcp", "http", "https"):
        try:
            parts = urlsplit(host)
        except ValueError as error:  # "tcp://[::1" and the like
            raise TargetError(f'invalid daemon address "{host}" (from {source}): {error}') from None
        try:
            port = parts.port
        except ValueError:
            raise TargetError(f'invalid daemon address "{host}" (from {source}): the port must be a number') from None
        if not parts.hostname and not rest.startswith(":"):
            raise TargetError(f'invalid daemon address "{host}" (from {source}): no host name')
        if port is None:
            return f"{host.rstrip('/')}:{2376 if tls is not None else 2375}"
    return host


def available_contexts(environ: Mapping[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(name, endpoint, description) of "default" and every context in the store."""
    env = os.environ if environ is None else environ
    found = [(DEFAULT_CONTEXT, safe_text(env.get("DOCKER_HOST") or DEFAULT_HOST), "DOCKER_HOST or the local socket")]
    try:
        found += [(c.name, c.host, c.description) for c in ContextStore(docker_config_dir(env)).list()]
    except ContextStoreError:
        pass
    return found
