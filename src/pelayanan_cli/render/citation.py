"""A citation of one figure, ready to paste into a footnote or a news story, in id or en."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pelayanan_cli.core.model import Result, consistent
from pelayanan_cli.core.regions import Region
from pelayanan_cli.core.scales import Band, Scale
from pelayanan_cli.render.labels import Lang, instrument_title, number, zone_words

_WORDS = {
    "id": {
        "sources": "Sumber",
        "access": "Diakses melalui",
        "about": "sekitar",
        "grade": "kategori",
        "no_score": "tanpa skor yang dipublikasikan",
        "other": "Sumber lain mencatat",
    },
    "en": {
        "sources": "Sources",
        "access": "Retrieved via",
        "about": "about",
        "grade": "grade",
        "no_score": "no score published",
        "other": "Another source reports",
    },
}


@dataclass(frozen=True, slots=True)
class Cited:
    """Everything a citation names: the result, its band, who it is about, where the data is from."""

    result: Result
    band: Band | None
    scale: Scale | None
    region: Region
    others: tuple[Result, ...]  # reports of the same result with another value
    version: str
    sha256: str


def _band_words(band: Band | None, lang: Lang) -> list[str]:
    if band is None:
        return []
    words = [band.grade] if band.grade else []
    if band.label:
        words.append(band.label)
    if band.zone:
        words.append(zone_words(band.zone, lang))
    return words


def citation(cited: Cited, lang: Lang = "id") -> str:
    """'Ombudsman RI, Penilaian Kepatuhan 2024: Kota Kupang 86,62 (B, Kualitas Tinggi, zona
    hijau). Sumber: …. Diakses melalui pelayanan 0.1.0, data sha256 060963c0a339.'"""
    words = _WORDS[lang]
    result, band = cited.result, cited.band
    method = cited.scale.method if cited.scale is not None else None
    who = cited.region.name
    if result.unit:
        who = f"{result.unit} {who}" if lang == "id" else f"{result.unit}, {who}"
    described = _band_words(band, lang)
    if result.score is not None:
        figure = number(result.score, lang)
        if result.approximate:
            figure = f"{words['about']} {figure}"
        value = f"{figure} ({', '.join(described)})" if described else figure
    elif described:
        # Grade only: the grade (or zone) the sources stated, and no figure to cite.
        head = (
            f"{words['grade']} {described[0]}" if band is not None and band.grade else described[0]
        )
        inner = "; ".join(part for part in (", ".join(described[1:]), words["no_score"]) if part)
        value = f"{head} ({inner})"
    else:
        value = f"({words['no_score']})"
    urls = "; ".join(s.url for s in result.sources)
    text = (
        f"{instrument_title(result.instrument, method, lang)} {result.year}: {who} {value}. "
        f"{words['sources']}: {urls}."
    )
    for other in cited.others:
        other_urls = "; ".join(s.url for s in other.sources)
        text += f" {words['other']} {number(other.score, lang)}: {other_urls}."
    return f"{text} {words['access']} pelayanan {cited.version}, data sha256 {cited.sha256[:12]}."


def conflicting(result: Result, reports: list[Result]) -> tuple[Result, ...]:
    """The reports of one result whose value disagrees with the cited one (one per value)."""
    seen: set[Decimal | None] = set()
    others: list[Result] = []
    for report in reports:
        if report is result or consistent(result, report) or report.score in seen:
            continue
        seen.add(report.score)
        others.append(report)
    return tuple(others)
