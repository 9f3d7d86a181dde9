"""The daemon's own words for a failed request, on one line, safe to show.

docker-py's APIError carries the daemon's message in ``explanation`` (sometimes
as bytes); other failures (a dropped connection) only have their ``str``. The
daemon may be remote and hostile, and its messages quote what others wrote
(registry answers, container names): they pass the sanitiser like everything else.
"""

from __future__ import annotations

import re

from dockertui.engine.safe_text import one_line

#: What requests/urllib3 say when the connection itself failed, as Python reprs:
#: "('Connection aborted.', FileNotFoundError(2, 'No such file or directory'))".
_OS_ERROR = re.compile(r"(\w+Error)\((\d+), '([^']*)'\)")


def explain_error(error: BaseException) -> str:
    if _is_connection_error(error):
        return _connection_words(error)
    explanation = getattr(error, "explanation", None) or error
    if isinstance(explanation, bytes):
        explanation = explanation.decode("utf-8", "replace")
    return one_line(explanation) or type(error).__name__


def _is_connection_error(error: BaseException) -> bool:
    """requests' ConnectionError (the daemon went away, or never answered), without importing
    requests here: the engine loads docker-py lazily."""
    return any(
        cls.__name__ == "ConnectionError" and cls.__module__.startswith("requests") for cls in type(error).__mro__
    )


def _connection_words(error: BaseException) -> str:
    """ "the connection to the daemon failed: No such file or directory" rather than the repr
    of a tuple of exceptions."""
    text = str(error)
    found = _OS_ERROR.search(text)
    if found:
        reason = found.group(3)
    elif "Connection aborted" in text or "RemoteDisconnected" in text:
        reason = "the connection was closed"
    elif "timed out" in text.lower():
        reason = "it timed out"
    else:
        reason = text
    return one_line(f"the connection to the daemon failed: {reason}")
