"""The command palette (ctrl+p) against the real daemon: every pane's actions and the `:`
commands, from whichever pane it is opened on."""

from __future__ import annotations

import pytest

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.context_picker import ContextPicker
from dockertui.ui.screens.pull_prompt import PullPrompt
from dockertui.ui.screens.run_form import RunForm
from tests.support.index_server import IndexServer
from tests.support.pilot import wait_for


def options(app) -> list[str]:
    listed = app.screen.query_one("CommandList")
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


async def choose(app, pilot, query: str, wanted: str) -> None:
    """Open the palette, type ``query``, choose the entry whose text starts with ``wanted``."""
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CommandPalette", what="the palette")
    await pilot.press(*query)
    await wait_for(
        pilot, lambda: any(text.startswith(wanted) for text in options(app)), what=f"{wanted!r} in the palette"
    )
    listed = app.screen.query_one("CommandList")
    listed.highlighted = next(i for i, text in enumerate(options(app)) if text.startswith(wanted))
    await pilot.press("enter")


async def images_listed(app, pilot) -> None:
    await wait_for(pilot, lambda: app.images_pane.ready and app.images_pane.table.row_count > 0, what="images listed")


async def test_pull_from_the_containers_pane_finds_the_images_pull(docker_host, fixture_images) -> None:
    """It said "No matches found": the palette knew only the focused pane's keys."""
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await images_listed(app, pilot)
        assert app.query_one("#panes").active == "containers"
        await choose(app, pilot, "pull", "Images: Pull")
        await wait_for(pilot, lambda: isinstance(app.screen, PullPrompt), what="the pull prompt")
        assert app.query_one("#panes").active == "images"
        # Run on the images pane's cursor row, as its key would.
        selected = app.images_pane.selected()
        assert selected is not None and selected.tag
        assert app.screen.query_one("#pull-prompt-input").value == selected.tag


async def test_another_panes_action_is_refused_in_read_only_mode(docker_host, fixture_images) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host), read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await images_listed(app, pilot)
        await choose(app, pilot, "pull", "Images: Pull (read-only)")
        await wait_for(pilot, lambda: "ImagesPane.pull" in app.refused, what="the refusal")
        assert not isinstance(app.screen, PullPrompt)


async def test_the_palette_leaves_out_other_panes_motions(docker_host) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"first")
        await wait_for(pilot, lambda: any("First" in text for text in options(app)), what="hits")
        # The containers list's own motion is there (help shows it); not every other list's.
        firsts = [text.split("\n")[0] for text in options(app) if "First" in text.split("\n")[0]]
        assert firsts.count("List: First row") == 1 and not any(text.startswith("Event list") for text in firsts)


async def test_an_action_of_the_events_list_runs_on_its_cursor_row(docker_host, containers) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="connected")
        target = containers.running()
        log = app.events_pane.event_log
        await wait_for(
            pilot,
            lambda: (
                target.id in app.containers_pane.table.keys
                and any(e.actor_id == target.id and e.action == "start" for e in log.rows)
            ),
            what="the start event and the row",
        )
        log.move_to(next(i for i, e in enumerate(log.rows) if e.actor_id == target.id and e.action == "start"))
        app.containers_pane.table.move_to(0)
        await choose(app, pilot, "go to object", "Event list: Go to object")
        await wait_for(pilot, lambda: app.containers_pane.table.cursor_key == target.id, what="the jump")
        assert app.query_one("#panes").active == "containers"


@pytest.fixture
def index(fixture_images):
    repository = fixture_images.layered_remote.rsplit(":", 1)[0]
    server = IndexServer(
        [{"name": repository, "description": "", "star_count": 1, "is_official": False, "is_automated": False}]
    ).start()
    yield server
    server.stop()


async def test_a_hub_action_runs_on_the_selected_result_not_in_the_search_box(docker_host, index) -> None:
    """The hub's search box has the focus there, and takes r as text: the results take it."""
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="connected")
        await pilot.press("3")
        app.hub_pane.search_input.value = f"{index.host}/dockertui"
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.hub_pane.results), timeout=15, what="hub results")
        await pilot.press("escape", "1")
        await choose(app, pilot, "hub run", "Hub: Run")
        await wait_for(pilot, lambda: isinstance(app.screen, RunForm), what="the run form")
        assert app.screen.image == app.hub_pane.results[0].reference
        assert app.query_one("#panes").active == "hub"
        # Back from the form, the keys go on acting on the results, as after pressing r there.
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.hub_pane.table.has_focus, what="the results focused")


async def test_colon_commands_are_entries(docker_host, docker_client, fixture_images) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="connected")
        await choose(app, pilot, "ctx", ":ctx")
        await wait_for(pilot, lambda: isinstance(app.screen, ContextPicker), what="the context list")
        await pilot.press("escape")

        # A command that wants an argument, chosen without one: the : line waits for it.
        await choose(app, pilot, "pull", ":pull <reference>")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "CommandLine", what="the : line")
        assert app.screen.query_one("#command-line-input").value == "pull "
        await pilot.press("escape")

        # Typed with its argument, the whole command line is an entry.
        remote = fixture_images.layered_remote
        await choose(app, pilot, f"pull {remote}", f":pull {remote}")
        await wait_for(pilot, lambda: any(str(job.state.reference) == remote for job in app.pulls), what="the pull")
