"""The documentation keeps up with the code: the CLI reference is current, every command is in
the README, and the README's set-up commands are the ones CI runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.main import get_command

from pelayanan_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = list(get_command(app).commands)  # type: ignore[attr-defined]
    assert len(names) == 16
    missing = [name for name in names if f"`pelayanan {name}" not in readme]
    assert missing == []


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = (
        "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest"
    )
    assert command in readme
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install . && .venv/bin/pelayanan show kupang" in readme
