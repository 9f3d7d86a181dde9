"""The config file (TOML): where it lives, what it may say, and what happens when it is wrong.

An unreadable file or a bad value never stops the app: each problem becomes a
message naming the key (and the line, when it can be found), and that key keeps
its default. ``DEFAULT_CONFIG`` is the commented file ``--print-default-config``
prints; every key in it is one this module reads.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

APP_NAME = "dockertui"
SSH_TRANSPORTS = ("client", "paramiko")

DEFAULT_CONFIG = """\
# dockertui configuration (TOML). Every key is optional; these are the defaults.

# Any Textual theme: textual-dark, textual-light, nord, gruvbox, dracula, tokyo-night, monokai…
theme = "textual-dark"

# Show everything, change nothing (the same as --read-only).
read_only = false

# Use the mouse (the same as not passing --no-mouse).
mouse = true

[keymap]
# Binding id = keys (comma separated). The ids are listed by ? in the app and in the README.
# "containers.stop" = "S"
# "terminal.leave" = "ctrl+right_square_bracket"

[confirm]
# Ask before these actions. Removing a container or an image is always confirmed.
kill = true
bulk = true
prune = true

[logs]
# Lines fetched from the past when a log opens, and lines kept in memory.
tail = 1000
buffer = 10000

[events]
# Events kept in memory by the events pane.
buffer = 10000

[search]
# Registry searched for plain terms ("" is Docker Hub), and results per search (1-100).
registry = ""
limit = 25

[shell]
# Shells tried, in order, by e on a container.
commands = ["/bin/bash", "/bin/sh"]

[stats]
# CPU and memory columns (stats streams for the running containers on screen).
enabled = true

