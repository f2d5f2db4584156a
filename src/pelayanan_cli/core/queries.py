"""Queries behind the commands: which results, in what order, with what computed grade.

Rows are plain dicts in the shape of the documented JSON contract (README, "JSON output");
renderers turn them into tables, CSV, TSV or JSON without knowing what they mean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from pelayanan_cli.core.dataset import Dataset, primary_of
from pelayanan_cli.core.errors import NotFoundError, UsageError
from pelayanan_cli.core.model import Result, ResultKey
from pelayanan_cli.core.records import record
from pelayanan_cli.core.regions import Region, Regions
from pelayanan_cli.core.scales import Band, Scale, Scales, StatedGrade, disagreement, read_stated

Row = dict[str, Any]


@record
class Filters:
    instrument: str | None = None
    year: int | None = None
    province: str | None = None
    level: str | None = None
    units: bool = False

    def admits(self, result: Result, region: Region) -> bool:
        return (
            (self.instrument is None or result.instrument == self.instrument)
            and (self.year is None or result.year == self.year)
            and (self.province is None or region.province_code == self.province)
            and (self.level is None or region.level == self.level)
            and (result.unit is not None) == self.units
        )


def resolve_region(regions: Regions, query: str) -> list[Region]:
    """Every region the user may mean; NotFoundError with suggestions when there is none."""
    found = regions.lookup(query)
    if found.candidates:
        return list(found.candidates)
    hint = ""
    if found.suggestions:
        names = " or ".join(f"'{r.name}'" for r in found.suggestions)
        hint = f"; did you mean {names}?"
    raise NotFoundError(
        f"no region matches {query!r}{hint} (try a name, an abbreviation like NTT, or a code like 53.71)"
    )


def resolve_province(regions: Regions, query: str) -> Region:
    found = [r for r in regions.lookup(query).candidates if r.is_province]
    if not found:
        found = [r for r in regions.lookup(f"provinsi {query}").candidates if r.is_province]
    if len(found) != 1:
        raise NotFoundError(
            f"no province matches {query!r} (try a name, e.g. 'Nusa Tenggara Timur', an abbreviation like NTT, or a code like 53)"
        )
    return found[0]


def band_of(result: Result, scales: Scales) -> tuple[Band | None, bool]:
    """The result's band: computed from its score, else read from its stated words (flagged)."""
    scale = scales.find(result.instrument, result.year)
    if scale is None:
        return None, False
    if result.score is not None:
        return scale.band_for(result.score), False
    for source in result.sources:
        if not source.stated:
            continue
        stated = _read_stated(source.stated, scale)
        by_grade = [b for b in scale.bands if stated.grade and b.grade == stated.grade]
        by_label = [b for b in scale.bands if stated.label and b.label == stated.label]
        if by_grade or by_label:
            return (by_grade or by_label)[0], True
        if stated.zone:
            zone_only = [b for b in scale.bands if b.zone == stated.zone]
            if len(zone_only) == 1:
                return zone_only[0], True
            if zone_only:
                # Only the zone is known: a band-less reading that carries the zone alone.
                return Band(
                    "", "", stated.zone, zone_only[-1].lower, zone_only[0].upper, "", ""
                ), True
    return None, False


def result_row(result: Result, dataset: Dataset, regions: Regions, scales: Scales) -> Row:
    region = regions.by_code[result.code]
    province = regions.province_of(region)
    band, from_stated = band_of(result, scales)
    scale = scales.find(result.instrument, result.year)
    conflict = dataset.conflicts(result)
    return {
        "code": result.code,
        "region": region.name,
        "level": region.level,
        "province": province.name,
        "instrument": result.instrument,
        "method": scale.method if scale else None,
        "year": result.year,
        "unit": result.unit,
        "score": result.score,
        "grade": (band.grade or None) if band else None,
        "label": (band.label or None) if band else None,
        "zone": (band.zone or None) if band else None,
        "graded_from": None if band is None else ("stated" if from_stated else "score"),
        "stated": result.stated,
        "stated_differs": _stated_differs(result, band, scales) if not from_stated else False,
        "rank_stated": result.rank,
        "approximate": result.approximate,
        # Marking one report of a disputed result is enough: every report of it reads disputed.
        "disputed": result.disputed or bool(conflict),
        "note": result.note,
        "sources": [
            {"url": s.url, "printed": s.printed, "stated": s.stated} for s in result.sources
        ],
        "conflict": conflict,
    }


