"""What the run form asks for, checked field by field, and how to create and start it.

Every field is parsed into a typed value or a message naming the problem; the
same spec renders the equivalent ``docker run`` command. Creating runs off the
UI thread; a failure after the container was created (a taken port, a command
that does not exist — both only fail at start) removes what was created, so a
failed run leaves nothing behind.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.safe_text import one_line

if TYPE_CHECKING:
    from docker import APIClient

NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*")
ENV_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RESTART_POLICIES = ("no", "always", "unless-stopped", "on-failure")
_PORT = re.compile(
    r"(?:(?P<ip>\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?"
    r"(?:(?P<host>\d{1,5})?:)?(?P<container>\d{1,5})(?:/(?P<proto>tcp|udp|sctp))?"
)


class SpecError(ValueError):
    """A field's value is not usable; ``field`` names it for the form."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class PortSpec:
    container_port: int
    protocol: str = "tcp"
    host_port: int | None = None  # None: a free port chosen by the daemon
    host_ip: str = ""

    def __str__(self) -> str:
        parts = []
        if self.host_ip:
            parts.append(f"[{self.host_ip}]" if ":" in self.host_ip else self.host_ip)  # IPv6
        if self.host_port is not None or self.host_ip:
            parts.append(str(self.host_port) if self.host_port is not None else "")
        parts.append(str(self.container_port))
        text = ":".join(parts)
        return text if self.protocol == "tcp" else f"{text}/{self.protocol}"


@dataclass(frozen=True)
class VolumeSpec:
    source: str  # a volume name, or an absolute host path (a bind)
    target: str
    read_only: bool = False

    def __str__(self) -> str:
        return f"{self.source}:{self.target}{':ro' if self.read_only else ''}"


