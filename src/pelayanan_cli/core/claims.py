"""Checking a claim about a result ("86,62", "hijau", "B", "kualitas tinggi") against the data.

A claim names up to four things: a score, a grade letter, a zone and a quality label. Each is
checked against every source of every report the data holds for the result, each source by what
it printed itself: its figure, its grade words (or the band of its figure). A part is supported
when every source that speaks to it supports it, contradicted when every one contradicts it, and
disputed when sources disagree (Kabupaten Bombana IPP 2025: "A-" beside "A"). The parts combine:
contradicted if any part is contradicted, then disputed if any is, supported if every part is,
otherwise not in the data (a score claimed for a grade-only result, a zone for an instrument
that has none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

from pelayanan_cli.core.agreement import Said, band_of, said_by
from pelayanan_cli.core.errors import ExitStatus, UsageError
from pelayanan_cli.core.model import Result, near
from pelayanan_cli.core.numbers import format_score, parse_decimal
from pelayanan_cli.core.scales import Band, Scale, Scales

if TYPE_CHECKING:
    from pelayanan_cli.core.dataset import Dataset
    from pelayanan_cli.core.regions import Region

Verdict = Literal["supported", "contradicted", "disputed", "not_in_data"]
Stance = Literal["supports", "contradicts", "silent"]
Part = Literal["score", "grade", "zone", "label"]

_ZONES = {
    "hijau": "hijau",
    "kuning": "kuning",
    "merah": "merah",
    "hitam": "hitam",
    "green": "hijau",
    "yellow": "kuning",
    "red": "merah",
    "black": "hitam",
}
# Words a claim may carry around what it claims ("zona hijau", "kategori B", "skor 86,62").
_FILLER = {
    "zona",
    "zone",
    "kategori",
    "predikat",
    "opini",
    "nilai",
    "skor",
    "score",
    "grade",
    "indeks",
    "dengan",
    "dan",
    "and",
    "with",
    "poin",
    "points",
}
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_GRADE = re.compile(r"^[a-f][+-]?$")
_SPLIT = re.compile(r"[\s,;/()\"'“”]+")


@dataclass(frozen=True, slots=True)
class Claim:
    """What a claim asserts; a part left None is not claimed."""

    text: str
    score: Decimal | None = None
    grade: str | None = None
    zone: str | None = None
    label: str | None = None  # the label as the bands spell it, without "Opini "

    @property
    def parts(self) -> list[tuple[Part, str]]:
        found: list[tuple[Part, str]] = []
        if self.score is not None:
            found.append(("score", f"{self.score:f}"))
        if self.grade is not None:
            found.append(("grade", self.grade))
        if self.zone is not None:
            found.append(("zone", self.zone))
        if self.label is not None:
            found.append(("label", self.label))
        return found


def core_label(label: str) -> str:
    """A band label compared without case and without the "Opini " of the 2025 method."""
    return " ".join(label.casefold().removeprefix("opini ").split())


def _labels(scales: Scales) -> dict[str, str]:
    """Every band label the scales know, by its comparison form."""
    labels: dict[str, str] = {}
    for scale in scales.scales:
        for band in scale.bands:
            core = core_label(band.label)
            if core:
                labels.setdefault(core, band.label.removeprefix("Opini "))
    return labels


def parse_claim(text: str, scales: Scales) -> Claim:
    """Read a claim; UsageError (exit 2) when a word is neither a score, grade, zone nor label."""
    whole = text.strip()
    number = parse_decimal(whole)
    if number is not None:
        return Claim(text, score=number)
    rest = " ".join(whole.casefold().split())
    label = None
    for core, spelled in sorted(_labels(scales).items(), key=lambda item: -len(item[0])):
        pattern = rf"(?<![a-z]){re.escape(core)}(?![a-z])"
        if re.search(pattern, rest):
            label = spelled
            rest = re.sub(pattern, " ", rest, count=1)
            break
    numbers = _NUMBER.findall(rest)
    if len(numbers) > 1:
        raise UsageError(f"the claim {text!r} holds {len(numbers)} numbers: claim one score")
    score = parse_decimal(numbers[0]) if numbers else None
    rest = _NUMBER.sub(" ", rest)
    grade = zone = None
    for token in (t for t in _SPLIT.split(rest) if t):
        if token in _ZONES:
            zone = _once("zone", zone, _ZONES[token], text)
        elif _GRADE.match(token):
            grade = _once("grade", grade, token.upper(), text)
        elif token not in _FILLER:
            raise UsageError(
                f"cannot read {token!r} in the claim {text!r}: claim a score (86,62), a grade "
                "(B, A-), a zone (hijau) and/or a label ('kualitas tinggi')"
            )
    claim = Claim(text, score, grade, zone, label)
    if not claim.parts:
        raise UsageError(f"the claim {text!r} says nothing to check")
    return claim


def _once(part: str, current: str | None, new: str, text: str) -> str:
    if current is not None and current != new:
        raise UsageError(f"the claim {text!r} names two values for the {part}: claim one")
    return new


@dataclass(frozen=True, slots=True)
class Check:
    """One part of a claim against one result: what was claimed, what the data holds, why."""

    part: Part
    claimed: str
    verdict: Verdict
    found: str | None
    why: str


@dataclass(frozen=True, slots=True)
class SourceStance:
    """One source against the claim: what it printed, and whether that supports the claim."""

    said: Said
    stance: Stance
    parts: tuple[tuple[Part, Stance], ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One result (all its reports, the primary first) and how the claim fares against it."""

    reports: tuple[Result, ...]
    band: Band | None
    graded_from: str | None
    scale: Scale | None
    checks: tuple[Check, ...]
    stances: tuple[SourceStance, ...] = ()

    @property
    def result(self) -> Result:
        return self.reports[0]

    @property
    def verdict(self) -> Verdict:
        return combine_parts([c.verdict for c in self.checks])


