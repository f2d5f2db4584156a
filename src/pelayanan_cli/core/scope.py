"""Scope as data: how many governments each assessment covered, as its sources state it.

`data/scope.toml` holds one [[scope]] per statement a source makes ("34 provinsi", "dari 22
kabupaten/kota di NTT"), with its URL. Sources may disagree on a count: every entry is kept and
every total they allow is shown. Where no entry speaks to a year, area or level, the scope is
unknown and said to be unknown; nothing is inferred from the results the data happens to hold.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from pelayanan_cli.core.findings import Code, Finding, clean, shown
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.records import record
from pelayanan_cli.core.regions import Regions
from pelayanan_cli.core.scales import Scales

if TYPE_CHECKING:
    from pelayanan_cli.core.tomllines import LineMap

# What each level of an entry counts: "pemda" is every government of the area, province included.
LEVEL_SETS: dict[str, frozenset[str]] = {
    "provinsi": frozenset({"provinsi"}),
    "kabupaten": frozenset({"kabupaten"}),
    "kota": frozenset({"kota"}),
    "kabupaten/kota": frozenset({"kabupaten", "kota"}),
    "pemda": frozenset({"provinsi", "kabupaten", "kota"}),
}
ALL_LEVELS = frozenset({"provinsi", "kabupaten", "kota"})
KEYS = frozenset(
    {"instrument", "year", "area", "level", "assessed", "printed", "url", "regions", "note"}
)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@record
class ScopeEntry:
    instrument: str
    year: int
    area: str  # "" = the whole country; else a province code
    level: str
    assessed: int
    printed: str
    url: str
    regions: tuple[str, ...] = ()
    note: str = ""
    line: int = 0

    @property
    def levels(self) -> frozenset[str]:
        return LEVEL_SETS[self.level]

    def record(self) -> dict[str, Any]:
        return {
            "area": self.area or None,
            "level": self.level,
            "assessed": self.assessed,
            "printed": self.printed,
            "url": self.url,
            "regions": list(self.regions),
            "note": self.note or None,
        }


@record
class Assessed:
    """How many governments of some levels in an area were assessed, as far as sources say.

    `counts` holds every total the entries allow (one when they agree, several when sources
    disagree, none when no entry speaks to some level: unknown). `missing` names the levels
    no entry covers."""

    counts: tuple[int, ...]
    entries: tuple[ScopeEntry, ...]
    missing: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return bool(self.counts)

    @property
    def count(self) -> int | None:
        """The count when sources agree on one; None when unknown or disputed."""
        return self.counts[0] if len(self.counts) == 1 else None

    def text(self) -> str:
        """'22', '415 or 416', 'unknown'."""
        if not self.counts:
            return "unknown"
        return " or ".join(str(c) for c in self.counts)


def describe(total: Assessed, parts: Sequence[tuple[str, Assessed]]) -> str:
    """'23', '415 or 416', '22 kabupaten/kota; provinsi unknown', 'unknown'."""
    if total.known or len(parts) < 2:
        return total.text()
    if not any(part.known for _, part in parts):
        return "unknown"
    return "; ".join(
        f"{part.text()} {name}" if part.known else f"{name} unknown" for name, part in parts
    )


class ScopeReading:
    """A scope file's entries and its findings (each at its file:line)."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.entries: list[ScopeEntry] = []
        self.findings: list[Finding] = []


class Scope:
    """Every scope entry, and the count of governments assessed they allow for an area."""

    def __init__(self, entries: Sequence[ScopeEntry], provinces: int) -> None:
        self.entries = list(entries)
        # A national count of provinces that equals the Kemendagri list covers each province.
        self.provinces = provinces

    def years(self, instrument: str | None, area: str | None) -> set[tuple[str, int]]:
        """(instrument, year) pairs with an entry for the area (national entries for a
        province too: the province government is among them)."""
        return {
            (e.instrument, e.year)
            for e in self.entries
            if (instrument is None or e.instrument == instrument)
            and (e.area == (area or "") or (area and not e.area and "provinsi" in e.levels))
        }

    def assessed(
        self, instrument: str, year: int, area: str | None, levels: Iterable[str] = ALL_LEVELS
    ) -> Assessed:
        """Governments of `levels` in `area` (None: the country) assessed that year."""
        wanted = frozenset(levels)
        where = area or ""
        options: dict[frozenset[str], list[tuple[int, ScopeEntry]]] = {}
        for entry in self.entries:
            if (entry.instrument, entry.year, entry.area) == (instrument, year, where):
                options.setdefault(entry.levels, []).append((entry.assessed, entry))
        if area and "provinsi" in wanted:
            national = [
                entry
                for entry in self.entries
                if (entry.instrument, entry.year, entry.area, entry.level)
                == (instrument, year, "", "provinsi")
            ]
            parts = [(self._province_part(entry, area), entry) for entry in national]
            # A national count that cannot tell about this province leaves its part unknown,
            # even beside one that can: the sources disagree on whether it was assessed.
            if parts and all(own is not None for own, _ in parts):
                for own, entry in parts:
                    options.setdefault(frozenset({"provinsi"}), []).append((own, entry))  # type: ignore[arg-type]
        covers = _covers(wanted, list(options))
        if not covers:
            covered = frozenset().union(*options) if options else frozenset()
            missing = tuple(sorted(wanted - covered)) or tuple(sorted(wanted))
            return Assessed((), (), missing)
        totals: set[int] = set()
        used: list[ScopeEntry] = []
        for cover in covers:
            for combination in itertools.product(*(options[part] for part in cover)):
                totals.add(sum(count for count, _ in combination))
                used.extend(entry for _, entry in combination if entry not in used)
        return Assessed(tuple(sorted(totals)), tuple(used))

    def breakdown(
        self, instrument: str, year: int, area: str | None, levels: Iterable[str] = ALL_LEVELS
    ) -> tuple[Assessed, list[tuple[str, Assessed]]]:
        """The total for `levels`, and its parts (provinsi; kabupaten/kota) for saying what is
        known when the total is not: '22 kabupaten/kota; provinsi unknown'."""
        wanted = frozenset(levels)
        total = self.assessed(instrument, year, area, wanted)
        parts = []
        for name, group in (("kabupaten/kota", {"kabupaten", "kota"}), ("provinsi", {"provinsi"})):
            share = wanted & group
            if share:
                label = name if share == group else next(iter(share))
                parts.append((label, self.assessed(instrument, year, area, share)))
        return total, parts

    def _province_part(self, entry: ScopeEntry, area: str) -> int | None:
        """Whether a national count of provinces covers province `area`: 1, 0, or unknown."""
        if entry.regions:
            if area in entry.regions:
                return 1
            return 0 if entry.assessed == len(entry.regions) else None
        return 1 if entry.assessed == self.provinces else None


