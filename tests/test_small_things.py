"""Small things users hit: completion of option values, -V, help in words rather than Python
type names, paths in messages shortened as the README shows them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.paths import bundled_dir
from pelayanan_cli.render.output import shorten_paths

EXE = Path(sys.executable).with_name("pelayanan")
installed = pytest.mark.skipif(not EXE.exists(), reason="the pelayanan command is not installed")


def complete(words: str) -> list[str]:
    env = {
        **os.environ,
        "_PELAYANAN_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    result = subprocess.run([str(EXE)], capture_output=True, text=True, env=env, timeout=60)
    return result.stdout.split()


@installed
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (
            "pelayanan rank --province nusa",
            ["nusa", "tenggara", "barat", "nusa", "tenggara", "timur"],
        ),
        ("pelayanan rank --province NT", ["NTB", "NTT"]),
        ("pelayanan rank --instrument ", ["ombudsman", "ipp", "skm"]),
        ("pelayanan diff 2022 2024 --level k", ["kabupaten", "kota", "kabupaten/kota"]),
        ("pelayanan show kupang --format j", ["json"]),
        ("pelayanan export --format d", ["datapackage"]),
        ("pelayanan rank --locale ", ["c", "id"]),
        ("pelayanan rank --year 201", ["2015", "2016", "2017", "2018", "2019"]),
        ("pelayanan scales ip", ["ipp"]),
        ("pelayanan help exit", ["exit-codes"]),
    ],
)
def test_option_values_complete(words: str, expected: list[str]) -> None:
    assert complete(words) == expected


def test_dash_v_is_the_version(runner: CliRunner) -> None:
    short = runner.invoke(app, ["-V"])
    assert short.exit_code == 0 and short.stdout == runner.invoke(app, ["--version"]).stdout
    assert short.stdout.startswith("pelayanan 0.1.0\n")
    assert "(…/data/evaluations.toml)" in short.stdout


def test_help_names_values_in_words(runner: CliRunner) -> None:
    names = ["", *get_command(app).commands]  # type: ignore[attr-defined]
    for name in names:
        text = runner.invoke(app, [*name.split(), "--help"]).stdout
        for python in ("<int", "<str>", "<file>", "<path>", "list[", "{region}", "[paths]"):
            assert python not in text, (name, python)


def test_paths_in_messages_are_shortened() -> None:
    home = os.path.expanduser("~")
    data = str(bundled_dir() / "evaluations.toml")
    assert (
        shorten_paths(f"{data}:12: warning") == f"…{os.sep}data{os.sep}evaluations.toml:12: warning"
    )
    mine = os.path.join(home, ".local", "share", "pelayanan", "evaluations.toml")
    assert shorten_paths(f"added x to {mine} (line 5)") == (
        f"added x to ~{os.sep}.local{os.sep}share{os.sep}pelayanan{os.sep}evaluations.toml (line 5)"
    )
    assert shorten_paths(f"/elsewhere{home}/x") == f"/elsewhere{home}/x"  # only at a path's start


def test_check_shows_the_bundled_data_as_the_readme_does(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check"])
    assert all(
        line.startswith(("…/data/evaluations.toml:", "checked "))
        for line in result.stderr.splitlines()
    )
