"""A trend chart in the terminal: one row per year, the score on a track drawn with its bands.

Each row's track runs from the scale's minimum to its maximum; the bands of that year's period
are drawn on it (coloured by zone at a colour terminal), `│` marks each band edge and `●` the
score. A grade-only result shades the band it was stated in. Years without an assessment and
years without a result held are rows of words, not points, and every change of bands or method
starts with a line naming the new bands, so a reader never compares across it unawares.
Piped, the chart is plain text of fixed width: the same characters, no colour.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TextIO

from pelayanan_cli.core.numbers import format_score
from pelayanan_cli.core.regions import Regions
from pelayanan_cli.core.scales import Band, Scale, Scales
from pelayanan_cli.core.series import Change, Point, Series
from pelayanan_cli.render.view import printable

TRACK = 51  # cells from minimum to maximum: 2 points per cell on a 0-100 scale
FILL, EDGE, SCORE, SHADE = "─", "│", "●", "━"
ZONE_STYLES = {"hijau": "green", "kuning": "yellow", "merah": "red", "hitam": "bright_black"}
# Instruments without zones: alternate two tones so each band stays visible.
_TONES = ("cyan", "blue")

Segment = tuple[str, str]  # (text, Rich style; "" for none)
Line = list[Segment]


def _position(value: Decimal, scale: Scale, width: int) -> int:
    span = scale.maximum - scale.minimum
    cells = (value - scale.minimum) / span * (width - 1)
    return int(cells.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _edges(scale: Scale) -> list[Decimal]:
    """Where one band ends and the next begins, by the scale's rule for its published bounds."""
    if scale.edges == "lower":
        return [b.lower for b in scale.bands[:-1]]
    return [b.upper for b in scale.bands[1:]]


def _cell_band(scale: Scale, cell: int, width: int) -> Band | None:
    value = scale.minimum + (scale.maximum - scale.minimum) * Decimal(cell) / (width - 1)
    return scale.band_for(value)


def _style(scale: Scale, band: Band | None) -> str:
    if band is None:
        return ""
    if band.zone:
        return ZONE_STYLES.get(band.zone, "")
    return _TONES[scale.rank_of(band) % 2]


def _same_band(a: Band | None, b: Band) -> bool:
    if a is None:
        return False
    if b.label:
        return a.label == b.label and a.grade == b.grade
    return a.zone == b.zone  # a band known only by its stated zone


def track(point: Point, scale: Scale, width: int = TRACK) -> Line:
    """The track of one year: bands, edges, the score or the shaded stated band."""
    edges = {_position(e, scale, width) for e in _edges(scale)}
    mark = _position(point.score, scale, width) if point.score is not None else None
    shade = point.band if point.score is None else None
    line: Line = []
    for cell in range(width):
        band = _cell_band(scale, cell, width)
        if cell == mark:
            line.append((SCORE, "bold"))
        elif cell in edges:
            line.append((EDGE, "dim"))
        elif shade is not None and _same_band(band, shade):
            line.append((SHADE, f"bold {_style(scale, band)}".strip()))
        else:
            line.append((FILL, _style(scale, band)))
    return _merge(line)


def _merge(line: Line) -> Line:
    merged: Line = []
    for text, style in line:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return merged


def _band_text(point: Point) -> str:
    band = point.band
    if band is None:
        return ""
    return " ".join(part for part in (band.grade, band.zone) if part) or band.label


def _score_text(point: Point) -> str:
    if point.score is None:
        return ""
    text = format_score(point.score)
    return f"~{text}" if point.result is not None and point.result.approximate else text


def _notes(point: Point) -> str:
    notes: list[str] = []
    if point.score is None and point.graded_from == "stated":
        notes.append("grade as stated, no score published")
    if point.result is not None and point.result.approximate:
        notes.append("approximate")
    if point.conflict:
        notes.append("≠ also reported " + ", ".join(format_score(v) for v in point.conflict))
    return "; ".join(notes)


