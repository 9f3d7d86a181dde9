"""The config file: defaults, every key read, bad files and bad values reported, never fatal."""

from __future__ import annotations

import inspect
import subprocess
import sys
import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

from dockertui.config import (
    DEFAULT_CONFIG,
    SETTINGS,
    AbsolutePaths,
    Between,
    Config,
    OneOf,
    RegistryHost,
    Setting,
    load_config,
)
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.help import HelpScreen
from tests.support.fakes import fake_connector


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_every_config_field_but_the_keymap_is_a_setting_of_the_table() -> None:
    assert {f.name for f in fields(Config)} - {s.attr for s in SETTINGS} == {
        "keymap",
        "path",
        "problems",
        "keymap_lines",
    }
    assert len({s.key for s in SETTINGS}) == len(SETTINGS)
    assert all(s.doc.strip() for s in SETTINGS)


@pytest.fixture(scope="module")
def printed_default(tmp_path_factory: pytest.TempPathFactory) -> str:
    result = run_cli("--print-default-config", home=tmp_path_factory.mktemp("home"))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_printed_default_file_holds_every_setting_at_its_default(printed_default: str, tmp_path: Path) -> None:
    document = tomllib.loads(printed_default)
    defaults = Config()
    for setting in SETTINGS:
        table = document[setting.section] if setting.section else document
        assert setting.name in table, f"{setting.key} is missing from --print-default-config"
        assert setting.value(table[setting.name]) == getattr(defaults, setting.attr), setting.key
    assert document["keymap"] == {}  # examples only, as comments
    config = load_config(write(tmp_path, printed_default), explicit=True)
    assert config.problems == []
    assert config == replace(defaults, path=config.path)


def with_value(setting: Setting, toml_value: str) -> tuple[str, int]:
    """The default file with ``setting`` set to ``toml_value``, and that line's number."""
    lines = DEFAULT_CONFIG.splitlines()
    table = ""
    for index, line in enumerate(lines):
        if line.startswith("["):
            table = line.strip("[]")
        elif table == setting.section and line.startswith(f"{setting.name} = "):
            lines[index] = f"{setting.name} = {toml_value}"
            return "\n".join(lines) + "\n", index + 1
    pytest.fail(f"{setting.key} is not in the default file")


#: A value of the wrong type per TOML type, and what is said about it. A whole number
#: given true is refused: TOML's booleans are not numbers, whatever Python thinks.
WRONG_TYPE = {
    bool: ('"yes"', 'must be true or false, not "yes"'),
    int: ("true", "must be a whole number, not true"),
    str: ("1", "must be a string, not 1"),
    list: ('"/bin/sh"', 'must be a list, not "/bin/sh"'),
}


def refused_values(check: Any) -> list[tuple[str, str]]:
    """Values of the right type that ``check`` refuses, and what is said about them."""
    match check:
        case Between(low, high):
            message = f"must be between {low} and {high}"
            return [(str(low - 1), message), (str(high + 1), message)]
        case OneOf(choices):
            return [('"none-of-these"', "must be " + " or ".join(f'"{c}"' for c in choices))]
        case AbsolutePaths():
            message = 'must be a list of absolute paths like "/bin/sh"'
            return [('["bash"]', message), ("[]", message), ('["/bin/sh", 3]', message)]
        case RegistryHost():
            message = 'must be a registry\'s host[:port] like "127.0.0.1:5000", or "" for Docker Hub'
            return [('"bad host!!"', message), ('"\\u001b]0;PWN\\u0007"', message), ('"a/b"', message)]
    pytest.fail(f"teach this test a value that {check!r} refuses")


