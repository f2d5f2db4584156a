"""`export`'s rows of a whole panel, read straight from the index in order.

`queries.result_row` reads each result's sources against each other (agreement, conflicts,
bands of words and figures): about 30 µs a result, 3 s for a national panel of 100,000. Almost
every result has one report, and what its row says beyond the report's own fields depends only
on the scale, the band its score falls in (not the score itself), whether it is approximate,
and what each source printed: a figure or not, and which words. That verdict is worked out once
by `queries.row_of` itself and reused for every result that shares it. A result reported
several times goes through `row_of` whole, with all its reports, as `result_row` does.

Two shapes, for two kinds of output:
- `export_rows`: the rows `result_row` makes, key for key and in the same order (JSON, tables,
  xlsx, data packages, `--sources`), from the index's rows of every source;
- `flat_rows`: the same values as tuples (FLAT_FIELDS), with the number of sources instead of
  the sources (CSV, TSV), from one row of the index per result: the index keeps how many
  sources a result has, their first words and rank, and whether they all say the same thing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import groupby, pairwise
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from pelayanan_cli.core.model import Result, Source
from pelayanan_cli.core.queries import Row, result_row, row_of
from pelayanan_cli.core.regions import Regions
from pelayanan_cli.core.scales import Band, Scale, Scales

if TYPE_CHECKING:
    from pelayanan_cli.core.cache import SqliteStore
    from pelayanan_cli.core.dataset import Dataset

# A flat row: the values of a result's row (`result_row`) in this order, with the number of its
# sources under "sources" instead of the sources themselves: what CSV and TSV show.
FLAT_FIELDS = (
    "code",
    "region",
    "level",
    "province",
    "instrument",
    "method",
    "year",
    "unit",
    "score",
    "grade",
    "label",
    "zone",
    "graded_from",
    "stated",
    "stated_differs",
    "rank_stated",
    "approximate",
    "disputed",
    "note",
    "sources",
    "conflict",
    "conflict_grades",
)

# The verdicts held at most (all slots together): emptied when full, so memory stays flat
# whatever the panel's size. A national panel has a few thousand.
_MEMO_LIMIT = 1 << 13
_NO_SCORE = -2  # the band key of a result without a score (graded by its words, if at all)
_OUTSIDE = -1  # the band key of a score outside its scale

# What a result's row says beyond its report's own fields: grade, label, zone, graded_from,
# stated_differs, whether its sources disagree, conflict_grades, and for each source its
# grade, label, zone, graded_from and whether it contradicts the result.
_Verdict = tuple[
    Any, Any, Any, Any, bool, bool, tuple[str, ...], tuple[tuple[Any, Any, Any, Any, bool], ...]
]
# A result to make from all of it: its id, key (code, instrument, year, unit as held) and
# how many reports the index holds of that key.
_Whole = tuple[int, tuple[Any, ...], int]


def export_rows(
    dataset: Dataset, regions: Regions, scales: Scales, instrument: str | None
) -> Iterator[Row]:
    """Every result as its row (`result_row`), in the order of `Dataset.ordered`, made as the
    index yields them: never the whole panel at once. A dataset in memory has its rows made
    by `result_row` itself. Nothing is read before the first row is asked for."""
    index = dataset.index
    instruments = list(scales.instruments)
    if index is None:
        for result in dataset.ordered(instrument, instruments=instruments):
            yield result_row(result, dataset, regions, scales)
        return
    rows = index.ordered_rows(instrument, instruments)
    yield from _rows(dataset, index, regions, scales, rows)


def flat_rows(
    dataset: Dataset, regions: Regions, scales: Scales, instrument: str | None
) -> Iterator[tuple[Any, ...]]:
    """Every result as a flat row (FLAT_FIELDS), in the order of `export_rows`; nothing is
    read before the first row is asked for."""
    index = dataset.index
    if index is None:
        return map(flat_row, export_rows(dataset, regions, scales, instrument))
    return _flat(dataset, index, regions, scales, instrument)


def flat_row(row: Row) -> tuple[Any, ...]:
    """A result's row (`result_row`) as a flat row."""
    return tuple(len(row[k]) if k == "sources" else row[k] for k in FLAT_FIELDS)


class _Slot:
    """One instrument and year: its scale and method, the band of a score (by bisection over
    the band edges, the same band `Scale.band_for` gives), and the verdicts worked out."""

    def __init__(self, scale: Scale | None) -> None:
        self.scale = scale
        self.method = scale.method if scale else None
        self.verdicts: dict[tuple[Any, ...], _Verdict] = {}
        self.band_for = _band_finder(scale)


