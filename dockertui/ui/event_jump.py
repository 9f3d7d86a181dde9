"""`enter` on an event: the container, image, volume, network or service it is about, selected in its
pane (a node event opens the nodes view)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockertui.engine.events import DockerEvent

if TYPE_CHECKING:
    from dockertui.ui.app import DockerTUI


def jump_to_event_object(app: DockerTUI, event: DockerEvent) -> str | None:
    """Select the event's object in its pane and return that pane's id; None (after saying
    why) when events of its type have no pane or the object is gone."""
    if event.type == "container":
        pane_id, found = "containers", app.containers_pane.select(event.actor_id)
    elif event.type == "image":
        image_id = event.actor_id if event.actor_id.startswith("sha256:") else _image_id_for(app, event.object_name)
        pane_id, found = "images", image_id is not None and app.images_pane.select(image_id)
    elif event.type == "volume":  # the volume's name is its ID
        pane_id, found = "volumes", app.volumes_pane.select(event.actor_id)
    elif event.type == "network":
        # Docker's actor is the network; Podman's is the container (its name is then the
        # container's, and the network is not named): the network by ID, else by name.
        pane_id, found = "networks", app.networks_pane.select_network(event.actor_id, event.object_name)
    elif event.type == "service":
        if not app.services_pane.available:
            app.notify("This daemon is not in a swarm (any more): no services pane.", severity="warning")
            return None
        pane_id, found = "services", app.services_pane.select_service(event.actor_id, event.object_name)
    elif event.type == "node":  # the nodes are a view of their own, not a pane
        from dockertui.ui.screens.nodes import open_nodes

        open_nodes(app)
        return None
    else:
        app.notify(f"{event.type} events have no pane to jump to", severity="warning")
        return None
    if not found:
        app.notify(f"{event.type} {event.object_name} no longer exists", severity="warning")
        return None
    return pane_id


def _image_id_for(app: DockerTUI, reference: str) -> str | None:
    return app.live.inventory.image_id_for(reference) if app.live is not None else None
