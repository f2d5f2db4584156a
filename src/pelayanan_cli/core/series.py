"""A region's results across years, and where it stands among its peers.

The trend chart, the report and the citations read the same facts: for each year of an
instrument, the region's result (or why there is none), the bands that graded it, and where the
method or the bands changed so two years are not read as like for like.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pelayanan_cli.core.dataset import Dataset
from pelayanan_cli.core.model import Result, ResultKey
from pelayanan_cli.core.queries import band_of, competition_ranks
from pelayanan_cli.core.regions import Region, Regions
from pelayanan_cli.core.scales import Band, Scale, Scales

Status = Literal["result", "no_assessment", "no_result"]
ChangeKind = Literal["no_assessment", "bands", "method"]


@dataclass(frozen=True, slots=True)
class Point:
    """One year of a series: the result the data holds, or why there is none."""

    year: int
    status: Status
    result: Result | None = None
    band: Band | None = None
    graded_from: str | None = None
    scale: Scale | None = None
    conflict: tuple[Decimal, ...] = ()
    reason: str | None = None

    @property
    def score(self) -> Decimal | None:
        return self.result.score if self.result is not None else None


@dataclass(frozen=True, slots=True)
class Change:
    """A break in comparability at `year`: no assessment, new bands, or a new method."""

    year: int
    kind: ChangeKind
    scale: Scale | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Series:
    region: Region
    instrument: str
    unit: str | None
    points: tuple[Point, ...]
    periods: tuple[Scale, ...]
    changes: tuple[Change, ...]

    @property
    def results(self) -> list[Point]:
        return [p for p in self.points if p.status == "result"]

    @property
    def minimum(self) -> Decimal:
        return min(s.minimum for s in self.periods)

    @property
    def maximum(self) -> Decimal:
        return max(s.maximum for s in self.periods)

    def point(self, year: int) -> Point | None:
        return next((p for p in self.points if p.year == year), None)

    def change_at(self, year: int) -> Change | None:
        return next((c for c in self.changes if c.year == year), None)


def instruments_of(
    dataset: Dataset, scales: Scales, code: str, unit: str | None = None
) -> list[str]:
    """The instruments a region (or one of its units) has results for, in the scales' order."""
    held = {r.instrument for r in dataset.for_codes([code]) if r.unit == unit}
    return [i for i in scales.instruments if i in held]


def keys_of_year(
    dataset: Dataset,
    scales: Scales,
    code: str,
    year: int,
    units: Sequence[str | None],
    instrument: str | None = None,
) -> list[ResultKey]:
    """The year's results of a region: each of `units` (None: the government), every
    instrument held there (or only `instrument`), in the scales' order."""
    keys: list[ResultKey] = []
    for unit in units:
        for name in instruments_of(dataset, scales, code, unit):
            key = (code, name, year, unit or "")
            if instrument in (None, name) and dataset.reports(key):
                keys.append(key)
    return keys


def primary_result(
    dataset: Dataset, code: str, instrument: str, year: int, unit: str | None = None
) -> Result | None:
    """The report a chart or ranking shows for one result; the others stay as `conflict`."""
    key = (code, instrument, year, unit or "")
    return dataset.primary(key) if dataset.reports(key) else None


def build_series(
    dataset: Dataset,
    regions: Regions,
    scales: Scales,
    code: str,
    instrument: str,
    unit: str | None = None,
) -> Series:
    """Every year of the instrument's assessments, first to last, for one region (or unit)."""
    info = scales.instrument(instrument)
    years = scales.years(instrument)
    points: list[Point] = []
    changes: list[Change] = []
    periods: list[Scale] = []
    previous: Scale | None = None
    for year in range(years[0], years[-1] + 1):
        scale = scales.find(instrument, year)
        if scale is None:
            reason = info.no_assessment.get(year, f"no {info.name} assessment in {year}")
            points.append(Point(year, "no_assessment", reason=reason))
            changes.append(Change(year, "no_assessment", None, reason))
            continue
        if previous is not None and scale is not previous:
            kind: ChangeKind = "method" if scale.method != previous.method else "bands"
            changes.append(Change(year, kind, scale))
        if scale not in periods:
            periods.append(scale)
        previous = scale
        result = primary_result(dataset, code, instrument, year, unit)
        if result is None:
            points.append(Point(year, "no_result", scale=scale))
            continue
        band, from_stated = band_of(result, scales)
        points.append(
            Point(
                year,
                "result",
                result,
                band,
                None if band is None else ("stated" if from_stated else "score"),
                scale,
                tuple(dataset.conflicts(result)),
            )
        )
    return Series(
        regions.by_code[code], instrument, unit, tuple(points), tuple(periods), tuple(changes)
    )


