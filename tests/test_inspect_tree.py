"""The inspect tree: made as it is opened, long lists and values cut, search, masked env."""

from __future__ import annotations

import json

from textual.app import App, ComposeResult

from dockertui.ui.widgets.inspect_tree import MASK, MAX_CHILDREN, MAX_VALUE, InspectTree

LABELS = 50_000
DOCUMENT = {
    "Id": "abc",
    "Config": {
        "Env": ["SECRET=hunter2", "PATH=/bin"],
        "Labels": {f"label.{n:05d}": f"value {n}" for n in range(LABELS)},
        "Cmd": ["sh", "-c", "x" * 5000],
    },
    "State": {"Running": True},
}


class TreeHost(App):
    def compose(self) -> ComposeResult:
        yield InspectTree(id="tree")


def lines(tree: InspectTree) -> list[str]:
    return [line.node.label.plain for line in tree._tree_lines]


async def test_a_huge_document_is_made_as_it_is_opened() -> None:
    async with TreeHost().run_test(size=(100, 30)) as pilot:
        tree = pilot.app.query_one(InspectTree)
        tree.show(DOCUMENT, "box")
        await pilot.pause()
        made = sum(1 for _ in tree._node_at)
        assert made < 10, "only the top level is made at first"
        assert "Config {3}" in lines(tree)
        config = tree._node_at[("Config",)]
        config.expand()
        await pilot.pause()
        labels = tree._node_at[("Config", "Labels")]
        labels.expand()
        await pilot.pause()
        assert len(labels.children) == MAX_CHILDREN + 1
        assert labels.children[-1].label.plain.startswith(f"… {LABELS - MAX_CHILDREN:,} more")
        tree._node_at[("Config", "Cmd")].expand()
        await pilot.pause()
        cmd = tree._node_at[("Config", "Cmd", "2")]
        assert len(cmd.label.plain) < MAX_VALUE + 100 and "4,500 more characters" in cmd.label.plain


async def test_search_finds_what_is_not_made_yet_and_opens_the_way() -> None:
    async with TreeHost().run_test(size=(100, 30)) as pilot:
        tree = pilot.app.query_one(InspectTree)
        tree.show(DOCUMENT, "box")
        await pilot.pause()
        assert tree.find("value 42")
        await pilot.pause()
        assert tree.cursor_node is tree._node_at[("Config", "Labels", "label.00042")]
        assert tree.find("value 43")  # the next one, from the cursor on
        await pilot.pause()
        assert tree.cursor_node.label.plain == "label.00043: value 43"
        assert not tree.find("no such text anywhere")
        assert not tree.find("value 49999"), "beyond the lines shown: not a line to move to"


async def test_env_is_masked_until_revealed_and_copies_say_so() -> None:
    async with TreeHost().run_test(size=(100, 30)) as pilot:
        tree = pilot.app.query_one(InspectTree)
        tree.show(DOCUMENT, "box")
        await pilot.pause()
        assert tree.find("SECRET")
        await pilot.pause()
        assert tree.cursor_node.label.plain == f"0: SECRET={MASK}"
        assert not tree.find("hunter2"), "a masked value is not searched"
        text, shown = tree.copy_target()
        assert text == "SECRET=hunter2" and "hunter2" not in shown and "hidden" in shown
        tree.move_cursor(tree._node_at[("Config",)])
        text, shown = tree.copy_target()
        assert json.loads(text)["Env"][0] == "SECRET=hunter2" and "hidden" in shown
        tree.set_reveal(True)
        assert tree._node_at[("Config", "Env", "0")].label.plain == "0: SECRET=hunter2"
        tree.move_cursor(tree._node_at[("Config", "Env", "0")])
        assert tree.copy_target() == ("SECRET=hunter2", None)


async def test_info_and_image_details_show_a_bounded_summary() -> None:
    """Fifty thousand labels and twenty thousand env entries: the first hundred of each, the
    rest counted; long values cut. (Before, the Info text froze the app for half a minute.)"""
    from dockertui.engine.target import DaemonTarget
    from dockertui.ui.app import DockerTUI
    from dockertui.ui.widgets.container_details import ContainerDetails
    from dockertui.ui.widgets.image_details import ImageDetails
    from tests.support.fakes import fake_connector
    from tests.support.pilot import wait_for

    document = {
        **DOCUMENT,
        "Path": "sh",
        "Args": ["-c", "x" * 5000],
        "Config": {**DOCUMENT["Config"], "Env": [f"E{n}=v" for n in range(20_000)]},
    }
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(100, 30)) as pilot:
        details = app.query_one(ContainerDetails)
        details.document = document
        details._render_info()
        info = str(details.query_one("#details-info-body").render())
        assert "… 49,900 more labels" in info and "… 19,900 more variables" in info
        assert "(4,706 more characters)" in info  # the command, cut
        assert len(info) < 20_000
        image = app.query_one(ImageDetails)
        image.image_id = "x"
        await wait_for(pilot, lambda: app.session is not None, what="the fake daemon")
        image.on_image_details_loaded(
            ImageDetails.Loaded(app.session, "x", document, [{"CreatedBy": "y" * 9000}] * 500)
        )
        await pilot.pause()
        shown = str(image.query_one("#image-details-body").render())
        assert "… 49,900 more labels" in shown and "… 400 more layers" in shown and len(shown) < 40_000
