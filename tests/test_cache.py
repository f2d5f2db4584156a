"""The derived index (core.cache): never stale, never an error, the same answers as reading
every file into memory, and the fast TOML reading it rests on equal to tomllib's."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
import time
import tomllib
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core import cache
from pelayanan_cli.core import queries as q
from pelayanan_cli.core.dataset import Dataset, load_dataset, read_dataset
from pelayanan_cli.core.errors import DataError
from pelayanan_cli.core.paths import bundled_dir, bundled_file
from pelayanan_cli.core.regions import load_regions
from pelayanan_cli.core.scales import load_scales
from pelayanan_cli.core.tomllines import Located, map_lines
from pelayanan_cli.render.output import shorten_paths
from pelayanan_cli.render.progress import terminal_progress

ROOT = Path(__file__).resolve().parents[1]

KUPANG = """# Kota Kupang, as a user's own file
[[result]]
region = "53.71"
instrument = "ombudsman"
year = 2023
unit = "Dinas Sosial"
score = 71.25
[[result.source]]
url = "https://example.org/kupang-2023"
printed = "71,25"
"""


@pytest.fixture
def index_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A cache folder of the test's own, and no user data file from the environment."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.delenv("PELAYANAN_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    return folder


def generator() -> ModuleType:
    """benchmarks/run.py, for its synthetic national panel."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_run", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 synthetic results: units, grade-only, approximate and disputed results."""
    path = tmp_path_factory.mktemp("panel") / "panel.toml"
    generator().write_panel(path, 3000, bundled_dir())
    return path


def in_memory(paths: list[Path]) -> Dataset:
    return read_dataset([bundled_file("evaluations.toml"), *paths], load_regions(), load_scales())


def bundled_count() -> int:
    """How many [[result]] entries the bundled file holds, read with tomllib alone."""
    with bundled_file("evaluations.toml").open("rb") as handle:
        return len(tomllib.load(handle)["result"])


def exact(results: list[Any]) -> list[tuple[Any, ...]]:
    """Results with each score as written (Decimal("86.6") == Decimal("86.60"), but not here)."""
    return [(r, str(r.score)) for r in results]


def test_the_index_answers_every_query_as_the_data_in_memory(index_dir: Path, panel: Path) -> None:
    regions, scales = load_regions(), load_scales()
    memory = in_memory([panel])
    for attempt in ("built", "opened"):
        indexed = load_dataset([panel])
        assert isinstance(indexed._store, cache.SqliteStore), attempt
        assert indexed.files == memory.files
        assert indexed.count == len(memory.results) == memory.count == bundled_count() + 3000
        assert indexed.source_count == memory.source_count
        assert exact(indexed.results) == exact(memory.results)
        held = memory.keys()
        assert indexed.keys() == held
        several = [k for k in held if len(memory.reports(k)) > 1]
        assert len(several) > 20  # the panel has disputes: the checks below see conflicts
        for key in several + held[::97]:
            assert indexed.reports(key) == memory.reports(key)
            assert indexed.primary(key) == memory.primary(key)
            for report in memory.reports(key):
                assert indexed.conflicts(report) == memory.conflicts(report)
        for region in list(regions.by_code.values())[::7]:
            for units in (False, True):
                f = q.Filters(instrument=None, units=units)
                assert q.region_rows(indexed, regions, scales, region, f) == q.region_rows(
                    memory, regions, scales, region, f
                )
        for province in (None, regions.by_code["53"], regions.by_code["11"]):
            for instrument in (None, "skm"):
                assert q.coverage_rows(indexed, regions, province, instrument) == q.coverage_rows(
                    memory, regions, province, instrument
                )
        for instrument in ("ombudsman", "ipp", "skm"):
            for province, level, units in (
                (None, None, False),
                ("11", "kota", False),
                (None, None, True),
            ):
                f = q.Filters(instrument, None, province, level, units)
                assert q.latest_year(indexed, regions, f) == q.latest_year(memory, regions, f)
                years = scales.years(instrument)
                for year in years[-3:]:
                    f = q.Filters(instrument, year, province, level, units)
                    assert q.rank_rows(indexed, regions, scales, f) == q.rank_rows(
                        memory, regions, scales, f
                    )
                f = q.Filters(instrument, None, province, level, units)
                assert q.diff_rows(indexed, regions, scales, years[-2], years[-1], f) == (
                    q.diff_rows(memory, regions, scales, years[-2], years[-1], f)
                )
        for instrument in (None, "ipp"):
            assert list(q.export_rows(indexed, regions, scales, instrument)) == list(
                q.export_rows(memory, regions, scales, instrument)
            )


def test_a_rewrite_keeping_size_and_mtime_is_seen(index_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(KUPANG, encoding="utf-8")
    before = os.stat(mine)
    runner = CliRunner()
    args = ["show", "53.71", "--units", "--format", "tsv", "--data", str(mine)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    assert "\tDinas Sosial\t71.25\t" in first.stdout
    mine.write_text(KUPANG.replace("71.25", "71.52").replace("71,25", "71,52"), encoding="utf-8")
    os.utime(mine, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(mine)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.stderr
    assert "\tDinas Sosial\t71.52\t" in second.stdout
    assert "71.25" not in second.stdout
    assert len(list(index_dir.glob("*.sqlite"))) == 2


def test_old_indexes_go_and_nothing_else_does(index_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    index_dir.mkdir(parents=True)
    foreign = [index_dir / "notes.sqlite", index_dir / "draft.tmp"]
    for path in foreign:
        path.write_text("not ours", encoding="utf-8")
    for n in range(cache.KEEP + 3):
        mine.write_text(KUPANG + f"# edit {n}\n", encoding="utf-8")
        assert load_dataset([mine]).count == bundled_count() + 1
    assert len(list(index_dir.glob("pelayanan-*.sqlite"))) == cache.KEEP
    assert all(path.read_text(encoding="utf-8") == "not ours" for path in foreign)


def test_an_edited_file_with_an_error_reports_it_as_before(index_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(KUPANG, encoding="utf-8")
    load_dataset([mine])
    mine.write_text(KUPANG.replace('printed = "71,25"', 'printed = "71,26"'), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_dataset([mine])
    with pytest.raises(DataError) as expected:
        in_memory([mine])
    assert str(raised.value) == str(expected.value)
    assert f"{mine}:10: error: score 71.25 differs from the figure" in str(raised.value)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "foreign"])
def test_a_damaged_index_is_rebuilt_without_a_word(
    index_dir: Path, panel: Path, damage: str
) -> None:
    runner = CliRunner()
    args = ["rank", "--year", "2024", "--format", "tsv", "--data", str(panel)]
    clean = runner.invoke(app, args)
    assert clean.exit_code == 0, clean.stderr
    (index,) = index_dir.glob("*.sqlite")
    data = index.read_bytes()
    if damage == "garbage":
        index.write_bytes(bytes(range(256)) * (len(data) // 256))
    elif damage == "truncated":
        index.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        index.write_bytes(b"")
    else:  # a database, but not the index of these files
        import sqlite3

        index.unlink()
        with sqlite3.connect(index) as db:
            db.execute("CREATE TABLE meta (name TEXT, value TEXT)")
            db.execute("INSERT INTO meta VALUES ('key', 'another'), ('complete', '1')")
        db.close()
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == clean.stdout
    assert again.stderr == clean.stderr
    assert index.read_bytes() != b""  # rebuilt in place
    assert runner.invoke(app, args).stdout == clean.stdout


def test_an_unwritable_cache_folder_still_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, panel: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.delenv("PELAYANAN_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    runner = CliRunner()
    args = ["diff", "2023", "2024", "--format", "tsv", "--data", str(panel)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    regions, scales = load_regions(), load_scales()
    rows = q.diff_rows(in_memory([panel]), regions, scales, 2023, 2024, q.Filters("ombudsman"))
    assert len(result.stdout.splitlines()) == len(rows) + 1
    assert result.stdout.splitlines()[1].startswith(f"{rows[0]['code']}\t{rows[0]['region']}\t")
    dataset = load_dataset([panel])
    assert dataset._store.path is None  # type: ignore[attr-defined]
    assert exact(dataset.results) == exact(in_memory([panel]).results)


def test_two_processes_building_at_once_both_answer_right(tmp_path: Path) -> None:
    path = tmp_path / "national.toml"
    generator().write_panel(path, 20_000, bundled_dir(), seed=11)
    env = {k: v for k, v in os.environ.items() if k != "PELAYANAN_DATA"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data-home")
    command = [sys.executable, "-m", "pelayanan_cli", "rank", "--year", "2024"]
    command += ["--format", "tsv", "--data", str(path)]

    def start(folder: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            command,
            env={**env, cache.CACHE_ENV: str(folder)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    shared = tmp_path / "shared-cache"
    racing = [start(shared), start(shared)]
    answers = [p.communicate(timeout=120) for p in racing]
    # The same question answered by a process with an index of its own, built alone.
    alone = start(tmp_path / "own-cache").communicate(timeout=120)
    assert [p.returncode for p in racing] == [0, 0], answers
    assert alone[0].count("\n") > 400
    assert answers == [alone, alone]
    assert len(list(shared.glob("*.sqlite"))) == 1
    assert list(shared.glob("*.tmp")) == []
    warm = start(shared).communicate(timeout=120)
    assert warm == alone


def test_progress_shows_on_a_terminal_only(
    index_dir: Path, panel: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cache, "PROGRESS_BYTES", 0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    load_dataset([panel], progress=terminal_progress)
    shown = terminal.getvalue()
    assert "pelayanan: indexing the data" in shown
    assert shown.endswith("\r\x1b[K")  # erased once the index is ready
    monkeypatch.undo()
    monkeypatch.setenv(cache.CACHE_ENV, str(index_dir / "again"))
    monkeypatch.setattr(cache, "PROGRESS_BYTES", 0)
    piped = CliRunner().invoke(app, ["export", "--format", "tsv", "--data", str(panel)])
    assert piped.exit_code == 0
    assert piped.stderr == ""


def test_version_counts_what_the_data_holds(index_dir: Path) -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    memory = in_memory([])
    bundled = memory.files[0]
    assert f"data: {len(memory.results)} results, {memory.source_count} sources, " in result.stdout
    # The path as the README shows it (…/data/evaluations.toml).
    assert f"sha256 {bundled.sha256[:16]} ({shorten_paths(bundled.path)})" in result.stdout


# --- the fast reading against tomllib ---------------------------------------------------------


def scanned(text: str) -> tuple[list[dict[str, Any]], list[Located]]:
    entries, lines = [], []
    for entry, where, _ in cache.scan_entries(text):
        entries.append(entry)
        lines.append(where)
    return entries, lines


def typed(value: Any) -> Any:
    """A value with its type and spelling: 1 is not True, and 86.6 is not 86.60."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, str(value))


