"""What each source says about a result, and where sources disagree.

A result may be reported by several sources: some print a figure, some only grade words
("predikat A", "zona kuning"), some only a rank. Each source is read on its own: its figure (when
it printed one) and the bands its words allow, or else the band of its figure. Two sources
disagree when their figures differ, or when the bands they allow have nothing in common
(Kabupaten Bombana IPP 2025: "A-" beside "A"; Kota Baubau 2019: 53,15 "zona kuning" beside
"predikat tingkat kepatuhan terbaik"). A source that names no grade, label or zone the bands know
and printed no figure says nothing to disagree with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from pelayanan_cli.core.model import Result, Source, near
from pelayanan_cli.core.records import record
from pelayanan_cli.core.scales import Band, Scale, Scales, stated_bands


@record
class Said:
    """One source of one report: the figure it printed and the bands it allows."""

    report: Result
    source: Source
    figure: Decimal | None
    approximate: bool
    bands: frozenset[Band] | None
    from_words: bool

    @property
    def says_something(self) -> bool:
        return self.figure is not None or self.bands is not None


def said(report: Result, source: Source, scale: Scale | None) -> Said:
    """What `source` says about `report`: only what it printed itself."""
    figure = report.score if source.printed else None
    words = stated_bands(source.stated, scale) if scale is not None else None
    bands = words
    if bands is None and figure is not None and scale is not None and not report.approximate:
        band = scale.band_for(figure)
        bands = frozenset({band}) if band is not None else None
    return Said(report, source, figure, report.approximate, bands, words is not None)


def said_by(reports: Iterable[Result], scales: Scales) -> list[Said]:
    """Every source of every report, each read on its own."""
    found: list[Said] = []
    for report in reports:
        scale = scales.find(report.instrument, report.year)
        found.extend(said(report, source, scale) for source in report.sources)
    return found


def figures_disagree(a: Said, b: Said) -> bool:
    if a.figure is None or b.figure is None or a.figure == b.figure:
        return False
    return not _fits(a.figure, a.approximate, b.figure, b.approximate)


def _fits(a: Decimal, a_approximate: bool, b: Decimal, b_approximate: bool) -> bool:
    """Two figures that may stand for one value: equal, or one printed as approximate that the
    other falls near (see model.near)."""
    if a == b:
        return True
    if a_approximate and b_approximate:
        return near(a, b) or near(b, a)
    if a_approximate:
        return near(a, b)
    if b_approximate:
        return near(b, a)
    return False


def disagree(a: Said, b: Said) -> bool:
    """Two sources of one result that cannot both be right: figures or bands apart."""
    if figures_disagree(a, b):
        return True
    return a.bands is not None and b.bands is not None and not (a.bands & b.bands)


def any_disagreement(sources: Sequence[Said]) -> bool:
    return any(disagree(a, b) for index, a in enumerate(sources) for b in sources[index + 1 :])


def band_name(bands: Iterable[Band]) -> str:
    """'A-', or 'hijau' for words that allow several bands of one zone ("zona hijau")."""
    chosen = sorted(bands, key=lambda b: (-b.upper, b.grade))
    if len(chosen) == 1:
        return chosen[0].name
    zones = {b.zone for b in chosen}
    if len(zones) == 1 and "" not in zones:
        return zones.pop()
    return "/".join(b.name for b in chosen)


def contradicts(item: Said, band: Band | None, score: Decimal | None, approximate: bool) -> bool:
    """Whether a source contradicts a result as shown: another figure, or words whose bands
    exclude the result's band (a zone-only reading is compared by its zone)."""
    if (
        item.figure is not None
        and score is not None
        and not _fits(item.figure, item.approximate, score, approximate)
    ):
        return True
    if item.bands is None or band is None:
        return False
    if band.grade or band.label:
        return band not in item.bands
    return band.zone not in {b.zone for b in item.bands}


def other_grades(
    sources: Sequence[Said], band: Band | None, score: Decimal | None, approximate: bool
) -> list[str]:
    """The grades (or zones) other sources give that the shown band is not: 'A-', 'hijau'."""
    if band is None:
        return []
    names = {
        band_name(item.bands)
        for item in sources
        if item.bands is not None and contradicts(item, band, None, approximate)
    }
    return sorted(names)


def band_of(result: Result, scales: Scales) -> tuple[Band | None, bool]:
    """The result's band: computed from its score, else read from its stated words (flagged)."""
    scale = scales.find(result.instrument, result.year)
    if scale is None:
        return None, False
    if result.score is not None:
        return scale.band_for(result.score), False
    for source in result.sources:
        bands = stated_bands(source.stated, scale)
        if not bands:
            continue
        if len(bands) == 1:
            return next(iter(bands)), True
        zones = {b.zone for b in bands}
        if len(zones) == 1 and "" not in zones:
            # Only the zone is known: a band-less reading that carries the zone alone.
            ordered = sorted(bands, key=lambda b: -b.upper)
            zone = zones.pop()
            return Band("", "", zone, ordered[-1].lower, ordered[0].upper, "", ""), True
    return None, False


def graded(result: Result, scales: Scales) -> bool:
    """Whether the result tells a grade or zone at all: a score, or words the bands know.
    Award- or rank-only results ("penghargaan kepatuhan", "peringkat 46 dari 64") do not."""
    return band_of(result, scales)[0] is not None