def previous_point(series: Series, year: int) -> Point | None:
    """The last result before `year` (the assessment a change is measured against)."""
    earlier = [p for p in series.results if p.year < year]
    return earlier[-1] if earlier else None


@dataclass(frozen=True, slots=True)
class Standing:
    """A scored result's competition rank among the peers the data holds a score for."""

    rank: int
    of: int
    peers: str  # "kabupaten/kota" within a province, or "provinsi" nationally
    province: Region | None


def _peers(regions: Regions, region: Region) -> tuple[list[Region], str, Region | None]:
    if region.is_province:
        return [r for r in regions.by_code.values() if r.is_province], "provinsi", None
    province = regions.province_of(region)
    return regions.in_province(province.code), "kabupaten/kota", province


def _peer_scores(
    dataset: Dataset, peers: Sequence[Region], instrument: str, year: int
) -> dict[str, Decimal]:
    scores: dict[str, Decimal] = {}
    for peer in peers:
        result = primary_result(dataset, peer.code, instrument, year)
        if result is not None and result.score is not None:
            scores[peer.code] = result.score
    return scores


def standing(
    dataset: Dataset, regions: Regions, region: Region, instrument: str, year: int
) -> Standing | None:
    """Rank within the province (kabupaten/kota) or among provinces (a province); 1, 2, 2, 4."""
    peers, kind, province = _peers(regions, region)
    scores = _peer_scores(dataset, peers, instrument, year)
    if region.code not in scores:
        return None
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    ranks = competition_ranks([score for _, score in ordered])
    rank = next(r for (code, _), r in zip(ordered, ranks, strict=True) if code == region.code)
    return Standing(rank, len(ordered), kind, province)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A region's result beside its province's own result and the median of its peers."""

    year: int
    instrument: str
    score: Decimal | None
    province_result: Result | None
    # The middle value, or the two middle values when the count is even (never averaged).
    median: tuple[Decimal, ...]
    peers: int


def median_values(values: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """The middle of sorted values: one value, or both middle values for an even count."""
    ordered = sorted(values)
    if not ordered:
        return ()
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return (ordered[middle],)
    low, high = ordered[middle - 1], ordered[middle]
    return (low,) if low == high else (low, high)


def compare_with_province(
    dataset: Dataset, regions: Regions, region: Region, instrument: str, year: int
) -> Comparison:
    """The province's result and the kabupaten/kota median for the same instrument and year."""
    province = region if region.is_province else regions.province_of(region)
    own = primary_result(dataset, region.code, instrument, year)
    peers = regions.in_province(province.code)
    scores = _peer_scores(dataset, peers, instrument, year)
    province_result = (
        None if region.is_province else primary_result(dataset, province.code, instrument, year)
    )
    return Comparison(
        year,
        instrument,
        own.score if own is not None else None,
        province_result,
        median_values(list(scores.values())),
        len(scores),
    )