@pytest.mark.parametrize("name", ["bundled", "panel"])
def test_the_scanner_reads_data_files_as_tomllib_does(name: str, panel: Path) -> None:
    path = bundled_file("evaluations.toml") if name == "bundled" else panel
    text = path.read_text(encoding="utf-8")
    entries, lines = scanned(text)
    assert typed(entries) == typed(tomllib.loads(text, parse_float=Decimal)["result"])
    assert lines == map_lines(text).results


TRICKY = [
    # escapes, literal strings, comments after values, CRLF, a note with quotes and brackets
    '[[result]]\r\nregion = "53.71" # Kota Kupang\r\nyear = 2024\r\nnote = \'say "hi" [x]\'\r\n',
    '[[result]]\nnote = "tab\\there"\nscore = -0.0\n[[result.source]]\nurl = "u"\n',
    '[[result]]\nnote = """\nmore\n"""\nyear = 1\n[[result]]\nyear = 2\n',
    "[[result]]\nvalues = [\n  1,\n]\n[[result]]\nyear = 3",
    '[[ result ]]\n  year=2024   \n\t[[result.source]]#c\nurl="x"\n',
    "[[result]]\nscore = 1e2\nyear = 0x10\n",
    '[[result]]\n"quoted key" = 1\ndotted.key = 2\n',
    "[[result]]\nbig = 123456789012345678901234567890\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_entries_outside_the_plain_subset_are_read_by_tomllib(text: str) -> None:
    entries, lines = scanned(text)
    assert typed(entries) == typed(tomllib.loads(text, parse_float=Decimal)["result"])
    assert lines == map_lines(text).results


@pytest.mark.parametrize(
    "text",
    [
        'title = "a key before any entry"\n[[result]]\nyear = 1\n',
        "[[result]]\nyear = 1\nyear = 2\n",  # a TOML error: only the exact reading reports it
        "[[result]]\nyear = 1\n[other]\nx = 1\n",
        "[[result.source]]\nurl = 'no entry yet'\n",
        '[[result]]\nsource = "x"\n[[result.source]]\nurl = "y"\n',
        '[[result]]\nnote = "unclosed\n',
        # A header inside a multi-line string: where entries start is not clear line by line.
        '[[result]]\nnote = """\n[[result]]\n"""\n',
        "\ufeff[[result]]\n",
    ],
)
def test_anything_unusual_falls_back_to_the_exact_reading(text: str) -> None:
    with pytest.raises(cache._Slow):
        scanned(text)


CODES = ["53.71", "53.01", "53", "12.05"]
# (instrument, year, how the score is written, how a source printed it): all valid TOML.
SCORES = [
    ("ombudsman", "2024", "86.62", "86,62"),
    ("ombudsman", "2024", "86", "86"),
    ("ombudsman", "2023", "86.620", "86,62"),
    ("ombudsman", "2019", "+50.39", "50.39"),
    ("ombudsman", "2022", "8_6.5", "86,5"),
    ("ombudsman", "2021", "86.6e0", "86,6"),
    ("ipp", "2024", "4.51", "4,51"),
    ("skm", "2025", "83", "83,00"),
]
# One defect at a time, or none: most generated files must load for the test to mean much.
DEFECTS = [
    "unknown region",
    "unknown instrument",
    "year without bands",
    "score out of range",
    "printed differs",
    "bad url",
    "unknown key",
    "wrong type",
    "duplicate key",
    "no source",
    "stray table",
    "unclosed string",
]


def _text(draw: st.DrawFn, text: str) -> str:
    """A string value, as a basic, literal or escaped TOML string."""
    style = draw(st.sampled_from(["basic", "literal", "escaped"]))
    if style == "literal" and "'" not in text:
        return f"'{text}'"
    if style == "escaped":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace(" ", "\\u0020") + '"'
    return '"' + text.replace('"', "'") + '"'


@st.composite
def data_files(draw: st.DrawFn) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [draw(st.sampled_from(["", "# a comment", "# pelayanan data"]))]
    for _ in range(draw(st.integers(0, 5))):
        defect = draw(st.sampled_from(DEFECTS)) if draw(st.integers(0, 9)) == 0 else None
        instrument, year, score, printed = draw(st.sampled_from(SCORES))
        lines.append(draw(st.sampled_from(["[[result]]", "[[ result ]]  # entry", "[[result]]"])))
        fields = {
            "region": f'"{"99.99" if defect == "unknown region" else draw(st.sampled_from(CODES))}"',
            "instrument": '"bpk"' if defect == "unknown instrument" else f'"{instrument}"',
            "year": "2020" if defect == "year without bands" else year,
        }
        if draw(st.booleans()):
            unit = draw(st.sampled_from(["Dinas Sosial", 'RSUD "Naibonat"', "Puskesmas #2"]))
            fields["unit"] = _text(draw, unit)
        scored = draw(st.integers(0, 4)) > 0
        if scored:
            fields["score"] = "101" if defect == "score out of range" else score
            if defect == "wrong type":
                fields["score"] = f'"{score}"'
        else:
            printed = ""
        if draw(st.integers(0, 5)) == 0:
            fields["approximate"] = draw(st.sampled_from(["true", "false"]))
        if draw(st.integers(0, 5)) == 0:
            fields["disputed"] = "true"
        if draw(st.integers(0, 3)) == 0:
            fields["note"] = _text(
                draw, draw(st.sampled_from(["Semester I", "x # y", "tab\there"]))
            )
        if defect == "unknown key":
            fields["colour"] = '"green"'
        for key in draw(st.permutations(list(fields))):
            spacing = draw(st.sampled_from([" = ", "=", "  =\t"]))
            comment = draw(st.sampled_from(["", "", " # why"]))
            lines.append(f"{key}{spacing}{fields[key]}{comment}")
        if defect == "duplicate key":
            lines.append(f"year = {year}")
        for number in range(0 if defect == "no source" else draw(st.integers(1, 2))):
            lines.append("[[result.source]]")
            url = draw(st.sampled_from(["https://a.example/1", "https://b.example/2?x=1"]))
            url = f"{url}/{number}" if number else url
            lines.append(f'url = "{url if defect != "bad url" else "ftp://c.example"}"')
            if scored and number == 0:
                lines.append(f'printed = "{printed if defect != "printed differs" else "1,23"}"')
            if draw(st.booleans()) or not scored:
                lines.append(f"stated = {_text(draw, 'zona hijau kategori B')}")
        if defect == "stray table":
            lines.append("[table]")
        if defect == "unclosed string":
            lines.append('note = """')
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


def outcome(load: Any) -> tuple[Any, ...]:
    try:
        dataset = load()
    except DataError as exc:
        return ("error", str(exc))
    return ("ok", exact(dataset.results), dataset.files, dataset.source_count)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=data_files())
