"""The run form's layout: every field on screen at 120x40, scrolling at 80x24, and its
on/off options saying which they are."""

from __future__ import annotations

from textual.geometry import Region

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.run_form import RunForm
from tests.support.fakes import fake_connector
from tests.support.pilot import wait_for

#: In the order tab goes through them.
FIELDS = (
    "#run-name",
    "#run-command",
    "#run-ports",
    "#run-volumes",
    "#run-env",
    "#run-restart",
    "#run-retries",
    "#run-rm",
    "#run-interactive",
)
BUTTONS = ("#run-copy", "#run-cancel", "#run-go")


async def open_form(app, pilot) -> RunForm:
    await wait_for(pilot, lambda: app.session is not None, what="the fake daemon")
    form = RunForm("busybox:latest")
    await app.push_screen(form)
    await wait_for(pilot, lambda: form.query_one("#run-name").has_focus, what="Name focused")
    return form


def shown_in(viewport: Region, region: Region) -> bool:
    return bool(region) and viewport.contains_region(region)


async def test_every_field_and_button_is_on_screen_at_120x40() -> None:
    """restart policy, --rm and detached/interactive were below the fold."""
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        await pilot.pause()
        fields = form.query_one("#run-fields")
        assert fields.max_scroll_y == 0
        for selector in (*FIELDS, *BUTTONS):
            region = form.query_one(selector).region
            assert shown_in(form.region, region), f"{selector} at {region}"
            if selector in FIELDS:
                assert shown_in(fields.content_region, region), f"{selector} at {region}"


async def test_at_80x24_the_fields_scroll_and_the_focused_one_is_in_view() -> None:
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        await pilot.pause()
        fields = form.query_one("#run-fields")
        assert fields.max_scroll_y > 0
        for selector in BUTTONS:  # the buttons stay put under the fields
            assert shown_in(form.region, form.query_one(selector).region), selector
        for selector in FIELDS[1:]:
            await pilot.press("tab")
            widget = form.query_one(selector)
            await wait_for(pilot, lambda widget=widget: widget.has_focus, what=f"{selector} focused")
            await wait_for(
                pilot,
                lambda widget=widget: shown_in(fields.content_region, widget.region),
                what=f"{selector} scrolled into view",
            )
        assert fields.scroll_y > 0
        # And back up: shift+tab to Name scrolls to the top again.
        for _ in FIELDS[1:]:
            await pilot.press("shift+tab")
        name = form.query_one("#run-name")
        await wait_for(pilot, lambda: name.has_focus, what="Name focused again")
        await wait_for(pilot, lambda: shown_in(fields.content_region, name.region), what="Name in view")


async def test_options_say_on_or_off_and_space_toggles_them() -> None:
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        remove = form.query_one("#run-rm")
        interactive = form.query_one("#run-interactive")
        assert str(remove.render()).startswith("[ ] --rm")
        assert str(interactive.render()).startswith("[ ] -it")
        preview = form.query_one("#run-preview")
        assert "docker run -d " in str(preview.render())
        remove.focus()
        await wait_for(pilot, lambda: remove.has_focus, what="--rm focused")
        await pilot.press("space")
        await wait_for(pilot, lambda: "--rm" in str(preview.render()), what="--rm in the preview")
        assert remove.value and str(remove.render()).startswith("[x] --rm")
        await pilot.press("tab", "space")
        await wait_for(pilot, lambda: "docker run -it --rm" in str(preview.render()), what="-it in the preview")
        assert str(interactive.render()).startswith("[x] -it")
        await pilot.press("space")
        await wait_for(pilot, lambda: "docker run -d --rm" in str(preview.render()), what="-d again")
        assert str(interactive.render()).startswith("[ ] -it")
