"""Queries behind the commands: which results, in what order, with what computed grade.

Rows are plain dicts in the shape of the documented JSON contract (README, "JSON output");
renderers turn them into tables, CSV, TSV or JSON without knowing what they mean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pelayanan_cli.core.agreement import (
    Said,
    any_disagreement,
    contradicts,
    other_grades,
    said_by,
)

# band_of is read from here by other modules too (entries, series, claims, citations).
from pelayanan_cli.core.agreement import band_of as band_of
from pelayanan_cli.core.dataset import Counts, Dataset, primary_of
from pelayanan_cli.core.errors import NotFoundError, UsageError
from pelayanan_cli.core.model import Result, ResultKey, consistent
from pelayanan_cli.core.records import record
from pelayanan_cli.core.regions import Region, Regions
from pelayanan_cli.core.scales import Band, Scales
from pelayanan_cli.core.scope import LEVEL_SETS

if TYPE_CHECKING:
    from pelayanan_cli.core.scope import Assessed, Scope, ScopeEntry

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
            and (self.level is None or region.level in LEVEL_SETS[self.level])
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


def result_row(result: Result, dataset: Dataset, regions: Regions, scales: Scales) -> Row:
    # Most results have one report: only a result reported several times reads the others.
    reports = dataset.reports(result.key) if dataset.several(result.key) else [result]
    return row_of(result, reports, regions, scales)


def row_of(result: Result, reports: Sequence[Result], regions: Regions, scales: Scales) -> Row:
    """The row of `result`, given every report of it in the order of the data (itself alone
    when it has one)."""
    region = regions.by_code[result.code]
    province = regions.province_of(region)
    band, from_stated = band_of(result, scales)
    scale = scales.find(result.instrument, result.year)
    conflict = _conflicts(result, reports)
    if not any(r.where == result.where for r in reports):
        reports = [result, *reports]
    everyone = said_by(reports, scales)
    # The same report may come back from the index as another object: it is known by its line.
    own = [item for item in everyone if item.report.where == result.where]
    # A source is flagged when it contradicts the result as shown and ranked: the primary report.
    primary = primary_of(reports) if len(reports) > 1 else result
    shown = band if primary.where == result.where else band_of(primary, scales)[0]
    sources = [_source_record(item, primary, shown) for item in own]
    differs = not from_stated and any(
        contradicts(item, band, result.score, result.approximate) for item in own
    )
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
        "stated_differs": differs,
        "rank_stated": result.rank,
        "approximate": result.approximate,
        # Sources that disagree, on the value or on the grade, make every report disputed.
        "disputed": any(r.disputed for r in reports)
        or bool(conflict)
        or any_disagreement(everyone),
        "note": result.note,
        "sources": sources,
        "conflict": conflict,
        "conflict_grades": other_grades(everyone, band, result.score, result.approximate),
    }


def _conflicts(result: Result, reports: Sequence[Result]) -> list[Decimal]:
    """Other values reported for the same result that do not fit this one (Dataset.conflicts)."""
    return sorted(
        {
            other.score
            for other in reports
            if other is not result and other.score is not None and not consistent(result, other)
        }
    )


def _source_record(item: Said, primary: Result, band: Band | None) -> Row:
    """One source as it printed it: its own figure, words, rank and unit, the grade they give,
    and whether they contradict the result as shown (its primary report and that one's band)."""
    source = item.source
    own = None
    if item.bands is not None and len(item.bands) == 1:
        own = next(iter(item.bands))
    zones = {b.zone for b in item.bands} if item.bands else set()
    return {
        "url": source.url,
        "printed": source.printed,
        "stated": source.stated,
        "rank": source.rank,
        "unit": source.unit,
        "figure": item.figure,
        "approximate": item.approximate and item.figure is not None,
        "grade": (own.grade or None) if own else None,
        "label": (own.label or None) if own else None,
        "zone": zones.pop() if len(zones) == 1 and "" not in zones else None,
        "graded_from": None if item.bands is None else ("stated" if item.from_words else "score"),
        "contradicts": contradicts(item, band, primary.score, primary.approximate),
    }


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
        and (filters.level is None or r.level in LEVEL_SETS[filters.level])
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
    dataset: Dataset,
    regions: Regions,
    scales: Scales,
    filters: Filters,
    top: int | None = None,
    scope: Scope | None = None,
) -> list[Row]:
    """One row per result (however many sources), scored ones ranked, grade-only ones after,
    then those with neither score nor grade. Every row says what its "of N" is: `held` results
    ranked by score, and how many governments were `assessed` where a source states it."""
    primaries = _primaries(dataset, regions, filters)
    scored = sorted(
        (r for r in primaries if r.score is not None),
        key=lambda r: (-(r.score or 0), regions.by_code[r.code].name, r.unit or ""),
    )
    unscored = sorted(
        (r for r in primaries if r.score is None),
        key=lambda r: (band_of(r, scales)[0] is None, regions.by_code[r.code].name, r.unit or ""),
    )
    ranks = competition_ranks([r.score for r in scored if r.score is not None])
    assessed = rank_scope(filters, scope)
    about = {
        "of": len(scored),
        "held": len(scored),
        "assessed": assessed.count,
        "assessed_counts": list(assessed.counts),
        "of_text": _of_text(len(scored), _assessed_words(filters, scope)),
    }
    rows: list[Row] = []
    for result, rank in zip(scored, ranks, strict=True):
        if top is not None and rank > top:
            break
        rows.append({**result_row(result, dataset, regions, scales), "rank": rank, **about})
    if top is None:
        for result in unscored:
            rows.append({**result_row(result, dataset, regions, scales), "rank": None, **about})
    return rows


