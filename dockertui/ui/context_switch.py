"""Switching the daemon in-app: the context picker (ctrl+x, ``:ctx``) and the question
asked first when the switch would end open shells or pulls."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from dockertui.engine.contexts import DEFAULT_CONTEXT
from dockertui.engine.target import DaemonTarget, TargetError, available_contexts, resolve_context
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.context_picker import ContextChoice, ContextPicker

if TYPE_CHECKING:
    from textual.app import App

    from dockertui.ui.app import DockerTUI

#: Addresses (``--host``, DOCKER_HOST) an app talked to outside any context, so that
#: ``:hosts`` still lists the one it started with after a switch away from it.
_ADDRESSES: weakref.WeakKeyDictionary[App, list[DaemonTarget]] = weakref.WeakKeyDictionary()


def addresses_used(app: App) -> list[DaemonTarget]:
    """The addresses outside contexts the app has talked to (its current one included)."""
    addresses = _ADDRESSES.setdefault(app, [])
    target: DaemonTarget | None = getattr(app, "target", None)
    if (
        target is not None
        and target.context == DEFAULT_CONTEXT
        and all(known.host != target.host for known in addresses)
    ):
        addresses.append(target)
    return list(addresses)


def pick_context(app: DockerTUI) -> None:
    # "current" only if it is where the keys act now: after --host the default context's
    # endpoint is not, and choosing it must switch.
    choices = [
        ContextChoice(name, endpoint, description, name == app.target.context and endpoint == app.target.host)
        for name, endpoint, description in available_contexts()
    ]
    current = {choice.name for choice in choices if choice.current}

    def chosen(name: str | None) -> None:
        if name is not None and name not in current:
            app.call_later(switch_context, app, name)

    app.push_screen(ContextPicker(choices), chosen)


async def switch_context(app: DockerTUI, name: str) -> None:
    """Switch to context ``name``, asking first when that ends open shells or pulls."""
    try:
        target = resolve_context(name, "an in-app switch")
    except TargetError as error:
        app.notify(str(error), title="Cannot switch", severity="error")
        return
    await switch_to(app, target)


async def switch_to(app: DockerTUI, target: DaemonTarget) -> None:
    """Switch to ``target`` (a context's, or an address not in any context, as ``:hosts``
    offers), asking first when that ends open shells or pulls."""
    addresses_used(app)  # remembered before the app leaves it
    shells = app.shells_pane.open_count
    pulls = sum(1 for job in app.pulls if not job.state.finished)
    if not shells and not pulls:
        await app.switch_target(target)
        return
    losses = []
    if shells:
        losses.append(f"{shells} open shell{'s' if shells != 1 else ''}")
    if pulls:
        losses.append(f"{pulls} pull{'s' if pulls != 1 else ''} in progress")

    def answered(switch: bool | None) -> None:
        if switch:
            app.call_later(app.switch_target, target)

    app.push_screen(
        ConfirmDialog(
            f"Switch to {target.label}?", f"Switching ends {' and '.join(losses)} on {app.target.label}.", "Switch"
        ),
        answered,
    )
