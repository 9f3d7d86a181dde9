"""Every use of docker-py's private API, in one place, each with why.

docker-py 7 has no public way to do a few things this app needs: a stream that another
thread can close (stats, logs, pulls), an exec socket whose reader and writer we hold
(the embedded shell), and setting the negotiated API version. Everything else in the
engine uses its public API. ``docker>=7.2,<8`` is pinned in pyproject.toml: a new major
release is checked against this file first.
"""

from __future__ import annotations

from typing import Any


def set_api_version(api: Any, version: str) -> None:
    """What docker-py's own ``version="auto"`` negotiation stores; there is no setter, and
    "auto" would connect before our TLS/timeout setup is in place."""
    api._version = version


def open_response(
    api: Any,
    method: str,
    path: str,
    *path_args: str,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    json: dict[str, Any] | None = None,
) -> Any:
    """A streaming request without a client timeout (a follow may idle for hours), raising
    docker-py's APIError on an error status. ``_get``/``_post``/``_post_json`` and ``_url``
    are the only way to keep the response object, which closing from another thread needs."""
    url = api._url(path, *path_args)
    if method == "GET":
        response = api._get(url, params=params, headers=headers, stream=True, timeout=None)
    elif json is not None:
        response = api._post_json(url, params=params, headers=headers, data=json, stream=True, timeout=None)
    else:
        response = api._post(url, params=params, headers=headers, stream=True, timeout=None)
    api._raise_for_status(response)
    return response


def json_stream(api: Any, response: Any) -> Any:
    """The response's JSON documents as docker-py decodes them (one per line or chunk),
    in a ``CancellableStream`` that ``close_stream`` can end from another thread."""
    from docker.types.daemon import CancellableStream

    return CancellableStream(api._stream_helper(response, decode=True), response)


def response_file(response: Any) -> Any:
    """The file object under an HTTP response: what still holds the bytes that came with an
    upgrade answer, and (over SSH) the channel to close."""
    return getattr(getattr(getattr(response, "raw", None), "_fp", None), "fp", None)


def upgraded_socket(api: Any, response: Any) -> Any:
    """The socket of an upgraded exec connection, to write keys to (unwrapped from
    docker-py's SocketIO where it has one)."""
    raw = api._get_raw_response_socket(response)
    return getattr(raw, "_sock", raw)


def post_service_update(
    api: Any, service_id: str, version: int, spec: dict[str, Any], *, rollback: bool = False
) -> dict[str, Any]:
    """``POST /services/{id}/update`` with a whole spec, as the docker CLI sends it.
    docker-py's ``update_service`` builds the spec from keyword arguments and has no
    ``rollback`` parameter; ``docker service rollback`` sends the current spec with
    ``rollback=previous``, and scale/force/image updates send the edited spec."""
    params: dict[str, Any] = {"version": version}
    if rollback:
        params["rollback"] = "previous"
    response = api._post_json(api._url("/services/{0}/update", service_id), data=spec, params=params)
    answer = api._result(response, json=True)
    return answer if isinstance(answer, dict) else {}
