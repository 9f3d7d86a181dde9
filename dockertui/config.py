"""The config file (TOML): every setting declared once, and what happens when a file is wrong.

Each setting is one field of ``Config``, declared with ``_setting(key, default, doc,
check)``. From those declarations come ``SETTINGS`` (the table), the commented default
file (``DEFAULT_CONFIG``, which ``--print-default-config`` prints), the keys the loader
knows and the checks it makes. No other module holds a default: the engine and the
widgets are handed the values of a ``Config``.

An unreadable file or a bad value never stops the app: each problem becomes a
message naming the key (and the line, when it can be found), and that key keeps
its default.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from dockertui.engine.hub_search import MAX_LIMIT
from dockertui.engine.safe_text import safe_text

APP_NAME = "dockertui"

# -- what a value must be besides its type ------------------------------------------------


@dataclass(frozen=True)
class Between:
    low: int
    high: int

    def __call__(self, value: Any) -> str | None:
        return None if self.low <= value <= self.high else f"must be between {self.low} and {self.high}"

    @property
    def hint(self) -> str:
        return f"{self.low}-{self.high}"


@dataclass(frozen=True)
class OneOf:
    choices: tuple[str, ...]

    def __call__(self, value: Any) -> str | None:
        return None if value in self.choices else "must be " + " or ".join(f'"{c}"' for c in self.choices)

    @property
    def hint(self) -> str:
        return ""  # the doc says what each choice means


@dataclass(frozen=True)
class AbsolutePaths:
    def __call__(self, value: Any) -> str | None:
        if value and all(isinstance(item, str) and item.startswith("/") for item in value):
            return None
        return 'must be a list of absolute paths like "/bin/sh"'

    @property
    def hint(self) -> str:
        return ""


@dataclass(frozen=True)
class RegistryHost:
    """A registry's host with an optional port ("" for Docker Hub): what a search goes to."""

    def __call__(self, value: Any) -> str | None:
        if value == "" or _REGISTRY_HOST.fullmatch(value):
            return None
        return 'must be a registry\'s host[:port] like "127.0.0.1:5000", or "" for Docker Hub'

    @property
    def hint(self) -> str:
        return ""


_REGISTRY_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")

Check = Between | OneOf | AbsolutePaths | RegistryHost

_KIND_NAMES = {bool: "true or false", int: "a whole number", str: "a string", list: "a list"}


@dataclass(frozen=True)
class Setting:
    """One key of the file: ``key`` is ``table.name`` (or ``name`` at the top), ``attr``
    the ``Config`` field. Its TOML type is the default's (a tuple is written as a list)."""

    key: str
    attr: str
    default: Any
    doc: str
    check: Check | None = None

    @property
    def section(self) -> str:
        return self.key.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.key.rpartition(".")[2]

    @property
    def kind(self) -> type:
        return list if isinstance(self.default, tuple) else type(self.default)

    @property
    def hint(self) -> str:
        return self.check.hint if self.check else ""

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value`` for this setting (a bool is not a whole number), or None."""
        kind = self.kind
        if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
            return f"must be {_KIND_NAMES.get(kind, kind.__name__)}, not {_shown(value)}"
        return self.check(value) if self.check else None

    def value(self, value: Any) -> Any:
        """A checked value as ``Config`` holds it."""
        return tuple(value) if isinstance(self.default, tuple) else value


def _setting(key: str, default: Any, doc: str, check: Check | None = None) -> Any:
    """A ``Config`` field that is a key of the file (the field's name is the attr)."""
    return field(default=default, metadata={"setting": (key, doc, check)})


# -- the table ----------------------------------------------------------------------------

HEADER = "dockertui configuration (TOML). Every key is optional; these are the defaults."

#: The tables of the file, in its order, each with the comment that opens it. [keymap] is
#: free-form (binding id = keys), so it holds no setting; its comment shows two examples.
SECTIONS = {
    "keymap": "Binding id = keys (comma separated). The ids are listed by ? in the app and in the README.\n"
    '"containers.stop" = "S"\n'
    '"terminal.leave" = "ctrl+right_square_bracket"',
    "confirm": "Ask before these actions. Removing a container or an image is always confirmed.",
    "logs": "",
    "events": "",
    "search": "",
    "shell": "",
    "stats": "",
    "ssh": "",
}
KEYMAP = "keymap"


@dataclass
class Config:
    """The settings, one ``_setting`` per key of the file in the file's order: ``SETTINGS``
    is read from these fields. ``keymap`` is the free-form [keymap] table."""

    theme: str = _setting(
        "theme",
        "textual-dark",
        "Any Textual theme: textual-dark, textual-light, nord, gruvbox, dracula, tokyo-night, monokai…",
    )
    read_only: bool = _setting("read_only", False, "Show everything, change nothing (the same as --read-only).")
    mouse: bool = _setting("mouse", True, "Use the mouse (the same as not passing --no-mouse).")
    keymap: dict[str, str] = field(default_factory=dict)
    confirm_kill: bool = _setting("confirm.kill", True, "Killing containers (k).")
    confirm_bulk: bool = _setting("confirm.bulk", True, "Acting on several marked containers at once (s, r, k, d).")
    confirm_prune: bool = _setting("confirm.prune", True, "Pruning dangling images (P).")
    log_tail: int = _setting("logs.tail", 1000, "Lines fetched from the past when a log opens.", Between(1, 1_000_000))
    log_buffer: int = _setting("logs.buffer", 10_000, "Lines kept in memory per log.", Between(1, 1_000_000))
    event_buffer: int = _setting(
        "events.buffer", 10_000, "Events kept in memory by the events pane.", Between(1, 1_000_000)
    )
    search_registry: str = _setting(
        "search.registry", "", 'Registry searched for plain terms ("" is Docker Hub).', RegistryHost()
    )
    search_limit: int = _setting("search.limit", 25, "Results per search.", Between(1, MAX_LIMIT))
    shells: tuple[str, ...] = _setting(
        "shell.commands", ("/bin/bash", "/bin/sh"), "Shells tried, in order, by e on a container.", AbsolutePaths()
    )
    stats: bool = _setting(
        "stats.enabled", True, "CPU and memory columns (stats streams for the running containers on screen)."
    )
    ssh_transport: str = _setting(
        "ssh.transport",
        "client",
        'How ssh:// hosts are reached: "client" runs your own ssh (agent, ~/.ssh/config,\n'
        'ControlMaster); "paramiko" uses the Python library (reads only Hostname, Port, User,\n'
        "IdentityFile and ProxyCommand from ~/.ssh/config).",
        OneOf(("client", "paramiko")),
    )
    #: Where it was read from (None: defaults only) and what was wrong with it.
    path: Path | None = None
    problems: list[str] = field(default_factory=list)
    #: Where each [keymap] entry was read ("config.toml line 12"), for what the app says of it.
    keymap_lines: dict[str, str] = field(default_factory=dict)


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(key, f.name, f.default, doc, check)
    for f in fields(Config)
    if "setting" in f.metadata
    for key, doc, check in [f.metadata["setting"]]
)


