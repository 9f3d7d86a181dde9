"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys

import dockertui


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockertui", *args], capture_output=True, text=True, timeout=30, env=env
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"dockertui {dockertui.__version__}"


def test_help_names_every_option() -> None:
    result = run("--help")
    assert result.returncode == 0
    for option in ("--version", "--host", "--context", "--read-only"):
        assert option in result.stdout


def test_unknown_context_is_a_clear_error(tmp_path) -> None:
    result = run("--context", "nope", env={"DOCKER_CONFIG": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        'dockertui: context "nope" does not exist (from --context); known contexts: default'
    )
    assert "Traceback" not in result.stderr


def test_unknown_docker_context_env_is_a_clear_error(tmp_path) -> None:
    result = run(env={"DOCKER_CONFIG": str(tmp_path), "DOCKER_CONTEXT": "gone", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert 'context "gone" does not exist (from DOCKER_CONTEXT)' in result.stderr


def test_host_and_context_conflict() -> None:
    result = run("--host", "unix:///x.sock", "--context", "default")
    assert result.returncode == 2
    assert "conflicting options" in result.stderr


def test_installed_console_script() -> None:
    """`dockertui` on PATH, as pip installed it, is the same program."""
    import shutil
    from pathlib import Path

    script = shutil.which("dockertui", path=str(Path(sys.executable).parent))
    assert script, "the console script is not installed next to this Python"
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == f"dockertui {dockertui.__version__}"
