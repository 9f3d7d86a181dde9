"""`n` in a container's details: pick a network, then connect the container to it or
disconnect it (asked first); the daemon's answer is said either way.

Which networks there are comes from the networks pane's list (kept live by the event
stream); the change itself goes through the session, from a worker, and the lists
follow from the ``network`` events it causes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.network_actions import NetworkActionFailed
from dockertui.engine.network_members import attached_to
from dockertui.engine.session import DaemonSession, ReadOnlyRefused
from dockertui.ui.daemon_session import session_or_say
from dockertui.ui.screens.confirm import ConfirmDialog
from dockertui.ui.screens.network_picker import NetworkChoice, NetworkPicker

if TYPE_CHECKING:
    from dockertui.ui.app import DockerTUI


def network_choices(app: DockerTUI, container: ContainerSummary) -> list[NetworkChoice]:
    networks = sorted(app.networks_pane.items.values(), key=lambda n: n.name.lower())
    listed = {network.name for network in networks}
    choices = []
    for network in networks:
        attachment = attached_to(network, container, listed)
        choices.append(
            NetworkChoice(
                network.id,
                network.name,
                network.driver,
                ", ".join(network.subnets),
                None if attachment is None else attachment.address,
            )
        )
    return choices


def pick_network(app: DockerTUI, container: ContainerSummary) -> None:
    choices = network_choices(app, container)
    if not choices:
        app.notify("No networks are listed yet.", severity="warning")
        return
    container_id, container_name = container.id, container.name

    def chosen(choice: NetworkChoice | None) -> None:
        if choice is None:
            return
        if not choice.attached:
            _change(app, "connect", choice, container_id, container_name)
            return

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                _change(app, "disconnect", choice, container_id, container_name)

        app.push_screen(
            ConfirmDialog(
                f"Disconnect {container_name} from {choice.name}?",
                f"It loses its address {choice.address} there." if choice.address else "It leaves the network.",
                "Disconnect",
            ),
            decided,
        )

    app.push_screen(NetworkPicker(container_name, choices), chosen)


def _change(app: DockerTUI, verb: str, choice: NetworkChoice, container_id: str, container_name: str) -> None:
    session = session_or_say(app)
    if session is None:
        return

    def work() -> None:
        _run(app, session, verb, choice, container_id, container_name)

    app.run_worker(work, thread=True, group="network-connect", exit_on_error=False)


def _run(
    app: DockerTUI, session: DaemonSession, verb: str, choice: NetworkChoice, container_id: str, container_name: str
) -> None:
    """In a worker: the change, then what happened said on the UI thread."""
    change = session.connect_network if verb == "connect" else session.disconnect_network
    try:
        change(choice.network_id, container_id, name=choice.name)
    except (NetworkActionFailed, ReadOnlyRefused) as failure:
        app.call_from_thread(
            app.notify,
            str(failure),
            title=f"Could not {verb} {container_name} {'to' if verb == 'connect' else 'from'} {choice.name}",
            severity="error",
            timeout=12,
        )
        return
    done = (
        f"Connected {container_name} to {choice.name}"
        if verb == "connect"
        else f"Disconnected {container_name} from {choice.name}"
    )
    app.call_from_thread(app.notify, done, timeout=6)
