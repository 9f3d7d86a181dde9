"""The daemon's own words for a failed request, on one line.

docker-py's APIError carries the daemon's message in ``explanation`` (sometimes
as bytes); other failures (a dropped connection) only have their ``str``.
"""

from __future__ import annotations


def explain_error(error: BaseException) -> str:
    explanation = getattr(error, "explanation", None) or error
    if isinstance(explanation, bytes):
        explanation = explanation.decode("utf-8", "replace")
    return " ".join(str(explanation).split()) or type(error).__name__
