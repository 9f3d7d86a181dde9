"""A fake swarm manager for the layout snapshots of ``:nodes``, ``:stacks`` and a service's
logs (the real swarm is in tests/test_swarm_nodes.py): three nodes (a leader, a drained
reachable manager, a paused worker that is down), two stacks with networks, a secret and
a config, a service outside any stack, and a two-task service whose log lines come in a
multiplexed stream with the daemon's details, as ``/services/{id}/logs`` sends them."""

from __future__ import annotations

import threading

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.swarm import STACK_LABEL, ServiceSummary
from dockertui.engine.target import DaemonTarget
from tests.support.fakes import FAKE_CONTAINERS, FAKE_ENGINE, FAKE_IMAGES, FakeAPI

GIB = 1024**3


def _id(word: str) -> str:
    return (word.replace("_", "").replace("-", "") + "0" * 25)[:25]


def fake_node(
    hostname: str,
    role: str,
    availability: str,
    state: str,
    *,
    leader: bool = False,
    reachability: str = "",
    cpus: int = 4,
    memory: int = 8 * GIB,
    labels: dict | None = None,
    version: str = "20.10.24+dfsg1",
) -> dict:
    node = {
        "ID": _id(f"node{hostname}"),
        "Version": {"Index": 42},
        "Spec": {"Role": role, "Availability": availability, "Labels": labels or {}},
        "Description": {
            "Hostname": hostname,
            "Resources": {"NanoCPUs": cpus * 10**9, "MemoryBytes": memory},
            "Engine": {"EngineVersion": version, "Labels": {"storage": "ssd"} if role == "worker" else {}},
        },
        "Status": {"State": state, "Addr": f"10.0.0.{len(hostname)}"},
    }
    if role == "manager":
        node["ManagerStatus"] = {"Leader": leader, "Reachability": reachability or "reachable"}
    return node


FAKE_NODES = [
    fake_node("mgr-1", "manager", "active", "ready", leader=True, labels={"zone": "eu-west-1a"}),
    fake_node("mgr-2", "manager", "drain", "ready", labels={"zone": "eu-west-1b", "disk": "ssd"}),
    fake_node("worker-1", "worker", "pause", "down", cpus=2, memory=4 * GIB, version="24.0.7"),
]


def fake_service(name: str, running: int, desired: int, *, stack: str = "", mode: str = "Replicated") -> dict:
    labels = {STACK_LABEL: stack} if stack else {}
    mode_spec = {"Replicated": {"Replicas": desired}} if mode == "Replicated" else {"Global": {}}
    return {
        "ID": _id(f"svc{name}"),
        "Version": {"Index": 17},
        "Spec": {
            "Name": name,
            "Labels": labels,
            "Mode": mode_spec,
            "TaskTemplate": {"ContainerSpec": {"Image": "busybox:1.36@sha256:" + "ab12" * 16}},
        },
        "ServiceStatus": {"RunningTasks": running, "DesiredTasks": desired},
        "Endpoint": {"Ports": [{"PublishedPort": 8080, "TargetPort": 80, "Protocol": "tcp"}]}
        if name == "shop_web"
        else {},
    }


FAKE_SERVICES = [
    fake_service("shop_web", 2, 3, stack="shop"),
    fake_service("shop_db", 1, 1, stack="shop"),
    fake_service("shop_worker", 0, 1, stack="shop"),
    fake_service("blog_app", 2, 2, stack="blog", mode="Global"),
    fake_service("loner", 1, 1),
]


def _labelled(name: str, stack: str, driver: str = "") -> dict:
    document = {"ID": _id(f"obj{name}"), "Id": _id(f"obj{name}"), "Name": name, "Labels": {STACK_LABEL: stack}}
    if driver:
        document["Driver"] = driver
    else:
        document = {"ID": document["ID"], "Spec": {"Name": name, "Labels": {STACK_LABEL: stack}}}
    return document