def rankings(
    dataset: Dataset, regions: Regions, scales: Scales, filters: Filters, top: int | None = None
) -> list[tuple[str | None, list[Row]]]:
    """Each peer group's ranking (peer_levels), with its level set; groups with no result left
    out. Every row names the group it is ranked in (`ranked_among`)."""
    found = []
    for level in peer_levels(filters):
        group = Filters(filters.instrument, filters.year, filters.province, level, filters.units)
        rows = rank_rows(dataset, regions, scales, group, top)
        among = "units" if filters.units else (level or "pemda")
        if rows:
            found.append((level, [{**row, "ranked_among": among} for row in rows]))
    return found


def _of_text(held: int, assessed: str) -> str:
    """'12 held; 22 assessed', '34 held; assessed: unknown'."""
    if all(part.isdigit() for part in assessed.split(" or ")):
        return f"{held} held; {assessed} assessed"
    return f"{held} held; assessed: {assessed}"


def _levels(filters: Filters) -> frozenset[str]:
    return LEVEL_SETS[filters.level] if filters.level else LEVEL_SETS["pemda"]


def peer_levels(filters: Filters) -> list[str | None]:
    """The groups a ranking ranks separately, as the Ombudsman does: provinces among provinces,
    and kabupaten and kota apart nationally ("357 of 416 kabupaten", "62 of 93 kota") but
    together within a province ("1 of 22 kabupaten/kota in NTT"). A --level given is one group;
    units are ranked among units, whatever their government's level."""
    if filters.level is not None or filters.units:
        return [filters.level]
    if filters.province is not None:
        return ["kabupaten/kota", "provinsi"]
    return ["provinsi", "kabupaten", "kota"]


def rank_scope(filters: Filters, scope: Scope | None = None) -> Assessed:
    """How many governments of the ranking's levels and area were assessed (unknown for units)."""
    from pelayanan_cli.core.scope import Assessed, load_scope

    if filters.units or filters.instrument is None or filters.year is None:
        return Assessed((), ())
    sources = scope if scope is not None else load_scope()
    return sources.assessed(filters.instrument, filters.year, filters.province, _levels(filters))