[ssh]
# How ssh:// hosts are reached: "client" runs your own ssh (agent, ~/.ssh/config,
# ControlMaster); "paramiko" uses the Python library (reads only Hostname, Port, User,
# IdentityFile and ProxyCommand from ~/.ssh/config).
transport = "client"
"""


@dataclass
class Config:
    theme: str = "textual-dark"
    read_only: bool = False
    mouse: bool = True
    keymap: dict[str, str] = field(default_factory=dict)
    confirm_kill: bool = True
    confirm_bulk: bool = True
    confirm_prune: bool = True
    log_tail: int = 1000
    log_buffer: int = 10_000
    event_buffer: int = 10_000
    search_registry: str = ""
    search_limit: int = 25
    shells: tuple[str, ...] = ("/bin/bash", "/bin/sh")
    stats: bool = True
    ssh_transport: str = "client"
    #: Where it was read from (None: defaults only) and what was wrong with it.
    path: Path | None = None
    problems: list[str] = field(default_factory=list)


def default_config_path() -> Path:
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / "config.toml"


_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def _line_of(text: str, dotted_key: str) -> int | None:
    """The line of ``section.key`` (or of a top-level key): looked for under its own
    table only — ``buffer`` is in both [logs] and [events]. A key may hold dots itself
    (keymap ids), so every split into table and key is tried."""
    parts = dotted_key.split(".")
    candidates = [(".".join(parts[:i]), ".".join(parts[i:])) for i in range(len(parts))]
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _TABLE.match(line)
        if header:
            table = header.group(1)
            continue
        for section, key in candidates:
            if section == table and re.match(rf'^\s*"?{re.escape(key)}"?\s*=', line):
                return number
    return None


class _Reader:
    """Takes values out of the parsed document, recording every problem."""

    def __init__(self, document: dict, text: str, path: Path, config: Config) -> None:
        self.document = document
        self.text = text
        self.path = path
        self.config = config

    def problem(self, key: str, message: str) -> None:
        line = _line_of(self.text, key)
        where = f"{self.path.name} line {line}" if line else self.path.name
        self.config.problems.append(f"{where}: {key}: {message}; the default is used")

    def section(self, name: str) -> dict:
        value = self.document.get(name, {})
        if not isinstance(value, dict):
            self.problem(name, "must be a table ([" + name + "])")
            return {}
        return value

    def take(self, table: dict, key: str, full_key: str, kind: type, default: Any, check=None) -> Any:
        if key not in table:
            return default
        value = table[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.problem(full_key, f"must be {_kind_name(kind)}, not {value!r}")
            return default
        if check is not None:
            message = check(value)
            if message:
                self.problem(full_key, message)
                return default
        return value


def _kind_name(kind: type) -> str:
    return {bool: "true or false", int: "a whole number", str: "a string", list: "a list"}.get(kind, kind.__name__)


def _positive(limit: int):
    def check(value: int) -> str | None:
        return None if 1 <= value <= limit else f"must be between 1 and {limit}"

    return check


KNOWN = {
    "": {"theme", "read_only", "mouse", "keymap", "confirm", "logs", "events", "search", "shell", "stats", "ssh"},
    "confirm": {"kill", "bulk", "prune"},
    "logs": {"tail", "buffer"},
    "events": {"buffer"},
    "search": {"registry", "limit"},
    "shell": {"commands"},
    "stats": {"enabled"},
    "ssh": {"transport"},
}


def load_config(path: Path | None = None, *, explicit: bool = False) -> Config:
    """Read ``path`` (default: the user config file). A missing default file is fine;
    a missing ``--config`` file is a problem reported like any other."""
    config = Config()
    path = path or default_config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            config.problems.append(f"{path}: no such file; the defaults are used")
        return config
    except OSError as error:
        config.problems.append(f"{path}: cannot read it ({error.strerror}); the defaults are used")
        return config
    config.path = path
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path.name}: not valid TOML ({error}); the defaults are used")
        return config

    reader = _Reader(document, text, path, config)
    for section, keys in KNOWN.items():
        table = document if not section else document.get(section, {})
        if not isinstance(table, dict):
            continue
        for key in table:
            if key not in keys:
                reader.problem(f"{section}.{key}" if section else key, "is not a setting dockertui knows")

    config.theme = reader.take(document, "theme", "theme", str, config.theme)
    config.read_only = reader.take(document, "read_only", "read_only", bool, config.read_only)
    config.mouse = reader.take(document, "mouse", "mouse", bool, config.mouse)

    keymap = reader.section("keymap")
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            reader.problem(f"keymap.{binding_id}", f'must be keys as a string like "ctrl+x", not {keys!r}')
            continue
        config.keymap[binding_id] = keys

    confirm = reader.section("confirm")
    config.confirm_kill = reader.take(confirm, "kill", "confirm.kill", bool, config.confirm_kill)
    config.confirm_bulk = reader.take(confirm, "bulk", "confirm.bulk", bool, config.confirm_bulk)
    config.confirm_prune = reader.take(confirm, "prune", "confirm.prune", bool, config.confirm_prune)

    logs = reader.section("logs")
    config.log_tail = reader.take(logs, "tail", "logs.tail", int, config.log_tail, _positive(1_000_000))
    config.log_buffer = reader.take(logs, "buffer", "logs.buffer", int, config.log_buffer, _positive(1_000_000))
    events = reader.section("events")
    config.event_buffer = reader.take(events, "buffer", "events.buffer", int, config.event_buffer, _positive(1_000_000))

    search = reader.section("search")
    config.search_registry = reader.take(search, "registry", "search.registry", str, config.search_registry)
    config.search_limit = reader.take(search, "limit", "search.limit", int, config.search_limit, _positive(100))

    shell = reader.section("shell")
    commands = reader.take(
        shell,
        "commands",
        "shell.commands",
        list,
        list(config.shells),
        lambda value: (
            None
            if value and all(isinstance(c, str) and c.startswith("/") for c in value)
            else 'must be a list of absolute paths like "/bin/sh"'
        ),
    )
    config.shells = tuple(commands)

    stats = reader.section("stats")
    config.stats = reader.take(stats, "enabled", "stats.enabled", bool, config.stats)

    ssh = reader.section("ssh")
    config.ssh_transport = reader.take(
        ssh,
        "transport",
        "ssh.transport",
        str,
        config.ssh_transport,
        lambda value: None if value in SSH_TRANSPORTS else 'must be "client" or "paramiko"',
    )
    return config
