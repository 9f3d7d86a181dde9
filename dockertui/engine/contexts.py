"""Read the docker CLI's context store (``$DOCKER_CONFIG/contexts``).

The store is plain files, so reading it needs neither the daemon nor docker-py:
``contexts/meta/<sha256(name)>/meta.json`` holds the endpoint and
``contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem`` the TLS material.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dockertui.engine.safe_text import one_line, safe_text

DEFAULT_CONTEXT = "default"


@dataclass(frozen=True)
class ContextTLS:
    """TLS files of a context's docker endpoint (any of them may be absent)."""

    ca_cert: str | None
    client_cert: str | None
    client_key: str | None


@dataclass(frozen=True)
class DockerContext:
    """One named context from the store."""

    name: str
    host: str
    description: str = ""
    skip_tls_verify: bool = False
    tls: ContextTLS | None = None
    #: The endpoint as written held control characters (``host`` shows them): it is refused.
    host_has_controls: bool = False


def docker_config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The docker CLI's config directory: ``$DOCKER_CONFIG`` or ``~/.docker``."""
    env = os.environ if environ is None else environ
    configured = env.get("DOCKER_CONFIG")
    if configured:
        return Path(configured).expanduser()
    home = env.get("HOME")
    return (Path(home) if home else Path.home()) / ".docker"


def _context_id(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()  # JSON allows lone surrogates


class ContextStore:
    """The contexts stored under one docker config directory."""

    def __init__(self, config_dir: Path) -> None:
        self.config_dir = config_dir
        self._meta_dir = config_dir / "contexts" / "meta"
        self._tls_dir = config_dir / "contexts" / "tls"

    def get(self, name: str) -> DockerContext | None:
        """The context called ``name``, or None when the store has none by that name."""
        meta_file = self._meta_dir / _context_id(name) / "meta.json"
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise ContextStoreError(f"cannot read context {name!r} ({meta_file}): {error}") from error
        return self._from_meta(meta, fallback_name=name)

    def list(self) -> list[DockerContext]:
        """Every readable context with a docker endpoint, sorted by name (Docker Desktop's
        old ACI/ECS contexts have none: one of those must not hide the others)."""
        found: list[DockerContext] = []
        if not self._meta_dir.is_dir():
            return found
        for entry in self._meta_dir.iterdir():
            try:
                meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
                found.append(self._from_meta(meta, fallback_name=entry.name))
            except (OSError, ValueError, ContextStoreError):
                continue
        return sorted(found, key=lambda context: context.name)

    def _from_meta(self, meta: dict, fallback_name: str) -> DockerContext:
        """Names, endpoints and descriptions are shown: made safe here. A name with control
        characters (the docker CLI never writes one) is listed in its visible form, which no
        store entry has, so choosing it says the context does not exist."""
        name = safe_text(meta.get("Name") or fallback_name)
        endpoint = (meta.get("Endpoints") or {}).get("docker") or {}
        host = str(endpoint.get("Host") or "")
        if not host:
            raise ContextStoreError(f"context {name!r} has no docker endpoint")
        description = safe_text(((meta.get("Metadata") or {}).get("Description")) or "")
        return DockerContext(
            name=name,
            host=safe_text(host),
            host_has_controls=safe_text(host) != host,
            description=description,
            skip_tls_verify=bool(endpoint.get("SkipTLSVerify", False)),
            tls=self._tls_for(name),
        )

    def _tls_for(self, name: str) -> ContextTLS | None:
        folder = self._tls_dir / _context_id(name) / "docker"
        if not folder.is_dir():
            return None

        def existing(file_name: str) -> str | None:
            path = folder / file_name
            return str(path) if path.is_file() else None

        tls = ContextTLS(existing("ca.pem"), existing("cert.pem"), existing("key.pem"))
        if tls == ContextTLS(None, None, None):
            return None
        return tls


class ContextStoreError(Exception):
    """The context store holds a file that cannot be read or understood."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))
