"""A hostile daemon: the real one, behind a unix-socket proxy that rewrites its JSON.

A remote or compromised daemon controls every string it sends — names, IDs, image
tags, versions, event attributes, error messages, pull progress — including those
the real daemon validates. The proxy forwards each request to the real daemon and
passes every JSON document it answers (a whole body, or each line of a stream such
as ``/events`` and ``/images/create``) through ``rewrite(path, status, document)``.
Exec upgrades and non-JSON bodies (logs) pass through untouched.

Every request is sent upstream with ``Connection: close``, so one client connection
carries one request and nothing reaches the client unrewritten.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
from collections.abc import Callable
from typing import Any

Rewrite = Callable[[str, int, Any], Any]
_VERSION_PREFIX = re.compile(r"^/v\d+\.\d+")


def _read_until(sock: socket.socket, buffer: bytearray, marker: bytes) -> bytes | None:
    while marker not in buffer:
        data = sock.recv(65536)
        if not data:
            return None
        buffer += data
    index = buffer.index(marker) + len(marker)
    head = bytes(buffer[:index])
    del buffer[:index]
    return head


def _read_exactly(sock: socket.socket, buffer: bytearray, size: int) -> bytes:
    while len(buffer) < size:
        data = sock.recv(65536)
        if not data:
            break
        buffer += data
    body = bytes(buffer[:size])
    del buffer[:size]
    return body


def _header(lines: list[bytes], name: bytes) -> bytes | None:
    for line in lines:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip()
    return None


class HostileDaemon:
    def __init__(self, listen_path: str, upstream_path: str, rewrite: Rewrite) -> None:
        self.listen_path = listen_path
        self.upstream_path = upstream_path
        self.rewrite = rewrite
        #: Every request's method and path, as it reached the proxy ("POST /containers/…/stop").
        self.requests: list[str] = []
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"unix://{self.listen_path}"

    def start(self) -> HostileDaemon:
        if os.path.exists(self.listen_path):
            os.unlink(self.listen_path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.listen_path)
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.add(sock)
        return sock

    def _accept(self) -> None:
        while self._listener is not None:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(self._track(client),), daemon=True).start()

    # -- one request ---------------------------------------------------------------------

    def _serve(self, client: socket.socket) -> None:
        upstream = self._track(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
        try:
            buffer = bytearray()
            head = _read_until(client, buffer, b"\r\n\r\n")
            if head is None:
                return
            lines = head[:-4].split(b"\r\n")
            request_line, headers = lines[0], lines[1:]
            method, _, rest = request_line.decode("latin-1").partition(" ")
            self.requests.append(f"{method} {_VERSION_PREFIX.sub('', rest.split(' ')[0].split('?')[0])}")
            length = int(_header(headers, b"content-length") or 0)
            body = _read_exactly(client, buffer, length)
            upstream.connect(self.upstream_path)
            if _header(headers, b"upgrade") is not None:
                upstream.sendall(head + body + bytes(buffer))
                self._pipe(client, upstream)
                return
            headers = [h for h in headers if not h.lower().startswith(b"connection:")]
            upstream.sendall(b"\r\n".join([request_line, *headers, b"Connection: close"]) + b"\r\n\r\n" + body)
            target = request_line.split(b" ")[1].decode("latin-1")
            path = _VERSION_PREFIX.sub("", target.split("?")[0])
            self._answer(client, upstream, path)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                try:
                    sock.close()
                except OSError:
                    pass

    def _answer(self, client: socket.socket, upstream: socket.socket, path: str) -> None:
        buffer = bytearray()
        head = _read_until(upstream, buffer, b"\r\n\r\n")
        if head is None:
            return
        lines = head[:-4].split(b"\r\n")
        status = int(lines[0].split(b" ")[1])
        is_json = (_header(lines[1:], b"content-type") or b"").startswith(b"application/json")
        chunked = (_header(lines[1:], b"transfer-encoding") or b"").lower() == b"chunked"
        length = _header(lines[1:], b"content-length")
        kept = [
            line
            for line in lines[1:]
            if _header([line], b"content-length") is None
            and _header([line], b"transfer-encoding") is None
            and _header([line], b"connection") is None
        ]
        if chunked:
            client.sendall(
                b"\r\n".join([lines[0], *kept, b"Transfer-Encoding: chunked", b"Connection: close"]) + b"\r\n\r\n"
            )
            self._stream(client, upstream, buffer, path, status, is_json)
            return
        body = _read_exactly(upstream, buffer, int(length)) if length is not None else self._rest(upstream, buffer)
        if is_json and body.strip():
            body = self._rewritten(path, status, body.decode("utf-8")).encode()
        client.sendall(
            b"\r\n".join([lines[0], *kept, f"Content-Length: {len(body)}".encode(), b"Connection: close"])
            + b"\r\n\r\n"
            + body
        )

    def _rewritten(self, path: str, status: int, text: str) -> str:
        document = json.loads(text)
        return json.dumps(self.rewrite(path, status, document)) + ("\n" if text.endswith("\n") else "")

    def _stream(
        self, client: socket.socket, upstream: socket.socket, buffer: bytearray, path: str, status: int, is_json: bool
    ) -> None:
        # The client going away must end the stream even while the daemon says nothing.
        def watch() -> None:
            try:
                while client.recv(65536):
                    pass
            except OSError:
                pass
            try:
                upstream.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        threading.Thread(target=watch, daemon=True).start()
        pending = ""
        while True:
            size_line = _read_until(upstream, buffer, b"\r\n")
            if size_line is None:
                break
            size = int(size_line.split(b";")[0], 16)
            data = _read_exactly(upstream, buffer, size)
            _read_exactly(upstream, buffer, 2)
            if size == 0:
                break
            if not is_json:
                client.sendall(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                continue
            pending += data.decode("utf-8", "replace")
            *complete, pending = pending.split("\n")
            for line in complete:
                if line.strip():
                    out = (self._rewritten(path, status, line) + "\n").encode()
                    client.sendall(f"{len(out):x}\r\n".encode() + out + b"\r\n")
        client.sendall(b"0\r\n\r\n")

    @staticmethod
    def _rest(upstream: socket.socket, buffer: bytearray) -> bytes:
        while True:
            data = upstream.recv(65536)
            if not data:
                return bytes(buffer)
            buffer += data

    @staticmethod
    def _pipe(client: socket.socket, upstream: socket.socket) -> None:
        def copy(source: socket.socket, target: socket.socket) -> None:
            try:
                while data := source.recv(65536):
                    target.sendall(data)
            except OSError:
                pass
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        other = threading.Thread(target=copy, args=(upstream, client), daemon=True)
        other.start()
        copy(client, upstream)
        other.join()


def replace_everywhere(marker: str, payload: str) -> Rewrite:
    """A rewrite that puts ``payload`` wherever ``marker`` appears in a string."""

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(marker, payload)
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return lambda path, status, document: walk(document)


class AnsweringSocket:
    """Not a daemon at all: a unix socket that answers every request with ``status`` and a JSON
    ``{"message": text}`` (what a broken or hostile thing at the address could say)."""

    def __init__(self, listen_path: str, status: int, text: str) -> None:
        import socketserver
        from http.server import BaseHTTPRequestHandler

        body = json.dumps({"message": text}).encode()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_HEAD = do_POST = _answer

            def address_string(self) -> str:  # a unix socket has no client address
                return "unix"

        if os.path.exists(listen_path):
            os.unlink(listen_path)
        self._server = socketserver.ThreadingUnixStreamServer(listen_path, Handler)
        self.url = f"unix://{listen_path}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
