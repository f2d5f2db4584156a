"""Reading one data file into results, with every problem as a finding at its file:line."""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pelayanan_cli.core.findings import Code, Finding, Severity, clean, shown
from pelayanan_cli.core.model import Result, Source
from pelayanan_cli.core.numbers import parse_decimal, to_decimal
from pelayanan_cli.core.regions import Regions
from pelayanan_cli.core.scales import Scales, StatedGrade, disagreement, read_stated
from pelayanan_cli.core.tomllines import LineMap, Located, map_lines

RESULT_KEYS = frozenset(
    {"region", "instrument", "year", "unit", "score", "approximate", "disputed", "note", "source"}
)
SOURCE_KEYS = frozenset({"url", "printed", "stated", "rank", "unit"})
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class FileReading:
    """What one file holds: the results that could be read, and every finding."""

    origin: str
    results: list[Result] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def read_data_bytes(
    data: bytes, origin: str, regions: Regions, scales: Scales, *, grades: bool = True
) -> FileReading:
    reading = FileReading(origin)
    try:
        # A byte-order mark (Windows editors write one) is not part of the TOML.
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        reading.findings.append(
            Finding(
                "error",
                Code.NOT_UTF8,
                origin,
                line,
                f"not valid UTF-8 (byte {exc.object[exc.start]:#04x}); save the file as UTF-8",
            )
        )
        return reading
    return read_data_text(text, origin, regions, scales, grades=grades)


def read_data_text(
    text: str, origin: str, regions: Regions, scales: Scales, *, grades: bool = True
) -> FileReading:
    reading = FileReading(origin)
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else text.count("\n") + 1
        detail = _TOML_POSITION.sub(f"(column {position.group(2)})" if position else "", message)
        reading.findings.append(
            Finding(
                "error", Code.TOML_SYNTAX, origin, line, f"TOML syntax: {clean(detail.strip())}"
            )
        )
        return reading
    except ValueError:
        # tomllib lets int() refuse a number of more than sys.get_int_max_str_digits() digits.
        line = _huge_integer_line(text)
        reading.findings.append(
            Finding("error", Code.TOML_SYNTAX, origin, line, "TOML syntax: integer too long")
        )
        return reading
    except RecursionError:
        reading.findings.append(
            Finding(
                "error",
                Code.TOML_SYNTAX,
                origin,
                _deep_line(text),
                "TOML syntax: arrays or tables nested too deeply",
            )
        )
        return reading
    _Reader(reading, map_lines(text), regions, scales, grades).read(document)
    return reading


_DEEP = 100


