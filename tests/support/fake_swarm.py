"""A fake swarm manager for layout snapshots of the services pane and the tasks view:
replicated and global services, one converged, one scaling, one whose update failed on a
missing image, one in a stack; their tasks with errors; two nodes."""

from __future__ import annotations

import datetime as dt

from dockertui.engine.connection import DaemonConnection
from dockertui.engine.target import DaemonTarget
from tests.support.fake_volumes import FAKE_NOW
from tests.support.fakes import FAKE_CONTAINERS, FAKE_ENGINE, FAKE_IMAGES, FakeAPI

NODE_HERE = "n1here0000000000000000000"
NODE_OTHER = "n2other000000000000000000"
DIGEST = "sha256:" + "3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741"[:64]


def _at(minutes: float) -> str:
    moment = dt.datetime.fromtimestamp(FAKE_NOW - minutes * 60, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.123456789Z")


def _service(
    number: int,
    name: str,
    image: str,
    *,
    replicas: int | None = 1,
    running: int = 1,
    desired: int | None = None,
    ports: tuple[tuple[int, int, str], ...] = (),
    update: dict | None = None,
    previous_image: str = "",
    labels: dict | None = None,
    age_minutes: float = 60,
) -> dict:
    mode = {"Replicated": {"Replicas": replicas}} if replicas is not None else {"Global": {}}
    spec = {
        "Name": name,
        "Labels": labels or {},
        "Mode": mode,
        "TaskTemplate": {"ContainerSpec": {"Image": image}, "ForceUpdate": 0},
    }
    raw = {
        "ID": f"svc{number:02d}" + "x" * 20,
        "Version": {"Index": 100 + number},
        "CreatedAt": _at(age_minutes),
        "UpdatedAt": _at(age_minutes / 2),
        "Spec": spec,
        "Endpoint": {
            "Ports": [
                {"Protocol": proto, "TargetPort": target, "PublishedPort": published, "PublishMode": "ingress"}
                for published, target, proto in ports
            ]
        },
        "ServiceStatus": {"RunningTasks": running, "DesiredTasks": desired if desired is not None else replicas or 0},
    }
    if update:
        raw["UpdateStatus"] = update
    if previous_image:
        raw["PreviousSpec"] = {**spec, "TaskTemplate": {"ContainerSpec": {"Image": previous_image}}}
    return raw


FAKE_SERVICES = [
    _service(
        1,
        "shop_web",
        f"nginx:1.27@{DIGEST}",
        replicas=3,
        running=3,
        ports=((8080, 80, "tcp"),),
        labels={"com.docker.stack.namespace": "shop"},
        age_minutes=60 * 26,
    ),
    _service(
        2,
        "shop_api",
        "registry.example.com:5000/shop/api:2.4.1",
        replicas=4,
        running=2,
        update={"State": "updating", "Message": "update in progress"},
        previous_image="registry.example.com:5000/shop/api:2.4.0",
        labels={"com.docker.stack.namespace": "shop"},
        age_minutes=60 * 5,
    ),
    _service(
        3,
        "node-exporter",
        "prom/node-exporter:v1.8.2",
        replicas=None,
        running=2,
        desired=2,
        ports=((9100, 9100, "tcp"),),
        age_minutes=60 * 24 * 12,
    ),
    _service(
        4,
        "batch",
        "nosuch/image:zz",
        replicas=2,
        running=0,
        update={"State": "paused", "Message": "update paused due to failure or early termination of task 9k2"},
        previous_image="busybox:1.36",
        age_minutes=12,
    ),
    _service(5, "dns", "coredns/coredns:1.11.1", replicas=1, running=1, ports=((53, 53, "udp"),), age_minutes=90),
]


def _task(
    number: int,
    service: dict,
    slot: int,
    node: str,
    desired: str,
    state: str,
    *,
    minutes: float,
    error: str = "",
    message: str = "",
    exit_code: int | None = None,
    image: str | None = None,
) -> dict:
    task_id = f"task{number:02d}" + "t" * 19
    status: dict = {"Timestamp": _at(minutes), "State": state, "Message": message or state}
    if error:
        status["Err"] = error
    if state in ("running", "shutdown", "failed", "complete"):
        status["ContainerStatus"] = {"ContainerID": f"c{number:02d}" + "0" * 62, "ExitCode": exit_code or 0}
    return {
        "ID": task_id,
        "ServiceID": service["ID"],
        "Slot": slot,
        "NodeID": node,
        "DesiredState": desired,
        "CreatedAt": _at(minutes + 0.1),
        "UpdatedAt": _at(minutes),
        "Status": status,
        "Spec": {"ContainerSpec": {"Image": image or service["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]}},
    }


API, BATCH = FAKE_SERVICES[1], FAKE_SERVICES[3]

FAKE_TASKS = [
    _task(1, API, 1, NODE_HERE, "running", "running", minutes=3),
    _task(2, API, 2, NODE_OTHER, "running", "running", minutes=2),
    _task(3, API, 3, NODE_HERE, "running", "preparing", minutes=0.5, message="preparing"),
    _task(
        4,
        API,
        3,
        NODE_HERE,
        "shutdown",
        "shutdown",
        minutes=0.6,
        exit_code=143,
        image="registry.example.com:5000/shop/api:2.4.0",
    ),
    _task(5, API, 4, NODE_OTHER, "running", "running", minutes=300, image="registry.example.com:5000/shop/api:2.4.0"),
    _task(
        6,
        BATCH,
        1,
        NODE_HERE,
        "ready",
        "rejected",
        minutes=1,
        error="No such image: nosuch/image:zz",
        message="preparing",
    ),
    _task(
        7,
        BATCH,
        2,
        "",
        "running",
        "pending",
        minutes=2,
        error="no suitable node (scheduling constraints not satisfied on 2 nodes; 1 node not available for new tasks)",
        message="pending task scheduling",
    ),
    _task(8, BATCH, 1, NODE_HERE, "shutdown", "shutdown", minutes=11, exit_code=0, image="busybox:1.36"),
]


FAKE_NODES = [
    {
        "ID": NODE_HERE,
        "Version": {"Index": 9},
        "Spec": {"Role": "manager", "Availability": "active", "Labels": {}},
        "Description": {"Hostname": "swarm-a", "Engine": {"EngineVersion": "20.10.24"}, "Resources": {}},
        "Status": {"State": "ready", "Addr": "10.0.0.1"},
        "ManagerStatus": {"Leader": True, "Reachability": "reachable"},
    },
    {
        "ID": NODE_OTHER,
        "Version": {"Index": 12},
        "Spec": {"Role": "worker", "Availability": "active", "Labels": {}},
        "Description": {"Hostname": "swarm-b", "Engine": {"EngineVersion": "20.10.24"}, "Resources": {}},
        "Status": {"State": "ready", "Addr": "10.0.0.2"},
    },
]


class FakeSwarmAPI(FakeAPI):
    """The fake daemon as a swarm manager (or a worker: ``manager=False``)."""

    def __init__(self, *args, manager: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.manager = manager

    def info(self) -> dict:
        return {
            "Swarm": {
                "LocalNodeState": "active",
                "ControlAvailable": self.manager,
                "NodeID": NODE_HERE if self.manager else NODE_OTHER,
                "NodeAddr": "10.0.0.1",
                "Nodes": 2,
                "Managers": 1,
                "Cluster": {"ID": "cluster1"},
            }
        }

    def services(self, filters=None, status=None) -> list[dict]:
        if not self.manager:
            raise _not_a_manager()
        return [dict(service) for service in FAKE_SERVICES]

    def tasks(self, filters=None) -> list[dict]:
        wanted = (filters or {}).get("service")
        return [dict(task) for task in FAKE_TASKS if not wanted or task["ServiceID"] == wanted]

    def nodes(self, filters=None) -> list[dict]:
        return [dict(node) for node in FAKE_NODES]


def _not_a_manager() -> Exception:
    from docker.errors import APIError

    return APIError(
        "503 Server Error",
        explanation="This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state.",
    )


def fake_swarm_connector(*, manager: bool = True):
    def connector(target: DaemonTarget) -> DaemonConnection:
        return DaemonConnection(
            target=target, api=FakeSwarmAPI(FAKE_CONTAINERS, FAKE_IMAGES, manager=manager), engine=FAKE_ENGINE
        )

    return connector