@dataclass(frozen=True)
class RunSpec:
    image: str
    name: str = ""
    command: tuple[str, ...] = ()
    ports: tuple[PortSpec, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    volumes: tuple[VolumeSpec, ...] = ()
    restart: str = "no"
    restart_retries: int = 0
    remove_on_exit: bool = False
    interactive: bool = False
    labels: dict[str, str] = field(default_factory=dict, compare=False)

    def docker_run_command(self) -> str:
        """The equivalent ``docker run`` command line."""
        args = ["docker", "run", "-it" if self.interactive else "-d"]
        if self.name:
            args += ["--name", self.name]
        if self.remove_on_exit:
            args.append("--rm")
        if self.restart != "no":
            policy = self.restart
            if self.restart == "on-failure" and self.restart_retries:
                policy += f":{self.restart_retries}"
            args += ["--restart", policy]
        for port in self.ports:
            args += ["-p", str(port)]
        for key, value in self.env:
            args += ["-e", f"{key}={value}"]
        for volume in self.volumes:
            args += ["-v", str(volume)]
        args.append(self.image)
        args += list(self.command)
        return shlex.join(args)


# -- parsing the form's fields ------------------------------------------------------------


def parse_name(text: str) -> str:
    text = text.strip()
    if text and not NAME.fullmatch(text):
        raise SpecError("name", f'"{text}" is not a valid name: it must match [a-zA-Z0-9][a-zA-Z0-9_.-]*')
    return text


def parse_command(text: str) -> tuple[str, ...]:
    try:
        return tuple(shlex.split(text))
    except ValueError as error:
        raise SpecError("command", f"cannot split the command: {error}") from None


def parse_ports(text: str) -> tuple[PortSpec, ...]:
    ports = []
    for item in text.replace(",", " ").split():
        match = _PORT.fullmatch(item)
        if not match:
            raise SpecError("ports", f'"{item}" is not a port mapping (e.g. 8080:80 or 127.0.0.1:8053:53/udp)')
        container = int(match.group("container"))
        host = match.group("host")
        host_port = int(host) if host else None
        for number in (container, host_port):
            if number is not None and not 0 < number < 65536:
                raise SpecError("ports", f'"{item}": ports are 1 to 65535')
        ip = (match.group("ip") or "").strip("[]")
        if ip and "." in ip and any(int(part) > 255 for part in ip.split(".")):
            raise SpecError("ports", f'"{item}": {ip} is not an IP address')
        ports.append(PortSpec(container, match.group("proto") or "tcp", host_port, ip))
    return tuple(ports)


def parse_env(text: str) -> tuple[tuple[str, str], ...]:
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        if not equals:
            raise SpecError("env", f'line {number}: "{line}" is not KEY=VALUE')
        if not ENV_KEY.fullmatch(key):
            raise SpecError("env", f'line {number}: "{key}" is not a variable name')
        entries.append((key, value))
    return tuple(entries)


def parse_volumes(text: str) -> tuple[VolumeSpec, ...]:
    volumes = []
    for item in text.replace(",", " ").split():
        parts = item.split(":")
        read_only = False
        if len(parts) == 3 and parts[2] in ("ro", "rw"):
            read_only = parts[2] == "ro"
            parts = parts[:2]
        if len(parts) != 2 or not all(parts):
            raise SpecError("volumes", f'"{item}" is not name:/path[:ro] or /host:/path[:ro]')
        source, target = parts
        if not target.startswith("/"):
            raise SpecError("volumes", f'"{item}": the path in the container must be absolute')
        if not source.startswith("/") and not NAME.fullmatch(source):
            raise SpecError("volumes", f'"{item}": "{source}" is neither a volume name nor an absolute path')
        volumes.append(VolumeSpec(source, target, read_only))
    return tuple(volumes)


def parse_restart(policy: str, retries: str = "") -> tuple[str, int]:
    if policy not in RESTART_POLICIES:
        raise SpecError("restart", f'"{policy}" is not a restart policy ({", ".join(RESTART_POLICIES)})')
    count = 0
    if retries.strip():
        if policy != "on-failure":
            raise SpecError("restart", "a retry count only goes with on-failure")
        if not retries.strip().isdecimal():  # isdigit() takes "²", which int() refuses
            raise SpecError("restart", f'"{retries}" is not a number of retries')
        count = int(retries)
    return policy, count


# -- creating ------------------------------------------------------------------------------


class RunFailed(Exception):
    """Create or start failed; ``explanation`` is the daemon's message. Nothing is left behind."""

    def __init__(self, explanation: str, removed: bool = False) -> None:
        super().__init__(explanation)
        self.explanation = explanation
        self.removed = removed


def _create_pulling_if_missing(api: APIClient, image: str, options: dict) -> dict:
    """Create; if the image is not here, pull it and create again (what `docker run` does)."""
    from docker.errors import ImageNotFound

    try:
        return api.create_container(image, **options)
    except ImageNotFound:
        from dockertui.engine.references import parse_reference

        reference = parse_reference(image)
        for line in api.pull(reference.repository, tag=reference.pull_tag, stream=True, decode=True):
            if "error" in line:
                raise RunFailed(one_line(line["error"])) from None
        return api.create_container(image, **options)


def _existing_volumes(api: APIClient, names: list[str]) -> set[str]:
    if not names:
        return set()
    answer = api.volumes(filters={"name": names}) or {}
    # The daemon's name filter matches substrings: keep the exact names.
    return {volume.get("Name") for volume in answer.get("Volumes") or []} & set(names)


def create_and_start(api: APIClient, spec: RunSpec) -> str:
    """Create and start the container (blocking); return its ID or raise RunFailed. When the
    start fails, the container and the named volumes its create made are removed again."""
    port_bindings: dict[str, list] = {}
    for port in spec.ports:
        key = f"{port.container_port}/{port.protocol}"
        port_bindings.setdefault(key, []).append((port.host_ip, port.host_port) if port.host_ip else port.host_port)
    restart: dict[str, str | int] | None = None
    if spec.restart != "no":
        restart = {"Name": spec.restart}
        if spec.restart == "on-failure" and spec.restart_retries:
            restart["MaximumRetryCount"] = spec.restart_retries
    host_config = api.create_host_config(
        port_bindings=port_bindings or None,
        binds=[str(volume) for volume in spec.volumes] or None,
        restart_policy=restart,
        auto_remove=spec.remove_on_exit,
    )
    options = dict(
        command=list(spec.command) or None,
        name=spec.name or None,
        environment=[f"{key}={value}" for key, value in spec.env] or None,
        ports=[(port.container_port, port.protocol) for port in spec.ports] or None,
        host_config=host_config,
        labels=spec.labels or None,
        tty=spec.interactive,
        stdin_open=spec.interactive,
    )
    named = [volume.source for volume in spec.volumes if not volume.source.startswith("/")]
    try:
        existed = _existing_volumes(api, named)
        created = _create_pulling_if_missing(api, spec.image, options)
    except RunFailed:
        raise
    except Exception as error:
        raise RunFailed(explain_error(error)) from error
    container_id = created["Id"]
    try:
        api.start(container_id)
    except Exception as error:
        # Port taken, bad command…: the container exists in "created". Take it away.
        removed = True
        try:
            api.remove_container(container_id, force=True, v=True)
            for volume in sorted(set(named) - existed):  # made by this create, used by nobody else
                api.remove_volume(volume)
        except Exception:  # noqa: BLE001 - reported as not removed
            removed = False
        raise RunFailed(explain_error(error), removed=removed) from error
    return container_id
