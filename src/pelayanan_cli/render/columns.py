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


def short_name(name: str) -> str:
    """A region's name as people shorten it: "Kab. Timor Tengah Utara", "Kota Adm. …"."""
    for long, short in _NAME_WORDS:
        if name.startswith(long):
            name = short + name[len(long) :]
    return name.replace("Kepulauan ", "Kep. ")


_NAME_WORDS = (
    ("Kabupaten Administrasi ", "Kab. Adm. "),
    ("Kabupaten ", "Kab. "),
    ("Kota Administrasi ", "Kota Adm. "),
    ("Daerah Istimewa ", "DI "),
    ("Daerah Khusus Ibukota ", "DKI "),
)


def short_url(url: str) -> str:
    """A URL's host and the start of its path, "…" for the rest (--wide shows it whole)."""
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    if not path:
        return host
    first = path.split("/", 1)[0]
    return f"{host}/{first}/…" if len(first) <= 12 and first != path.rstrip("/") else f"{host}/…"


def short_province(name: str) -> str:
    """A province as people shorten it (NTT, Sulsel, DIY), from the aliases in data/aliases.toml;
    else its name with "Kepulauan" as "Kep."."""
    from pelayanan_cli.core.regions import load_regions

    regions = load_regions()
    province = next((r for r in regions.by_code.values() if r.is_province and r.name == name), None)
    if province is None:
        return short_name(name)
    forms = sorted(
        (key for key, code in regions.abbreviations.items() if code == province.code),
        key=lambda k: (len(k), k),
    )
    if not forms or len(forms[0]) >= len(name):
        return short_name(name)
    form = forms[0]
    return form.upper() if len(form) <= 3 else form.capitalize()


INSTRUMENT_SHORT = {"ombudsman": "ORI", "ipp": "IPP", "skm": "SKM"}


def _short_instrument(text: str) -> str:
    """'ombudsman (kepatuhan)' -> 'ORI kepatuhan'; 'ipp' -> 'IPP'."""
    name, _, method = text.partition(" (")
    short = INSTRUMENT_SHORT.get(name, name)
    return f"{short} {method.rstrip(')')}" if method else short


def _short_marks(text: str) -> str:
    """The notes' signs without their words (a legend under the table says what they mean)."""
    parts = []
    for part in text.split("; "):
        if part.startswith("≠ also reported: "):
            parts.append("≠ " + part.removeprefix("≠ also reported: "))
        elif part == "~ approximate":
            parts.append("~")
        elif part == "grade as stated":
            parts.append("*")
        else:
            parts.append(part)
    return " ".join(parts)