FAKE_STACK_NETWORKS = [_labelled("shop_default", "shop", "overlay"), _labelled("blog_net", "blog", "overlay")]
FAKE_SECRETS = [_labelled("shop_db_password", "shop")]
FAKE_CONFIGS = [_labelled("shop_nginx_conf", "shop")]

#: The service whose logs the snapshot shows, its two tasks and their lines.
LOG_SERVICE = fake_service("web", 2, 2)
LOG_TASKS = [
    {"ID": _id("taskweb1"), "ServiceID": LOG_SERVICE["ID"], "Slot": 1, "NodeID": FAKE_NODES[0]["ID"]},
    {"ID": _id("taskweb2"), "ServiceID": LOG_SERVICE["ID"], "Slot": 2, "NodeID": FAKE_NODES[2]["ID"]},
]
for _task in LOG_TASKS:
    _task.update({"DesiredState": "running", "Status": {"State": "running"}, "CreatedAt": "2026-12-02T10:00:00Z"})


def _log_frames() -> bytes:
    lines = []
    for second in range(12):
        for index, task in enumerate(LOG_TASKS):
            stamp = f"2026-12-02T10:15:{second:02d}.{index * 250_000_000 + 1000:09d}Z"
            details = (
                f"com.docker.swarm.node.id={task['NodeID']},com.docker.swarm.service.id={LOG_SERVICE['ID']},"
                f"com.docker.swarm.task.id={task['ID']}"
            )
            if second % 5 == 4 and index == 1:
                lines.append((2, f"{stamp} {details} warn: slow upstream (took {900 + second} ms)\n"))
            else:
                lines.append((1, f"{stamp} {details} GET /api/items/{second * 2 + index} 200 {3 + second} ms\n"))
    out = b""
    for stream, text in lines:
        data = text.encode()
        out += bytes([stream, 0, 0, 0]) + len(data).to_bytes(4, "big") + data
    return out


class _BlockingRaw:
    """The lines at once, then nothing more, as a quiet followed log."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._quiet = threading.Event()

    def read1(self, size: int) -> bytes:
        if self._data:
            data, self._data = self._data, b""
            return data
        self._quiet.wait()
        return b""


class _Response:
    def __init__(self, data: bytes) -> None:
        self.raw = _BlockingRaw(data)
        self.status_code = 200

    def close(self) -> None:
        self.raw._quiet.set()


class FakeSwarmAPI(FakeAPI):
    """A swarm manager's answers, from the data above."""

    def info(self) -> dict:
        return {"Swarm": {"LocalNodeState": "active", "ControlAvailable": True, "NodeID": FAKE_NODES[0]["ID"]}}

    def nodes(self, filters=None) -> list[dict]:
        return [dict(node) for node in FAKE_NODES]

    def services(self, filters=None, status=None) -> list[dict]:
        return [dict(service) for service in [*FAKE_SERVICES, LOG_SERVICE]]

    def tasks(self, filters=None) -> list[dict]:
        return [dict(task) for task in LOG_TASKS]

    def inspect_service(self, service_id: str) -> dict:
        return dict(LOG_SERVICE)

    def networks(self, filters=None):
        if filters:
            return [dict(network) for network in FAKE_STACK_NETWORKS]
        return super().networks()

    def secrets(self, filters=None) -> list[dict]:
        return [dict(secret) for secret in FAKE_SECRETS]

    def configs(self, filters=None) -> list[dict]:
        return [dict(config) for config in FAKE_CONFIGS]

    # What engine/transport.py's open_response uses, for the service's log stream.
    def _url(self, path: str, *args: str) -> str:
        return path.format(*args)

    def _get(self, url: str, **kwargs) -> _Response:
        return _Response(_log_frames())

    def _raise_for_status(self, response) -> None:
        pass


def fake_swarm_connector(target: DaemonTarget) -> DaemonConnection:
    return DaemonConnection(target=target, api=FakeSwarmAPI(FAKE_CONTAINERS, FAKE_IMAGES), engine=FAKE_ENGINE)


def log_service() -> ServiceSummary:
    return ServiceSummary.from_api(LOG_SERVICE)
