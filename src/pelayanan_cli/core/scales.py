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
        if year in info.no_assessment:
            return f"{info.no_assessment[year]}; assessed years: {_span(self.years(instrument))}"
        said = str(year) if abs(year) < 10**6 else f"{str(year)[:8]}…"
        return f"{info.name} has no assessment for {said}; assessed years: {_span(self.years(instrument))}"

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
    r"(?i:kategori|katagori|predikat|zona|nilai|grade|opini)\s*[\"“”']?([A-F][+-]?)(?![A-Za-z])|\(([A-F]-?)\)"
)
_ZONE_WORDS = re.compile(r"\b(hijau|kuning|merah|hitam)\b", re.IGNORECASE)


@record
class StatedGrade:
    """What a source's grade words say: a letter, a zone and/or a quality label, each optional."""

    grade: str | None
    zone: str | None
    label: str | None


def read_stated(words: str, scale: Scale) -> StatedGrade:
    """Pick out grade letter, zone and label from a source's own words, using the scale's vocabulary."""
    letter = None
    for match in _GRADE_WORDS.finditer(words):
        letter = match.group(1) or match.group(2)
        break
    zones = {m.group(1).casefold() for m in _ZONE_WORDS.finditer(words)}
    zone = zones.pop() if len(zones) == 1 else None
    lowered = " ".join(words.casefold().split())
    label = None
    # The longest label that appears wins ("kualitas tertinggi" over "kualitas tinggi").
    for band in sorted(scale.bands, key=lambda b: -len(_core_label(b.label))):
        core = _core_label(band.label)
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
