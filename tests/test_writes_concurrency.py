"""Writes under pressure, with real processes: many writers at once, and writers killed mid-way.

Each `pelayanan add` here is its own process (`python -m pelayanan_cli`), as when several
terminals or a script's parallel jobs add results to one file. The data are real regions and
years with test-only sources (https://example.org/...), written only into tmp_path.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pelayanan_cli.core.regions import load_regions

TEST_URL = "https://example.org/pelayanan-test"
WRITERS = 20
ADDS_EACH = 10
UNITS = (
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Kesehatan",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Sosial",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Badan Pendapatan Daerah",
    "Rumah Sakit Umum Daerah",
    "Kantor Kecamatan",
)


def environment(tmp_path: Path) -> dict[str, str]:
    # Default settings: no lock timeout is set, writers queue as they would for a user.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PELAYANAN_DATA", "PELAYANAN_DEBUG", "PELAYANAN_LOCK_TIMEOUT")
    }
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data-home")
    return env


def add_command(target: Path, code: str, unit: str, score: str, url: str) -> list[str]:
    return [
        sys.executable,
        *("-m", "pelayanan_cli", "add", "--data", str(target)),
        *("--region", code, "--instrument", "skm", "--year", "2025", "--unit", unit),
        *("--score", score, "--source", url),
    ]


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def check(target: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`pelayanan check` over the bundled data and `target`, as every command reads them."""
    return subprocess.run(
        [sys.executable, "-m", "pelayanan_cli", "check"],
        env={**env, "PELAYANAN_DATA": str(target)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_twenty_writers_lose_nothing(tmp_path: Path) -> None:
    """20 processes at a time, 10 adds each, one file: all 200 results land, `check` passes."""
    target = tmp_path / "mine.toml"
    env = environment(tmp_path)
    codes = sorted(r.code for r in load_regions().in_province("53"))[:WRITERS]
    assert len(codes) == WRITERS

    def writer(number: int) -> list[tuple[int, str]]:
        outcomes = []
        for index, unit in enumerate(UNITS[:ADDS_EACH]):
            score = f"{70 + number},{index:02d}"
            url = f"{TEST_URL}/concurrency/{codes[number]}/{index}"
            done = subprocess.run(
                add_command(target, codes[number], unit, score, url),
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            outcomes.append((done.returncode, done.stderr))
        return outcomes

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        outcomes = [o for batch in pool.map(writer, range(WRITERS)) for o in batch]
    assert [o for o in outcomes if o[0] != 0] == []
    with target.open("rb") as handle:
        results = tomllib.load(handle)["result"]
    assert len(results) == WRITERS * ADDS_EACH
    written = {(r["region"], r["unit"], r["source"][0]["printed"]) for r in results}
    assert written == {
        (codes[n], UNITS[i], f"{70 + n},{i:02d}") for n in range(WRITERS) for i in range(ADDS_EACH)
    }
    checked = check(target, env)
    assert checked.returncode == 0, checked.stderr
    assert " 0 errors" in checked.stderr.splitlines()[-1]
    assert temp_files(tmp_path) == []


# A writer that dawdles between writing its temporary file and renaming it over the data file,
# so that a kill often lands in that window (patched in its own process: no hook in the code).
DAWDLING_WRITER = """\
import os, sys, time
replace = os.replace
def dawdle(*args, **kwargs):
    time.sleep(0.1)
    return replace(*args, **kwargs)
os.replace = dawdle
sys.argv[0] = "pelayanan"
from pelayanan_cli.cli import main
main()
"""


def test_a_writer_killed_at_any_moment_leaves_old_or_new_never_a_mix(tmp_path: Path) -> None:
    """100 adds, each killed (SIGKILL) at a random moment of its run; every other one dawdles
    before its rename, so some die holding a half-done temporary file."""
    target = tmp_path / "mine.toml"
    env = environment(tmp_path)
    rng = random.Random(6)

    def command(number: int) -> list[str]:
        unit = f"{UNITS[number % len(UNITS)]} {number // len(UNITS) + 1}"
        score, url = f"{80 + number % 20},{number % 100:02d}", f"{TEST_URL}/kill/{number}"
        plain = add_command(target, "53.71", unit, score, url)
        return plain if number % 2 == 0 else [sys.executable, "-c", DAWDLING_WRITER, *plain[3:]]

    run_times = []
    for number in (0, 1):
        started = time.monotonic()
        subprocess.run(command(number), env=env, check=True, capture_output=True)
        run_times.append(time.monotonic() - started)
    old, count = target.read_bytes(), 2
    killed = completed = left_behind = 0
    for number in range(2, 102):
        process = subprocess.Popen(
            command(number), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # From the start to a little past a whole run: before, during and after the write.
        time.sleep(rng.uniform(0, run_times[number % 2] * 1.3))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        new = target.read_bytes()
        assert new.startswith(old), f"add {number} changed existing bytes"
        now = len(tomllib.loads(new.decode("utf-8"))["result"])
        assert now in (count, count + 1)
        if now == count:
            assert new == old
        if process.returncode == 0:
            completed += 1
            assert now == count + 1
            assert temp_files(tmp_path) == []
        else:
            assert process.returncode == -signal.SIGKILL
            killed += 1
            left_behind += bool(temp_files(tmp_path))
        old, count = new, now
    # The kills fell all through the run: before the write, inside it, and after it.
    assert killed and completed and left_behind, (killed, completed, left_behind)
    subprocess.run(command(102), env=env, check=True, capture_output=True)
    assert temp_files(tmp_path) == []
    checked = check(target, env)
    assert checked.returncode == 0, checked.stderr
