"""The config file: defaults, every key read, bad files and bad values reported, never fatal."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from dockertui.config import DEFAULT_CONFIG, Config, load_config
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.help import HelpScreen
from tests.support.fakes import fake_connector


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_the_default_file_is_valid_and_means_the_defaults(tmp_path: Path) -> None:
    document = tomllib.loads(DEFAULT_CONFIG)
    assert document["search"]["limit"] == 25
    config = load_config(write(tmp_path, DEFAULT_CONFIG), explicit=True)
    assert config.problems == []
    defaults = Config()
    for name in (
        "theme",
        "read_only",
        "mouse",
        "log_tail",
        "log_buffer",
        "event_buffer",
        "search_limit",
        "shells",
        "stats",
        "confirm_kill",
        "ssh_transport",
    ):
        assert getattr(config, name) == getattr(defaults, name), name


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
        assert "keymap.no.such.binding: no binding has this id" in messages
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
