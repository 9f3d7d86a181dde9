"""The footer rebuilds once for the binding refreshes asked before a repaint, and only when
the keys it shows change (it rebuilt ~90 times while the app started)."""

from __future__ import annotations

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.widgets.app_footer import AppFooter
from tests.support.pilot import wait_for


def shown(app) -> dict[str, str]:
    return {key.key: key.description for key in app.screen.query_one(AppFooter).query("FooterKey")}


async def test_rebuilt_once_and_only_for_other_keys(docker_host, standard_containers, monkeypatch) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    running = standard_containers["running"]
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: running.id in table.keys, what="the list")
        footer = app.screen.query_one(AppFooter)
        await wait_for(pilot, lambda: shown(app).get("q") == "Quit", what="the footer's keys")
        rebuilds: list[object] = []
        original = footer.recompose

        async def counted() -> None:
            rebuilds.append(object())
            await original()

        monkeypatch.setattr(footer, "recompose", counted)
        for _ in range(20):
            app.screen.refresh_bindings()
        await pilot.pause(0.2)
        assert rebuilds == []  # the same keys: nothing rebuilt
        # Other keys (the images pane): rebuilt, once for many requests.
        await pilot.press("2")
        for _ in range(20):
            app.screen.refresh_bindings()
        await wait_for(pilot, lambda: "Prune" in " ".join(shown(app).values()), what="the images pane's keys")
        await pilot.pause(0.2)
        assert 1 <= len(rebuilds) <= 2, len(rebuilds)
