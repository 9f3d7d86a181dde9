"""dockertui in a real pseudo-terminal, against the real daemon, as a user runs it."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_real_terminal_shows_engine_and_quits_on_q(
    session_factory, docker_client, docker_host, size, standard_containers
) -> None:
    version = docker_client.version()
    session = session_factory("--host", docker_host, columns=size[0], rows=size[1])
    session.wait_for("1 Containers", timeout=10)
    session.wait_for_pattern(r"\d+/\d+ running", timeout=10)
    header = session.screen.display[0]
    # The address the keys act on is never clipped; the version gives way first when narrow.
    assert docker_host in header, f"address clipped at {size}: {header!r}"
    engine_text = f"Docker {version['Version']} · API {version['ApiVersion']}"
    if len(docker_host) + len(engine_text) + 20 <= size[0]:
        assert engine_text in header
    else:
        assert f"Docker {version['Version'][:4]}" in header
    footer = session.screen.display[-1]
    assert "Quit" in footer and "Help" in footer
    session.send("q")
    assert session.wait_exit(20) == 0


def test_real_terminal_unreachable_host(session_factory) -> None:
    session = session_factory("--host", "unix:///nonexistent.sock", columns=80, rows=24)
    session.wait_for("Cannot reach the Docker daemon", timeout=10)
    session.wait_for("unix:///nonexistent.sock", timeout=5)
    session.wait_for("Retrying in", timeout=5)
    assert "Traceback" not in session.text()
    session.send("q")
    assert session.wait_exit(5) == 0


def test_keys_typed_together_after_a_pane_switch_go_to_the_new_pane(session_factory, docker_host) -> None:
    """A terminal delivers "1/" in one read: the "/" must filter containers, not the pane just left."""
    session = session_factory("--host", docker_host)
    session.wait_for_pattern(r"\d+/\d+ running", timeout=10)
    session.send("4")
    session.wait_for("events (max", timeout=5)
    session.send("1/")
    session.wait_for("filter: words match name", timeout=5)
    assert "events (max" not in session.text()
    session.send("\x1b")
    session.wait_until_gone("filter: words match name")  # sent apart, or ESC q reads as alt+q
    session.send("q")
    assert session.wait_exit(5) == 0
