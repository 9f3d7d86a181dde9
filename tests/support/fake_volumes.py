"""Fake volumes (and their /system/df figures) for layout snapshots: named, anonymous,
compose-made and in use by the fake containers."""

from __future__ import annotations

import datetime as dt

#: "Now" for the snapshots (their clock is set to it): the dates the daemon sends and the
#: ages shown from them stay the same whatever the day.
FAKE_NOW = 1_800_000_000.0


def _created(days: float) -> str:
    moment = dt.datetime.fromtimestamp(FAKE_NOW - days * 86400 - 3600, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _volume(name: str, days: float, labels: dict | None = None, driver: str = "local") -> dict:
    return {
        "Name": name,
        "Driver": driver,
        "Scope": "local",
        "Mountpoint": f"/var/lib/docker/volumes/{name}/_data",
        "CreatedAt": _created(days),
        "Labels": labels,
        "Options": None,
    }


ANONYMOUS = "4f1c9a0e2b7d" + "5e" * 26

FAKE_VOLUMES = [
    _volume("pg-data", 40, {"backup": "nightly"}),
    _volume("shop_web-static", 3, {"com.docker.compose.project": "shop", "com.docker.compose.volume": "web-static"}),
    _volume("redis-cache", 10),
    _volume(ANONYMOUS, 1, {"com.docker.volume.anonymous": ""}),
    _volume("old-backups", 400, {"owner": "ops"}),
    _volume("nfs-share", 90, {"mount": "nas"}, driver="nfs"),
]

#: Size and users as /system/df gives them (-1: the driver cannot tell).
FAKE_USAGE = {
    "pg-data": (432_000_000, 1),
    "shop_web-static": (12_400_000, 1),
    "redis-cache": (8_100_000, 1),
    ANONYMOUS: (4_096, 0),
    "old-backups": (1_250_000_000, 0),
    "nfs-share": (-1, -1),
}

#: Which fake container mounts which volume where (container name → [(volume, destination)]).
FAKE_MOUNTS = {
    "db": [("pg-data", "/var/lib/postgresql/data")],
    "web-1": [("shop_web-static", "/usr/share/nginx/html")],
    "cache": [("redis-cache", "/data")],
}


def fake_df() -> dict:
    volumes = []
    for volume in FAKE_VOLUMES:
        size, refs = FAKE_USAGE[volume["Name"]]
        volumes.append({**volume, "UsageData": {"Size": size, "RefCount": refs}})
    return {"Volumes": volumes, "Images": [], "Containers": [], "BuildCache": [], "LayersSize": 0}


def with_mounts(containers: list[dict]) -> list[dict]:
    """The fake containers, mounting the fake volumes."""
    return [
        {
            **container,
            "Mounts": [
                {"Type": "volume", "Name": volume, "Source": "", "Destination": destination}
                for volume, destination in FAKE_MOUNTS.get(container["Names"][0].lstrip("/"), [])
            ],
        }
        for container in containers
    ]
