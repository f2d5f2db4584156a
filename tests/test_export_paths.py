"""`export`'s fast paths give the same bytes as the general one.

The general path makes each row with `queries.result_row` (queries.export_rows) and writes
CSV/TSV cell by cell (`row_cells`, csv.writer). The fast paths read the rows straight from the
index (core.export: dict rows for JSON and --sources, flat rows for CSV/TSV) and write CSV/TSV a
chunk at a time (render.delimited._FlatLines). Checked here on the bundled data and on a
generated panel with disputes, approximate values, grade-only results, units and sources that
disagree, plus entries chosen to take every slow turn: quotes and separators in cells, control
characters, formula-like text, scores with one or three decimals or none, a result reported
three times. Speed is measured in benchmarks/, never here.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core import export as core_export
from pelayanan_cli.core import queries
from pelayanan_cli.core.dataset import load_dataset, read_dataset
from pelayanan_cli.core.numbers import format_score
from pelayanan_cli.core.paths import bundled_dir, bundled_file
from pelayanan_cli.core.regions import load_regions
from pelayanan_cli.core.scales import load_scales
from pelayanan_cli.render import delimited
from pelayanan_cli.render.columns import result_columns
from pelayanan_cli.render.view import Block, Flat, Format, Locale, View, cell_text

# Entries that take every slow turn of the fast paths (a valid data file).
TRICKY = r"""
[[result]]
region = "53.71"
instrument = "ombudsman"
year = 2023
unit = "=HYPERLINK(\"x\")"
score = 86.6
note = "-5 dan \"kutip\", koma; titik\u001b kendali\tTab \\x09 ééé"
[[result.source]]
url = "https://example.org/a"
printed = "86,6"
stated = "zona hijau, kualitas tinggi"
rank = "@peringkat 1"
[[result.source]]
url = "https://example.org/b"
stated = "kategori B"
unit = "Dinas Ééé"

[[result]]
region = "53.71"
instrument = "ombudsman"
year = 2023
unit = ""
score = 77.125
[[result.source]]
url = "https://example.org/c"
printed = "77,125"

[[result]]
region = "53.71"
instrument = "ipp"
year = 2023
score = 3.505
[[result.source]]
url = "https://example.org/d"
printed = "3,505"
stated = "+ Baik"

[[result]]
region = "53.01"
instrument = "ombudsman"
year = 2023
score = 55
approximate = true
[[result.source]]
url = "https://example.org/g"
printed = "55"
stated = "zona kuning"
[[result.source]]
url = "https://example.org/h"
printed = "55"
stated = "zona kuning"
[[result.source]]
url = "https://example.org/i"
stated = "Zona Kuning"

# One band of one year: an approximate figure grades no source, an exact one does.
[[result]]
region = "53.05"
instrument = "ombudsman"
year = 2024
score = 60
approximate = true
[[result.source]]
url = "https://example.org/j"
printed = "60"

[[result]]
region = "53.06"
instrument = "ombudsman"
year = 2024
score = 61.5
[[result.source]]
url = "https://example.org/k"
printed = "61,5"

# Reported three times (a unit written as "" is no unit).
[[result]]
region = "53.07"
instrument = "ombudsman"
year = 2023
score = 80
disputed = true
[[result.source]]
url = "https://example.org/l"
printed = "80"

[[result]]
region = "53.07"
instrument = "ombudsman"
year = 2023
unit = ""
score = 81
disputed = true
[[result.source]]
url = "https://example.org/m"
printed = "81"

[[result]]
region = "53.07"
instrument = "ombudsman"
year = 2023
score = 82
disputed = true
[[result.source]]
url = "https://example.org/n"
printed = "82"
"""

ARGUMENTS = [
    ["--format", "csv"],
    ["--format", "tsv"],
    ["--format", "json"],
    ["--format", "csv", "--locale", "id"],
    ["--format", "tsv", "--locale", "id"],
    ["--format", "csv", "--raw"],
    ["--format", "csv", "--instrument", "ipp"],
    ["--format", "csv", "--sources"],
    ["--format", "tsv", "--sources", "--locale", "id"],
    ["--format", "json", "--sources"],
]


def generator() -> Any:
    """benchmarks/run.py, for its synthetic national panel."""
    import importlib.util
    import sys

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("bench_run", root / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_run", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """1,000 generated results (units, grade-only, approximate, disputed) and TRICKY."""
    folder = tmp_path_factory.mktemp("export-panel")
    generated = folder / "panel.toml"
    generator().write_panel(generated, 1000, bundled_dir(), seed=11)
    tricky = folder / "tricky.toml"
    tricky.write_text(TRICKY, encoding="utf-8")
    return [generated, tricky]


def invoke(runner: CliRunner, args: list[str]) -> bytes:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def general(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `export` take the general path: rows by result_row, CSV/TSV cell by cell."""
    monkeypatch.setattr(core_export, "export_rows", queries.export_rows)
    monkeypatch.setattr(View, "flat_rows", lambda self: None)


