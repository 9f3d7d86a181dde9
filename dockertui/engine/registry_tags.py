"""A repository's tags from its registry: the v2 API with bearer-token auth.

``GET /v2/<name>/tags/list?n=`` pages with a ``Link: <…>; rel="next"`` header. A
401 names the token service in ``WWW-Authenticate: Bearer realm=…,service=…,
scope=…``; an anonymous token from the realm gives pull access to public
repositories (Docker Hub and private registries work the same way). For Docker
Hub, its web API adds each tag's last update and size, newest first.

This talks to the registry from where dockertui runs (not through the daemon):
loopback registries are tried over plain HTTP too, like the daemon does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from dockertui.engine.references import split_registry
from dockertui.engine.safe_text import one_line, safe_text

HUB_REGISTRY = "registry-1.docker.io"
HUB_WEB = "https://hub.docker.com"
PAGE_SIZE = 100
TIMEOUT = 10.0
_LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_CHALLENGE_PART = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class TagInfo:
    name: str
    last_updated: str = ""  # ISO time, when the registry says
    size: int | None = None


@dataclass(frozen=True)
class TagPage:
    tags: list[TagInfo]
    next_url: str | None


class TagsFailed(Exception):
    """Why the tags could not be listed; it quotes the registry, so it is made safe."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


def _insecure_allowed(registry: str) -> bool:
    """Loopback registries, which the daemon reaches over plain HTTP too."""
    host = registry.partition("]")[0] + "]" if registry.startswith("[") else registry.rsplit(":", 1)[0]
    return host in ("localhost", "[::1]") or host.startswith("127.")


def split_repository(reference: str) -> tuple[str, str]:
    """ "127.0.0.1:5000/a/b" → ("127.0.0.1:5000", "a/b"); "nginx" → (Hub, "library/nginx")."""
    registry, path = split_registry(reference)
    registry = registry or HUB_REGISTRY
    if registry in (HUB_REGISTRY, "docker.io", "index.docker.io"):
        registry = HUB_REGISTRY
        if "/" not in path:
            path = f"library/{path}"
    return registry, path


def _size(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


class RegistryClient:
    """Tags of one repository; keeps the session and the token between pages."""

    def __init__(self, reference: str, page_size: int = PAGE_SIZE) -> None:
        import requests

        self.page_size = page_size
        self.registry, self.path = split_repository(reference)
        self._session = requests.Session()
        self._session.trust_env = True  # a registry behind a proxy is reached like the CLI would
        self._token: str | None = None
        self._base = ""
        # Pages read (their addresses) and tags seen: a next page already read, or one that
        # brings nothing new, ends the paging (a registry pointing back looped forever).
        self._read: set[str] = set()
        self._names: set[str] = set()

    @property
    def is_hub(self) -> bool:
        return self.registry == HUB_REGISTRY

    def close(self) -> None:
        self._session.close()

    def first_page(self) -> TagPage:
        if self.is_hub:
            try:
                return self.page(
                    f"{HUB_WEB}/v2/repositories/{self.path}/tags?page_size={self.page_size}&ordering=last_updated"
                )
            except TagsFailed:
                pass  # the web API is extra; the registry API below is the source
        return self.page(f"/v2/{self.path}/tags/list?n={self.page_size}")

    def page(self, url: str) -> TagPage:
        """One page; only tags not seen on an earlier page, and no next page where paging
        would go round in circles."""
        found = self._hub_page(url) if url.startswith(HUB_WEB) else self._registry_page(url)
        self._read.add(self._absolute(url))  # after the request: it settled http or https
        fresh = [tag for tag in found.tags if tag.name not in self._names]
        self._names.update(tag.name for tag in fresh)
        following = found.next_url
        if following is not None and (self._absolute(following) in self._read or (found.tags and not fresh)):
            following = None
        return TagPage(fresh, following)

    def _absolute(self, url: str) -> str:
        return url if url.startswith("http") else f"{self._base}{url}"

    def _registry_page(self, url: str) -> TagPage:
        response = self._get(url)
        try:
            answer = response.json()
        except ValueError as error:
            raise TagsFailed(f"the registry's answer is not JSON: {error}") from error
        tags = answer.get("tags") if isinstance(answer, dict) else None
        if not isinstance(tags, list):
            raise TagsFailed(f"{self.registry} answered without a list of tags")
        match = _LINK_NEXT.search(response.headers.get("Link", ""))
        next_url = urljoin(self._base + "/", match.group(1)) if match else None
        return TagPage([TagInfo(safe_text(tag)) for tag in tags if isinstance(tag, str)], next_url)

    def _hub_page(self, url: str) -> TagPage:
        import requests

        try:
            response = self._session.get(url, timeout=TIMEOUT)
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            raise TagsFailed(f"Docker Hub: {error}") from error
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list):
            raise TagsFailed("Docker Hub answered without a list of tags")
        tags = [
            TagInfo(
                safe_text(item.get("name")), safe_text(item.get("last_updated") or ""), _size(item.get("full_size"))
            )
            for item in results
            if isinstance(item, dict) and isinstance(item.get("name"), str)
        ]
        next_url = data.get("next")
        return TagPage(tags, next_url if isinstance(next_url, str) and next_url.startswith(HUB_WEB) else None)

    def _get(self, path_or_url: str):
        import requests

        schemes = ["https"] + (["http"] if _insecure_allowed(self.registry) else [])
        last_error: Exception | None = None
        for scheme in schemes if not self._base else [self._base.split("://")[0]]:
            base = f"{scheme}://{self.registry}"
            url = path_or_url if path_or_url.startswith("http") else base + path_or_url
            try:
                response = self._request(url)
            except requests.RequestException as error:
                last_error = error
                continue
            self._base = base
            if response.status_code == 404:
                raise TagsFailed(f"{self.registry} has no repository {self.path}")
            if response.status_code >= 400:
                raise TagsFailed(f"{self.registry} answered {response.status_code}: {response.text[:200].strip()}")
            return response
        raise TagsFailed(f"cannot reach {self.registry}: {last_error}")

    def _request(self, url: str):
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        response = self._session.get(url, headers=headers, timeout=TIMEOUT)
        challenge = response.headers.get("WWW-Authenticate", "")
        if response.status_code == 401 and challenge.lower().startswith("bearer"):
            # No token yet, or ours expired (Docker Hub's last 5 minutes): one fresh one, one retry.
            self._token = self._fetch_token(challenge)
            response = self._session.get(url, headers={"Authorization": f"Bearer {self._token}"}, timeout=TIMEOUT)
        return response

    def _fetch_token(self, challenge: str) -> str:
        import requests

        parts = dict(_CHALLENGE_PART.findall(challenge))
        realm = parts.pop("realm", "")
        if not realm:
            raise TagsFailed(f"{self.registry} asks for a token but names no realm")
        parts.setdefault("scope", f"repository:{self.path}:pull")
        try:
            answer = self._session.get(realm, params=parts, timeout=TIMEOUT)
            answer.raise_for_status()
            data = answer.json()
        except (requests.RequestException, ValueError) as error:
            raise TagsFailed(f"no token from {realm}: {error}") from error
        token = data.get("token") or data.get("access_token")
        if not token:
            raise TagsFailed(f"{realm} gave no token (authentication required)")
        return str(token)
