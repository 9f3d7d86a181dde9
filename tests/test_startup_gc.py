"""The garbage collector is off while the app starts and on again once the list is shown."""

from __future__ import annotations

import gc

import pytest

from dockertui import startup_gc
from dockertui.engine.target import DaemonTarget
from dockertui.ui import app as app_module
from dockertui.ui.app import DockerTUI
from tests.support.pilot import wait_for


@pytest.fixture
def paused():
    startup_gc.pause()
    yield
    startup_gc.resume(freeze=False)
    gc.enable()
    gc.unfreeze()


def test_resume_collects_freezes_and_enables_once() -> None:
    startup_gc.pause()
    try:
        assert not gc.isenabled() and startup_gc.paused()
        startup_gc.resume()
        assert gc.isenabled() and not startup_gc.paused()
        assert gc.get_freeze_count() > 0
        gc.disable()
        startup_gc.resume()  # once only: a later call changes nothing
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


async def test_the_app_turns_it_back_on_once_the_list_is_shown(paused, docker_host, standard_containers) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    running = standard_containers["running"]
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: running.id in table.keys, what="the list")
        await wait_for(pilot, gc.isenabled, what="the collector on again")
        assert gc.get_freeze_count() > 0


async def test_on_again_without_a_daemon(paused, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(app_module, "GC_PAUSED_AT_MOST", 0.5)
    app = DockerTUI(DaemonTarget(host=f"unix://{tmp_path}/nothing.sock"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, gc.isenabled, what="the collector on again")
