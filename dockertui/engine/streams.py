"""Closing a docker-py stream from another thread, on every transport.

``CancellableStream.close()`` shuts the socket down on unix and TLS, but raises
over SSH ("Cancellable streams not supported for the SSH protocol"). There the
file object holds a ``channel``: a paramiko Channel, or docker-py's SSHSocket
wrapping the user's ``ssh`` process; closing it ends the stream.
"""

from __future__ import annotations

import socket

from dockertui.engine.transport import response_file


def close_stream(stream) -> None:
    """Make a blocked reader of ``stream`` return promptly. Never raises."""
    try:
        stream.close()
        return
    except Exception:  # noqa: BLE001 - fall through to the transport-specific way
        pass
    response = getattr(stream, "_response", None)
    file_object = response_file(response)
    channel = getattr(file_object, "channel", None)
    for target in (channel, file_object, response):
        if target is None:
            continue
        try:
            if isinstance(target, socket.socket):
                target.shutdown(socket.SHUT_RDWR)
            target.close()
        except Exception:  # noqa: BLE001 - best effort: the next target may work
            continue
