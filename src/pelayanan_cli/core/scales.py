"""Grade bands as data: which band a score falls in, by the rules of its instrument and year."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from pelayanan_cli.core.errors import NotFoundError, UsageError
from pelayanan_cli.core.numbers import parse_decimal
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.records import record

Edges = Literal["lower", "upper"]


@record
class Band:
    grade: str
    label: str
    zone: str
    lower: Decimal
    upper: Decimal
    lower_text: str
    upper_text: str
    # Further phrases sources print for this band ("kepatuhan terbaik"), beside its label.
    words: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """What to call the band in one word: its grade letter, else its zone."""
        return self.grade or self.zone


@record
class Scale:
    """One instrument's bands for one period, highest grade first."""

    instrument: str
    method: str
    years: tuple[int, ...]
    minimum: Decimal
    maximum: Decimal
    edges: Edges
    basis: str
    status: str
    source: str
    note: str
    bands: tuple[Band, ...]
    # How a score between two published bounds is graded, and on what basis.
    between: str = ""

    @property
    def period(self) -> str:
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first}–{last}"

    def band_for(self, score: Decimal) -> Band | None:
        """The one band holding `score`, or None when it is outside the scale."""
        if score < self.minimum or score > self.maximum:
            return None
        if self.edges == "lower":
            for band in self.bands:
                if score >= band.lower:
                    return band
        else:
            for band in reversed(self.bands):
                if score <= band.upper:
                    return band
        return None  # pragma: no cover - the bands cover the scale (checked on load)

    def between_rule(self, score: Decimal) -> str | None:
        """How `score` was graded, when it lies between two published bounds (4,505); None
        when a published band holds it."""
        if any(b.lower <= score <= b.upper for b in self.bands):
            return None
        return self.between or None

    def rank_of(self, band: Band) -> int:
        """0 for the best band; larger is worse."""
        return self.bands.index(band)

    def record(self) -> dict[str, object]:
        """The table as JSON-ready data (`scales` and `trend` print it)."""
        return {
            "instrument": self.instrument,
            "period": self.period,
            "method": self.method,
            "years": list(self.years),
            "minimum": self.minimum,
            "maximum": self.maximum,
            "edges": self.edges,
            "basis": self.basis,
            "status": self.status,
            "source": self.source,
            "note": self.note or None,
            "between": self.between or None,
            "bands": [
                {
                    "grade": b.grade or None,
                    "label": b.label,
                    "zone": b.zone or None,
                    "lower": b.lower,
                    "upper": b.upper,
                }
                for b in self.bands
            ],
        }


@record
class Instrument:
    key: str
    name: str
    title: str
    no_assessment: dict[int, str]
    # Years that were (or may have been) assessed, with no band table held: why.
    no_bands: dict[int, str]


@record
class Grading:
    """A score read against the bands of its year."""

    instrument: str
    year: int
    score: Decimal
    scale: Scale
    band: Band


class Scales:
    def __init__(self, instruments: dict[str, Instrument], scales: list[Scale]) -> None:
        self.instruments = instruments
        self.scales = scales
        self._by_year = {(s.instrument, y): s for s in scales for y in s.years}

    def years(self, instrument: str) -> list[int]:
        return sorted(y for (i, y) in self._by_year if i == instrument)

    def latest_year(self, instrument: str) -> int:
        return self.years(instrument)[-1]

    def for_instrument(self, instrument: str) -> list[Scale]:
        self.instrument(instrument)
        return [s for s in self.scales if s.instrument == instrument]

    def instrument(self, key: str) -> Instrument:
        try:
            return self.instruments[key]
        except KeyError:
            known = ", ".join(self.instruments)
            raise UsageError(f"unknown instrument {key!r}: use one of {known}") from None

    def year_problem(self, instrument: str, year: int) -> str | None:
        """Why `year` has no bands for `instrument`, or None when it has."""
        if (instrument, year) in self._by_year:
            return None
        info = self.instruments.get(instrument)
        if info is None:
            return f"unknown instrument {instrument!r}"
        banded = f"years with bands: {_span(self.years(instrument))}"
        if year in info.no_assessment:
            return f"{info.no_assessment[year]}; {banded}"
        said = str(year) if abs(year) < 10**6 else f"{str(year)[:8]}…"
        # Not "no assessment": the data does not know that; it knows it holds no bands.
        why = f": {info.no_bands[year]}" if year in info.no_bands else ""
        return f"no bands held for {said} ({info.name}){why}; {banded}"

    def span(self) -> tuple[int, int]:
        """The first and last year the data knows of for any instrument: with bands, assessed
        without bands held (Ombudsman 2013), or known to have had no assessment (2020)."""
        years = [year for (_, year) in self._by_year]
        for info in self.instruments.values():
            years += [*info.no_bands, *info.no_assessment]
        return min(years), max(years)

    def check_year(self, year: int) -> int:
        """`year`, or UsageError for a year outside every year the data knows of (24, 2030): a
        mistake, not a gap in the data. A year inside the span without bands (2020, 2014) is
        for scale_for to explain."""
        first, last = self.span()
        if first <= year <= last:
            return year
        said = str(year) if abs(year) < 10**6 else f"{str(year)[:8]}…"
        raise UsageError(
            f"{said} is not an assessment year: the data knows of {first}–{last} "
            f"(write the year in full, e.g. {last})"
        )

    def scale_for(self, instrument: str, year: int) -> Scale:
        self.instrument(instrument)
        problem = self.year_problem(instrument, year)
        if problem is not None:
            raise NotFoundError(problem)
        return self._by_year[(instrument, year)]

    def find(self, instrument: str, year: int) -> Scale | None:
        return self._by_year.get((instrument, year))

    def grade(self, instrument: str, year: int, score: Decimal) -> Grading:
        scale = self.scale_for(instrument, year)
        band = scale.band_for(score)
        if band is None:
            raise UsageError(
                f"score {_short(score)} is outside the {self.instruments[instrument].name} {year} "
                "scale: "
                f"use a value from {scale.minimum} to {scale.maximum}"
            )
        return Grading(instrument, year, score, scale, band)

    def band_for(self, instrument: str, year: int, score: Decimal | None) -> Band | None:
        scale = self._by_year.get((instrument, year))
        return scale.band_for(score) if scale is not None and score is not None else None


