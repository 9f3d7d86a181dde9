"""The daemon's own words for a failed request, on one line, safe to show.

docker-py's APIError carries the daemon's message in ``explanation`` (sometimes
as bytes); other failures (a dropped connection) only have their ``str``. The
daemon may be remote and hostile, and its messages quote what others wrote
(registry answers, container names): they pass the sanitiser like everything else.
"""

from __future__ import annotations

from dockertui.engine.safe_text import one_line


def explain_error(error: BaseException) -> str:
    explanation = getattr(error, "explanation", None) or error
    if isinstance(explanation, bytes):
        explanation = explanation.decode("utf-8", "replace")
    return one_line(explanation) or type(error).__name__
