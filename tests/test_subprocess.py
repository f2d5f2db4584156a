"""A few runs of the installed command, as a shell user or a script would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pelayanan_cli.core.errors import ExitStatus

EXE = Path(sys.executable).with_name("pelayanan")


def pelayanan(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PELAYANAN_DATA", "PELAYANAN_DEBUG")}
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


pytestmark = pytest.mark.skipif(not EXE.exists(), reason="the pelayanan command is not installed")


def test_show_kupang_from_any_directory(tmp_path: Path) -> None:
    result = pelayanan("show", "kupang", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.startswith("code\tregion\tlevel\tprovince\tinstrument")
    assert any(
        r.startswith("53.71\tKota Kupang\t") and "\t86.62\tB\tKualitas Tinggi\thijau\t" in r
        for r in rows
    )


def test_closed_pipe_ends_quietly() -> None:
    if shutil.which("head") is None:
        pytest.skip("no head")
    result = subprocess.run(
        f"set -o pipefail; '{EXE}' export --sources --format tsv | head -1",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("code\tregion\t")
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    assert result.returncode == 0  # the reader left: not a failure, even under pipefail


def test_not_found_is_one_line_exit_1() -> None:
    result = pelayanan("show", "atlantis")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("pelayanan: no region matches 'atlantis'")


def test_bad_option_exits_2() -> None:
    result = pelayanan("rank", "--no-such-option")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_bad_format_exits_2() -> None:
    result = pelayanan("show", "kupang", "--format", "yaml")
    assert result.returncode == 2


def test_invalid_user_data_is_one_line_with_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "mine.toml"
    data.write_text(
        '[[result]]\nregion = "99.99"\ninstrument = "ombudsman"\nyear = 2024\n'
        '[[result.source]]\nurl = "https://example.org/x"\n',
        encoding="utf-8",
    )
    result = pelayanan("show", "kupang", "--data", str(data))
    assert result.returncode == ExitStatus.INVALID_DATA
    assert result.stderr.count("\n") == 1
    assert f"{data}:2: error: unknown region code '99.99'" in result.stderr


def test_debug_shows_a_traceback() -> None:
    result = pelayanan("--debug", "show", "atlantis")
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_version_names_the_dataset() -> None:
    result = pelayanan("--version")
    assert result.returncode == 0
    with (Path(__file__).resolve().parents[1] / "data" / "evaluations.toml").open("rb") as handle:
        count = len(tomllib.load(handle)["result"])
    assert result.stdout.startswith(f"pelayanan 0.1.0\ndata: {count} results, ")
    assert "sha256 " in result.stdout


def test_region_names_complete_in_the_shell() -> None:
    env = {
        **os.environ,
        "_PELAYANAN_COMPLETE": "complete_bash",
        "COMP_WORDS": "pelayanan show Kota\\ Kup",
        "COMP_CWORD": "2",
    }
    result = subprocess.run([str(EXE)], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.split() == ["Kota", "Kupang"]
    env["COMP_WORDS"] = "pelayanan show sumba"
    lower = subprocess.run([str(EXE)], capture_output=True, text=True, env=env, timeout=60)
    assert lower.stdout.split("\n")[:4] == [
        "sumba barat",
        "sumba barat daya",
        "sumba tengah",
        "sumba timur",
    ]
