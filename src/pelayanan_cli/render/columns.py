"""Which columns each kind of row shows, for people (table) and for scripts (CSV/TSV)."""

from __future__ import annotations

from pelayanan_cli.core.numbers import format_score
from pelayanan_cli.render.view import Column, Row


def _score(row: Row) -> str:
    text = format_score(row["score"])
    return f"~{text}" if text and row.get("approximate") else text


def _marks(row: Row) -> str:
    """What a reader must not miss: another value reported, an approximate figure, a note."""
    marks: list[str] = []
    if row.get("conflict"):
        marks.append("≠ also reported: " + ", ".join(format_score(v) for v in row["conflict"]))
    if row.get("conflict_grades"):
        marks.append("≠ also graded: " + ", ".join(row["conflict_grades"]))
    if row.get("disputed") and not (row.get("conflict") or row.get("conflict_grades")):
        marks.append("disputed")
    if row.get("contradicts"):
        marks.append("≠ contradicts the result")
    if row.get("approximate"):
        marks.append("~ approximate")
    if row.get("graded_from") == "stated":
        marks.append("grade as stated")
    if row.get("note"):
        marks.append(str(row["note"]))
    return "; ".join(marks)


def _stated_if_needed(row: Row) -> str:
    """The source's own words, where they add something: no score, or words that differ."""
    stated = row.get("stated") or ""
    if row.get("score") is None or row.get("stated_differs"):
        return stated
    return ""


def _source_count(row: Row) -> int:
    return len(row["sources"])


def _instrument(row: Row) -> str:
    method = row.get("method")
    return (
        f"{row['instrument']} ({method})"
        if method and row["instrument"] == "ombudsman"
        else row["instrument"]
    )


CODE = Column("code", "Code")
REGION = Column("region", "Region")
LEVEL = Column("level", "Level", flat_only=True)
PROVINCE = Column("province", "Province")
INSTRUMENT = Column("instrument", "Instrument", get=_instrument, table_only=True)
INSTRUMENT_FLAT = Column("instrument", "Instrument", flat_only=True)
METHOD = Column("method", "Method", flat_only=True)
YEAR = Column("year", "Year", numeric=True)
UNIT = Column("unit", "Unit")
SCORE = Column("score", "Score", numeric=True, get=_score, table_only=True)
SCORE_FLAT = Column("score", "Score", numeric=True, flat_only=True)
GRADE = Column("grade", "Grade")
LABEL = Column("label", "Label")
ZONE = Column("zone", "Zone")
GRADED_FROM = Column("graded_from", "Graded from", flat_only=True)
STATED = Column("stated", "Stated by source", get=_stated_if_needed, table_only=True)
STATED_FLAT = Column("stated", "Stated", flat_only=True)
RANK_STATED = Column("rank_stated", "Rank as stated")
SOURCES = Column("sources", "Sources", numeric=True, get=_source_count)
APPROXIMATE = Column("approximate", "Approximate", flat_only=True)
DISPUTED = Column("disputed", "Disputed", flat_only=True)
CONFLICT = Column("conflict", "Also reported", flat_only=True)
CONFLICT_GRADES = Column("conflict_grades", "Also graded", flat_only=True)
NOTE_FLAT = Column("note", "Note", flat_only=True)
MARKS = Column("marks", "Notes", get=_marks, table_only=True)

_VALUE_COLUMNS = [
    SCORE,
    SCORE_FLAT,
    GRADE,
    LABEL,
    ZONE,
    GRADED_FROM,
    STATED,
    STATED_FLAT,
    RANK_STATED,
    SOURCES,
    APPROXIMATE,
    DISPUTED,
    CONFLICT,
    CONFLICT_GRADES,
    NOTE_FLAT,
    MARKS,
]
_REGION_COLUMNS = [CODE, REGION, LEVEL, PROVINCE]
_WHAT_COLUMNS = [INSTRUMENT, INSTRUMENT_FLAT, METHOD, YEAR, UNIT]


def result_columns(*, with_region: bool = True) -> list[Column]:
    """Columns of a result row; a table under a region's title leaves the region out."""
    region = (
        _REGION_COLUMNS
        if with_region
        else [Column(c.key, c.header, c.numeric, c.get, flat_only=True) for c in _REGION_COLUMNS]
    )
    return [*region, *_WHAT_COLUMNS, *_VALUE_COLUMNS]


def _held_of_assessed(row: Row) -> str:
    assessed = row.get("assessed_counts") or []
    return f"{row['held']} / {' or '.join(str(a) for a in assessed) if assessed else '?'}"


def rank_columns() -> list[Column]:
    return [
        Column("rank", "Rank", numeric=True),
        # "of N" says what N is: results held and ranked / governments assessed ("?" unknown;
        # the footer says it in words, with the parts that are known).
        Column("of", "Of held/assessed", get=_held_of_assessed, table_only=True),
        Column("of", "Of", numeric=True, flat_only=True),
        Column("held", "Held", numeric=True, flat_only=True),
        Column("assessed", "Assessed", numeric=True, flat_only=True),
        *_REGION_COLUMNS,
        UNIT,
        INSTRUMENT_FLAT,
        METHOD,
        Column("year", "Year", numeric=True, flat_only=True),
        *_VALUE_COLUMNS,
    ]


SOURCE_COLUMNS = [
    Column("url", "URL"),
    Column("printed", "Printed"),
    Column("source_stated", "Stated by this source"),
    Column("source_unit", "Unit as printed", flat_only=True),
    Column("contradicts", "Contradicts", flat_only=True),
]


def with_sources(columns: list[Column]) -> list[Column]:
    """Columns of one row per source: what that source printed replaces what belongs to the
    result as a whole (its source count, the other values reported)."""
    dropped = {"sources", "conflict", "conflict_grades"}
    kept = [c for c in columns if c.key not in dropped and c is not STATED]
    return kept + SOURCE_COLUMNS


DIFF_COLUMNS = [
    CODE,
    REGION,
    LEVEL,
    Column("instrument", "Instrument"),
    UNIT,
    Column("from_year", "From", numeric=True, flat_only=True),
    Column("to_year", "To", numeric=True, flat_only=True),
    Column("from_score", "From score", numeric=True),
    Column("to_score", "To score", numeric=True),
    Column("change", "Change", numeric=True, get=lambda r: _signed(r["change"]), table_only=True),
    Column("change", "Change", numeric=True, flat_only=True),
    Column("from_grade", "From grade"),
    Column("to_grade", "To grade"),
    Column("from_zone", "From zone"),
    Column("to_zone", "To zone"),
]


def _signed(value: object) -> str:
    from decimal import Decimal

    if not isinstance(value, Decimal):
        return ""
    text = format_score(value)
    return f"+{text}" if value > 0 else text


COVERAGE_COLUMNS = [
    Column("instrument", "Instrument"),
    Column("year", "Year", numeric=True),
    Column("province", "Province"),
    Column("results", "Results", numeric=True),
    Column("regions", "Regions", numeric=True),
    Column("held_of_assessed", "Held / assessed"),
    Column("held", "Held", numeric=True, flat_only=True),
    Column("assessed", "Assessed", numeric=True, flat_only=True),
    Column("scored", "With score", numeric=True),
    Column("units", "Unit results", numeric=True),
    Column("of", "Regions in scope", numeric=True),
]
