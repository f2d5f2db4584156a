"""Bad input and faults never lose a file, never serve a wrong number, never say "internal error".

The cases of the fuzz run in issue 13, each as a test: FIFOs and devices as data files, writes
failing mid-way, a flipped byte and a torn page in the index, missing and oversized files,
symbolic-link loops, absurd numbers, non-UTF-8 arguments, deep nesting, a full disk on stdout,
invalid environment values; and the read-only commands where `fcntl` does not exist.
"""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core import cache, files
from pelayanan_cli.core.errors import ExitStatus
from pelayanan_cli.core.paths import bundled_file

URL = "https://example.org/pelayanan-test/robust"
ADD = ["add", "--region", "53.71", "-i", "skm", "-y", "2025", "--unit", "Dinas Sosial"]
ADD += ["--score", "81,25", "--source", URL]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PELAYANAN_DATA", "PELAYANAN_DEBUG", "PELAYANAN_LOCK_TIMEOUT")
    }
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data-home")
    env.update(extra)
    return env


def pelayanan(
    tmp_path: Path, *argv: str | bytes, timeout: float = 60, **extra: str
) -> subprocess.CompletedProcess[str]:
    """A real process of the CLI (argv may hold raw bytes, as a shell passes them)."""
    return subprocess.run(
        [sys.executable, "-m", "pelayanan_cli", *argv],
        env=environment(tmp_path, **extra),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )


def one_line(stderr: str) -> str:
    """The error: exactly one line, no traceback, not an internal error."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return lines[0]


def device(path: Path, major: int, minor: int) -> Path:
    """A character device node of our own (as /dev/null or /dev/zero), never the real one."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


# --- only regular files are written or read ---------------------------------------------------


def test_a_fifo_as_the_data_file_is_refused_before_any_lock(tmp_path: Path) -> None:
    fifo = tmp_path / "data.toml"
    os.mkfifo(fifo)
    done = pelayanan(tmp_path, *ADD, "--data", str(fifo), timeout=30)
    assert done.returncode == ExitStatus.WRITE_FAILED
    assert "is a FIFO (named pipe), not a data file" in one_line(done.stderr)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not (tmp_path / "data.toml.lock").exists()


def test_a_device_as_the_data_file_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    null = device(tmp_path / "null", 1, 3)
    for how in (("--data", str(null)), ()):
        extra = {} if how else {"PELAYANAN_DATA": str(null)}
        done = pelayanan(tmp_path, *ADD, *how, timeout=30, **extra)
        assert done.returncode == ExitStatus.WRITE_FAILED, done.stderr
        assert "is a character device, not a data file" in one_line(done.stderr)
        assert stat.S_ISCHR(os.stat(null).st_mode)
    assert list(tmp_path.glob("*.tmp")) == [] and not (tmp_path / "null.lock").exists()


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder"])
def test_reading_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "input.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        device(path, 1, 5)  # /dev/zero: would never end
    else:
        path.mkdir()
    for argv in (("check", str(path)), ("show", "kupang", "--data", str(path))):
        started = time.monotonic()
        done = pelayanan(tmp_path, *argv, timeout=30)
        assert done.returncode == ExitStatus.USAGE, done.stderr
        if kind == "folder":  # Click's own check of a path option: its usage message
            assert "is a directory" in done.stderr and "Traceback" not in done.stderr
        else:
            assert "not a data file" in one_line(done.stderr)
        assert time.monotonic() - started < 20
    imported = pelayanan(tmp_path, "import", str(path), "--data", str(tmp_path / "mine.toml"))
    assert imported.returncode == ExitStatus.USAGE
    assert "Traceback" not in imported.stderr and "internal error" not in imported.stderr


def test_a_named_data_file_that_does_not_exist_is_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    shown = pelayanan(tmp_path, "show", "kupang", "--data", str(missing))
    assert shown.returncode == ExitStatus.NOT_FOUND
    assert one_line(shown.stderr) == f"pelayanan: {missing}: no such data file (named by --data)"
    dangling = pelayanan(tmp_path, "rank", PELAYANAN_DATA=str(missing))
    assert dangling.returncode == ExitStatus.NOT_FOUND
    assert "(named by $PELAYANAN_DATA)" in one_line(dangling.stderr)