@pytest.mark.parametrize("data", ["bundled", "panel"])
def test_export_writes_the_same_bytes_as_the_general_path(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, panel: list[Path], data: str
) -> None:
    paths = [a for p in panel for a in ("--data", str(p))] if data == "panel" else []
    fast = {tuple(args): invoke(runner, [*args, *paths]) for args in ARGUMENTS}
    general(monkeypatch)
    for args in ARGUMENTS:
        slow = invoke(runner, [*args, *paths])
        same(fast[tuple(args)].decode("utf-8"), slow.decode("utf-8"), args)
    # Not vacuous: the panel's rows are there, and TRICKY's slow turns were taken.
    csv_text = fast[("--format", "csv")].decode("utf-8")
    assert len(csv_text.splitlines()) > (2400 if data == "panel" else 1400)
    if data == "panel":
        assert '\'=HYPERLINK(""x"")' in csv_text and "\\x1b" in csv_text
        assert ",77.125," in csv_text and ",3.505," in csv_text


def test_the_rows_are_result_row_key_for_key(panel: list[Path]) -> None:
    """Dict rows and flat rows from the index are what result_row makes from the data read
    into memory: the same keys in the same order, the same values of the same types."""
    regions, scales = load_regions(), load_scales()
    memory = read_dataset([bundled_file("evaluations.toml"), *panel], regions, scales)
    indexed = load_dataset(panel)
    assert indexed.index is not None
    for instrument in (None, "ombudsman", "skm"):
        expected = list(queries.export_rows(memory, regions, scales, instrument))
        rows = list(core_export.export_rows(indexed, regions, scales, instrument))
        assert [repr(r) for r in rows] == [repr(r) for r in expected]
        flat = list(core_export.flat_rows(indexed, regions, scales, instrument))
        assert [repr(r) for r in flat] == [repr(core_export.flat_row(r)) for r in expected]
        if instrument is None:
            several = [r for r in expected if r["conflict"]]
            differ = [r for r in expected if len({s["stated"] for s in r["sources"]}) > 1]
            assert several and differ  # both slow turns were taken


def test_a_dataset_in_memory_gives_the_same_rows(panel: list[Path]) -> None:
    regions, scales = load_regions(), load_scales()
    memory = read_dataset([bundled_file("evaluations.toml"), *panel], regions, scales)
    assert memory.index is None
    rows = list(core_export.export_rows(memory, regions, scales, "ipp"))
    assert rows == list(queries.export_rows(memory, regions, scales, "ipp"))
    flat = list(core_export.flat_rows(memory, regions, scales, "ipp"))
    assert flat == [core_export.flat_row(r) for r in rows]


SCORES = st.decimals(
    min_value=Decimal("-1000"), max_value=Decimal("1000"), allow_nan=False, places=None
)


@given(
    st.one_of(
        SCORES,
        st.integers(min_value=0, max_value=10**6).map(lambda n: Decimal(n).scaleb(-2)),
        st.sampled_from([Decimal("86"), Decimal("86.6"), Decimal("1E+2"), Decimal("-0.00")]),
    )
)
def test_a_score_reads_as_format_score_writes_it(score: Decimal) -> None:
    for comma in (False, True):
        assert delimited._text_of(comma)(score) == format_score(score, decimal_comma=comma)


@given(st.data())
def test_the_band_found_by_bisection_is_band_for(data: st.DataObject) -> None:
    scales = load_scales()
    scale = data.draw(st.sampled_from(sorted(set(scales._by_year.values()), key=repr)))
    edges = [b.lower for b in scale.bands] + [b.upper for b in scale.bands]
    near = st.sampled_from(edges).flatmap(
        lambda e: st.sampled_from([e, e - Decimal("0.01"), e + Decimal("0.01"), e + 1, e - 1])
    )
    inside = st.decimals(
        min_value=scale.minimum - 1, max_value=scale.maximum + 1, allow_nan=False, places=3
    )
    score = data.draw(st.one_of(near, inside))
    assert core_export._band_finder(scale)(score) is scale.band_for(score)


