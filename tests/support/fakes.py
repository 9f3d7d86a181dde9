"""Deterministic stand-ins for the daemon, for layout snapshots only (the real daemon
is covered by the other tests)."""

from __future__ import annotations

import hashlib
import threading
import time

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.models import EngineInfo
from dockertui.engine.target import DaemonTarget
from dockertui.engine.unavailable import DaemonUnavailable


def _DAYS_AGO(days: int) -> int:
    """Relative to now, so the "3 days ago" in snapshots does not change with the date."""
    return int(time.time()) - days * 86400 - 3600


FAKE_ENGINE = EngineInfo(
    product="Docker",
    version="20.10.24+dfsg1",
    api_version="1.41",
    min_api_version="1.12",
    os="linux",
    arch="amd64",
    kernel="6.1.0",
)


class FakeEventStream:
    """Blocks like a quiet daemon's event stream until closed."""

    def __init__(self) -> None:
        self._closed = threading.Event()

    def __iter__(self):
        self._closed.wait()
        return iter(())

    def close(self) -> None:
        self._closed.set()


class FakeAPI:
    """Answers the calls the app makes, from fixed data."""

    def __init__(self, containers: list[dict], images: list[dict]) -> None:
        self._containers = containers
        self._images = images
        #: Calls to anything else (stop, remove_container, pull…), recorded instead of done.
        self.calls: list[str] = []
        #: Terms searched, in order.
        self.searches: list[str] = []

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def record(*args, **kwargs):
            self.calls.append(name)
            return {}

        return record

    def version(self, api_version: bool = True) -> dict:
        return {"Version": FAKE_ENGINE.version, "ApiVersion": FAKE_ENGINE.api_version}

    def containers(self, all: bool = False, filters: dict | None = None):
        wanted = set((filters or {}).get("id", ())) or None
        return [c for c in self._containers if wanted is None or c["Id"] in wanted]

    def images(self):
        return list(self._images)

    def volumes(self):
        from tests.support.fake_volumes import FAKE_VOLUMES

        return {"Volumes": [dict(volume) for volume in FAKE_VOLUMES], "Warnings": None}

    def networks(self):
        from tests.support.fake_networks import FAKE_NETWORKS

        return [dict(network) for network in FAKE_NETWORKS]

    def search(self, term: str, limit: int | None = None) -> list[dict]:
        self.searches.append(term)
        return [
            {
                "name": "nginx",
                "description": "Official build of Nginx.",
                "star_count": 20873,
                "is_official": True,
                "is_automated": False,
            },
            {
                "name": "bitnami/nginx",
                "description": "Bitnami container image for NGINX",
                "star_count": 197,
                "is_official": False,
                "is_automated": True,
            },
            {
                "name": "nginxinc/nginx-unprivileged",
                "description": "Unprivileged NGINX Dockerfiles",
                "star_count": 160,
                "is_official": False,
                "is_automated": False,
            },
        ][:limit]

    def df(self) -> dict:
        return FAKE_DF

    def info(self) -> dict:
        """Out of swarm (the services pane reads the role after connecting)."""
        return {"Swarm": {"LocalNodeState": "inactive"}}

    def events(self, since=None, decode=True) -> FakeEventStream:
        return FakeEventStream()

    def close(self) -> None:
        pass


def fake_container(
    name: str,
    state: str,
    *,
    status: str = "",
    image: str = "busybox:latest",
    ports: list[dict] | None = None,
    labels: dict | None = None,
) -> dict:
    return {
        "Id": hashlib.sha256(name.encode()).hexdigest(),
        "Names": [f"/{name}"],
        "Image": image,
        "ImageID": "sha256:" + "ab" * 32,
        "Command": "sh",
        "Created": _DAYS_AGO(1),
        "State": state,
        "Status": status,
        "Ports": ports or [],
        "Labels": labels or {},
    }


FAKE_CONTAINERS = [
    fake_container(
        "web-1",
        "running",
        status="Up 3 minutes (healthy)",
        ports=[{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}],
        labels={"com.docker.compose.project": "shop", "com.docker.compose.service": "web"},
    ),
    fake_container("db", "running", status="Up 2 hours", image="postgres:16"),
    fake_container("cache", "running", status="Up 2 hours", image="redis:7"),
    fake_container("migrate", "exited", status="Exited (0) 1 hour ago"),
    fake_container("crashed", "exited", status="Exited (137) 5 minutes ago"),
    fake_container("batch", "paused", status="Up 1 hour (Paused)"),
    fake_container("fresh", "created", status="Created"),
]