def combine_parts(verdicts: Sequence[Verdict]) -> Verdict:
    """All parts of a claim about one result: any contradiction wins, then any dispute, then
    any gap."""
    if "contradicted" in verdicts:
        return "contradicted"
    if "disputed" in verdicts:
        return "disputed"
    if verdicts and all(v == "supported" for v in verdicts):
        return "supported"
    return "not_in_data"


def combine_results(verdicts: Sequence[Verdict]) -> Verdict:
    """A claim about a year, checked against each instrument's result: one support suffices."""
    for verdict in ("supported", "disputed", "contradicted"):
        if verdict in verdicts:
            return verdict
    return "not_in_data"


def _tally(stances: Sequence[Stance]) -> Verdict | None:
    """Sources that speak to a part: all support, all contradict, or they disagree."""
    spoken = [s for s in stances if s != "silent"]
    if not spoken:
        return None
    if all(s == "supports" for s in spoken):
        return "supported"
    if all(s == "contradicts" for s in spoken):
        return "contradicted"
    return "disputed"


def check_result(claim: Claim, reports: Sequence[Result], scales: Scales) -> Evidence:
    """Check every part of `claim` against every source of the reports of one result."""
    primary = reports[0]
    band, from_stated = band_of(primary, scales)
    scale = scales.find(primary.instrument, primary.year)
    sources = said_by(reports, scales)
    exact = [s.figure for s in sources if s.figure is not None and not s.approximate]
    per_source: list[list[tuple[Part, Stance]]] = [[] for _ in sources]
    checks: list[Check] = []
    for part, claimed in claim.parts:
        stances = [_stance(part, claim, item, exact) for item in sources]
        for index, stance in enumerate(stances):
            per_source[index].append((part, stance))
        checks.append(_check(part, claimed, _tally(stances), sources, scale))
    graded_from = None if band is None else ("stated" if from_stated else "score")
    overall = tuple(
        SourceStance(item, _overall([s for _, s in per_source[index]]), tuple(per_source[index]))
        for index, item in enumerate(sources)
    )
    return Evidence(tuple(reports), band, graded_from, scale, tuple(checks), overall)


def _overall(stances: Sequence[Stance]) -> Stance:
    if "contradicts" in stances:
        return "contradicts"
    if stances and "supports" in stances:
        return "supports"
    return "silent"


def _stance(part: Part, claim: Claim, item: Said, exact: Sequence[Decimal | None]) -> Stance:
    """What one source says to one part of the claim, from what it printed itself."""
    if part == "score":
        assert claim.score is not None
        if item.figure is None:
            return "silent"
        if item.approximate:
            if any(f is not None and near(item.figure, f) for f in exact):
                # "sekitar 86" beside an exact 86,62: a coarse echo of it, which speaks only
                # for its own figure as printed.
                return "supports" if item.figure == claim.score else "silent"
            # "sekitar 88,77" beside 88,70: another value, which speaks for itself.
            return "supports" if near(item.figure, claim.score) else "contradicts"
        if item.figure == claim.score or _rounded_to(item.figure, claim.score):
            return "supports"
        return "contradicts"
    if item.bands is None:
        return "silent"
    if part == "label":
        assert claim.label is not None
        values = {core_label(b.label) for b in item.bands if b.label}
        wanted = core_label(claim.label)
    else:
        values = {getattr(b, part) for b in item.bands if getattr(b, part)}
        wanted = claim.grade if part == "grade" else claim.zone  # type: ignore[assignment]
    if not values:
        return "silent"
    if wanted not in values:
        return "contradicts"
    return "supports" if len(values) == 1 else "silent"


