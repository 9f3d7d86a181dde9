"""Read-only mode at the keys: a key that ends in a verb the session refuses is greyed
in footer, help and palette, and refused with a note before any dialog opens.

The session refuses every mutating verb itself (``DaemonSession``); this gate only
spares the user a dialog whose answer would be refused.

The node's own ``check_action`` is asked first: where two bindings share a key (``s`` is
Stop on a running container and Start on a stopped one), the node picks the one that
applies, and only that one is greyed and refused — read-only mode showed ``s Stop`` and
refused "stop" on an exited container.
"""

from __future__ import annotations

from textual.app import App
from textual.dom import DOMNode

from dockertui.engine.session import MUTATING_VERBS


class ReadOnlyGate(App[None]):
    """An app whose keys respect read-only mode."""

    #: The app's own actions that end in a session verb (panes' ones are in action_registry).
    ACTION_VERBS: dict[str, str] = {}

    read_only = False
    #: Actions refused because of read-only mode (for tests and the curious).
    refused: list[str]

    def refuses(self, target: DOMNode, action_name: str) -> bool:
        """Whether read-only mode refuses this action of this node (it ends in a verb the
        session would refuse: refused here first, before any dialog opens)."""
        if not self.read_only:
            return False
        # Imported when first needed: the registry imports every screen of the app.
        from dockertui.ui.action_registry import is_mutating

        return is_mutating(target, action_name) or (
            target is self and self.ACTION_VERBS.get(action_name) in MUTATING_VERBS
        )

    def disabled_note(self, target: DOMNode, action: str) -> str:
        """Why a key shows disabled in help and palette."""
        name = action.split("(", 1)[0]
        return " (read-only)" if self.refuses(target, name) else " (not available now)"

    # Textual has no public hook for "may this action run / how is it shown"; these two
    # private ones are what footer, help, palette and every key go through.
    def _check_action_state(self, action: str, default_namespace: DOMNode) -> bool | None:
        target, name, _ = self._parse_action(action, default_namespace)
        state = super()._check_action_state(action, default_namespace)  # hidden stays hidden
        if state and self.refuses(target, name):
            return None
        return state

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        target, name, parameters = self._parse_action(
            action, self if default_namespace is None else default_namespace, namespaces
        )
        # Only a key the node would take is refused; else the next binding of the key is tried.
        if self.refuses(target, name) and target.check_action(name, parameters):
            self.refused.append(f"{type(target).__name__}.{name}")
            self.notify(
                f"Read-only mode: {name.replace('_', ' ')} is refused (dockertui --read-only).",
                severity="warning",
                timeout=4,
            )
            return True
        return await super().run_action(action, default_namespace, namespaces)