def _band_finder(scale: Scale | None) -> Callable[[Decimal], Band | None]:
    """`scale.band_for`, by bisection when the bands' edges are in strict order (a band
    table is checked on load), else `band_for` itself. band_for gives the first band, highest
    first, whose lower edge the score reaches, or the first, lowest first, whose upper edge
    the score is within: the nearest edge at or below (above) the score, lowest first."""
    if scale is None:
        return lambda score: None
    lowest, highest = scale.minimum, scale.maximum
    chosen = scale.bands[::-1]
    by_lower = scale.edges == "lower"
    edges = [band.lower if by_lower else band.upper for band in chosen]
    if not all(a < b for a, b in pairwise(edges)):
        return scale.band_for

    def band_for(score: Decimal) -> Band | None:
        if score < lowest or score > highest:
            return None
        if by_lower:
            at = bisect_right(edges, score) - 1
            return chosen[at] if at >= 0 else None
        at = bisect_left(edges, score)
        return chosen[at] if at < len(chosen) else None

    return band_for


class _Memo:
    """What many results share, each worked out once: a region's names, a year's scale and
    verdicts (bounded: emptied when full, so memory stays flat whatever the panel's size)."""

    def __init__(self, regions: Regions, scales: Scales) -> None:
        self.regions = regions
        self.scales = scales
        self.places: dict[str, tuple[str, str, str]] = {}
        self.slots: dict[tuple[str, int], _Slot] = {}
        self.verdicts = 0  # how many the slots hold

    def place(self, code: str) -> tuple[str, str, str]:
        region = self.regions.by_code[code]
        found = (region.name, region.level, self.regions.province_of(region).name)
        self.places[code] = found
        return found

    def slot(self, instrument: str, year: int) -> _Slot:
        found = self.slots[(instrument, year)] = _Slot(self.scales.find(instrument, year))
        return found

    def verdict(
        self,
        slot: _Slot,
        key: tuple[Any, ...],
        code: str,
        instrument: str,
        year: int,
        score: Decimal | None,
        approximate: bool,
        said: tuple[tuple[bool, str | None], ...],
    ) -> _Verdict:
        """The verdict of `key` in `slot` (band, approximate and what the sources say),
        worked out by `row_of` on a report with this score and sources that printed a figure
        where these did (a figure is always the report's own score) and the same words,
        neither disputed nor noted."""
        if self.verdicts >= _MEMO_LIMIT:
            for held in self.slots.values():
                held.verdicts.clear()
            self.verdicts = 0
        self.verdicts += 1
        sources = tuple(Source("", "x" if printed else None, words) for printed, words in said)
        report = Result(
            code, instrument, year, None, score, approximate, False, None, sources, "", 0
        )
        row = row_of(report, [report], self.regions, self.scales)
        found = slot.verdicts[key] = (
            row["grade"],
            row["label"],
            row["zone"],
            row["graded_from"],
            row["stated_differs"],
            row["disputed"],
            tuple(row["conflict_grades"]),
            tuple(
                (s["grade"], s["label"], s["zone"], s["graded_from"], s["contradicts"])
                for s in row["sources"]
            ),
        )
        return found


