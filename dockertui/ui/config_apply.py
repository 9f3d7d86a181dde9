"""The parts of the config file the app applies itself (theme, keymap), and every problem
found in the file shown once, as a note, when the app starts."""

from __future__ import annotations

from textual.app import App

from dockertui.config import Config
from dockertui.ui.renamed_ids import renamed_id_problem


def apply_config(app: App, config: Config) -> None:
    problems = list(config.problems)
    if config.theme in app.available_themes:
        app.theme = config.theme
    else:
        problems.append(
            f"theme: {config.theme!r} is not a theme (try one of "
            f"{', '.join(sorted(app.available_themes)[:6])}…); the default is used"
        )
    keymap = {}
    known: set[str] = set()
    if config.keymap:
        # Imported only for a keymap to check: the registry imports every screen of the app.
        from dockertui.ui.action_registry import binding_ids

        known = binding_ids((type(app),))
    for binding_id, keys in config.keymap.items():
        if binding_id in known:
            keymap[binding_id] = keys
        else:
            found_at = config.keymap_lines.get(binding_id)
            problem = (
                renamed_id_problem(binding_id, keys)
                or f"keymap.{binding_id}: no binding has this id (? lists them); ignored"
            )
            problems.append(f"{found_at}: {problem}" if found_at else problem)
    if keymap:
        app.set_keymap(keymap)
    for problem in problems:
        app.notify(problem, title="Config", severity="warning", timeout=20)