def legend(scale: Scale) -> str:
    """The bands as published, lowest first: 'merah 0–50 · kuning 51–80 · hijau 81–100'."""
    return " · ".join(
        f"{' '.join(p for p in (b.grade, b.zone) if p) or b.label} {b.lower_text}–{b.upper_text}"
        for b in reversed(scale.bands)
    )


def _period_lines(scale: Scale, change: Change | None, indent: int) -> list[Line]:
    what = {"bands": "new bands", "method": f"new method: {scale.method}"}.get(
        change.kind if change else "", scale.method
    )
    head = f"── {scale.period} · {what} · {scale.basis} ({scale.status})"
    bands = " " * indent + "bands as published: " + legend(scale)
    return [[(head, "bold" if change else "")], [(bands, "dim")]]


def _plain(value: Decimal) -> str:
    """An axis label: 0, 2.5, 50, 100 (no padding to two decimals)."""
    return f"{value.normalize():f}"


def _axis(scale_min: Decimal, scale_max: Decimal, width: int) -> str:
    low, high = _plain(scale_min), _plain(scale_max)
    middle = _plain((scale_min + scale_max) / 2)
    axis = [" "] * width
    axis[: len(low)] = low
    mid = (width - 1) // 2 - len(middle) // 2
    axis[mid : mid + len(middle)] = middle
    axis[width - len(high) :] = high
    return "".join(axis)


def chart_lines(series: Series, regions: Regions, scales: Scales, width: int = TRACK) -> list[Line]:
    """The whole chart of one series, as lines of styled segments."""
    region = series.region
    province = regions.province_of(region)
    info = scales.instruments[series.instrument]
    where = (
        f"{region.name} ({region.code})"
        if region.is_province
        else f"{region.name} ({region.code}, {province.name})"
    )
    title = f"{where} · {series.instrument} ({info.name}: {info.title})"
    if series.unit:
        title = f"{series.unit}, {title}"
    points = series.points
    band_width = max([len(_band_text(p)) for p in points] + [4])
    score_width = max([len(_score_text(p)) for p in points] + [5])
    indent = 4 + 2 + score_width + 2 + band_width + 2
    lines: list[Line] = [[(printable(title), "bold")]]
    lines.append([(" " * indent + _axis(series.minimum, series.maximum, width), "dim")])
    shown: set[int] = set()
    for point in points:
        change = series.change_at(point.year)
        scale = point.scale
        if scale is not None and id(scale) not in shown:
            lines.extend(_period_lines(scale, change, indent))
            shown.add(id(scale))
        year = str(point.year)
        if point.status == "no_assessment":
            lines.append(
                [
                    (f"{year}  {'':>{score_width}}  {'':<{band_width}}  ", ""),
                    (f"✕ no assessment: {point.reason}", "dim"),
                ]
            )
            continue
        head = f"{year}  {_score_text(point):>{score_width}}  "
        band = _band_text(point)
        style = _style(scale, point.band) if scale is not None else ""
        row: Line = [(head, ""), (f"{band:<{band_width}}", style), ("  ", "")]
        if point.status == "no_result" or scale is None:
            row.append(("· no result held", "dim"))
        else:
            row.extend(track(point, scale, width))
            notes = _notes(point)
            if notes:
                row.append(("  " + notes, ""))
        lines.append(row)
    return lines


def write_charts(charts: Sequence[Series], regions: Regions, scales: Scales, out: TextIO) -> None:
    """Colour at a terminal (unless NO_COLOR), plain fixed-width text otherwise."""
    blocks = [chart_lines(s, regions, scales) for s in charts]
    interactive = out.isatty() and "NO_COLOR" not in os.environ
    if not interactive:
        for number, lines in enumerate(blocks):
            if number:
                out.write("\n")
            for line in lines:
                out.write("".join(text for text, _ in line).rstrip() + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, emoji=False, markup=False, soft_wrap=True)
    for number, lines in enumerate(blocks):
        if number:
            console.print()
        for line in lines:
            text = Text()
            for part, style in line:
                text.append(part, style=style or None)
            console.print(text)
