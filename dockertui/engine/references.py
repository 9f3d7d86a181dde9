"""Image references, checked locally before anything is asked of a daemon or registry.

The grammar is docker/distribution's (reference/regexp.go):
``[domain[:port]/]path[:tag][@digest]`` where the path is lower-case components
separated by ``/``, a tag is ``[\\w][\\w.-]{0,127}`` and a digest is
``algorithm:hex``. The first component is a registry when it has a ``.`` or a
``:``, or is ``localhost``; otherwise the image is on Docker Hub.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = re.compile(rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?")
_TAG = re.compile(r"[\w][\w.-]{0,127}")
_DIGEST = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}")
MAX_NAME_LENGTH = 255
HUB = "docker.io"


class InvalidReference(ValueError):
    """The text is not an image reference; the message says why, for a user."""


@dataclass(frozen=True)
class ImageReference:
    domain: str  # "" for Docker Hub
    path: str  # "library/nginx" style path without the domain
    tag: str  # "" when absent
    digest: str  # "" when absent

    @property
    def repository(self) -> str:
        """What the daemon calls fromImage: domain/path, Hub images without docker.io."""
        return f"{self.domain}/{self.path}" if self.domain else self.path

    @property
    def registry(self) -> str:
        return self.domain or HUB

    @property
    def pull_tag(self) -> str:
        """The tag (or digest) to pull: the digest wins, then the tag, then latest."""
        return self.digest or self.tag or "latest"

    def __str__(self) -> str:
        text = self.repository
        if self.tag:
            text += f":{self.tag}"
        if self.digest:
            text += f"@{self.digest}"
        return text


def split_registry(name: str) -> tuple[str, str]:
    """``"host:5000/a/b"`` → ``("host:5000", "a/b")``; ``"a/b"`` → ``("", "a/b")``.

    The docker CLI's rule: the first component names a registry when it has a dot or a
    port, or is ``localhost``."""
    first, slash, rest = name.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return first, rest
    return "", name


def parse_reference(text: str) -> ImageReference:
    """Parse ``text`` or raise InvalidReference saying what is wrong with it."""
    text = text.strip()
    if not text:
        raise InvalidReference("the reference is empty")
    if any(ch.isspace() for ch in text):
        raise InvalidReference("a reference has no spaces")
    name, at, digest = text.partition("@")
    if at and not _DIGEST.fullmatch(digest):
        raise InvalidReference(f'"{digest}" is not a digest (expected e.g. sha256:<64 hex digits>)')
    # A tag is after the last ":" that comes after the last "/" (a registry port has a "/" after it).
    slash = name.rfind("/")
    colon = name.rfind(":")
    tag = ""
    if colon > slash:
        name, tag = name[:colon], name[colon + 1 :]
        if not _TAG.fullmatch(tag):
            raise InvalidReference(f'"{tag}" is not a valid tag (letters, digits, _ . -; at most 128)')
    if not name:
        raise InvalidReference("the repository name is missing")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidReference(f"the repository name is longer than {MAX_NAME_LENGTH} characters")
    domain, path = split_registry(name)
    if domain and not _DOMAIN.fullmatch(domain):
        raise InvalidReference(f'"{domain}" is not a valid registry host')
    if not path:
        raise InvalidReference("the repository name is missing after the registry")
    for component in path.split("/"):
        if not component:
            raise InvalidReference("the repository name has an empty part (two slashes or a trailing slash)")
        if component != component.lower() and _COMPONENT.fullmatch(component.lower()):
            raise InvalidReference("repository names must be lower-case")
        if not _COMPONENT.fullmatch(component):
            raise InvalidReference(
                f'"{component}" is not a valid repository name part '
                "(lower-case letters, digits, and . _ - between them)"
            )
    return ImageReference(domain=domain, path=path, tag=tag, digest=digest if at else "")
