"""What a prune from the disk-usage view says: before (what goes, roughly how much) and
after (what the daemon deleted and reclaimed, in its own figures)."""

from __future__ import annotations

from dockertui.engine.disk_usage import DiskUsage, Reclaim
from dockertui.engine.docker_units import human_size
from dockertui.engine.prune import NAMED_VOLUMES_KEPT_FROM, PruneKind, PruneResult, volumes_need_all

#: At most this many names listed in a dialog or a notification.
NAMES_SHOWN = 5


def estimate(usage: DiskUsage, kind: PruneKind) -> Reclaim:
    """What the last read of ``/system/df`` says a prune of ``kind`` would remove."""
    return {
        PruneKind.CONTAINERS: usage.stopped_containers,
        PruneKind.DANGLING_IMAGES: usage.dangling_images,
        PruneKind.UNUSED_IMAGES: usage.unused_images,
        PruneKind.VOLUMES: usage.unused_volumes,
        PruneKind.NETWORKS: Reclaim(len(usage.networks.unused), 0),
        PruneKind.BUILD_CACHE: usage.unused_cache,
    }[kind]


def names(values: tuple[str, ...] | list[str]) -> str:
    shown = ", ".join(values[:NAMES_SHOWN])
    return shown + (f" and {len(values) - NAMES_SHOWN} more" if len(values) > NAMES_SHOWN else "")


def confirm_body(usage: DiskUsage, kind: PruneKind, api_version: str) -> str:
    """The dialog's text: what the daemon will remove, and roughly how much."""
    reclaim = estimate(usage, kind)
    about = f"about {human_size(reclaim.size)}"
    if kind is PruneKind.CONTAINERS:
        body = (
            f"Removes every container that is not running: {reclaim.count} listed, {about} of writable "
            "layers. Running and paused containers stay."
        )
    elif kind is PruneKind.DANGLING_IMAGES:
        body = f"Removes untagged images no container uses: {reclaim.count} listed, {about}. Tagged images stay."
    elif kind is PruneKind.UNUSED_IMAGES:
        body = (
            f"Removes every image no container uses, tagged ones too: {reclaim.count} listed, {about}. "
            "Images of existing containers (stopped ones too) stay."
        )
    elif kind is PruneKind.VOLUMES:
        if volumes_need_all(api_version):
            how = f"asked with all=true (from API {NAMED_VOLUMES_KEPT_FROM} the daemon keeps named volumes otherwise)"
        else:
            how = f"API {api_version or '?'} prunes named volumes too"
        body = (
            f"Removes every volume no container references: {reclaim.count} listed "
            f"({usage.named_unused_volumes} named), {about} of data. Named volumes go too: {how}. "
            "Their data is gone for good."
        )
    elif kind is PruneKind.NETWORKS:
        unused = usage.networks.unused
        listed = f" ({names(unused)})" if unused else ""
        body = (
            f"Removes every network no running container is attached to: {len(unused)} listed{listed}. "
            "The daemon's own bridge, host and none stay."
        )
    else:
        body = f"Removes every build cache record not in use: {reclaim.count} listed, {about}."
    return body + "\n\nThe figures are from the last read of /system/df; the daemon decides what goes."


def report(result: PruneResult) -> str:
    """The notification after a prune, in the daemon's figures."""
    deleted = len(result.deleted)
    what = result.kind.value
    if result.kind is PruneKind.NETWORKS:
        listed = f": {names(result.deleted)}" if deleted else ""
        return f"Pruned {what}: {deleted} deleted{listed} (the daemon reports no bytes for networks)"
    reclaimed = human_size(result.space_reclaimed or 0)
    if result.kind in (PruneKind.DANGLING_IMAGES, PruneKind.UNUSED_IMAGES):
        counted = f"{deleted} image(s) and layer(s) deleted, {len(result.untagged)} reference(s) untagged"
    elif result.kind is PruneKind.CONTAINERS:
        counted = f"{deleted} container(s) deleted"
    elif result.kind is PruneKind.VOLUMES:
        counted = f"{deleted} volume(s) deleted" + (f" ({names(result.deleted)})" if deleted else "")
    else:
        counted = f"{deleted} cache record(s) deleted"
    return f"Pruned {what}: {counted}, reclaimed {reclaimed} (the daemon's figures)"
