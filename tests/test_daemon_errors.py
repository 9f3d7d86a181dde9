"""The words a failure is shown in."""

from __future__ import annotations

import docker.errors
import requests

from dockertui.engine.daemon_errors import explain_error


def test_a_lost_connection_is_said_in_words_not_as_a_python_repr() -> None:
    gone = requests.exceptions.ConnectionError(
        "('Connection aborted.', FileNotFoundError(2, 'No such file or directory'))"
    )
    assert explain_error(gone) == "the connection to the daemon failed: No such file or directory"
    closed = requests.exceptions.ConnectionError(
        "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))"
    )
    assert explain_error(closed) == "the connection to the daemon failed: the connection was closed"


def test_the_daemons_own_words_stay_its_own_and_are_made_safe() -> None:
    response = requests.Response()
    response.status_code = 409
    refused = docker.errors.APIError("409", response=response, explanation=b"volume is in use - [\x1b]0;x\x07]")
    assert explain_error(refused) == "volume is in use - [␛]0;x␇]"
