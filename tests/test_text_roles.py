"""The text roles' styles come from one widget the app mounts, not from every widget that
uses them (each declared role cost a style pass per widget at start-up)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widget import Widget

from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.text_roles import ROLE_CLASSES, ROLES, RoleStyles, role_style


async def test_panes_read_the_roles_from_the_one_holder(tmp_path) -> None:
    app = DockerTUI(DaemonTarget(host=f"unix://{tmp_path}/nothing.sock"))
    async with app.run_test(size=(120, 40)):
        holder = app.query_one(RoleStyles)
        widgets = list(app.screen_stack[0].walk_children())  # the main screen (under the unreachable one)
        assert [w for w in widgets if ROLE_CLASSES & type(w)._get_component_classes()] == [holder]
        pane = app.containers_pane
        for role in ROLES:
            assert role_style(pane, role) == holder.get_component_rich_style(f"role--{role}", partial=True)
        assert role_style(pane, "bad").color is not None and role_style(pane, "strong").bold


class Holder(Widget):
    COMPONENT_CLASSES = set(ROLE_CLASSES)


class BareApp(App):
    CSS = ".role--bad { color: red; }"

    def compose(self) -> ComposeResult:
        yield Holder()


async def test_a_widget_outside_the_app_reads_its_own() -> None:
    app = BareApp()
    async with app.run_test():
        color = role_style(app.query_one(Holder), "bad").color
        assert color is not None and tuple(color.get_truecolor()) == (255, 0, 0)