CODE = Column(
    "code",
    "Code",
    priority=3,
    description="Kemendagri region code, e.g. 53.71 (text: 53.10 is not 53.1)",
)
REGION = Column(
    "region",
    "Region",
    priority=1,
    abbreviate=short_name,
    description="official name of the region (Kemendagri)",
)
LEVEL = Column("level", "Level", flat_only=True, description="provinsi, kabupaten or kota")
PROVINCE = Column(
    "province",
    "Province",
    priority=4,
    short="Prov.",
    abbreviate=short_province,
    wrap=True,
    description="name of the province the region is in",
)
INSTRUMENT = Column(
    "instrument",
    "Instrument",
    get=_instrument,
    table_only=True,
    priority=1,
    short="Instr.",
    abbreviate=_short_instrument,
    wrap=True,
    legend="ORI = Ombudsman RI",
)
INSTRUMENT_FLAT = Column(
    "instrument", "Instrument", flat_only=True, description="ombudsman, ipp or skm"
)
METHOD = Column(
    "method",
    "Method",
    flat_only=True,
    description="the instrument's method that year: kepatuhan, opini, pekppp, ikm",
)
YEAR = Column(
    "year",
    "Year",
    numeric=True,
    priority=1,
    type="integer",
    description="assessment year (not the date of the article)",
)
UNIT = Column(
    "unit",
    "Unit",
    priority=1,
    wrap=True,
    description="unit inside the region (OPD, puskesmas); empty for the government itself",
)
SCORE = Column("score", "Score", numeric=True, get=_score, table_only=True, priority=1)
SCORE_FLAT = Column(
    "score",
    "Score",
    numeric=True,
    flat_only=True,
    type="number",
    description="the score as published; empty for a result published as a grade only",
)
GRADE = Column(
    "grade",
    "Grade",
    priority=2,
    short="Gr.",
    description="grade by the bands of that year (A-E, A-..F for IPP); for a grade-only result as stated",
)
LABEL = Column(
    "label",
    "Label",
    priority=5,  # the zone and grade say it in short: dropped before it would wrap every row
    description="the band's quality label by the bands of that year",
)
ZONE = Column(
    "zone",
    "Zone",
    priority=2,
    description="zona hijau, kuning or merah by the bands of that year (Ombudsman only)",
)
GRADED_FROM = Column(
    "graded_from",
    "Graded from",
    flat_only=True,
    description="score: grade computed from the score; stated: read from the source's words",
)
STATED = Column(
    "stated",
    "Stated by source",
    get=_stated_if_needed,
    table_only=True,
    priority=6,
    short="Stated",
    wrap=True,
)
STATED_FLAT = Column(
    "stated",
    "Stated",
    flat_only=True,
    description="the grade words of the (first) source, as printed",
)
RANK_STATED = Column(
    "rank_stated",
    "Rank as stated",
    priority=8,
    short="Stated rank",
    wrap=True,
    description="the rank as a source stated it, free text",
)
SOURCES = Column(
    "sources",
    "Sources",
    numeric=True,
    get=_source_count,
    priority=7,
    short="Src",
    type="integer",
    description="how many sources printed this result (export --sources lists them)",
)
APPROXIMATE = Column(
    "approximate",
    "Approximate",
    flat_only=True,
    type="boolean",
    description="the source printed the value as approximate",
)
DISPUTED = Column(
    "disputed",
    "Disputed",
    flat_only=True,
    type="boolean",
    description="sources reported different values for this result",
)
CONFLICT = Column(
    "conflict",
    "Also reported",
    flat_only=True,
    description="other values reported for the same result, separated by spaces",
)
CONFLICT_GRADES = Column(
    "conflict_grades",
    "Also graded",
    flat_only=True,
    description="grades or zones other sources give that this row's grade is not, separated by spaces",
)
NOTE_FLAT = Column("note", "Note", flat_only=True, description="a note on the result")
MARKS = Column(
    "marks",
    "Notes",
    get=_marks,
    table_only=True,
    priority=3,
    abbreviate=_short_marks,
    wrap=True,
    legend="≠ also reported by other sources · ~ approximate · * grade read from the source's words",
)

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
    region = _REGION_COLUMNS if with_region else [c.but(flat_only=True) for c in _REGION_COLUMNS]
    return [*region, *_WHAT_COLUMNS, *_VALUE_COLUMNS]


def _held_of_assessed(row: Row) -> str:
    assessed = row.get("assessed_counts") or []
    return f"{row['held']} / {' or '.join(str(a) for a in assessed) if assessed else '?'}"


def rank_columns() -> list[Column]:
    return [
        Column(
            "rank",
            "Rank",
            numeric=True,
            priority=1,
            type="integer",
            description="competition rank (1, 2, 2, 4) by score; empty for a grade-only result",
        ),
        Column(
            "of",
            "Of",
            numeric=True,
            flat_only=True,
            priority=7,
            type="integer",
            description="how many results were ranked (the same as held)",
        ),
        # "of N" says what N is: results held and ranked / governments assessed ("?" unknown;
        # the footer says it in words, with the parts that are known).
        Column(
            "of",
            "Of held/assessed",
            get=_held_of_assessed,
            table_only=True,
            priority=7,
            short="Of",
        ),
        Column(
            "held",
            "Held",
            numeric=True,
            flat_only=True,
            type="integer",
            description="results held and ranked by score in this ranking",
        ),
        Column(
            "assessed",
            "Assessed",
            numeric=True,
            flat_only=True,
            type="integer",
            description="governments of this ranking's area and levels assessed, as the scope's sources state it; empty when unknown or disputed",
        ),
        Column(
            "ranked_among",
            "Ranked among",
            flat_only=True,
            description="the peer group the rank is within: provinsi, kabupaten, kota, kabupaten/kota (within a province) or units",
        ),
        *_REGION_COLUMNS,
        UNIT,
        INSTRUMENT_FLAT,
        METHOD,
        YEAR.but(flat_only=True),
        *_VALUE_COLUMNS,
    ]