def _stated_differs(result: Result, band: Band | None, scales: Scales) -> bool:
    scale = scales.find(result.instrument, result.year)
    if band is None or scale is None:
        return False
    return any(
        disagreement(_read_stated(s.stated, scale), band, scale) for s in result.sources if s.stated
    )


_STATED: dict[tuple[str, int], tuple[Scale, StatedGrade]] = {}


def _read_stated(words: str, scale: Scale) -> StatedGrade:
    """read_stated, remembered: a panel repeats the same grade words thousands of times."""
    key = (words, id(scale))
    known = _STATED.get(key)
    if known is not None and known[0] is scale:
        return known[1]
    if len(_STATED) >= 4096:
        _STATED.clear()
    stated = read_stated(words, scale)
    _STATED[key] = (scale, stated)
    return stated


def region_rows(
    dataset: Dataset, regions: Regions, scales: Scales, region: Region, filters: Filters
) -> list[Row]:
    """Every result of one region (its units after it, when asked), oldest first."""
    results = [
        r
        for r in dataset.for_codes([region.code])
        if (filters.instrument is None or r.instrument == filters.instrument)
        and (filters.year is None or r.year == filters.year)
        and (filters.units or r.unit is None)
    ]
    order = list(scales.instruments)
    results.sort(
        key=lambda r: (
            r.unit is not None,
            r.unit or "",
            order.index(r.instrument),
            r.year,
            r.approximate,
        )
    )
    return [result_row(r, dataset, regions, scales) for r in results]


def unit_count(dataset: Dataset, region: Region) -> int:
    return sum(1 for r in dataset.for_codes([region.code]) if r.unit is not None)


def latest_year(dataset: Dataset, regions: Regions, filters: Filters) -> int:
    years = dataset.years(filters.instrument, units=filters.units, codes=_scope(regions, filters))
    if not years:
        raise NotFoundError("no results match these filters")
    return years[-1]


def _scope(regions: Regions, filters: Filters) -> set[str] | None:
    """The codes --province and --level admit; None when neither narrows the country."""
    if filters.province is None and filters.level is None:
        return None
    return {
        r.code
        for r in regions.by_code.values()
        if (filters.province is None or r.province_code == filters.province)
        and (filters.level is None or r.level == filters.level)
    }


def _primaries(dataset: Dataset, regions: Regions, filters: Filters) -> list[Result]:
    """One report per result the filters admit, in the order of the data. Every report of a
    result shares its region, instrument, year and unit, so all of them are selected."""
    groups: dict[ResultKey, list[Result]] = {}
    selected = dataset.select(
        filters.instrument, filters.year, units=filters.units, codes=_scope(regions, filters)
    )
    for result in selected:
        if filters.admits(result, regions.by_code[result.code]):
            groups.setdefault(result.key, []).append(result)
    return [primary_of(reports) for reports in groups.values()]


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """1, 2, 2, 4: equal scores share a rank, and the next rank skips (scores sorted high to low)."""
    ranks: list[int] = []
    for index, score in enumerate(scores):
        ranks.append(ranks[-1] if index and score == scores[index - 1] else index + 1)
    return ranks


def rank_rows(
    dataset: Dataset, regions: Regions, scales: Scales, filters: Filters, top: int | None = None
) -> list[Row]:
    """One row per result (however many sources), scored ones ranked, grade-only ones after."""
    primaries = _primaries(dataset, regions, filters)
    scored = sorted(
        (r for r in primaries if r.score is not None),
        key=lambda r: (-(r.score or 0), regions.by_code[r.code].name, r.unit or ""),
    )
    unscored = sorted(
        (r for r in primaries if r.score is None),
        key=lambda r: (regions.by_code[r.code].name, r.unit or ""),
    )
    ranks = competition_ranks([r.score for r in scored if r.score is not None])
    rows: list[Row] = []
    for result, rank in zip(scored, ranks, strict=True):
        if top is not None and rank > top:
            break
        rows.append(
            {**result_row(result, dataset, regions, scales), "rank": rank, "of": len(scored)}
        )
    if top is None:
        for result in unscored:
            rows.append(
                {**result_row(result, dataset, regions, scales), "rank": None, "of": len(scored)}
            )
    return rows


def zone_counts(rows: Iterable[Row]) -> Counter[str]:
    return Counter(row["zone"] or "no zone" for row in rows)


