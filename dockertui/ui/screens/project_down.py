"""``docker-compose down`` confirmed: what goes, with a tick for the project's volumes.

The sibling of ConfirmDialog (same keys, same look) with one more: ``v`` (or the
checkbox) adds the project's named volumes to what goes, and the list says so before
the user confirms. Dismisses with the plan confirmed, or None.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, Static

from dockertui.engine.project_actions import ProjectPlan, plan_down
from dockertui.engine.projects import Project
from dockertui.ui.screen_repaint import AppModalScreen
from dockertui.ui.screens.quits_on_q import QuitsOnQ
from dockertui.ui.summary_limits import first_rows
from dockertui.ui.text_roles import ROLE_CLASSES, role_style


def down_text(project: Project, plan: ProjectPlan, heading: Style) -> Text:
    """What the plan removes, and what stays."""
    text = Text()
    running = {target.key for target in plan.running}

    def section(title: str, names: list[str], empty: str) -> None:
        text.append(f"{title}\n", style=heading)
        shown, hidden = first_rows(names, 20)
        for name in shown:
            text.append(f"  {name}\n")
        if hidden:
            text.append(f"  … and {hidden:,} more\n")
        if not names:
            text.append(f"  {empty}\n")

    section(
        f"Containers stopped and removed ({len(plan.containers)})",
        [f"{t.name}{'  (running: stopped first)' if t.key in running else ''}" for t in plan.containers],
        "none",
    )
    section(f"Networks removed ({len(plan.networks)})", [t.name for t in plan.networks], "none")
    if plan.remove_volumes:
        section(f"Volumes removed ({len(plan.volumes)})", [t.name for t in plan.volumes], "none of the project's")
        text.append("Anonymous volumes of the containers go with them.\n")
    else:
        kept = [volume.name for volume in project.volumes]
        text.append(
            f"Volumes stay ({len(kept)}): {', '.join(kept[:5])}{' …' if len(kept) > 5 else ''}\n"
            if kept
            else "Volumes stay.\n"
        )
    text.rstrip()
    return text


class ProjectDownDialog(QuitsOnQ, AppModalScreen[ProjectPlan | None]):
    BINDING_GROUP_TITLE = "Dialog"  # how help and the palette name these keys
    COMPONENT_CLASSES = set(ROLE_CLASSES)

    BINDINGS = [
        Binding("y", "confirm", "Down", id="project_down.yes"),
        Binding("n,escape", "cancel", "No", id="project_down.no"),
        Binding("v", "toggle_volumes", "Volumes too", id="project_down.volumes"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.plan = plan_down(project, remove_volumes=False)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="project-down-box"):
            yield Label(f"Take project {self.project.name} down?", id="confirm-title", markup=False)
            with VerticalScroll(id="project-down-scroll"):
                yield Static(id="confirm-body", markup=False)
            yield Checkbox(
                f"Also remove the project's volumes ({len(self.project.volumes)}) — v", id="project-down-volumes"
            )
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancel (n)", id="confirm-cancel")
                yield Button("Down (y)", id="confirm-ok", variant="error")

    def on_mount(self) -> None:
        self._show()
        self.query_one("#confirm-cancel", Button).focus()

    def _show(self) -> None:
        self.query_one("#confirm-body", Static).update(down_text(self.project, self.plan, role_style(self, "strong")))

    def on_checkbox_changed(self, message: Checkbox.Changed) -> None:
        message.stop()
        self.plan = plan_down(self.project, remove_volumes=message.value)
        self._show()
        # The volumes are listed last: in a short terminal, what the tick added is in sight.
        scroll = self.query_one("#project-down-scroll", VerticalScroll)
        self.call_after_refresh(lambda: scroll.scroll_end(animate=False))

    def action_toggle_volumes(self) -> None:
        box = self.query_one("#project-down-volumes", Checkbox)
        box.value = not box.value  # its Changed updates the plan

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.plan if event.button.id == "confirm-ok" else None)

    def action_confirm(self) -> None:
        self.dismiss(self.plan)

    def action_cancel(self) -> None:
        self.dismiss(None)