SOURCE_COLUMNS = [
    Column(
        "url",
        "URL",
        priority=2,
        abbreviate=short_url,
        legend="… a URL shortened to fit: --wide or --format tsv shows it whole",
        description="the publication that printed the result",
    ),
    Column(
        "printed",
        "Printed",
        priority=2,
        description="the figure as this source printed it (86,62)",
    ),
    Column(
        "source_stated",
        "Stated by this source",
        priority=6,
        short="Stated",
        wrap=True,
        description="the grade words as this source printed them",
    ),
    Column(
        "source_unit",
        "Unit as printed",
        flat_only=True,
        description="the unit as this source named it",
    ),
    Column(
        "contradicts",
        "Contradicts",
        flat_only=True,
        type="boolean",
        description="this source's words or figure contradict the result as shown",
    ),
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
    Column(
        "instrument",
        "Instrument",
        priority=8,
        short="Instr.",
        abbreviate=_short_instrument,
        description="ombudsman, ipp or skm",
    ),
    UNIT,
    Column("from_year", "From", numeric=True, flat_only=True, type="integer"),
    Column("to_year", "To", numeric=True, flat_only=True, type="integer"),
    Column("from_score", "From score", numeric=True, priority=1, short="From", type="number"),
    Column("to_score", "To score", numeric=True, priority=1, short="To", type="number"),
    Column(
        "change",
        "Change",
        numeric=True,
        get=lambda r: _signed(r["change"]),
        table_only=True,
        priority=1,
        short="+/-",
    ),
    Column("change", "Change", numeric=True, flat_only=True, type="number"),
    Column("from_grade", "From grade", priority=5, short="Gr. from"),
    Column("to_grade", "To grade", priority=2, short="Gr. to"),
    Column("from_zone", "From zone", priority=6, short="Zone from"),
    Column("to_zone", "To zone", priority=2, short="Zone to"),
]


def _signed(value: object) -> str:
    from decimal import Decimal

    if not isinstance(value, Decimal):
        return ""
    text = format_score(value)
    return f"+{text}" if value > 0 else text


COVERAGE_COLUMNS = [
    Column("instrument", "Instrument", priority=1, short="Instr."),
    Column("year", "Year", numeric=True, priority=1, type="integer"),
    Column("province", "Province", priority=4, abbreviate=short_province, wrap=True),
    Column("results", "Results", numeric=True, priority=1, type="integer"),
    Column("regions", "Regions", numeric=True, priority=2, type="integer"),
    Column("held_of_assessed", "Held / assessed", priority=1, short="Held/ass."),
    Column("held", "Held", numeric=True, flat_only=True, type="integer"),
    Column("assessed", "Assessed", numeric=True, flat_only=True, type="integer"),
    Column("scored", "With score", numeric=True, priority=2, short="Scored", type="integer"),
    Column("units", "Unit results", numeric=True, priority=3, short="Units", type="integer"),
    Column("of", "Regions in scope", numeric=True, priority=2, short="Of", type="integer"),
]


def coverage_notes(rows: list[Row]) -> list[str]:
    """The footer of `coverage`: what the counts mean, then each count of governments assessed
    that the sources state, once, with how many sources state it and one of them."""
    notes = [
        "regions = governments with any result (province included); held = governments with a "
        "score or a grade (award- or rank-only results are not held); assessed = governments "
        "assessed, as the sources below state it (unknown where none does); regions in scope = "
        "governments in the Kemendagri list"
    ]
    from pelayanan_cli.core.regions import load_regions

    regions = load_regions()
    for row in rows:
        counts: dict[tuple[str, str, int], list[str]] = {}
        for entry in row["scope"]:
            area = entry["area"]
            where = f" in {regions.by_code[area].name}" if area in regions.by_code else ""
            counts.setdefault((entry["level"], where, entry["assessed"]), []).append(entry["url"])
        for (level, where, assessed), urls in counts.items():
            others = len(urls) - 1
            more = f" (and {others} more source{'s' if others > 1 else ''})" if others else ""
            notes.append(
                f"assessed {row['instrument']} {row['year']}: {assessed} {level}{where}: {urls[0]}{more}"
            )
    return notes


def rank_footer(scope: str, rows: list[Row]) -> str:
    """One ranking's summary: how many ranked, graded only or neither, the zones, and what its
    "of N" counts."""
    from collections import Counter

    ranked = sum(1 for row in rows if row["rank"] is not None)
    graded_only = sum(1 for row in rows if row["rank"] is None and row["graded_from"])
    neither = sum(1 for row in rows if row["rank"] is None and not row["graded_from"])
    # Zones where the instrument has them (Ombudsman), else grades (IPP, SKM).
    kinds = Counter(row["zone"] for row in rows if row["zone"]) or Counter(
        row["grade"] for row in rows if row["grade"]
    )
    among = rows[0]["ranked_among"]
    counted = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
    return (
        f"{len(rows)} results ({scope} · {among}): {ranked} ranked by score, "
        f"{graded_only} graded only"
        + (f", {neither} with neither score nor grade (not counted)" if neither else "")
        + (f": {counted}" if counted else "")
        + f". Of N: {rows[0]['of_text']}"
        + ". Covers only published results we hold: see `pelayanan coverage`."
    )
