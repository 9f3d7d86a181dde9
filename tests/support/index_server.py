"""A tiny Docker registry *index* (the v1 search API) on loopback, for search tests.

The daemon answers ``/images/search?term=127.0.0.1:PORT/word`` by calling
``http://127.0.0.1:PORT/v1/search?q=word&n=LIMIT`` (after trying HTTPS: loopback
registries are insecure by default). Debian's registry has no v1 search, so
tests serve it here, naming repositories the real local registry holds.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class IndexServer:
    def __init__(self, repositories: list[dict]) -> None:
        self.repositories = repositories
        self.queries: list[tuple[str, int | None]] = []
        #: Seconds to wait before answering a query containing the key (to test stale answers).
        self.delays: dict[str, float] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def _json(self, status: int, body) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path.rstrip("/") == "/v1/_ping":
                    self._json(200, True)
                    return
                if url.path.rstrip("/") == "/v1/search":
                    params = parse_qs(url.query)
                    query = params.get("q", [""])[0]
                    limit = int(params["n"][0]) if "n" in params else None
                    server.queries.append((query, limit))
                    for key, delay in server.delays.items():
                        if key in query:
                            threading.Event().wait(delay)
                    found = [r for r in server.repositories if query.lower() in r["name"].lower()]
                    if limit:
                        found = found[:limit]
                    self._json(200, {"num_results": len(found), "query": query, "results": found})
                    return
                self._json(404, {"error": "not found"})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> IndexServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