def _short(value: object, limit: int = 24) -> str:
    """A number as typed, shortened when it is absurdly long (a 100,000-digit score)."""
    text = str(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _span(years: list[int]) -> str:
    if not years:
        return "none"
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _decimal(text: str, where: str) -> Decimal:
    value = parse_decimal(str(text))
    if value is None:
        raise ValueError(f"{where}: {text!r} is not a number")
    return value


def parse_scales(data: dict[str, object], origin: str) -> Scales:
    """Build and sanity-check the tables; a broken scales file is a bug, so this raises."""
    instruments = {
        key: Instrument(
            key,
            str(info["name"]),
            str(info.get("title", "")),
            {int(y): str(why) for y, why in info.get("no_assessment", {}).items()},
            {
                int(y): str(entry["reason"])
                for entry in info.get("no_bands", [])
                for y in entry["years"]
            },
        )
        for key, info in data["instrument"].items()  # type: ignore[attr-defined]
    }
    scales: list[Scale] = []
    for raw in data["scale"]:  # type: ignore[attr-defined]
        where = f"{origin}: {raw['instrument']} {raw['years']}"
        bands = tuple(
            Band(
                str(b["grade"]),
                str(b["label"]),
                str(b["zone"]),
                _decimal(b["lower"], where),
                _decimal(b["upper"], where),
                str(b["lower"]),
                str(b["upper"]),
                tuple(str(w) for w in b.get("words", ())),
            )
            for b in raw["band"]
        )
        scale = Scale(
            instrument=str(raw["instrument"]),
            method=str(raw["method"]),
            years=tuple(sorted(int(y) for y in raw["years"])),
            minimum=_decimal(str(raw["minimum"]), where),
            maximum=_decimal(str(raw["maximum"]), where),
            edges=raw["edges"],
            basis=str(raw["basis"]),
            status=str(raw["status"]),
            source=str(raw["source"]),
            note=str(raw.get("note", "")),
            bands=bands,
            between=str(raw.get("between", "")),
        )
        _check_scale(scale, where, instruments)
        scales.append(scale)
    return Scales(instruments, scales)


def _check_scale(scale: Scale, where: str, instruments: dict[str, Instrument]) -> None:
    if scale.instrument not in instruments:
        raise ValueError(f"{where}: unknown instrument")
    if scale.edges not in ("lower", "upper"):
        raise ValueError(f"{where}: edges must be 'lower' or 'upper'")
    lowers = [b.lower for b in scale.bands]
    uppers = [b.upper for b in scale.bands]
    if lowers != sorted(lowers, reverse=True) or uppers != sorted(uppers, reverse=True):
        raise ValueError(f"{where}: bands must run from the highest down")
    if scale.bands[-1].lower != scale.minimum or scale.bands[0].upper != scale.maximum:
        raise ValueError(f"{where}: bands must cover {scale.minimum}..{scale.maximum}")


_GRADE_WORDS = re.compile(
    r"(?i:kategori|katagori|category|predikat|zona|nilai|grade|opini|penilaian)\s*[\"“”']?([A-F][+-]?)(?![A-Za-z])|\(([A-F]-?)\)"
)
# A grade letter standing alone ("A", "green A with …", "kategori kepatuhan tinggi B").
_LONE_GRADE = re.compile(r"(?<![A-Za-z0-9])([A-F][+-]?)(?![A-Za-z0-9+-])")
_ZONE_WORDS = re.compile(r"\b(hijau|kuning|merah|hitam|green|yellow|red|black)\b", re.IGNORECASE)
_ZONES = {"green": "hijau", "yellow": "kuning", "red": "merah", "black": "hitam"}


@record
class StatedGrade:
    """What a source's grade words say: a letter, a zone and/or a quality label, each optional."""

    grade: str | None
    zone: str | None
    label: str | None


def read_stated(words: str, scale: Scale) -> StatedGrade:
    """Pick out grade letter, zone and label from a source's own words, using the scale's vocabulary
    (its grades, labels, zones and the further `words` each band lists)."""
    letter = None
    for match in _GRADE_WORDS.finditer(words):
        letter = match.group(1) or match.group(2)
        break
    if letter is None and any(b.grade for b in scale.bands):
        alone = {m.group(1) for m in _LONE_GRADE.finditer(words)}
        if len(alone) == 1:
            letter = alone.pop()
    zones = {
        _ZONES.get(m.group(1).casefold(), m.group(1).casefold())
        for m in _ZONE_WORDS.finditer(words)
    }
    zone = zones.pop() if len(zones) == 1 else None
    lowered = " ".join(words.casefold().split())
    label = None
    # The longest phrase that appears wins ("kualitas tertinggi" over "kualitas tinggi").
    phrases = [(_core_label(b.label), b) for b in scale.bands]
    phrases += [(" ".join(w.casefold().split()), b) for b in scale.bands for w in b.words]
    for core, band in sorted(phrases, key=lambda item: -len(item[0])):
        if core and _contains_word(lowered, core):
            label = band.label
            break
    return StatedGrade(letter, zone, label)


def _contains_word(text: str, words: str) -> bool:
    """Whether `words` occur in `text` with no letter a-z right before or after them (a regex
    compiled per label would cost more than the whole lookup at start-up)."""
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not ("a" <= before <= "z") and not ("a" <= after <= "z"):
            return True
        start = text.find(words, start + 1)
    return False


def _core_label(label: str) -> str:
    return label.casefold().removeprefix("opini ").strip()


def stated_bands(words: str | None, scale: Scale) -> frozenset[Band] | None:
    """The bands a source's words allow ("zona hijau" in 2023: A or B); None when they name no
    grade, label or zone this scale knows. Words that contradict themselves ("zona hijau …
    kategori D") are read by their letter first, then their label, then their zone."""
    if not words:
        return None
    key = (words, id(scale))
    known = _READ.get(key)
    if known is not None and known[0] is scale:
        return known[1]
    if len(_READ) >= 4096:
        _READ.clear()
    found = _stated_bands(words, scale)
    _READ[key] = (scale, found)
    return found


# A panel repeats the same grade words thousands of times: each is read once per scale.
_READ: dict[tuple[str, int], tuple[Scale, frozenset[Band] | None]] = {}


def _stated_bands(words: str, scale: Scale) -> frozenset[Band] | None:
    stated = read_stated(words, scale)
    bands = scale.bands
    by_grade = {b for b in bands if b.grade and b.grade == stated.grade} or None
    by_label = {b for b in bands if stated.label and b.label == stated.label} or None
    by_zone = {b for b in bands if b.zone and b.zone == stated.zone} or None
    given = [s for s in (by_grade, by_label if by_grade is None else None, by_zone) if s]
    if not given:
        return None
    allowed = set.intersection(*given)
    if allowed:
        return frozenset(allowed)
    return frozenset(given[0])


def disagreement(stated: StatedGrade, band: Band, scale: Scale) -> str | None:
    """Why stated words contradict the computed band, or None when they agree or say nothing."""
    if stated.grade and band.grade and stated.grade != band.grade:
        return f"grade {stated.grade} but the {scale.period} bands give {band.grade}"
    if stated.zone and band.zone and stated.zone != band.zone:
        return f"zona {stated.zone} but the {scale.period} bands give {band.zone}"
    if stated.label and stated.label != band.label and not stated.grade:
        return f"'{stated.label}' but the {scale.period} bands give '{band.label}'"
    return None


def load_scales_file(path: Path) -> Scales:
    from pelayanan_cli.core.tomlmemo import load_table

    return parse_scales(load_table(path), str(path))


@cache
def load_scales() -> Scales:
    return load_scales_file(bundled_file("scales.toml"))