# Any value a cell may hold, at its worst: separators, quotes, control characters, a formula.
HOSTILE = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(list("ab ,;\"'=+-@\t\r\n\x1b\\x09é")), max_size=6),
    st.sampled_from(["", "=1+1", "-3.20", "+62", "@x", "53.10", "a,b", "a;b", '"q"', "\\x09"]),
    st.booleans(),
    st.integers(min_value=-5, max_value=2030),
    SCORES,
    st.lists(st.sampled_from(["A-", "hijau", "a,b", "=x"]), max_size=2),
    st.lists(SCORES, max_size=2),
)
# A row as export makes it, mostly: what almost every row of a panel looks like.
USUAL = {
    "code": st.sampled_from(["53.71", "11", "53.10"]),
    "region": st.sampled_from(["Kota Kupang", "Aceh"]),
    "level": st.sampled_from(["kota", "provinsi"]),
    "province": st.just("Nusa Tenggara Timur"),
    "instrument": st.sampled_from(["ombudsman", "ipp"]),
    "method": st.sampled_from(["kepatuhan", None]),
    "year": st.integers(min_value=2015, max_value=2025),
    "unit": st.sampled_from([None, "Dinas Sosial"]),
    "score": st.one_of(st.none(), SCORES),
    "grade": st.sampled_from([None, "A", "B"]),
    "label": st.sampled_from([None, "Kualitas Tinggi"]),
    "zone": st.sampled_from([None, "hijau"]),
    "graded_from": st.sampled_from([None, "score", "stated"]),
    "stated": st.sampled_from([None, "zona hijau"]),
    "stated_differs": st.booleans(),
    "rank_stated": st.sampled_from([None, "1 of 22"]),
    "approximate": st.booleans(),
    "disputed": st.booleans(),
    "note": st.sampled_from([None, "Semester I"]),
    "sources": st.integers(min_value=1, max_value=3),
    "conflict": st.lists(SCORES, max_size=1),
    "conflict_grades": st.lists(st.sampled_from(["A-", "hijau"]), max_size=1),
}


@st.composite
def flat_rows(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """A few rows, most of them usual, some with a hostile value or two in any column."""
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=10))):
        row = [draw(USUAL[field]) for field in core_export.FLAT_FIELDS]
        for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
            row[draw(st.integers(0, len(row) - 1))] = draw(HOSTILE)
        rows.append(tuple(row))
    return rows


def same(fast: str, slow: str, case: object) -> None:
    """fast == slow, told by the first line that differs (pytest's own diff of long texts
    takes minutes)."""
    if fast != slow:
        pairs = zip(fast.splitlines(True), slow.splitlines(True), strict=False)
        line = next(((a, b) for a, b in pairs if a != b), (fast[-80:], slow[-80:]))
        pytest.fail(f"{case}: fast {line[0]!r} but general {line[1]!r}")


@settings(max_examples=50, deadline=None)
@given(flat_rows())
@example([("=53.71", *[None] * 18, 1, [], [])])
@example([("53.71", "a,b", *[None] * 17, 1, [], ['"q"'])])
@example([("53.71", "a\\x09b", *[None] * 17, 1, [], []), ("11", *[None] * 18, 2, [], [])])
def test_flat_rows_are_written_as_rows_are(rows: list[tuple[Any, ...]]) -> None:
    """Any values at all, in any column: the chunked writer of flat rows writes the bytes the
    cell-by-cell writer writes for the same rows as dicts."""
    columns = result_columns()
    at = core_export.FLAT_FIELDS.index("sources")
    # A dict row holds its sources; a flat row the count the column shows.
    dicts = [
        {
            **dict(zip(core_export.FLAT_FIELDS, row, strict=True)),
            "sources": [None] * (row[at] if type(row[at]) is int and row[at] > 0 else 1),
        }
        for row in rows
    ]
    flats = [
        (*row[:at], len(d["sources"]), *row[at + 1 :]) for row, d in zip(rows, dicts, strict=True)
    ]
    for fmt in (Format.csv, Format.tsv):
        for locale in (Locale.c, Locale.id):
            for raw in (False, True):
                fast, slow = io.StringIO(), io.StringIO()
                offered = View(columns, [Block(None, [], Flat(core_export.FLAT_FIELDS, flats))])
                assert delimited.write_delimited(offered, fast, fmt, locale, raw=raw) == len(rows)
                plain = View(columns, [Block(None, dicts)])
                delimited.write_delimited(plain, slow, fmt, locale, raw=raw)
                same(fast.getvalue(), slow.getvalue(), (fmt, locale, raw))


def test_cell_text_is_what_the_converter_gives() -> None:
    values: list[Any] = [None, "", "x", True, False, 0, 7, Decimal("86.6"), [], ["a", "b"]]
    values.append([Decimal("1"), Decimal("2.50")])
    for comma in (False, True):
        converted = delimited._converter(comma)(values)
        assert converted == [cell_text(v, decimal_comma=comma) for v in values]
