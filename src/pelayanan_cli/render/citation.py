"""A citation of one figure, ready to paste into a footnote or a news story, in id or en."""

from __future__ import annotations

from pelayanan_cli.core.citations import Cited
from pelayanan_cli.core.scales import Band
from pelayanan_cli.render.labels import Lang, instrument_title, number, zone_words

_WORDS = {
    "id": {
        "sources": "Sumber",
        "access": "Diakses melalui",
        "about": "sekitar",
        "grade": "kategori",
        "no_score": "tanpa skor yang dipublikasikan",
        "other": "Sumber lain mencatat",
        "words_only": "Tanpa angka itu (hanya kategori atau peringkat)",
    },
    "en": {
        "sources": "Sources",
        "access": "Retrieved via",
        "about": "about",
        "grade": "grade",
        "no_score": "no score published",
        "other": "Another source reports",
        "words_only": "Without that figure (grade words or rank only)",
    },
}


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
    # A source is cited for the figure only when it printed it; the others for what they said.
    printed = [s for s in result.sources if s.printed or result.score is None]
    rest = [s for s in result.sources if s not in printed]
    urls = "; ".join(s.url for s in printed)
    text = (
        f"{instrument_title(result.instrument, method, lang)} {result.year}: {who} {value}. "
        f"{words['sources']}: {urls}."
    )
    if rest:
        text += f" {words['words_only']}: {'; '.join(s.url for s in rest)}."
    for other in cited.others:
        other_urls = "; ".join(s.url for s in other.sources)
        what = (
            number(other.score, lang)
            if other.score is not None
            else f"“{other.stated}”"
            if other.stated
            else "?"
        )
        text += f" {words['other']} {what}: {other_urls}."
    return f"{text} {words['access']} pelayanan {cited.version}, data sha256 {cited.sha256[:12]}."


def citation_record(cited: Cited, lang: Lang = "id") -> dict[str, object]:
    """The `cite --format json` contract: the citation text and every fact it names."""
    result, band = cited.result, cited.band
    return {
        "citation": citation(cited, lang),
        "style": lang,
        "code": cited.region.code,
        "region": cited.region.name,
        "unit": result.unit,
        "instrument": result.instrument,
        "method": cited.scale.method if cited.scale else None,
        "year": result.year,
        "score": result.score,
        "approximate": result.approximate,
        "grade": (band.grade or None) if band else None,
        "label": (band.label or None) if band else None,
        "zone": (band.zone or None) if band else None,
        "sources": [
            {"url": s.url, "printed": s.printed, "stated": s.stated, "rank": s.rank}
            for s in result.sources
        ],
        "also_reported": [o.score for o in cited.others if o.score is not None],
        "also_stated": [o.stated for o in cited.others if o.score is None and o.stated],
        "version": cited.version,
        "sha256": cited.sha256,
    }