def _covers(
    wanted: frozenset[str], parts: list[frozenset[str]]
) -> list[tuple[frozenset[str], ...]]:
    """Every way to make exactly `wanted` from disjoint level sets: a count of every government
    (pemda) and counts per level are both ways, and where sources disagree they give different
    totals, each of which is kept."""
    found: list[tuple[frozenset[str], ...]] = []
    for size in range(1, len(parts) + 1):
        for combination in itertools.combinations(parts, size):
            union: frozenset[str] = frozenset()
            disjoint = True
            for part in combination:
                if union & part:
                    disjoint = False
                    break
                union |= part
            if disjoint and union == wanted:
                found.append(combination)
    return found


def read_scope_text(text: str, origin: str, regions: Regions, scales: Scales) -> ScopeReading:
    """Read and validate a scope file: every problem a finding at its file:line."""
    import tomllib

    reading = ScopeReading(origin)

    def add(line: int, code: Code, message: str) -> None:
        reading.findings.append(Finding("error", code, origin, line, message))

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(position.group(1)) if position else 1
        add(line, Code.TOML_SYNTAX, f"TOML syntax: {clean(str(exc))}")
        return reading
    found: list[LineMap] = []

    def lines() -> LineMap:
        """Line numbers, worked out only when a finding needs one (start-up stays light)."""
        if not found:
            from pelayanan_cli.core.tomllines import map_lines

            found.append(map_lines(text, "scope"))
        return found[0]

    for key in document:
        if key != "scope":
            add(
                1,
                Code.UNKNOWN_KEY,
                f"unknown key {shown(key)} (a scope file holds [[scope]] entries)",
            )
    raw = document.get("scope", [])
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        add(1, Code.WRONG_TYPE, "'scope' must be an array of tables: write each entry as [[scope]]")
        return reading
    for index, entry in enumerate(raw):
        read = _read_entry(entry, _Where(lines, index), regions, scales, add)
        if read is not None:
            reading.entries.append(read)
    return reading


class _Where:
    """An entry's lines, looked up only when a finding needs one."""

    def __init__(self, lines: Callable[[], LineMap], index: int) -> None:
        self._lines = lines
        self._index = index

    @property
    def line(self) -> int:
        return self._lines().result(self._index).line

    def key_line(self, key: str) -> int:
        return self._lines().result(self._index).key_line(key)


