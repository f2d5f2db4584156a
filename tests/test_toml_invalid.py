"""`check` on every file of the toml-test invalid suite: one clean error line, never a traceback.

The files stay in ../shared/testdata/toml-invalid (not copied); without it these tests skip.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.errors import ExitStatus

SUITE = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "toml-invalid"
FILES = sorted(p for p in SUITE.rglob("*.toml") if p.is_file()) if SUITE.is_dir() else []
_CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]")


def ids(path: Path) -> str:
    return path.relative_to(SUITE).as_posix()


def assert_one_error_line(path: Path, exit_code: int, stdout: bytes, stderr: bytes) -> None:
    assert exit_code == ExitStatus.INVALID_DATA
    for stream in (stdout, stderr):
        stream.decode("utf-8")  # raises on invalid UTF-8
        assert not _CONTROL.search(stream), stream
    text = stderr.decode("utf-8")
    assert "Traceback" not in text
    lines = text.splitlines()
    assert len(lines) == 1, lines
    match = re.match(rf"{re.escape(str(path))}:(\d+): error: ", lines[0])
    assert match, lines[0]
    # The line exists in the file (an error at the end of a file names its last line, or the
    # empty one after a final newline).
    line_count = path.read_bytes().count(b"\n") + 1
    assert 1 <= int(match.group(1)) <= line_count
    assert stdout == b""


def test_suite_is_complete() -> None:
    if not FILES:
        pytest.skip(f"{SUITE} is absent")
    assert len(FILES) == 509


@pytest.mark.parametrize("path", FILES, ids=ids)
def test_check_rejects_with_one_line(path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert_one_error_line(path, result.exit_code, result.stdout_bytes, result.stderr_bytes)


# A handful through a real process: encoding, buffering and the exit status as a shell sees them.
SAMPLE = [
    "control/string-null.toml",
    "control/rawmulti-del.toml",
    "encoding/utf16-bom.toml",
    "encoding/bad-utf8-in-comment.toml",
    "key/end-in-escape.toml",
    "string/bad-escape-01.toml",
    "table/duplicate-key-01.toml",
    "array/extending-table.toml",
]


def _command() -> list[str]:
    script = Path(sys.executable).with_name("pelayanan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pelayanan_cli"]


@pytest.mark.parametrize("name", SAMPLE)
def test_check_in_a_subprocess(name: str) -> None:
    path = SUITE / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    env = {k: v for k, v in os.environ.items() if k != "PELAYANAN_DATA"}
    done = subprocess.run(
        [*_command(), "check", str(path)], capture_output=True, env=env, timeout=60, check=False
    )
    assert_one_error_line(path, done.returncode, done.stdout, done.stderr)