def diff_rows(
    dataset: Dataset,
    regions: Regions,
    scales: Scales,
    year_a: int,
    year_b: int,
    filters: Filters,
    codes: set[str] | None = None,
) -> list[Row]:
    """Per region (and unit), both years' values and the change; present-in-one-year rows too."""
    sides: dict[tuple[str, str, str], dict[int, Result]] = {}
    for year in (year_a, year_b):
        year_filters = Filters(
            filters.instrument, year, filters.province, filters.level, filters.units
        )
        for result in _primaries(dataset, regions, year_filters):
            if codes is not None and result.code not in codes:
                continue
            sides.setdefault((result.code, result.instrument, result.unit or ""), {})[year] = result
    rows: list[Row] = []
    for (code, instrument, unit), pair in sides.items():
        region = regions.by_code[code]
        before, after = pair.get(year_a), pair.get(year_b)
        band_a = band_of(before, scales)[0] if before else None
        band_b = band_of(after, scales)[0] if after else None
        score_a = before.score if before else None
        score_b = after.score if after else None
        rows.append(
            {
                "code": code,
                "region": region.name,
                "level": region.level,
                "instrument": instrument,
                "unit": unit or None,
                "from_year": year_a,
                "to_year": year_b,
                "from_score": score_a,
                "to_score": score_b,
                "change": score_b - score_a
                if score_a is not None and score_b is not None
                else None,
                "from_grade": (band_a.grade or None) if band_a else None,
                "to_grade": (band_b.grade or None) if band_b else None,
                "from_zone": (band_a.zone or None) if band_a else None,
                "to_zone": (band_b.zone or None) if band_b else None,
            }
        )
    rows.sort(
        key=lambda r: (
            r["change"] is None,
            -(r["change"] or 0),
            r["region"],
            r["unit"] or "",
        )
    )
    return rows


def method_change(scales: Scales, instrument: str, year_a: int, year_b: int) -> str | None:
    """Why two years are not like for like, or None when one scale covers both."""
    a, b = scales.find(instrument, year_a), scales.find(instrument, year_b)
    if a is None or b is None or a is b:
        return None
    if a.method != b.method:
        return f"{instrument} {year_a} ({a.method}) and {year_b} ({b.method}) use different methods"
    return f"{instrument} {year_a} and {year_b} fall under different bands ({a.period}: {a.basis}; {b.period}: {b.basis})"


def coverage_rows(
    dataset: Dataset, regions: Regions, province: Region | None, instrument: str | None
) -> list[Row]:
    """Results per instrument and year, and how many of the regions in scope they cover."""
    scope = (
        [province, *regions.in_province(province.code)]
        if province is not None
        else list(regions.by_code.values())
    )
    counts = dataset.coverage(
        None if province is None else {r.code for r in scope}, instrument or None
    )
    return [
        {
            "instrument": inst,
            "year": year,
            "province": province.name if province else None,
            "results": found.results,
            "regions": found.regions,
            "scored": found.scored,
            "units": found.units,
            "of": len(scope),
        }
        for (inst, year), found in sorted(counts.items())
    ]


def source_rows(rows: Iterable[Row]) -> list[Row]:
    """One row per source: the result's fields beside the source's URL and what it printed."""
    flat: list[Row] = []
    for row in rows:
        for source in row["sources"]:
            flat.append(
                {
                    **{k: v for k, v in row.items() if k not in ("sources",)},
                    "url": source["url"],
                    "printed": source["printed"],
                    "source_stated": source["stated"],
                }
            )
    return flat


def parse_level(level: str | None) -> str | None:
    if level is None:
        return None
    if level not in ("provinsi", "kabupaten", "kota"):
        raise UsageError(f"unknown level {level!r}: use provinsi, kabupaten or kota")
    return level


def export_rows(
    dataset: Dataset, regions: Regions, scales: Scales, instrument: str | None
) -> list[Row]:
    return list(iter_export_rows(dataset, regions, scales, instrument))


def iter_export_rows(
    dataset: Dataset, regions: Regions, scales: Scales, instrument: str | None
) -> Iterator[Row]:
    """The rows of `export` one at a time, made as the index is read: a renderer that writes
    each row as it comes keeps memory flat in the size of the panel."""
    ordered = dataset.ordered(instrument, instruments=list(scales.instruments))
    return (result_row(result, dataset, regions, scales) for result in ordered)
