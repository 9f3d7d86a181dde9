"""Search an image index through the daemon (``/images/search``).

Going through the daemon means the search uses the daemon's network and proxies,
and works against remote daemons. A plain term searches Docker Hub (or the
configured default registry); ``host[:port]/term`` searches that registry's
index. A result's name may carry its own registry; when it does not, it comes
from the registry that was searched (Docker Hub for a plain search).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.references import split_registry
from dockertui.engine.safe_text import one_line, safe_text

if TYPE_CHECKING:
    from docker import APIClient

#: The most results an index answers with (the config's [search] limit is checked against it).
MAX_LIMIT = 100


@dataclass(frozen=True)
class SearchQuery:
    term: str  # the word sent to the index
    registry: str  # "" for Docker Hub

    @property
    def daemon_term(self) -> str:
        return f"{self.registry}/{self.term}" if self.registry else self.term

    @property
    def index_label(self) -> str:
        return self.registry or "Docker Hub (index.docker.io)"


def make_query(text: str, default_registry: str = "") -> SearchQuery:
    """``host:port/term`` names its registry; otherwise the default one (or Docker Hub)."""
    registry, term = split_registry(text.strip())
    return SearchQuery(term, registry) if registry else SearchQuery(term, default_registry)


@dataclass(frozen=True)
class SearchResult:
    name: str
    description: str
    stars: int
    official: bool
    automated: bool
    #: The registry that was searched ("" = Docker Hub).
    searched_registry: str = ""

    @property
    def reference(self) -> str:
        """What to pull: the name with a registry, adding the searched one if the name has none."""
        if split_registry(self.name)[0] or not self.searched_registry:
            return self.name
        return f"{self.searched_registry}/{self.name}"


class SearchFailed(Exception):
    def __init__(self, query: SearchQuery, reason: str) -> None:
        reason = one_line(reason)
        super().__init__(reason)
        self.query = query
        self.reason = reason


def search(api: APIClient, query: SearchQuery, limit: int) -> list[SearchResult]:
    """Blocking; raises SearchFailed with the daemon's reason (e.g. no route to the index)."""
    limit = max(1, min(MAX_LIMIT, limit))
    try:
        answer = api.search(query.daemon_term, limit=limit)
    except Exception as error:
        raise SearchFailed(query, explain_error(error)) from error
    if answer is None:
        answer = []  # no results, as some daemons say it
    if not isinstance(answer, list):
        raise SearchFailed(query, "the index answered something that is not a list of results")
    # The index (anyone's server, relayed by the daemon) wrote every field: names and
    # descriptions are made safe, and an entry of the wrong shape is left out.
    return [
        SearchResult(
            name=safe_text(item["name"]),
            description=one_line(item.get("description") or ""),
            stars=_count(item.get("star_count")),
            official=item.get("is_official") is True,
            automated=item.get("is_automated") is True,
            searched_registry=query.registry,
        )
        for item in answer
        if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"]
    ]


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0
