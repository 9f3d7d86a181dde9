"""A registry (v2 tags API) on loopback whose tag names and errors are hostile text."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HostileRegistry:
    """``/v2/<name>/tags/list`` answers ``tags``; a path with "broken" gets a 500 whose body is
    ``error_text``, one with "notjson" a JSON answer of the wrong shape."""

    def __init__(self, tags: list, error_text: str) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                if "broken" in self.path:
                    body, status = error_text.encode("utf-8", "surrogatepass"), 500
                elif "notjson" in self.path:
                    body, status = b"[1, 2]", 200
                else:
                    body, status = json.dumps({"name": "x", "tags": tags}).encode(), 200
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