def _rows(
    dataset: Dataset,
    index: SqliteStore,
    regions: Regions,
    scales: Scales,
    rows: Iterator[tuple[Any, ...]],
) -> Iterator[Row]:
    """Rows from the index's rows of every source (cache._SELECT), a result's side by side."""
    memo = _Memo(regions, scales)
    places, slots = memo.places, memo.slots
    whole: list[_Whole] = []
    read: dict[int, Result] = {}
    for _, group in groupby(rows, itemgetter(0)):
        sources = list(group)
        head = sources[0]
        id_, code, instrument, year, unit, score_text, approximate, disputed, note = head[:9]
        reports = head[11]
        if whole and (reports == 1 or whole[-1][1] != head[1:5]):
            yield from _whole_rows(dataset, regions, scales, whole, read)
            whole, read = [], {}
        if reports != 1:
            whole.append((id_, head[1:5], reports))
            read[id_] = next(index.results_of(iter(sources)))
            continue
        place = places.get(code) or memo.place(code)
        slot = slots.get((instrument, year)) or memo.slot(instrument, year)
        approximate = bool(approximate)
        if score_text is None:
            score: Decimal | None = None
            band = _NO_SCORE
        else:
            score = Decimal(score_text)
            found = slot.band_for(score)
            band = _OUTSIDE if found is None else id(found)
        said = tuple([(bool(row[13]), row[14]) for row in sources])
        key = (band, approximate, said)
        verdict = slot.verdicts.get(key) or memo.verdict(
            slot, key, code, instrument, year, score, approximate, said
        )
        grade, label, zone, graded_from, differs, against, also_graded, each = verdict
        yield {
            "code": code,
            "region": place[0],
            "level": place[1],
            "province": place[2],
            "instrument": instrument,
            "method": slot.method,
            "year": year,
            "unit": unit,
            "score": score,
            "grade": grade,
            "label": label,
            "zone": zone,
            "graded_from": graded_from,
            "stated": next((row[14] for row in sources if row[14]), None),
            "stated_differs": differs,
            "rank_stated": next((row[15] for row in sources if row[15]), None),
            "approximate": approximate,
            "disputed": bool(disputed) or against,
            "note": note,
            "sources": [
                {
                    "url": row[12],
                    "printed": row[13],
                    "stated": row[14],
                    "rank": row[15],
                    "unit": row[16],
                    "figure": score if row[13] else None,
                    "approximate": approximate and score is not None and bool(row[13]),
                    "grade": own[0],
                    "label": own[1],
                    "zone": own[2],
                    "graded_from": own[3],
                    "contradicts": own[4],
                }
                for row, own in zip(sources, each, strict=True)
            ],
            "conflict": [],
            "conflict_grades": list(also_graded),
        }
    if whole:
        yield from _whole_rows(dataset, regions, scales, whole, read)


def _flat(
    dataset: Dataset,
    index: SqliteStore,
    regions: Regions,
    scales: Scales,
    instrument: str | None,
) -> Iterator[tuple[Any, ...]]:
    """Flat rows from the index's row of each result (cache.HEAD_FIELDS), and in the same
    order the rows of every source of the results made from all of it."""
    instruments = list(scales.instruments)
    heads = index.ordered_heads(instrument, instruments)
    wholes = groupby(index.ordered_whole(instrument, instruments), itemgetter(0))
    memo = _Memo(regions, scales)
    places, slots = memo.places, memo.slots
    whole: list[_Whole] = []
    read: dict[int, Result] = {}
    for head in heads:
        (
            id_,
            code,
            instrument,
            year,
            unit,
            score_text,
            approximate,
            disputed,
            note,
            reports,
            count,
            stated,
            rank,
            said,
            band,
        ) = head
        if whole and (reports == 1 or whole[-1][1] != head[1:5]):
            yield from map(flat_row, _whole_rows(dataset, regions, scales, whole, read))
            whole, read = [], {}
        if reports != 1 or said == 0:
            whole.append((id_, head[1:5], reports))
            same, rows = next(wholes)
            if same != id_:  # pragma: no cover - both are read in one order
                raise LookupError(f"the index gave result {same} for {id_}")
            read[id_] = next(index.results_of(rows))
            continue
        place = places.get(code) or memo.place(code)
        slot = slots.get((instrument, year)) or memo.slot(instrument, year)
        approximate = bool(approximate)
        score = None if score_text is None else Decimal(score_text)
        # The index holds the band the score falls in (None: no score).
        key = (band, approximate, said, stated)
        # Sources that all print alike say what one of them says.
        verdict = slot.verdicts.get(key) or memo.verdict(
            slot, key, code, instrument, year, score, approximate, ((said == 2, stated),)
        )
        yield (
            code,
            place[0],
            place[1],
            place[2],
            instrument,
            slot.method,
            year,
            unit,
            score,
            verdict[0],
            verdict[1],
            verdict[2],
            verdict[3],
            stated,
            verdict[4],
            rank,
            approximate,
            bool(disputed) or verdict[5],
            note,
            count,
            [],
            list(verdict[6]),
        )
    if whole:
        yield from map(flat_row, _whole_rows(dataset, regions, scales, whole, read))


def _whole_rows(
    dataset: Dataset,
    regions: Regions,
    scales: Scales,
    whole: list[_Whole],
    read: dict[int, Result],
) -> Iterator[Row]:
    """The rows of results made from all of it, in this order: a result reported several
    times with every report of it (side by side here) in the order of the data, as
    `result_row` reads them; any other with itself alone."""
    for id_, key, reports in whole:
        result = read[id_]
        if reports == 1:
            yield row_of(result, [result], regions, scales)
            continue
        ids = sorted(other for other, same, _ in whole if same == key)
        if len(ids) != reports:  # pragma: no cover - an index counts the reports it holds
            yield result_row(result, dataset, regions, scales)
            continue
        yield row_of(result, [read[i] for i in ids], regions, scales)
