"""The bundled data against ../shared/reference: every sourced record is in it, as printed.

Re-derives the mapping independently of scripts/convert_reference.py: each reference record is
resolved to its region within its province, and the loaded dataset must hold a result with the
same region, instrument, year and score that names the record's URL among its sources.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pelayanan_cli.core.dataset import Dataset, load_dataset
from pelayanan_cli.core.model import Result
from pelayanan_cli.core.regions import load_regions

INSTRUMENTS = {
    "ombudsman-kepatuhan": "ombudsman",
    "ombudsman-opini": "ombudsman",
    "kemenpanrb-ipp": "ipp",
    "skm": "skm",
}


@dataclass(frozen=True)
class Record:
    where: str
    data: dict[str, Any]

    @property
    def scored(self) -> bool:
        return self.data["score"] is not None


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
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The bundled data only: no user file from $PELAYANAN_DATA or $XDG_DATA_HOME."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PELAYANAN_DATA", raising=False)
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data-home")))
        return load_dataset()


def region_code(record: Record) -> str:
    """The record's entity as one Kemendagri code, looked up within its province."""
    regions = load_regions()
    provinces = [r for r in regions.lookup(record.data["province"]).candidates if r.is_province]
    assert len(provinces) == 1, f"{record.where}: province {record.data['province']!r}"
    found = regions.lookup(record.data["entity"], within=provinces[0].code)
    assert found.unique is not None, f"{record.where}: {record.data['entity']!r} -> {found}"
    assert found.unique.level == record.data["level"], record.where
    return found.unique.code


def matching(dataset: Dataset, record: Record) -> list[Result]:
    """Results of the record's key that list its URL (and carry its score, if it has one)."""
    data = record.data
    code, instrument = region_code(record), INSTRUMENTS[data["instrument"]]
    found = [
        r
        for r in dataset.for_codes([code])
        if (r.instrument, r.year) == (instrument, data["year"])
        and (r.unit is None) == (data["unit"] is None)
        and any(s.url == data["source_url"] for s in r.sources)
    ]
    if record.scored:
        score = Decimal(str(data["score"]))
        found = [r for r in found if r.score == score]
    # One article may give two units the same figure (Kota Madiun 2024: Dinas Sosial and the
    # rumah sakit daerah, both 4,63); the unit as named then tells them apart. Elsewhere the data
    # may spell a unit differently from the record (Dukcapil), so an inexact name still counts.
    same_unit = [r for r in found if data["unit"] is not None and r.unit == data["unit"]]
    return same_unit or found


def test_every_scored_record_is_in_the_data(records: list[Record], dataset: Dataset) -> None:
    missing = []
    for record in (r for r in records if r.scored):
        found = matching(dataset, record)
        if len(found) != 1:
            missing.append(f"{record.where}: {len(found)} results")
            continue
        source = next(s for s in found[0].sources if s.url == record.data["source_url"])
        # The figure as stored is the figure as printed: it must stand verbatim in the quote.
        assert source.printed is not None, record.where
        assert source.printed in record.data["quote"], (record.where, source.printed)
    assert missing == []


def test_every_grade_only_record_is_in_the_data(records: list[Record], dataset: Dataset) -> None:
    missing = [r.where for r in records if not r.scored and not matching(dataset, r)]
    assert missing == []


def test_no_source_in_the_data_lacks_a_reference_record(
    records: list[Record], dataset: Dataset
) -> None:
    """The other direction: every URL in the data came from the reference."""
    urls = {r.data["source_url"] for r in records}
    assert {s.url for r in dataset.results for s in r.sources} == urls


def test_counts(records: list[Record], dataset: Dataset) -> None:
    """Per-instrument and per-year counts for the record; the totals tie out with the data."""
    by_instrument = Counter(
        (r.data["instrument"], "scored" if r.scored else "grade-only") for r in records
    )
    by_year = Counter((INSTRUMENTS[r.data["instrument"]], r.data["year"]) for r in records)
    print("\nreference records by instrument:")
    for (instrument, kind), count in sorted(by_instrument.items()):
        print(f"  {instrument:20} {kind:10} {count}")
    print("reference records by instrument and year:")
    for (instrument, year), count in sorted(by_year.items()):
        print(f"  {instrument:10} {year} {count}")
    results = Counter((r.instrument, r.year) for r in dataset.results)
    print("results in the data by instrument and year:")
    for (instrument, year), count in sorted(results.items()):
        print(f"  {instrument:10} {year} {count}")
    assert sum(by_instrument.values()) == len(records)
    # Each result holds at least one reference record, so no key has more results than records.
    assert set(results) == set(by_year)
    assert all(results[key] <= by_year[key] for key in results)