def _check(
    part: Part, claimed: str, verdict: Verdict | None, sources: Sequence[Said], scale: Scale | None
) -> Check:
    if part == "score":
        figures = [s for s in sources if s.figure is not None]
        shown = f"{Decimal(claimed):f}"
        if not figures:
            return Check("score", shown, "not_in_data", None, "no score was published: grade only")
        found = "; ".join(sorted({_figure(s.figure, s.approximate) for s in figures}))
        assert verdict is not None
        why = f"the data holds {found}"
        if verdict == "supported" and not any(s.figure == Decimal(claimed) for s in figures):
            why += f"; to the claim's decimals that is {shown}"
        if verdict == "disputed":
            why = f"sources disagree: {found}"
        return Check("score", shown, verdict, found, why)
    values = sorted(
        {
            _value(part, b)
            for s in sources
            if s.bands is not None
            for b in s.bands
            if _value(part, b)
        }
    )
    if verdict is None or not values:
        what = {"grade": "grade letters", "zone": "zones", "label": "labels"}[part]
        if (
            part == "label"
            and scale is not None
            and core_label(claimed) not in {core_label(b.label) for b in scale.bands}
        ):
            why = f"'{claimed}' is not a label of the {scale.period} {scale.instrument} bands"
        elif scale is not None and not any(_value(part, b) for b in scale.bands):
            why = f"the {scale.period} {scale.instrument} bands have no {what}"
        else:
            why = f"the data holds no {part} for this result"
        return Check(part, claimed, "not_in_data", None, why)
    found = " / ".join(values)
    if verdict == "disputed":
        return Check(part, claimed, verdict, found, f"sources disagree: {found}")
    quoted = f"'{found}'" if part == "label" else found
    return Check(part, claimed, verdict, found, f"the data gives {quoted}")


def _value(part: Part, band: Band) -> str:
    return band.label if part == "label" else getattr(band, part)


_STATUS: dict[Verdict, ExitStatus] = {
    "supported": ExitStatus.OK,
    "not_in_data": ExitStatus.NOT_FOUND,
    "contradicted": ExitStatus.CONTRADICTED,
    "disputed": ExitStatus.DISPUTED,
}


@dataclass(frozen=True, slots=True)
class Verification:
    """A claim about a region's year against every result held for it, and the verdict."""

    claim: Claim
    place: Region
    year: int
    verdict: Verdict
    evidence: tuple[Evidence, ...]
    reason: str | None  # why nothing was found, when there is no evidence

    @property
    def status(self) -> ExitStatus:
        """0 supported, 1 not in the data, 3 contradicted, 4 disputed: scripts branch on it."""
        return _STATUS[self.verdict]


def verify_claim(
    dataset: Dataset,
    scales: Scales,
    place: Region,
    year: int,
    claim: Claim,
    instrument: str | None = None,
    unit: str | None = None,
) -> Verification:
    """Check `claim` against each result of the year: every matching unit, every instrument
    held (or only `instrument`), each result's reports with the primary one first."""
    from pelayanan_cli.core.series import keys_of_year, pick_unit, why_no_result

    evidence: list[Evidence] = []
    units = pick_unit(dataset, place.code, unit)
    for key in keys_of_year(dataset, scales, place.code, year, units, instrument):
        primary = dataset.primary(key)
        reports = [primary, *(r for r in dataset.reports(key) if r is not primary)]
        evidence.append(check_result(claim, reports, scales))
    verdict = combine_results([e.verdict for e in evidence])
    reason = (
        None
        if evidence
        else why_no_result(dataset, scales, place, year, instrument, units[0] if unit else None)
    )
    return Verification(claim, place, year, verdict, tuple(evidence), reason)


def _rounded_to(value: Decimal, claimed: Decimal) -> bool:
    """Whether `claimed`, written with fewer decimals, is `value` rounded half up."""
    places = claimed.as_tuple().exponent
    value_places = value.as_tuple().exponent
    if not isinstance(places, int) or not isinstance(value_places, int):
        return False
    if places <= value_places:
        return False
    return value.quantize(Decimal(1).scaleb(places), rounding=ROUND_HALF_UP) == claimed


def _figure(value: Decimal | None, approximate: bool) -> str:
    text = format_score(value)
    return f"~{text} (approximate)" if approximate else text