def _short(value: object, limit: int = 24) -> str:
    """A number as written, shortened when it is absurdly long (a 5,000-digit score)."""
    text = str(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _huge_integer_line(text: str) -> int:
    """The line of the first integer longer than Python converts; tomllib gives no position."""
    limit = sys.get_int_max_str_digits()
    found = re.search(rf"\d(?:_?\d){{{limit},}}", text) if limit else None
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _deep_line(text: str) -> int:
    """Roughly where brackets nest deepest first (strings ignored): good enough to point at."""
    depth = 0
    for position, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > _DEEP:
                return text.count("\n", 0, position) + 1
        elif char in "]}":
            depth = max(depth - 1, 0)
    return 1


class EntryReader:
    """Reads [[result]] entries one at a time, exactly as read_data_text reads them (grade
    words not checked): core.cache streams a large file through it instead of holding the
    whole document. Any finding shows up in `findings`."""

    def __init__(
        self, origin: str, regions: Regions, scales: Scales, *, grades: bool = False
    ) -> None:
        self._reading = FileReading(origin)
        self._lines = LineMap(Located(1), [])
        self._reader = _Reader(self._reading, self._lines, regions, scales, grades)
        self.findings = self._reading.findings

    def read(self, entry: Mapping[str, Any], where: Located) -> Result | None:
        self._lines.results[:] = [where]
        return self._reader.read_result(entry, where, 0)


class _Reader:
    def __init__(
        self, reading: FileReading, lines: LineMap, regions: Regions, scales: Scales, grades: bool
    ) -> None:
        self.reading = reading
        self.lines = lines
        self.regions = regions
        self.scales = scales
        self.grades = grades

    def add(self, severity: Severity, code: Code, line: int, message: str) -> None:
        self.reading.findings.append(Finding(severity, code, self.reading.origin, line, message))

    def read(self, document: Mapping[str, Any]) -> None:
        root = self.lines.root
        for key in document:
            if key != "result":
                self.add(
                    "error",
                    Code.UNKNOWN_KEY,
                    root.key_line(key),
                    f"unknown key {shown(key)} (a data file holds [[result]] entries)",
                )
        entries = document.get("result", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            self.add(
                "error",
                Code.WRONG_TYPE,
                root.key_line("result"),
                "'result' must be an array of tables: write each entry as [[result]]",
            )
            return
        for index, entry in enumerate(entries):
            result = self.read_result(entry, self.lines.result(index), index)
            if result is not None:
                self.reading.results.append(result)

    def read_result(self, entry: Mapping[str, Any], where: Located, index: int) -> Result | None:
        for key in entry:
            if key not in RESULT_KEYS:
                self.add(
                    "error",
                    Code.UNKNOWN_KEY,
                    where.key_line(key),
                    f"unknown key {shown(key)} in [[result]]; known keys: {', '.join(sorted(RESULT_KEYS))}",
                )
        ok = True
        for key in ("region", "instrument", "year", "source"):
            if key not in entry:
                self.add("error", Code.MISSING_KEY, where.line, f"[[result]] has no '{key}'")
                ok = False
        code = self.typed(entry, "region", str, where, 'a Kemendagri code in quotes, e.g. "53.71"')
        instrument = self.typed(entry, "instrument", str, where, "a string")
        year = self.typed(entry, "year", int, where, "a whole number")
        unit = self.typed(entry, "unit", str, where, "a string")
        note = self.typed(entry, "note", str, where, "a string")
        approximate = self.typed(entry, "approximate", bool, where, "true or false")
        disputed = self.typed(entry, "disputed", bool, where, "true or false")
        score: Decimal | None = None
        if "score" in entry:
            score = to_decimal(entry["score"])
            if score is None:
                self.add(
                    "error",
                    Code.WRONG_TYPE,
                    where.key_line("score"),
                    f"'score' must be a number, not {shown(entry['score'])}",
                )
                ok = False
        if code is not None and self.regions.get(code) is None:
            self.add(
                "error", Code.UNKNOWN_REGION, where.key_line("region"), self.unknown_region(code)
            )
            ok = False
        scale = None
        if instrument is not None and instrument not in self.scales.instruments:
            self.add(
                "error",
                Code.UNKNOWN_INSTRUMENT,
                where.key_line("instrument"),
                f"unknown instrument {shown(instrument)}; use one of {', '.join(self.scales.instruments)}",
            )
            ok = False
        elif instrument is not None and year is not None:
            problem = self.scales.year_problem(instrument, year)
            if problem:
                self.add("error", Code.NO_ASSESSMENT, where.key_line("year"), problem)
                ok = False
            else:
                scale = self.scales.find(instrument, year)
        if scale is not None and score is not None and scale.band_for(score) is None:
            self.add(
                "error",
                Code.SCORE_OUT_OF_RANGE,
                where.key_line("score"),
                f"score {_short(score)} is outside the {instrument} {year} scale ({scale.minimum}–{scale.maximum})",
            )
            ok = False
        sources = self.read_sources(
            entry.get("source"), where, index, score, scored="score" in entry
        )
        if not sources:
            ok = False
        if not ok or code is None or instrument is None or year is None:
            return None
        result = Result(
            code=code,
            instrument=instrument,
            year=year,
            unit=unit or None,
            score=score,
            approximate=bool(approximate),
            disputed=bool(disputed),
            note=note,
            sources=tuple(sources),
            origin=self.reading.origin,
            line=where.line,
        )
        if self.grades and scale is not None and score is not None:
            self.check_stated(result, index)
        elif self.grades and scale is not None:
            self.check_unreadable(result, index)
        return result

    def typed(
        self, entry: Mapping[str, Any], key: str, kind: type, where: Located, expected: str
    ) -> Any:
        if key not in entry:
            return None
        value = entry[key]
        if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
            return value
        self.add(
            "error",
            Code.WRONG_TYPE,
            where.key_line(key),
            f"{shown(key)} must be {expected}, not {shown(value)}",
        )
        return None

    def unknown_region(self, code: str) -> str:
        found = self.regions.lookup(code)
        hint = ""
        if found.unique is not None and found.unique.code != code:
            hint = f' (did you mean "{found.unique.code}", {found.unique.name}?)'
        return f'unknown region code {shown(code)}{hint}; regions are named by Kemendagri code, e.g. "53.71" for Kota Kupang'

    def read_sources(
        self, raw: Any, where: Located, index: int, score: Decimal | None, *, scored: bool
    ) -> list[Source]:
        if raw is None:
            return []
        if not isinstance(raw, list) or not raw:
            self.add(
                "error",
                Code.MISSING_SOURCE,
                where.key_line("source"),
                "a result needs at least one [[result.source]] with its url",
            )
            return []
        sources: list[Source] = []
        seen: set[str] = set()
        for number, item in enumerate(raw):
            at = self.lines.source(index, number)
            if not isinstance(item, dict):
                self.add(
                    "error",
                    Code.WRONG_TYPE,
                    at.line,
                    "each source must be a table: write it as [[result.source]]",
                )
                continue
            source = self.read_source(item, at, score, scored=scored)
            if source is None:
                continue
            if source.url in seen:
                self.add(
                    "error",
                    Code.DUPLICATE_SOURCE,
                    at.key_line("url"),
                    f"the same source is listed twice for this result: {shown(source.url, 100)}",
                )
                continue
            seen.add(source.url)
            sources.append(source)
        if score is not None and sources and not any(s.printed for s in sources):
            self.add(
                "error",
                Code.SCORE_NOT_PRINTED,
                where.key_line("score"),
                'no source gives the printed figure of this score: add printed = "…" to the source that printed it',
            )
            return []
        if len(sources) != len(raw):
            return []
        return sources

    def read_source(
        self, item: Mapping[str, Any], at: Located, score: Decimal | None, *, scored: bool
    ) -> Source | None:
        """One source; `scored` says the result has a score key, even one already reported
        as unreadable, so a printed figure is then not called a figure without a score."""
        ok = True
        for key in item:
            if key not in SOURCE_KEYS:
                self.add(
                    "error",
                    Code.UNKNOWN_KEY,
                    at.key_line(key),
                    f"unknown key {shown(key)} in [[result.source]]; known keys: {', '.join(sorted(SOURCE_KEYS))}",
                )
                ok = False
        url = self.typed(item, "url", str, at, "a string")
        printed = self.typed(
            item, "printed", str, at, "a string, the figure as the source printed it"
        )
        stated = self.typed(item, "stated", str, at, "a string")
        rank = self.typed(item, "rank", str, at, "a string")
        unit = self.typed(item, "unit", str, at, "a string, the unit as the source named it")
        if "url" not in item:
            self.add("error", Code.MISSING_SOURCE, at.line, "source has no url")
            return None
        if url is None:
            return None
        if not _URL.match(url):
            self.add(
                "error",
                Code.BAD_URL,
                at.key_line("url"),
                f"source url {shown(url, 100)} is not an http(s) URL",
            )
            ok = False
        if printed is not None:
            figure = parse_decimal(printed)
            if score is None and scored:
                ok = False
            elif score is None:
                self.add(
                    "error",
                    Code.PRINTED_WITHOUT_SCORE,
                    at.key_line("printed"),
                    f"source printed {shown(printed)} but the result has no score",
                )
                ok = False
            elif figure is None or figure != score:
                self.add(
                    "error",
                    Code.PRINTED_MISMATCH,
                    at.key_line("printed"),
                    f"score {score} differs from the figure this source printed, {shown(printed)}",
                )
                ok = False
        return Source(url, printed, stated, rank, unit or None) if ok else None

    def check_unreadable(self, result: Result, index: int) -> None:
        """A grade-only result whose words name no grade, zone or label of its bands: `add`
        warns about it, and so does `check`."""
        scale = self.scales.find(result.instrument, result.year)
        assert scale is not None
        for number, source in enumerate(result.sources):
            if source.stated and read_stated(source.stated, scale) == StatedGrade(None, None, None):
                line = self.lines.source(index, number).key_line("stated")
                self.add(
                    "warning",
                    Code.UNREADABLE_STATED,
                    line,
                    f"the grade words {shown(source.stated)} name no grade, label or zone of the "
                    f"{result.instrument} {result.year} bands: kept as the source's words, shown "
                    "without a grade",
                )

    def check_stated(self, result: Result, index: int) -> None:
        scale = self.scales.find(result.instrument, result.year)
        assert scale is not None and result.score is not None
        band = scale.band_for(result.score)
        assert band is not None
        for number, source in enumerate(result.sources):
            if not source.stated:
                continue
            why = disagreement(read_stated(source.stated, scale), band, scale)
            if why:
                line = self.lines.source(index, number).key_line("stated")
                self.add(
                    "warning",
                    Code.STATED_GRADE_MISMATCH,
                    line,
                    f"stated {shown(source.stated, 80)}: {why} for {result.score}",
                )