def assert_reported_at_its_line(setting: Setting, toml_value: str, message: str, tmp_path: Path) -> None:
    text, line = with_value(setting, toml_value)
    config = load_config(write(tmp_path, text), explicit=True)
    assert config.problems == [f"config.toml line {line}: {setting.key}: {message}; the default is used"]
    assert getattr(config, setting.attr) == setting.default


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.key)
def test_a_value_of_the_wrong_type_is_reported_at_its_own_line(setting: Setting, tmp_path: Path) -> None:
    if setting.kind not in WRONG_TYPE:
        pytest.fail(f"teach this test a wrong value for a {setting.kind.__name__}")
    assert_reported_at_its_line(setting, *WRONG_TYPE[setting.kind], tmp_path)


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.check], ids=lambda s: s.key)
def test_a_value_out_of_range_is_reported_at_its_own_line(setting: Setting, tmp_path: Path) -> None:
    for toml_value, message in refused_values(setting.check):
        assert_reported_at_its_line(setting, toml_value, message, tmp_path)


def test_the_modules_that_use_a_setting_hold_no_default_of_their_own() -> None:
    from dockertui.engine.exec_session import choose_shell
    from dockertui.engine.hub_search import search
    from dockertui.engine.logs import LogFollower
    from dockertui.engine.session import DaemonSession
    from dockertui.ui.panes.events import EventsPane
    from dockertui.ui.panes.hub import HubPane
    from dockertui.ui.widgets.log_view import LogView
    from dockertui.ui.widgets.shell_tab import ShellTab

    for function, parameter in (
        (LogFollower, "tail"),
        (DaemonSession.follow_logs, "tail"),
        (choose_shell, "shells"),
        (DaemonSession.open_shell, "shells"),
        (ShellTab, "shells"),
        (search, "limit"),
        (DaemonSession.search, "limit"),
        (HubPane, "limit"),
        (HubPane, "default_registry"),
        (LogView, "buffer_size"),
        (EventsPane, "buffer_size"),
    ):
        default = inspect.signature(function).parameters[parameter].default
        assert default is inspect.Parameter.empty, f"{function.__qualname__}({parameter}=…): take it from the config"


def test_values_are_read(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """
theme = "nord"
read_only = true
[keymap]
"app.help" = "f1"
[logs]
tail = 50
[search]
registry = "registry.example.com:5000"
limit = 10
[shell]
commands = ["/bin/ash"]
[stats]
enabled = false
[ssh]
transport = "paramiko"
""",
        ),
        explicit=True,
    )
    assert config.problems == []
    assert config.ssh_transport == "paramiko"
    assert (config.theme, config.read_only, config.keymap, config.log_tail) == ("nord", True, {"app.help": "f1"}, 50)
    assert (config.search_registry, config.search_limit, config.shells, config.stats) == (
        "registry.example.com:5000",
        10,
        ("/bin/ash",),
        False,
    )


def test_bad_values_name_the_key_and_line_and_keep_defaults(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """theme = "nord"
[logs]
tail = "lots"
[search]
limit = 500
[shell]
commands = ["bash"]
[colours]
bright = true
[ssh]
transport = "putty"
""",
        ),
        explicit=True,
    )
    problems = "\n".join(config.problems)
    assert "config.toml line 3: logs.tail: must be a whole number" in problems
    assert "config.toml line 5: search.limit: must be between 1 and 100" in problems
    assert "shell.commands: must be a list of absolute paths" in problems
    assert 'ssh.transport: must be "client" or "paramiko"' in problems and config.ssh_transport == "client"
    assert "colours: is not a setting dockertui knows" in problems
    assert (config.log_tail, config.search_limit, config.shells) == (1000, 25, ("/bin/bash", "/bin/sh"))
    assert config.theme == "nord"  # good values still apply


def test_a_key_in_two_tables_is_reported_at_its_own_line(tmp_path: Path) -> None:
    """``buffer`` is in [logs] and [events]: a bad one was reported at the other's line."""
    config = load_config(write(tmp_path, "[logs]\nbuffer = 500\n\n[events]\nbuffer = -1\n"), explicit=True)
    assert config.problems == ["config.toml line 5: events.buffer: must be between 1 and 1000000; the default is used"]


