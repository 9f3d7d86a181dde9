"""What a ``:`` command does once the command line has parsed it.

The screens it opens are imported when asked for, not with the app: they are not on the
way to the first list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockertui.ui.app import DockerTUI

PANE_COMMANDS = {"containers", "images", "events", "shells", "volumes", "networks", "services"}


async def run_command(app: DockerTUI, name: str, argument: str) -> None:
    if name in PANE_COMMANDS:
        await app.run_action(f"show_pane('{name}')")
    elif name == "hub":
        await app.run_action("show_pane('hub')")
        if argument:
            app.hub_pane.search_for(argument)
    elif name == "projects":
        from dockertui.ui.screens.projects import open_projects

        open_projects(app)
    elif name == "nodes":
        from dockertui.ui.screens.nodes import open_nodes

        open_nodes(app)
    elif name == "stacks":
        from dockertui.ui.screens.stacks import open_stacks

        open_stacks(app)
    elif name == "pull":
        await app.run_action(f"pull_reference({argument!r})")
    elif name == "df":
        from dockertui.ui.screens.disk_usage import DiskUsageScreen

        await app.push_screen(DiskUsageScreen())
    elif name == "hosts":
        from dockertui.ui.screens.hosts import open_hosts

        open_hosts(app)
    elif name == "help":
        await app.run_action("help")
    elif name == "ctx":
        if argument:
            from dockertui.ui.context_switch import switch_context

            await switch_context(app, argument)
        else:
            await app.run_action("contexts")
    elif name == "quit":
        await app.run_action("quit")
