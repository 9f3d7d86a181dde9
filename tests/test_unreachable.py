"""No daemon at the address: a clear full-screen message, a responsive app, and recovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockertui.engine.connection import connect
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.help import HelpScreen
from dockertui.ui.screens.unreachable import UnreachableScreen
from tests.support.pilot import bar_text, wait_for
from tests.support.socket_proxy import UnixSocketProxy


def screen_text(screen) -> str:
    return "\n".join(str(widget.render()) for widget in screen.query("#unreachable-box > *"))


@pytest.fixture
def proxy(tmp_path: Path, docker_host: str):
    if not docker_host.startswith("unix://"):
        pytest.skip("the proxy forwards to a unix-socket daemon")
    proxy = UnixSocketProxy(str(tmp_path / "docker.sock"), docker_host[len("unix://") :])
    yield proxy
    proxy.stop()


async def wait_unreachable(pilot, app) -> None:
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, UnreachableScreen) and "Error:" in screen_text(app.screen),
        what="the unreachable message",
    )


class CountingConnector:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, target: DaemonTarget):
        self.calls += 1
        return connect(target)


async def test_missing_socket_shows_the_address_and_stays_responsive() -> None:
    connector = CountingConnector()
    app = DockerTUI(
        DaemonTarget(host="unix:///nonexistent.sock", source="--host"), connector=connector, retry_interval=3600
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_unreachable(pilot, app)
        text = screen_text(app.screen)
        assert "Cannot reach the Docker daemon" in text
        assert "unix:///nonexistent.sock" in text and "from --host" in text
        assert "no daemon socket at /nonexistent.sock" in text
        assert "systemctl start docker" in text and "--context" in text
        assert "Retrying in" in text
        assert bar_text(app, "engine") == "daemon unreachable"

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, UnreachableScreen)

        # The digit keys have nothing to show behind this screen: they are disabled, not silent.
        await pilot.press("2")
        assert app.screen_stack[0].query_one("#panes").active == "containers"

        await pilot.press("r")
        await wait_for(pilot, lambda: connector.calls == 2, what="a retry on r")
        await wait_for(pilot, lambda: "Retrying in" in screen_text(app.screen), what="next countdown")
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, timeout=20, what="q to quit")


async def test_retry_key_recovers_once_the_daemon_answers(proxy, docker_client) -> None:
    app = DockerTUI(DaemonTarget(host=proxy.url), retry_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_unreachable(pilot, app)
        proxy.start()
        await pilot.press("r")
        version = docker_client.version()["Version"]
        await wait_for(pilot, lambda: version in bar_text(app, "engine"), what="engine version")
        assert not isinstance(app.screen, UnreachableScreen)
        assert app.focused is app.query_one("#containers-table")


async def test_automatic_retry_recovers_without_a_key(proxy, docker_client) -> None:
    app = DockerTUI(DaemonTarget(host=proxy.url), retry_interval=0.3)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_unreachable(pilot, app)
        proxy.start()
        version = docker_client.version()["Version"]
        await wait_for(pilot, lambda: version in bar_text(app, "engine"), what="engine version")
        assert not isinstance(app.screen, UnreachableScreen)


async def test_ctrl_x_leaves_an_unreachable_host_for_the_default_context(tmp_path, docker_host, monkeypatch) -> None:
    """After --host to nowhere, the default context is not "current": choosing it switches."""
    from dockertui.ui.screens.context_picker import ContextPicker

    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker-config"))  # no contexts but default
    monkeypatch.setenv("DOCKER_HOST", docker_host)
    app = DockerTUI(DaemonTarget(host=f"unix://{tmp_path}/nothing.sock", source="--host"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_unreachable(pilot, app)
        await pilot.press("ctrl+x")
        assert isinstance(app.screen, ContextPicker)
        options = app.screen.query_one("#contexts-list")
        assert options.option_count == 1 and not str(options.get_option_at_index(0).prompt).startswith("●")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.session is not None, timeout=10, what="the default daemon")
        assert app.target.host == docker_host and not isinstance(app.screen, UnreachableScreen)