def series_record(series: Series, regions: Regions, scales: Scales) -> dict[str, Any]:
    """The series as JSON-ready data (the `trend --format json` contract)."""
    region = series.region
    return {
        "code": region.code,
        "region": region.name,
        "level": region.level,
        "province": regions.province_of(region).name,
        "unit": series.unit,
        "instrument": series.instrument,
        "instrument_name": scales.instruments[series.instrument].name,
        "minimum": series.minimum,
        "maximum": series.maximum,
        "points": [_point_record(p) for p in series.points],
        "periods": [s.record() for s in series.periods],
        "changes": [
            {
                "year": c.year,
                "kind": c.kind,
                "period": c.scale.period if c.scale else None,
                "method": c.scale.method if c.scale else None,
                "basis": c.scale.basis if c.scale else None,
                "reason": c.reason,
            }
            for c in series.changes
        ],
    }


def _point_record(point: Point) -> dict[str, Any]:
    result, band = point.result, point.band
    return {
        "year": point.year,
        "status": point.status,
        "score": point.score,
        "approximate": result.approximate if result else None,
        "grade": (band.grade or None) if band else None,
        "label": (band.label or None) if band else None,
        "zone": (band.zone or None) if band else None,
        "graded_from": point.graded_from,
        "method": point.scale.method if point.scale else None,
        "conflict": list(point.conflict),
        "sources": [
            {"url": s.url, "printed": s.printed, "stated": s.stated} for s in result.sources
        ]
        if result
        else [],
        "reason": point.reason,
    }


def only_region(regions: Regions, query: str, command: str) -> Region:
    """The one region `query` names; NotFoundError listing the candidates when it names several."""
    from pelayanan_cli.core.errors import NotFoundError
    from pelayanan_cli.core.queries import resolve_region

    matches = resolve_region(regions, query)
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(f"'{m.name}' ({m.code})" for m in matches)
    raise NotFoundError(
        f"{query!r} matches {len(matches)} regions: {names}; name one, e.g. pelayanan {command} {matches[-1].code}"
    )


def years_held(dataset: Dataset, scales: Scales, code: str, unit: str | None = None) -> str:
    """'ombudsman 2017–2019, 2021–2024; ipp 2025': what the data holds, for a not-found message."""
    parts = []
    for instrument in instruments_of(dataset, scales, code, unit):
        years = sorted(
            {
                r.year
                for r in dataset.for_codes([code])
                if r.instrument == instrument and r.unit == unit
            }
        )
        parts.append(f"{instrument} {year_span(years)}")
    return "; ".join(parts) or "none"


def pick_unit(dataset: Dataset, code: str, wanted: str | None) -> list[str | None]:
    """The units whose name contains `wanted` (case ignored), or [None] for the government."""
    from pelayanan_cli.core.errors import NotFoundError

    if wanted is None:
        return [None]
    from pelayanan_cli.core.units import load_units

    units = sorted({r.unit for r in dataset.for_codes([code]) if r.unit is not None})
    # A unit answers to every name data/units.toml knows for it ("Dinas Pendidikan" in Kota
    # Kupang is the Dinas Pendidikan dan Kebudayaan of later years).
    names = {u: load_units().names_of(u, code) for u in units}
    asked = " ".join(wanted.casefold().split())
    exact = [u for u in units if asked in names[u]]
    found = exact or [u for u in units if any(asked in n for n in names[u])]
    if not found:
        listed = "; ".join(units) or "none"
        raise NotFoundError(f"no unit matches {wanted!r}; units held: {listed}")
    return list(found)


def year_span(years: Sequence[int]) -> str:
    """2017, 2018, 2019, 2021 -> '2017–2019, 2021'."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def why_no_result(
    dataset: Dataset,
    scales: Scales,
    region: Region,
    year: int,
    instrument: str | None = None,
    unit: str | None = None,
) -> str:
    """Why there is nothing for a region's year: no assessment that year, or none held."""
    held = instruments_of(dataset, scales, region.code, unit)
    asked = [instrument] if instrument else held
    problems = [p for i in asked if (p := scales.year_problem(i, year))]
    who = region.name + (f", {unit}" if unit else "")
    what = f"{instrument} " if instrument else ""
    text = f"no {what}result for {who} in {year}"
    if problems:
        text += ": " + "; ".join(problems)
    return f"{text}. The data holds: {years_held(dataset, scales, region.code, unit)}"