FAKE_IMAGES = [
    {
        "Id": "sha256:" + "11" * 32,
        "RepoTags": ["busybox:latest", "busybox:1.36"],
        "RepoDigests": [],
        "Created": _DAYS_AGO(3),
        "Size": 4_300_000,
        "Labels": {},
    },
    {
        "Id": "sha256:" + "22" * 32,
        "RepoTags": ["postgres:16"],
        "RepoDigests": [],
        "Created": _DAYS_AGO(40),
        "Size": 432_000_000,
        "Labels": {},
    },
    {
        "Id": "sha256:" + "33" * 32,
        "RepoTags": ["<none>:<none>"],
        "RepoDigests": [],
        "Created": _DAYS_AGO(400),
        "Size": 12_000_000,
        "Labels": {},
    },
]


#: ``/system/df`` for the fake daemon: the images and containers above with their sizes, two
#: volumes (one unused) and build cache (one record in use).
FAKE_DF = {
    "LayersSize": 448_300_000,
    "Images": [
        dict(image, SharedSize=0, VirtualSize=image["Size"], Containers=used)
        for image, used in zip(FAKE_IMAGES, (5, 2, 0), strict=True)
    ],
    "Containers": [
        dict(container, SizeRw=size)
        for container, size in zip(FAKE_CONTAINERS, (0, 1_200_000, 40_000, 3_145_728, 12_000, 0, 0), strict=True)
    ],
    "Volumes": [
        {"Name": "shop_data", "Driver": "local", "UsageData": {"RefCount": 1, "Size": 52_428_800}},
        {"Name": "a1" * 32, "Driver": "local", "UsageData": {"RefCount": 0, "Size": 7_340_032}},
    ],
    "BuildCache": [
        {"ID": "cache-a", "Type": "regular", "InUse": True, "Shared": False, "Size": 1_000_000},
        {"ID": "cache-b", "Type": "regular", "InUse": False, "Shared": False, "Size": 24_000_000},
        {"ID": "cache-c", "Type": "regular", "InUse": False, "Shared": True, "Size": 4_000_000},
    ],
}


def fake_connector(containers: list[dict] = FAKE_CONTAINERS, images: list[dict] = FAKE_IMAGES):
    def connector(target: DaemonTarget) -> DaemonConnection:
        return DaemonConnection(target=target, api=FakeAPI(containers, images), engine=FAKE_ENGINE)

    return connector


def refusing_connector(target: DaemonTarget) -> DaemonConnection:
    raise DaemonUnavailable(
        target,
        "missing",
        "no daemon socket at /nonexistent.sock (is dockerd running?)",
        (
            "Start the daemon: `sudo systemctl start docker`, or run `sudo dockerd` yourself.",
            "Point dockertui at another daemon: --host / DOCKER_HOST (unix://…, tcp://host:2376, "
            "ssh://user@host) or --context NAME.",
        ),
    )


# -- compose projects (issue 16) ----------------------------------------------------------


def fake_compose_container(project: str, service: str, state: str, number: int = 1, *, status: str = "") -> dict:
    folder = f"/srv/{project}"
    return fake_container(
        f"{project}_{service}_{number}",
        state,
        status=status,
        labels={
            "com.docker.compose.project": project,
            "com.docker.compose.service": service,
            "com.docker.compose.container-number": str(number),
            "com.docker.compose.oneoff": "False",
            "com.docker.compose.project.working_dir": folder,
            "com.docker.compose.project.config_files": f"{folder}/docker-compose.yml,{folder}/docker-compose.prod.yml",
        },
    )


FAKE_PROJECT_CONTAINERS = [
    fake_compose_container("shop", "web", "running", 1, status="Up 3 minutes"),
    fake_compose_container("shop", "web", "running", 2, status="Up 3 minutes"),
    fake_compose_container("shop", "worker", "running", status="Up 3 minutes"),
    fake_compose_container("shop", "db", "exited", status="Exited (0) 1 hour ago"),
    fake_compose_container("blog", "app", "running", status="Up 2 hours"),
    fake_container("loose", "running", status="Up 2 hours"),
]


class FakeProjectAPI(FakeAPI):
    """The fake daemon, with the networks and volumes compose made for its projects."""

    def networks(self):
        def network(name: str, project: str = "") -> dict:
            labels = {"com.docker.compose.project": project} if project else {}
            return {"Id": hashlib.sha256(name.encode()).hexdigest(), "Name": name, "Driver": "bridge", "Labels": labels}

        return [network("bridge"), network("shop_default", "shop"), network("shop_backend", "shop")]

    def volumes(self):
        labels = {"com.docker.compose.project": "shop"}
        return {"Volumes": [{"Name": "shop_db-data", "Driver": "local", "Labels": labels}], "Warnings": None}


def fake_project_connector(target: DaemonTarget) -> DaemonConnection:
    return DaemonConnection(target=target, api=FakeProjectAPI(FAKE_PROJECT_CONTAINERS, FAKE_IMAGES), engine=FAKE_ENGINE)