def _known() -> dict[str, set[str]]:
    known: dict[str, set[str]] = {"": set(SECTIONS)}
    for setting in SETTINGS:
        known.setdefault(setting.section, set()).add(setting.name)
    return known


#: The keys each table may hold ("" is the top level). [keymap]'s own keys are free-form.
KNOWN = _known()


def find_setting(key: str) -> Setting:
    return next(s for s in SETTINGS if s.key == key)


# -- the default file ---------------------------------------------------------------------


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in text.splitlines()]


def _shown(value: Any) -> str:
    """A value as the file spells it (``true``, not ``True``), safe to show."""
    try:
        return safe_text(_toml(value))[:200]
    except TypeError:
        return safe_text(repr(value))[:200]


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def _lines_of(setting: Setting) -> list[str]:
    doc = setting.doc
    if setting.hint:
        doc = f"{doc.removesuffix('.')} ({setting.hint})."
    return [*_comment(doc), f"{setting.name} = {_toml(setting.default)}"]


def default_file() -> str:
    """The commented file with every setting at its default."""
    lines = _comment(HEADER)
    for setting in SETTINGS:
        if not setting.section:
            lines += ["", *_lines_of(setting)]
    for section, intro in SECTIONS.items():
        lines += ["", f"[{section}]", *_comment(intro)]
        for setting in SETTINGS:
            if setting.section == section:
                lines += _lines_of(setting)
    return "\n".join(lines) + "\n"


DEFAULT_CONFIG = default_file()


def default_config_path() -> Path:
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / "config.toml"


# -- reading a file -----------------------------------------------------------------------

#: A binding id (``containers.stop``) and one key of an entry (``S``, ``ctrl+x``, ``f5``).
_BINDING_ID = re.compile(r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*")
_KEY = re.compile(r"(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[A-Za-z0-9_]+|[!-~])")


def where(path: Path, text: str, dotted_key: str) -> str:
    """``config.toml line 12`` (or only the file's name when the key is not found)."""
    line = _line_of(text, dotted_key)
    return f"{path.name} line {line}" if line else path.name


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


class _Problems:
    """Records every problem with the file's name and the key's line."""

    def __init__(self, text: str, path: Path, config: Config) -> None:
        self.text = text
        self.path = path
        self.config = config

    def add(self, key: str, message: str, outcome: str = "the default is used") -> None:
        self.config.problems.append(f"{where(self.path, self.text, key)}: {safe_text(key)[:200]}: {message}; {outcome}")


def load_config(path: Path | None = None, *, explicit: bool = False) -> Config:
    """Read ``path`` (default: the user config file). A missing default file is fine;
    a missing ``--config`` file is a problem reported like any other."""
    config = Config()
    path = path or default_config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        config.problems.append(f"{path}: not UTF-8 text (byte {error.start}); the defaults are used")
        return config
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

    problems = _Problems(text, path, config)
    for section, names in KNOWN.items():
        table = document if not section else document.get(section, {})
        if isinstance(table, dict):
            for name in table:
                if name not in names:
                    problems.add(
                        f"{section}.{name}" if section else name, "is not a setting dockertui knows", "ignored"
                    )

    tables: dict[str, dict] = {"": document}
    for section in SECTIONS:
        table = document.get(section, {})
        if not isinstance(table, dict):
            problems.add(section, f"must be a table ([{section}])")
            table = {}
        tables[section] = table

    for binding_id, keys in tables[KEYMAP].items():
        key = f"{KEYMAP}.{binding_id}"
        if not _BINDING_ID.fullmatch(binding_id):
            problems.add(key, "is not a binding id (? lists them)", "ignored")
        elif not isinstance(keys, str) or not all(_KEY.fullmatch(part.strip()) for part in keys.split(",")):
            problems.add(key, f'must be keys like "ctrl+x" or "S,f5", not {_shown(keys)}', "ignored")
        else:
            config.keymap[binding_id] = ",".join(part.strip() for part in keys.split(","))
            config.keymap_lines[binding_id] = where(path, text, key)

    for setting in SETTINGS:
        table = tables[setting.section]
        if setting.name not in table:
            continue
        value = table[setting.name]
        problem = setting.problem(value)
        if problem:
            problems.add(setting.key, problem)
        else:
            setattr(config, setting.attr, setting.value(value))
    return config