def test_a_data_file_loads_through_the_index_as_read_whole(
    index_dir: Path, tmp_path: Path, text: str
) -> None:
    """Whatever a file holds, the index gives the same results, or the same first error."""
    path = tmp_path / "mine.toml"
    path.write_bytes(text.encode("utf-8"))
    regions, scales = load_regions(), load_scales()
    expected = outcome(lambda: read_dataset([path], regions, scales))
    assert outcome(lambda: load_dataset([path], bundled=False)) == expected
    assert outcome(lambda: load_dataset([path], bundled=False)) == expected  # now warm


def test_the_index_belongs_to_the_resolved_path_not_the_path_as_typed(
    index_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative --data from another working directory finds the same index: no rebuild, no
    second copy."""
    mine = tmp_path / "mine.toml"
    mine.write_text(KUPANG, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(
        app, ["show", "53.71", "--units", "--format", "tsv", "--data", "mine.toml"]
    )
    monkeypatch.chdir(tmp_path / "sub")
    built: list[object] = []
    monkeypatch.setattr(cache, "_fill", lambda *args: built.append(args))
    again = runner.invoke(
        app, ["show", "53.71", "--units", "--format", "tsv", "--data", "../mine.toml"]
    )
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout and "\tDinas Sosial\t71.25\t" in again.stdout
    assert built == []
    assert len(list(index_dir.glob("*.sqlite"))) == 1  # one index of the bundled data and mine


def test_an_unchanged_file_is_proved_by_its_status_not_hashed(
    index_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(KUPANG, encoding="utf-8")
    time.sleep(2.1)  # older than the racy window (file times tick coarsely)
    load_dataset([mine])  # builds, and records the proof
    read: list[str] = []
    original = cache._Inputs.read
    monkeypatch.setattr(
        cache._Inputs, "read", lambda self, path: read.append(path) or original(self, path)
    )
    held = load_dataset([]).count + 1
    read.clear()
    assert load_dataset([mine]).count == held
    assert read == []  # nothing read, nothing hashed
    mine.write_text(KUPANG.replace("71.25", "71.52").replace("71,25", "71,52"), encoding="utf-8")
    assert load_dataset([mine]).count == held
    assert os.path.realpath(mine) in read  # changed: read and hashed
