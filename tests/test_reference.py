"""The bundled data against ../shared/reference: every sourced record is in it, as printed.

Re-derives the mapping independently of scripts/convert_reference.py: each reference record is
resolved to its region within its province, and `pelayanan export --sources` must show it: a
row with its region code, instrument, year, unit (as the source named it), URL, figure, grade
words and rank. The other direction holds too: no source row shows a figure, grade words or a
rank that its own source did not print.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.regions import load_regions

INSTRUMENTS = {
    "ombudsman-kepatuhan": ("ombudsman", "kepatuhan"),
    "ombudsman-opini": ("ombudsman", "opini"),
    "kemenpanrb-ipp": ("ipp", "pekppp"),
    "skm": ("skm", "ikm"),
}


@dataclass(frozen=True)
class Record:
    where: str
    data: dict[str, Any]

    @property
    def scored(self) -> bool:
        return self.data["score"] is not None

    @property
    def kind(self) -> str:
        if self.scored:
            return "scored"
        return "grade-only" if self.data["stated_grade"] else "rank-only"


def read_records(reference: Path) -> list[Record]:
    records = []
    for path in sorted(reference.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                records.append(Record(f"{path.name}:{number}", json.loads(line)))
    return records


@pytest.fixture(scope="module")
def records(shared_dir: Path) -> list[Record]:
    found = read_records(shared_dir / "reference")
    assert found, "no reference records"
    return found


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """`export --sources` of the bundled data only (no user file from $PELAYANAN_DATA)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PELAYANAN_DATA", raising=False)
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data-home")))
        result = CliRunner().invoke(app, ["export", "--sources", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def region_code(record: Record) -> str:
    """The record's entity as one Kemendagri code, looked up within its province."""
    regions = load_regions()
    provinces = [r for r in regions.lookup(record.data["province"]).candidates if r.is_province]
    assert len(provinces) == 1, f"{record.where}: province {record.data['province']!r}"
    found = regions.lookup(record.data["entity"], within=provinces[0].code)
    assert found.unique is not None, f"{record.where}: {record.data['entity']!r} -> {found}"
    assert found.unique.level == record.data["level"], record.where
    return found.unique.code


def record_key(record: Record) -> tuple[Any, ...]:
    """Where a record must show: region, instrument, method, year, unit as named, URL."""
    data = record.data
    instrument, method = INSTRUMENTS[data["instrument"]]
    return (region_code(record), instrument, method, data["year"], data["unit"], data["source_url"])


def row_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["code"],
        row["instrument"],
        row["method"],
        row["year"],
        row["source_unit"],
        row["url"],
    )


def figure(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def same_value(row: dict[str, Any], record: Record) -> bool:
    """The row shows the record's figure, as printed (verbatim in the quote), or none."""
    data = record.data
    if data["score"] is None:
        return row["score"] is None and row["printed"] is None
    printed = row["printed"]
    return (
        figure(row["score"]) == figure(data["score"])
        and printed is not None
        and printed in data["quote"]
        and Decimal(printed.replace(",", ".").replace(" ", "")) == figure(data["score"])
    )


def shows(row: dict[str, Any], record: Record, twins: list[Record]) -> bool:
    """The row shows what the record says its source printed: its value, and grade words and
    rank as this record or a twin of it gives them (one article recorded by two reference
    files is one source; the data keeps the words found verbatim in a quote, and any rank)."""
    group = [r for r in twins if same_value(row, r)]
    if record not in group:
        return False
    ranks = {r.data["rank"] for r in group} - {None}
    return row["stated"] in {r.data["stated_grade"] for r in group} and (
        row["rank_stated"] in ranks if ranks else row["rank_stated"] is None
    )


def test_every_record_is_a_row_of_export_sources(
    records: list[Record], rows: list[dict[str, Any]]
) -> None:
    """Value, URL, code, year and unit of every record of every *.jsonl, rank-only ones too."""
    by_key: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_key[row_key(row)].append(row)
    twins: dict[tuple[Any, ...], list[Record]] = defaultdict(list)
    for record in records:
        twins[record_key(record)].append(record)
    missing = [
        record.where
        for record in records
        if not any(
            shows(row, record, twins[record_key(record)])
            for row in by_key.get(record_key(record), [])
        )
    ]
    assert missing == []


def test_no_source_row_shows_what_its_source_did_not_print(
    records: list[Record], rows: list[dict[str, Any]]
) -> None:
    """Every row's figure, grade words and rank are those of a record of its own source."""
    by_key: dict[tuple[Any, ...], list[Record]] = defaultdict(list)
    for record in records:
        by_key[record_key(record)].append(record)
    leaked = [
        (row["code"], row["year"], row["url"])
        for row in rows
        if not any(
            shows(row, record, by_key[row_key(row)]) for record in by_key.get(row_key(row), [])
        )
    ]
    assert leaked == []
    # A row that printed no figure shows none, whatever the result's value.
    assert all(row["score"] is None for row in rows if row["printed"] is None)


def test_no_source_in_the_data_lacks_a_reference_record(
    records: list[Record], rows: list[dict[str, Any]]
) -> None:
    """The other direction: every URL in the data came from the reference."""
    assert {row["url"] for row in rows} == {r.data["source_url"] for r in records}


def test_counts(records: list[Record], rows: list[dict[str, Any]]) -> None:
    """Per instrument and year: every record is one source row, or the same article recorded
    twice for one result (kept once); the figures for the record, printed by `pytest -s`."""
    by_kind = Counter((r.data["instrument"], r.kind) for r in records)
    by_year = Counter((INSTRUMENTS[r.data["instrument"]][0], r.data["year"]) for r in records)
    print("\nreference records by instrument:")
    for (instrument, kind), count in sorted(by_kind.items()):
        print(f"  {instrument:20} {kind:10} {count}")
    held = Counter((row["instrument"], row["year"]) for row in rows)
    print("source rows of `export --sources` by instrument and year (records):")
    for key, count in sorted(held.items()):
        print(f"  {key[0]:10} {key[1]} {count:5} ({by_year[key]})")
    assert set(held) == set(by_year)
    distinct = Counter(
        (INSTRUMENTS[r.data["instrument"]][0], r.data["year"])
        for r in {record_key(r): r for r in records}.values()
    )
    assert held == distinct


def test_rank_only_records_are_held_but_never_scored_or_graded(
    records: list[Record], rows: list[dict[str, Any]]
) -> None:
    """Records with neither score nor grade words (a rank, an award) are source rows without a
    figure or a grade, and count in no "with score" or "held" figure of coverage."""
    rank_only = [r for r in records if r.kind == "rank-only"]
    assert rank_only
    keyed = {row_key(row): row for row in rows}
    for record in rank_only:
        row = keyed[record_key(record)]
        assert (row["score"], row["grade"], row["zone"], row["rank_stated"]) == (
            None,
            None,
            None,
            record.data["rank"],
        )
    # A government whose only result for a year is rank-only is counted in no held figure.
    only = defaultdict(set)
    for record in records:
        only[
            (region_code(record), INSTRUMENTS[record.data["instrument"]][0], record.data["year"])
        ].add(record.kind if record.data["unit"] is None else "unit")
    lonely = [key for key, kinds in only.items() if kinds == {"rank-only"}]
    assert lonely, "the reference has governments known only by a rank"
    runner = CliRunner()
    for code, instrument, year in lonely:
        province = code.split(".")[0]
        result = runner.invoke(
            app, ["coverage", "--province", province, "-i", instrument, "--format", "json"]
        )
        (row,) = [r for r in json.loads(result.stdout) if r["year"] == year]
        assert row["held"] < row["regions"], (code, year)


def _converter() -> Any:
    """scripts/convert_reference.py as a module (it is a script, not part of the package)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "convert_reference.py"
    spec = importlib.util.spec_from_file_location("convert_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up by name while the module runs.
    sys.modules.setdefault("convert_reference", module)
    spec.loader.exec_module(module)
    return sys.modules["convert_reference"]


def test_the_converter_reproduces_the_bundled_data(shared_dir: Path, tmp_path: Path) -> None:
    """Re-running the converter on the reference writes the bundled file byte for byte."""
    from pelayanan_cli.core.paths import bundled_file

    out = tmp_path / "evaluations.toml"
    assert _converter().main(shared_dir / "reference", out) == 0
    assert out.read_bytes() == bundled_file("evaluations.toml").read_bytes()


def test_a_name_that_does_not_resolve_stops_the_conversion(
    shared_dir: Path, tmp_path: Path
) -> None:
    """Never a record silently dropped: an unknown entity stops it, naming file and line."""
    reference = tmp_path / "reference"
    reference.mkdir()
    first = (shared_dir / "reference" / "seed_scores.jsonl").read_text(encoding="utf-8")
    record = json.loads(first.splitlines()[0])
    unknown = {**record, "entity": "Kabupaten Atlantis"}
    lines = [json.dumps(record), json.dumps(unknown)]
    (reference / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "evaluations.toml"
    with pytest.raises(SystemExit) as stopped:
        _converter().main(reference, out)
    assert str(stopped.value).startswith("a.jsonl:2: 'Kabupaten Atlantis'")
    assert not out.exists()