def _read_entry(
    entry: Mapping[str, Any], where: _Where, regions: Regions, scales: Scales, add: Any
) -> ScopeEntry | None:
    ok = True
    unknown = False
    for key in entry:
        if key not in KEYS:
            add(
                where.key_line(key),
                Code.UNKNOWN_KEY,
                f"unknown key {shown(key)} in [[scope]]; known keys: {', '.join(sorted(KEYS))}",
            )
            unknown = True
    for key in ("instrument", "year", "area", "level", "assessed", "printed", "url"):
        if key not in entry:
            add(where.line, Code.MISSING_KEY, f"[[scope]] has no '{key}'")
            ok = False
    types = {
        "instrument": str,
        "year": int,
        "area": str,
        "level": str,
        "assessed": int,
        "printed": str,
        "url": str,
        "note": str,
        "regions": list,
    }
    for key, kind in types.items():
        value = entry.get(key)
        if key in entry and (not isinstance(value, kind) or isinstance(value, bool)):
            add(
                where.key_line(key),
                Code.WRONG_TYPE,
                f"{shown(key)} must be a {kind.__name__}, not {shown(value)}",
            )
            ok = False
    if not ok:
        return None
    instrument, year, area, level = (
        entry["instrument"],
        entry["year"],
        entry["area"],
        entry["level"],
    )
    if instrument not in scales.instruments:
        add(
            where.key_line("instrument"),
            Code.UNKNOWN_INSTRUMENT,
            f"unknown instrument {shown(instrument)}; use one of {', '.join(scales.instruments)}",
        )
        ok = False
    elif year in scales.instruments[instrument].no_assessment:
        add(
            where.key_line("year"),
            Code.NO_ASSESSMENT,
            scales.instruments[instrument].no_assessment[year],
        )
        ok = False
    if area and (regions.get(area) is None or not regions.by_code[area].is_province):
        add(
            where.key_line("area"),
            Code.UNKNOWN_REGION,
            f'area {shown(area)} is not a province code: use "" for the whole country or a code such as "53"',
        )
        ok = False
    if level not in LEVEL_SETS:
        add(
            where.key_line("level"),
            Code.BAD_VALUE,
            f"unknown level {shown(level)}; use one of {', '.join(LEVEL_SETS)}",
        )
        ok = False
    if entry["assessed"] < 0:
        add(where.key_line("assessed"), Code.BAD_VALUE, "'assessed' cannot be negative")
        ok = False
    if not _URL.match(entry["url"]):
        add(
            where.key_line("url"),
            Code.BAD_URL,
            f"url {shown(entry['url'], 100)} is not an http(s) URL",
        )
        ok = False
    if not entry["printed"].strip():
        add(
            where.key_line("printed"),
            Code.BAD_VALUE,
            "'printed' must give the count in the source's words",
        )
        ok = False
    codes = entry.get("regions", [])
    for code in codes:
        region = regions.get(code) if isinstance(code, str) else None
        if region is None:
            add(
                where.key_line("regions"),
                Code.UNKNOWN_REGION,
                f"unknown region code {shown(code)} in 'regions'",
            )
            ok = False
        elif ok and level in LEVEL_SETS and region.level not in LEVEL_SETS[level]:
            add(
                where.key_line("regions"),
                Code.BAD_VALUE,
                f"{region.name} ({code}) is a {region.level}, not counted by level {shown(level)}",
            )
            ok = False
        elif ok and area and region.province_code != area:
            add(
                where.key_line("regions"),
                Code.BAD_VALUE,
                f"{region.name} ({code}) is not in area {area}",
            )
            ok = False
    if ok and len(set(codes)) != len(codes):
        add(where.key_line("regions"), Code.BAD_VALUE, "a region is listed twice in 'regions'")
        ok = False
    if ok and len(codes) > entry["assessed"]:
        add(
            where.key_line("regions"),
            Code.BAD_VALUE,
            f"'regions' names {len(codes)} governments but 'assessed' is {entry['assessed']}",
        )
        ok = False
    if not ok or unknown:
        return None
    return ScopeEntry(
        instrument,
        year,
        area,
        level,
        entry["assessed"],
        entry["printed"],
        entry["url"],
        tuple(codes),
        entry.get("note", ""),
    )


def read_scope_data(data: bytes, origin: str, regions: Regions, scales: Scales) -> ScopeReading:
    """A scope file's entries and findings, from its bytes (read by core.files, bounded)."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        reading = ScopeReading(origin)
        reading.findings.append(
            Finding("error", Code.NOT_UTF8, origin, 1, f"not UTF-8: {clean(str(exc))}")
        )
        return reading
    return read_scope_text(text, origin, regions, scales)


def is_scope_data(data: bytes) -> bool:
    """A file of [[scope]] entries rather than [[result]] entries (by its first table)."""
    first = re.search(rb"^\s*\[\[\s*(\w+)", data, re.MULTILINE)
    return first is not None and first.group(1) == b"scope"


@cache
def load_scope() -> Scope:
    """The bundled scope entries (a broken bundled file is a bug: it raises)."""
    from pelayanan_cli.core.errors import DataError
    from pelayanan_cli.core.regions import load_regions
    from pelayanan_cli.core.scales import load_scales
    from pelayanan_cli.core.tomlmemo import remembered

    regions = load_regions()
    path = bundled_file("scope.toml")

    def entries() -> list[tuple[Any, ...]]:
        """Read and checked once, then remembered while the files are as they were."""
        reading = read_scope_data(path.read_bytes(), str(path), regions, load_scales())
        if reading.findings:
            raise DataError(f"{reading.findings[0]} (run `pelayanan check {reading.origin}`)")
        return [tuple(getattr(e, n) for n in _ENTRY_FIELDS) for e in reading.entries]

    tables = [path, bundled_file("regions.csv"), bundled_file("scales.toml")]
    read = [ScopeEntry(*fields) for fields in remembered("scope", tables, entries)]
    provinces = sum(1 for r in regions.by_code.values() if r.is_province)
    return Scope(read, provinces)


_ENTRY_FIELDS = ScopeEntry.__record_fields__  # type: ignore[attr-defined]