def _assessed_words(filters: Filters, scope: Scope | None = None) -> str:
    from pelayanan_cli.core.scope import describe, load_scope

    if filters.units or filters.instrument is None or filters.year is None:
        return "unknown"
    sources = scope if scope is not None else load_scope()
    return describe(
        *sources.breakdown(filters.instrument, filters.year, filters.province, _levels(filters))
    )


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
    dataset: Dataset,
    regions: Regions,
    province: Region | None,
    instrument: str | None,
    scope: Scope | None = None,
) -> list[Row]:
    """Results per instrument and year against the governments assessed, as the scope's sources
    state it: "held / assessed". Years assessed with nothing held get a row of zeros; a result
    with neither score nor grade (award- or rank-only) is never held as a result."""
    from pelayanan_cli.core.scope import load_scope

    listed = (
        [province, *regions.in_province(province.code)]
        if province is not None
        else list(regions.by_code.values())
    )
    # Held is counted apart for provincial governments and kabupaten/kota, to set each beside
    # its own assessed count when only one of them is known.
    groups = {
        "provinsi": {r.code for r in listed if r.is_province},
        "kabupaten/kota": {r.code for r in listed if not r.is_province},
    }
    counts = dataset.coverage(
        None if province is None else {r.code for r in listed}, instrument or None
    )
    held = {name: dataset.coverage(codes, instrument or None) for name, codes in groups.items()}
    sources = scope if scope is not None else load_scope()
    area = province.code if province is not None else None
    slots = set(counts) | sources.years(instrument, area)
    rows: list[Row] = []
    for inst, year in sorted(slots):
        found = counts.get((inst, year), Counts(0, 0, 0, 0, 0))
        total, parts = sources.breakdown(inst, year, area)
        # A year held nothing for and not known to have assessed anyone here is no row.
        if (inst, year) not in counts and not any(p.counts and max(p.counts) for _, p in parts):
            continue
        by_part = {
            name: held[name].get((inst, year), Counts(0, 0, 0, 0, 0)).held for name in groups
        }
        rows.append(
            {
                "instrument": inst,
                "year": year,
                "province": province.name if province else None,
                "results": found.results,
                "regions": found.regions,
                "held": found.held,
                "scored": found.scored,
                "units": found.units,
                "assessed": total.count,
                "assessed_counts": list(total.counts),
                "held_of_assessed": held_of_assessed(found.held, total, parts, by_part),
                "scope": [entry.record() for entry in _scope_entries(total, parts)],
                "of": len(listed),
            }
        )
    return rows


def held_of_assessed(
    held: int, total: Assessed, parts: Sequence[tuple[str, Assessed]], by_part: dict[str, int]
) -> str:
    """'0 / 13', '12 / 22 kabupaten/kota; 0 / ? provinsi', '5 / ?'."""
    if total.known or not any(part.known for _, part in parts):
        return f"{held} / {total.text() if total.known else '?'}"
    return "; ".join(
        f"{by_part.get(name, 0)} / {part.text() if part.known else '?'} {name}"
        for name, part in parts
    )


def _scope_entries(total: Assessed, parts: Sequence[tuple[str, Assessed]]) -> list[ScopeEntry]:
    found: list[ScopeEntry] = []
    for item in [total, *(part for _, part in parts)]:
        found.extend(entry for entry in item.entries if entry not in found)
    return found


# Keys of a result row that belong to the result, not to any one source: a source row leaves
# them out, so it shows only what its own source printed.
_RESULT_ONLY = ("sources", "conflict", "conflict_grades", "stated_differs")


def source_rows(rows: Iterable[Row]) -> Iterator[Row]:
    """One row per source: the result's region, instrument, year and unit beside what this source
    printed (its figure, grade words, rank and the unit as it named it) and the grade those give.
    Nothing another source printed shows on a source's row."""
    for row in rows:
        for source in row["sources"]:
            yield {
                **{k: v for k, v in row.items() if k not in _RESULT_ONLY},
                "score": source["figure"],
                "grade": source["grade"],
                "label": source["label"],
                "zone": source["zone"],
                "graded_from": source["graded_from"],
                "stated": source["stated"],
                "rank_stated": source["rank"],
                "approximate": source["approximate"],
                "url": source["url"],
                "printed": source["printed"],
                "source_stated": source["stated"],
                "source_unit": source["unit"] or row["unit"],
                "contradicts": source["contradicts"],
            }


def parse_level(level: str | None) -> str | None:
    if level is None:
        return None
    if level not in LEVEL_SETS or level == "pemda":
        raise UsageError(
            f"unknown level {level!r}: use provinsi, kabupaten, kota or kabupaten/kota"
        )
    return level


def export_rows(
    dataset: Dataset, regions: Regions, scales: Scales, instrument: str | None
) -> Iterator[Row]:
    """Every result as a row, made one at a time by `result_row` (never the whole panel at
    once): the general path, which `core.export`'s faster reading of the index must equal
    row for row (tests/test_export_paths.py)."""
    ordered = dataset.ordered(instrument, instruments=list(scales.instruments))
    return (result_row(result, dataset, regions, scales) for result in ordered)
