"""What a citation names: the result cited for a region's year, its band, the other values
reported for it, and the data it came from (the wording is render/citation.py's)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pelayanan_cli.core.agreement import band_of, contradicts, said
from pelayanan_cli.core.dataset import Dataset
from pelayanan_cli.core.errors import NotFoundError
from pelayanan_cli.core.model import Result, consistent
from pelayanan_cli.core.regions import Region
from pelayanan_cli.core.scales import Band, Scale, Scales
from pelayanan_cli.core.series import keys_of_year, pick_unit, why_no_result


@dataclass(frozen=True, slots=True)
class Cited:
    """Everything a citation names: the result, its band, who it is about, where the data is from."""

    result: Result
    band: Band | None
    scale: Scale | None
    region: Region
    others: tuple[Result, ...]  # reports of the same result with another value
    version: str
    sha256: str


def conflicting(
    result: Result, reports: list[Result], scales: Scales | None = None
) -> tuple[Result, ...]:
    """The reports of one result whose value disagrees with the cited one (one per value), and
    those whose grade words contradict its grade (Kota Baubau 2019: 53,15 kuning beside a
    source calling it "predikat tingkat kepatuhan terbaik")."""
    seen: set[Decimal | None] = set()
    others: list[Result] = []
    band = band_of(result, scales)[0] if scales is not None else None
    for report in reports:
        if report.where == result.where:
            continue
        if not consistent(result, report):
            if report.score in seen:
                continue
            seen.add(report.score)
            others.append(report)
        elif scales is not None and report.score is None and band is not None:
            scale = scales.find(report.instrument, report.year)
            if scale is not None and any(
                contradicts(said(report, source, scale), band, result.score, result.approximate)
                for source in report.sources
            ):
                others.append(report)
    return tuple(others)


def hash_of(dataset: Dataset, origin: str) -> str:
    """The hash of the data file the result came from (the bundled data, or the user's file)."""
    for data_file in dataset.files:
        if data_file.path == origin:
            return data_file.sha256
    return dataset.files[0].sha256 if dataset.files else ""


def cited_results(
    dataset: Dataset,
    scales: Scales,
    place: Region,
    year: int,
    version: str,
    instrument: str | None = None,
    unit: str | None = None,
) -> list[Cited]:
    """One citation per result of the year: every matching unit, every instrument held (or
    only `instrument`); NotFoundError saying why and what the data holds when there is none."""
    cited: list[Cited] = []
    units = pick_unit(dataset, place.code, unit)
    for key in keys_of_year(dataset, scales, place.code, year, units, instrument):
        result = dataset.primary(key)
        band, _ = band_of(result, scales)
        cited.append(
            Cited(
                result,
                band,
                scales.find(result.instrument, year),
                place,
                conflicting(result, dataset.reports(key), scales),
                version,
                hash_of(dataset, result.origin),
            )
        )
    if not cited:
        asked = None if unit is None else units[0]
        raise NotFoundError(why_no_result(dataset, scales, place, year, instrument, asked))
    return cited