def test_files_past_the_size_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = bundled_file("evaluations.toml").stat().st_size + 1000  # the bundled data fits
    big = tmp_path / "big.toml"
    big.write_text("# padding\n" * (limit // 10 + 1), encoding="utf-8")
    size = big.stat().st_size
    monkeypatch.setattr(files, "MAX_INPUT_BYTES", limit)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    for argv in (["check", str(big)], ["show", "kupang", "--data", str(big)]):
        result = CliRunner().invoke(app, argv)
        assert result.exit_code == ExitStatus.USAGE
        assert result.stderr == (
            f"pelayanan: {big} is {size:,} bytes; pelayanan reads files of at most {limit:,} bytes\n"
        )


def test_a_loop_of_symbolic_links_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.toml").symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(tmp_path / "a.toml")
    for argv in (
        ("show", "kupang", "--data", str(tmp_path / "a.toml")),
        ("check", str(tmp_path / "a.toml")),
        (*ADD, "--data", str(tmp_path / "a.toml")),
    ):
        done = pelayanan(tmp_path, *argv)
        assert done.returncode in (ExitStatus.USAGE, ExitStatus.WRITE_FAILED), done.stderr
        assert "a loop of symbolic links" in one_line(done.stderr)


# --- writes: atomic, queued, and never half-done ----------------------------------------------


def test_a_write_failing_midway_leaves_the_file_byte_identical(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    first = pelayanan(tmp_path, *ADD, "--data", str(target))
    assert first.returncode == 0, first.stderr
    before = target.read_bytes()
    limit = len(before) + 40  # the new file is cut off mid-entry

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    argv = [*ADD[:-1], f"{URL}/second"]
    done = subprocess.run(
        [sys.executable, "-m", "pelayanan_cli", *argv, "--data", str(target)],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=60,
        check=False,
    )
    assert done.returncode == ExitStatus.WRITE_FAILED, done.stderr
    assert "File too large; nothing written" in one_line(done.stderr)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_waiting_writer_says_so_once_and_then_writes(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    lock = os.open(tmp_path / "mine.toml.lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        os.write(lock, str(os.getpid()).encode())
        writer = subprocess.Popen(
            [sys.executable, "-m", "pelayanan_cli", *ADD, "--data", str(target)],
            env=environment(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(2.5)
        assert writer.poll() is None  # queued, not given up
    finally:
        os.close(lock)  # releases the lock
    _, stderr = writer.communicate(timeout=60)
    assert writer.returncode == 0, stderr
    waiting = f"pelayanan: waiting for another pelayanan (pid {os.getpid()}) writing {target}…"
    assert stderr.splitlines().count(waiting) == 1
    assert len(tomllib.loads(target.read_text(encoding="utf-8"))["result"]) == 1


def test_giving_up_names_the_holder_and_what_to_do(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    lock = os.open(tmp_path / "mine.toml.lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        os.write(lock, str(os.getpid()).encode())
        done = pelayanan(tmp_path, *ADD, "--data", str(target), PELAYANAN_LOCK_TIMEOUT="0.2")
    finally:
        os.close(lock)
    assert done.returncode == ExitStatus.WRITE_FAILED
    line = one_line(done.stderr)
    assert f"being written by another pelayanan (pid {os.getpid()}): gave up after 0.2 s" in line
    assert "$PELAYANAN_LOCK_TIMEOUT sets how long to wait" in line
    assert not target.exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "soon"])
def test_an_invalid_lock_timeout_is_refused(tmp_path: Path, value: str) -> None:
    done = pelayanan(
        tmp_path, *ADD, "--data", str(tmp_path / "m.toml"), PELAYANAN_LOCK_TIMEOUT=value
    )
    assert done.returncode == ExitStatus.USAGE
    assert one_line(done.stderr) == (
        f"pelayanan: $PELAYANAN_LOCK_TIMEOUT must be a number of seconds (0 or more), not {value!r}"
    )


# --- an index that cannot lie -----------------------------------------------------------------


def _index(folder: Path) -> Path:
    (found,) = [p for p in folder.glob("pelayanan-*.sqlite")]
    return found


def test_a_flipped_byte_in_a_stored_score_never_reaches_the_user(tmp_path: Path) -> None:
    env = {"PELAYANAN_CACHE_DIR": str(tmp_path / "cache")}
    argv = ("show", "53.71", "--year", "2024", "--format", "tsv")
    clean = pelayanan(tmp_path, *argv, **env)
    assert "\t86.62\t" in clean.stdout
    index = _index(tmp_path / "cache")
    data = index.read_bytes()
    assert data.count(b"86.62") >= 1
    index.write_bytes(data.replace(b"86.62", b"96.62"))
    again = pelayanan(tmp_path, *argv, **env)
    assert again.returncode == 0 and again.stdout == clean.stdout and again.stderr == clean.stderr
    assert "96.62" not in again.stdout
    index.write_bytes(index.read_bytes().replace(b"86.62", b"96.62"))
    verified = pelayanan(tmp_path, "verify", "53.71", "2024", "96,62", **env)
    assert verified.returncode == ExitStatus.CONTRADICTED, verified.stdout
    index = _index(tmp_path / "cache")
    index.write_bytes(index.read_bytes().replace(b"86.62", b"96.62"))
    cited = pelayanan(tmp_path, "cite", "53.71", "--year", "2024", **env)
    assert "Kota Kupang 86,62 (B" in cited.stdout


def test_a_torn_page_is_rebuilt_once_and_answered(tmp_path: Path) -> None:
    env = {"PELAYANAN_CACHE_DIR": str(tmp_path / "cache")}
    argv = ("rank", "--year", "2024", "--province", "ntt", "--format", "tsv")
    clean = pelayanan(tmp_path, *argv, **env)
    index = _index(tmp_path / "cache")
    data = bytearray(index.read_bytes())
    data[4096 : 4096 * 3] = os.urandom(4096 * 2)
    index.write_bytes(bytes(data))
    again = pelayanan(tmp_path, *argv, **env)
    assert (again.returncode, again.stdout, again.stderr) == (0, clean.stdout, clean.stderr)
    assert _index(tmp_path / "cache").read_bytes() != bytes(data)


def test_sqlite_failing_while_answering_rebuilds_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage SQLite sees only when it reads (the CRC check bypassed): rebuilt, then answered."""
    monkeypatch.setenv("PELAYANAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    argv = ["show", "53.71", "--year", "2024", "--format", "tsv"]
    clean = runner.invoke(app, argv)
    index = _index(tmp_path / "cache")
    data = bytearray(index.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)
    index.write_bytes(bytes(data))
    monkeypatch.setattr(cache, "_intact", lambda path: True)
    again = runner.invoke(app, argv)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == clean.stdout


def test_a_failed_build_is_remembered_not_retried(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    bundled = bundled_file("evaluations.toml").read_text(encoding="utf-8")
    start = bundled.index("\n[[result]]\n") + 1
    mine.write_text(bundled[start : bundled.index("\n[[result]]\n", start)], encoding="utf-8")
    env = {"PELAYANAN_CACHE_DIR": str(tmp_path / "cache")}
    time.sleep(2.1)  # older than the racy window: its status proves it from now on
    first = pelayanan(tmp_path, "show", "kupang", "--data", str(mine), **env)
    assert first.returncode == ExitStatus.INVALID_DATA
    assert "the same result from the same source twice" in one_line(first.stderr)
    proof = next((tmp_path / "cache").glob("*.proof")).read_text(encoding="utf-8")
    assert "\nerror " in proof
    again = pelayanan(tmp_path, "show", "kupang", "--data", str(mine), **env)
    assert (again.returncode, again.stderr) == (first.returncode, first.stderr)
    # `check FILE` reads the file with the bundled data, so it finds the clash as well.
    checked = pelayanan(tmp_path, "check", str(mine), **env)
    assert checked.returncode == ExitStatus.INVALID_DATA
    assert "the same result from the same source twice" in checked.stderr


# --- bad values of every kind: one line, never "internal error" -------------------------------


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "argv",
    [
        ["rank", "--year", HUGE],
        ["show", "kupang", "--year", HUGE],
        ["diff", HUGE, "2024"],
        ["grade", "80", "--year", HUGE],
        ["scales", "--year", HUGE],
        ["coverage", "--instrument", "ombudsman"],
        ["cite", "53.71", "--year", HUGE],
        ["verify", "53.71", HUGE, "hijau"],
        ["trend", "53.71", "--instrument", "ombudsman"],
        ["grade", "9" * 100_000],
        ["add", "--region", "53.71", "-i", "skm", "-y", HUGE, "--score", "80", "--source", URL],
        [
            "add",
            "--region",
            "53.71",
            "-i",
            "skm",
            "-y",
            "2025",
            "--score",
            "9" * 5000,
            "--source",
            URL,
        ],
    ],
    ids=lambda argv: " ".join(a[:12] for a in argv[:3]),
)
def test_absurd_numbers_are_usage_errors_not_bugs(tmp_path: Path, argv: list[str]) -> None:
    extra = ["--data", str(tmp_path / "m.toml")] if argv[0] == "add" else []
    done = pelayanan(tmp_path, *argv, *extra)
    assert done.returncode != ExitStatus.INTERNAL, done.stderr
    assert "Traceback" not in done.stderr
    assert all(len(line) < 400 for line in done.stderr.splitlines())


def test_non_utf8_arguments_are_refused(tmp_path: Path) -> None:
    for argv in ((*ADD[:-4], b"\xffDinas", *ADD[-4:]), ("show", b"kup\xe0ng")):
        done = subprocess.run(
            [sys.executable, "-m", "pelayanan_cli", *argv, "--data", str(tmp_path / "m.toml")],
            env=environment(tmp_path),
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == ExitStatus.USAGE
        assert b"is not valid UTF-8" in done.stderr and b"Traceback" not in done.stderr
    assert not (tmp_path / "m.toml").exists()


def test_deeply_nested_json_lines_are_a_bad_row(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"region": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    done = pelayanan(tmp_path, "import", str(rows), "--data", str(tmp_path / "m.toml"))
    assert done.returncode == ExitStatus.INVALID_DATA, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_stdout_on_a_full_disk_is_a_failed_write(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "pelayanan_cli", "export", "--format", "csv"],
            env=environment(tmp_path),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == ExitStatus.WRITE_FAILED
    assert one_line(done.stderr).startswith("pelayanan: cannot write the output: No space left")


def test_a_byte_order_mark_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "bom.toml"
    entry = (
        '[[result]]\nregion = "53.71"\ninstrument = "skm"\nyear = 2025\nunit = "Dinas Sosial"\n'
        f'score = 81.25\n[[result.source]]\nurl = "{URL}"\nprinted = "81,25"\n'
    )
    mine.write_bytes(b"\xef\xbb\xbf" + entry.encode())
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(mine)])
    assert checked.exit_code == 0, checked.stderr
    shown = runner.invoke(app, ["show", "53.71", "--units", "--format", "tsv", "--data", str(mine)])
    assert "\tDinas Sosial\t81.25\t" in shown.stdout


def test_trimmed_whitespace_is_reported(tmp_path: Path) -> None:
    argv = [*ADD[:8], " Dinas Sosial\u2028", *ADD[9:]]
    done = pelayanan(tmp_path, *argv, "--data", str(tmp_path / "m.toml"))
    assert done.returncode == 0, done.stderr
    assert (
        "warning: unit ' Dinas Sosial\\u2028': whitespace at its ends removed, kept as 'Dinas Sosial'"
        in done.stderr
    )
    assert 'unit = "Dinas Sosial"\n' in (tmp_path / "m.toml").read_text(encoding="utf-8")


# --- where fcntl does not exist ---------------------------------------------------------------

NO_FCNTL = """\
import sys
sys.modules["fcntl"] = None  # `import fcntl` now raises ImportError, as on Windows
sys.argv[0] = "pelayanan"
from pelayanan_cli.cli import main
main()
"""


@pytest.mark.parametrize(
    "argv",
    [
        ("show", "kota kupang", "--format", "tsv"),
        ("rank", "--year", "2024", "--province", "ntt", "--format", "tsv"),
        ("diff", "2023", "2024", "--format", "tsv"),
        ("export", "--format", "csv"),
        ("coverage", "--format", "tsv"),
        ("grade", "86,62", "--year", "2024"),
        ("scales", "ombudsman"),
        ("check",),
        ("trend", "kota kupang", "--instrument", "ipp"),
        ("cite", "kota kupang", "--year", "2024"),
        ("verify", "kota kupang", "2024", "hijau"),
        ("--version",),
    ],
    ids=lambda argv: argv[0],
)
def test_read_commands_work_without_fcntl(tmp_path: Path, argv: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", NO_FCNTL, *argv],
        env=environment(tmp_path, PELAYANAN_CACHE_DIR=str(tmp_path / "cache")),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() or (argv[0] == "check" and " 0 errors" in done.stderr)


def test_writing_without_any_locking_call_is_a_failed_write(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", NO_FCNTL, *ADD, "--data", str(tmp_path / "m.toml")],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == ExitStatus.WRITE_FAILED
    assert "no file locking" in one_line(done.stderr)
    assert not (tmp_path / "m.toml").exists()
