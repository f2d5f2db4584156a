"""Every -o/--output file is replaced whole or not at all: a write failing mid-way (a small
RLIMIT_FSIZE in a real process) leaves the old file byte-identical and no temporary file
behind; a folder, FIFO or device is refused with one line before anything is written; a full
stdout or /dev/full never leaks a traceback."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits and devices")
CLI = [sys.executable, "-m", "pelayanan_cli"]
OLD = b"the old file, which must survive\n" * 200

TARGETS = {
    "export.csv": ["export", "--format", "csv"],
    "export.json": ["export", "--format", "json"],
    "export.xlsx": ["export", "--format", "xlsx"],
    "rank.tsv": ["rank", "--year", "2024", "--province", "ntt"],
    "show.txt": ["show", "kota kupang"],
    "trend.csv": ["trend", "kota kupang", "--format", "csv"],
    "diff.json": ["diff", "2022", "2024", "--format", "json"],
    "report.html": ["report", "kota kupang"],
}


def run(
    args: list[str], *, limit: int | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    def small_files() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [*CLI, *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=small_files if limit is not None else None,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def warm_index() -> None:
    """Build the index first, so the limited run below only writes its output."""
    assert run(["show", "kupang"]).returncode == 0


@posix
@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_write_failing_midway_leaves_the_old_file(
    name: str, tmp_path: Path, warm_index: None
) -> None:
    target = tmp_path / name
    target.write_bytes(OLD)
    target.chmod(0o640)
    failed = run([*TARGETS[name], "-o", str(target)], limit=1024)
    assert failed.returncode == 6, failed.stderr
    errors = [line for line in failed.stderr.splitlines() if line.startswith("pelayanan:")]
    assert len(errors) == 1 and "Traceback" not in failed.stderr
    assert failed.stderr.splitlines()[-1] == errors[0]
    assert errors[0].endswith("nothing written, the old file is unchanged")
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left
    # Without the limit the same command replaces the file, keeping its permissions.
    done = run([*TARGETS[name], "-o", str(target)])
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() != OLD and len(target.read_bytes()) > 1024
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@posix
def test_a_data_package_failing_midway_leaves_the_old_package(
    tmp_path: Path, warm_index: None
) -> None:
    folder = tmp_path / "panel"
    first = run(["export", "--format", "datapackage", "-o", str(folder)])
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    failed = run(["export", "--format", "datapackage", "-o", str(folder)], limit=4096)
    assert failed.returncode == 6 and "Traceback" not in failed.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@posix
@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "full"])
def test_targets_that_are_not_regular_files_are_refused(kind: str, tmp_path: Path) -> None:
    if kind == "folder":
        target = tmp_path / "a-folder"
        target.mkdir()
    elif kind == "fifo":
        target = tmp_path / "a-fifo"
        os.mkfifo(target)
    else:
        target = Path("/dev/null" if kind == "device" else "/dev/full")
        if not target.exists():
            pytest.skip(f"{target} is absent")
    before = os.stat(target)
    for args in (TARGETS["export.csv"], TARGETS["export.xlsx"], TARGETS["report.html"]):
        result = run([*args, "-o", str(target)])  # a FIFO must not hang: run() times out
        assert result.returncode in (2, 6), result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
        assert result.stdout == ""
    after = os.stat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )


@posix
def test_stdout_on_a_full_device_is_one_line(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is absent")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*CLI, "export", "--format", "csv"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 6
    assert result.stderr.startswith("pelayanan: cannot write the output: No space left on device")
    assert "Traceback" not in result.stderr


def test_output_replaces_an_existing_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "rank.csv"
    target.write_bytes(OLD)
    result = runner.invoke(app, ["rank", "--year", "2024", "--province", "ntt", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith(
        "rank,of,held,assessed,ranked_among,code,region,"
    )
    assert result.stderr.splitlines()[-1] == f"wrote {target} (12 rows)"
