"""Checking a claim about a result ("86,62", "hijau", "B", "kualitas tinggi") against the data.

A claim names up to four things: a score, a grade letter, a zone and a quality label. Each is
checked against every report the data holds for the result, and the verdicts combine:
contradicted if any part is contradicted, supported if every part is, otherwise not in the data
(a score claimed for a grade-only result, a zone for an instrument that has none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

from pelayanan_cli.core.errors import ExitStatus, UsageError
from pelayanan_cli.core.model import Result
from pelayanan_cli.core.numbers import format_score, parse_decimal
from pelayanan_cli.core.queries import band_of
from pelayanan_cli.core.scales import Band, Scale, Scales

if TYPE_CHECKING:
    from pelayanan_cli.core.dataset import Dataset
    from pelayanan_cli.core.regions import Region

Verdict = Literal["supported", "contradicted", "not_in_data"]
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
class Evidence:
    """One result (all its reports, the primary first) and how the claim fares against it."""

    reports: tuple[Result, ...]
    band: Band | None
    graded_from: str | None
    scale: Scale | None
    checks: tuple[Check, ...]

    @property
    def result(self) -> Result:
        return self.reports[0]

    @property
    def verdict(self) -> Verdict:
        return combine_parts([c.verdict for c in self.checks])


def combine_parts(verdicts: Sequence[Verdict]) -> Verdict:
    """All parts of a claim about one result: any contradiction wins, then any gap."""
    if "contradicted" in verdicts:
        return "contradicted"
    if verdicts and all(v == "supported" for v in verdicts):
        return "supported"
    return "not_in_data"


def combine_results(verdicts: Sequence[Verdict]) -> Verdict:
    """A claim about a year, checked against each instrument's result: one support suffices."""
    if "supported" in verdicts:
        return "supported"
    if "contradicted" in verdicts:
        return "contradicted"
    return "not_in_data"


def check_result(claim: Claim, reports: Sequence[Result], scales: Scales) -> Evidence:
    """Check every part of `claim` against the reports of one result (primary first)."""
    primary = reports[0]
    band, from_stated = band_of(primary, scales)
    scale = scales.find(primary.instrument, primary.year)
    bands = [band_of(r, scales)[0] for r in reports]
    checks: list[Check] = []
    if claim.score is not None:
        checks.append(_check_score(claim.score, reports))
    if claim.grade is not None:
        checks.append(
            _check_band(
                "grade", claim.grade, [b.grade if b else "" for b in bands], scale, "grade letters"
            )
        )
    if claim.zone is not None:
        checks.append(
            _check_band("zone", claim.zone, [b.zone if b else "" for b in bands], scale, "zones")
        )
    if claim.label is not None:
        checks.append(_check_label(claim.label, bands, scale))
    graded_from = None if band is None else ("stated" if from_stated else "score")
    return Evidence(tuple(reports), band, graded_from, scale, tuple(checks))


_STATUS: dict[Verdict, ExitStatus] = {
    "supported": ExitStatus.OK,
    "not_in_data": ExitStatus.NOT_FOUND,
    "contradicted": ExitStatus.CONTRADICTED,
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
        """0 supported, 1 not in the data, 3 contradicted: scripts branch on it."""
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


def _check_score(claimed: Decimal, reports: Sequence[Result]) -> Check:
    scored = [r for r in reports if r.score is not None]
    shown = f"{claimed:f}"  # as claimed: "86,6" is not "86,60"
    if not scored:
        return Check("score", shown, "not_in_data", None, "no score was published: grade only")
    found = "; ".join(_figure(r) for r in scored)
    for report in scored:
        assert report.score is not None
        if report.score == claimed:
            return Check("score", shown, "supported", found, f"the data holds {found}")
    for report in scored:
        assert report.score is not None
        if _rounded_to(report.score, claimed):
            return Check(
                "score",
                shown,
                "supported",
                found,
                f"the data holds {found}; {_figure(report)} to the claim's decimals is {shown}",
            )
    return Check("score", shown, "contradicted", found, f"the data holds {found}")


def _figure(report: Result) -> str:
    text = format_score(report.score)
    return f"~{text} (approximate)" if report.approximate else text


def _check_band(
    part: Part, claimed: str, values: Sequence[str], scale: Scale | None, what: str
) -> Check:
    held = sorted({v for v in values if v})
    if not held:
        why = (
            f"the {scale.period} {scale.instrument} bands have no {what}"
            if scale is not None and not any(getattr(b, part) for b in scale.bands)
            else f"the data holds no {part} for this result"
        )
        return Check(part, claimed, "not_in_data", None, why)
    found = " / ".join(held)
    if claimed in held:
        return Check(part, claimed, "supported", found, f"the data gives {found}")
    return Check(part, claimed, "contradicted", found, f"the data gives {found}")


def _check_label(claimed: str, bands: Sequence[Band | None], scale: Scale | None) -> Check:
    wanted = core_label(claimed)
    if scale is not None and wanted not in {core_label(b.label) for b in scale.bands}:
        return Check(
            "label",
            claimed,
            "not_in_data",
            None,
            f"'{claimed}' is not a label of the {scale.period} {scale.instrument} bands",
        )
    held = sorted({b.label for b in bands if b is not None and b.label})
    if not held:
        return Check("label", claimed, "not_in_data", None, "the data holds no label for it")
    found = " / ".join(held)
    if wanted in {core_label(h) for h in held}:
        return Check("label", claimed, "supported", found, f"the data gives '{found}'")
    return Check("label", claimed, "contradicted", found, f"the data gives '{found}'")