def test_broken_toml_and_missing_files(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "theme = \n[logs"), explicit=True)
    assert len(config.problems) == 1 and "not valid TOML" in config.problems[0] and "line 1" in config.problems[0]
    assert config.theme == "textual-dark"
    missing = load_config(tmp_path / "nope.toml", explicit=True)
    assert "no such file" in missing.problems[0]
    assert load_config(tmp_path / "nope.toml", explicit=False).problems == []


async def test_keymap_entry_changes_the_key() -> None:
    app = DockerTUI(
        DaemonTarget(host="unix:///fake.sock"), connector=fake_connector(), config=Config(keymap={"app.help": "f1"})
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_an_invalid_config_is_told_and_the_app_runs_with_defaults(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """theme = "no-such-theme"
[events]
buffer = -1
[keymap]
"no.such.binding" = "x"
"table.cursor_down" = "n"
""",
        ),
        explicit=True,
    )
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector(), config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = "\n".join(n.message for n in app._notifications)
        assert "events.buffer: must be between 1 and 1000000" in messages and "line 3" in messages
        assert "theme: 'no-such-theme' is not a theme" in messages
        assert "config.toml line 5: keymap.no.such.binding: no binding has this id" in messages
        # An id from before one navigation set: told the new one, and not applied anywhere.
        assert 'config.toml line 6: keymap.table.cursor_down: now "nav.down"; write "nav.down" = "n"' in messages
        assert app.theme == "textual-dark"
        assert app.query_one("#events").buffer.maxlen == 10_000
        await pilot.press("2")
        assert app.query_one("#panes").active == "images"


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "dockertui", *args], capture_output=True, text=True, env=env, timeout=30
    )


def test_cli_config_path_and_default_config(tmp_path: Path) -> None:
    result = run_cli("--config-path", home=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == str(tmp_path / ".config" / "dockertui" / "config.toml")
    assert run_cli("--config-path", "--config", "/etc/x.toml", home=tmp_path).stdout.strip() == "/etc/x.toml"
    printed = run_cli("--print-default-config", home=tmp_path)
    assert printed.returncode == 0 and printed.stdout == DEFAULT_CONFIG


def test_cli_search_limit_is_checked_like_the_config_key(tmp_path: Path) -> None:
    result = run_cli("--search-limit", "101", home=tmp_path)
    assert result.returncode == 2 and "must be between 1 and 100" in result.stderr


def test_cli_search_registry_is_checked_like_the_config_key(tmp_path: Path) -> None:
    result = run_cli("--search-registry", "bad host!!", home=tmp_path)
    assert result.returncode == 2 and "must be a registry's host[:port]" in result.stderr


def test_a_config_that_is_not_utf8_is_told_and_the_defaults_are_used(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xff\xfe theme = "nord"')
    config = load_config(path, explicit=True)
    assert config.problems == [f"{path}: not UTF-8 text (byte 0); the defaults are used"]
    assert config.theme == Config().theme


def test_keymap_entries_that_are_not_ids_or_keys_are_refused_with_their_line(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            '[keymap]\n"containers.stop" = "!!!garbage key@@"\n"containers.kill" = "a,,b"\n'
            '"containers.pause" = "ctrl+"\n"\\u001b]0;PWN\\u0007" = "x"\n"containers.start" = " S , f5 "\n',
        ),
        explicit=True,
    )
    assert config.keymap == {"containers.start": "S,f5"}
    assert config.keymap_lines == {"containers.start": "config.toml line 6"}
    problems = "\n".join(config.problems)
    assert 'config.toml line 2: keymap.containers.stop: must be keys like "ctrl+x" or "S,f5"' in problems
    assert "line 3: keymap.containers.kill: must be keys" in problems
    assert "line 4: keymap.containers.pause: must be keys" in problems
    assert "keymap.␛]0;PWN␇: is not a binding id (? lists them); ignored" in problems
    assert "\x1b" not in problems and "\x07" not in problems
    assert all(problem.endswith("; ignored") for problem in config.problems)


def test_an_unknown_key_is_ignored_not_defaulted(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[logs]\ntial = 5\n"), explicit=True)
    assert config.problems == ["config.toml line 2: logs.tial: is not a setting dockertui knows; ignored"]
