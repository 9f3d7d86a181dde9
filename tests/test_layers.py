"""The architecture is checked, not just described: the engine layer never imports the UI."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import dockertui.engine

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is a test dependency (pip install -e '.[test]')"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_engine_modules_load_without_textual() -> None:
    """Also catches imports hidden in functions that run at import time."""
    modules = [info.name for info in pkgutil.walk_packages(dockertui.engine.__path__, "dockertui.engine.")]
    assert "dockertui.engine.connection" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'} "
        "or m.startswith(('dockertui.ui', 'dockertui.terminal')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, f"engine pulled in UI modules: {result.stdout}{result.stderr}"


@pytest.mark.parametrize(
    ("leak", "imports", "caught"),
    [
        ("engine/leak.py", "import textual\n", "dockertui.engine.leak -> textual"),
        ("ui/leak.py", "import docker\n", "dockertui.ui.leak -> docker"),
    ],
)
def test_contract_would_catch_a_violation(tmp_path: Path, leak: str, imports: str, caught: str) -> None:
    """The contracts are not vacuous: a copy of the package with a bad import fails them."""
    package = tmp_path / "dockertui"
    shutil.copytree(ROOT / "dockertui", package)
    (package / leak).write_text(imports)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    result = subprocess.run(
        [lint_imports, "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert caught in result.stdout


def test_ui_code_names_text_roles_not_colours() -> None:
    """How words look is app.tcss's business (text roles, component classes): no Rich style
    strings such as style="bold red" in the UI code, so themes apply everywhere."""
    import re

    literal = re.compile(r'style="[^"]+"')
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "dockertui" / "ui").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert offenders == []


def test_docker_py_private_api_is_used_in_one_module_only() -> None:
    """``api._get``, ``._fp``, ``_get_raw_response_socket``…: only engine/transport.py may
    reach into docker-py's private parts, so a new docker-py release is checked there."""
    import re

    private = re.compile(r"\bapi\._[a-z]|\._fp\b|_get_raw_response_socket|_stream_helper|\b_version\s*=")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "dockertui").rglob("*.py"))
        if path.name != "transport.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if private.search(line)
    ]
    assert offenders == []
    assert private.search((ROOT / "dockertui" / "engine" / "transport.py").read_text())
