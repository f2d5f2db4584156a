"""The national map as one self-contained SVG: provinces filled by zone (or grade), gaps hatched.

Nothing is referenced from outside the file: no links, no images, no fonts, no scripts, no CSS
imports; the hatch is a pattern inside the SVG. Every text from the data goes through `_t`
(control characters made visible, then XML-escaped). English for `pelayanan map`, Bahasa
Indonesia for the report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape
from textwrap import wrap

from pelayanan_cli.core.dataset import DataFile, Dataset
from pelayanan_cli.core.model import Result
from pelayanan_cli.core.national_map import Geometry, NationalMap, ProvinceFill
from pelayanan_cli.core.regions import Region, Regions
from pelayanan_cli.core.scales import Band, Scales
from pelayanan_cli.render.bahasa import in_indonesian
from pelayanan_cli.render.labels import Lang, instrument_title, number
from pelayanan_cli.render.view import Column, printable

ZONE_COLOURS = {"hijau": "#3f9b4a", "kuning": "#f0c330", "merah": "#d6473c", "hitam": "#3a3a3a"}
UNGRADED_COLOUR = "#b9b9b9"
NO_RESULT_BACKGROUND = "#f3f3f3"
NO_RESULT_LINES = "#9b9b9b"
# Grades (IPP, SKM) on one sequential ramp, best darkest: no colour of the zones' meaning.
_GRADE_RAMP = ((0x0B, 0x4F, 0x8A), (0x6F, 0xB1, 0xD6), (0xE9, 0xF3, 0xF7))

_MARGIN = 20.0
_TOP = 62.0
_LINE = 17.0
_FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
_CHAR = 6.6  # units a character of the 11-unit legend text takes at most, on average

_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "governments": "provincial governments",
        "by_zone": "Each province is filled by its own government's zone, computed from its score by the {period} bands.",
        "by_grade": "Each province is filled by its own government's grade, computed from its score by the {period} bands.",
        "province": "province",
        "provinces": "provinces",
        "no_result": "no result held",
        "ungraded": "a result without a score or grade the bands can read",
        "disputed": "sources disagree (the fill is the value most sources printed)",
        "highlight": "outlined: {name}",
        "bands": "Bands {period} ({method}): {basis}; {status}.",
        "confirmed": "confirmed",
        "inferred": "inferred from the published results",
        "sources": "From {n} {sources}. Only results published and held in pelayanan's data: a hatched province may have been assessed.",
        "source": "source",
        "sources_word": "sources",
        "credit": "Boundaries: “{title}”, denyherianto, CC BY 4.0; reprojected and simplified by pelayanan.",
        "rank": "rank {rank} of {of}",
        "as_stated": "as stated: {words}",
        "stated_grade": "grade as stated, no score: {words}",
        "also": "≠ also reported: {values}",
        "nothing": "no result held for {instrument} {year}",
        "zone": "zona {zone}",
        "approx": "about {value}",
    },
    "id": {
        "governments": "pemerintah provinsi",
        "by_zone": "Warna tiap provinsi: zona pemerintah provinsinya sendiri, dihitung dari skornya menurut pita nilai {period}.",
        "by_grade": "Warna tiap provinsi: kategori pemerintah provinsinya sendiri, dihitung dari skornya menurut pita nilai {period}.",
        "province": "provinsi",
        "provinces": "provinsi",
        "no_result": "tidak ada hasil dalam data",
        "ungraded": "ada hasil tanpa skor atau kategori yang terbaca",
        "disputed": "sumber berbeda (warna menurut nilai yang dicetak sebagian besar sumber)",
        "highlight": "bergaris tebal: {name}",
        "bands": "Pita nilai {period} ({method}): {basis}; {status}.",
        "confirmed": "terkonfirmasi",
        "inferred": "disimpulkan dari hasil yang dipublikasikan",
        "sources": "Dari {n} {sources}. Hanya hasil yang dipublikasikan dan tercatat dalam data pelayanan: provinsi bergaris miring bisa saja dinilai.",
        "source": "sumber",
        "sources_word": "sumber",
        "credit": "Batas wilayah: “{title}”, denyherianto, CC BY 4.0; diproyeksikan ulang dan disederhanakan oleh pelayanan.",
        "rank": "peringkat {rank} dari {of}",
        "as_stated": "menurut sumber: {words}",
        "stated_grade": "kategori menurut kata sumber, tanpa skor: {words}",
        "also": "≠ sumber lain mencatat {values}",
        "nothing": "tidak ada hasil {instrument} {year} dalam data",
        "zone": "zona {zone}",
        "approx": "sekitar {value}",
    },
}


def _t(text: object) -> str:
    """Text as SVG/HTML content or attribute: control characters visible, markup escaped."""
    return escape(printable(str(text)), quote=True)


def _f(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def grade_colour(index: int, count: int) -> str:
    """The colour of the index-th best grade of `count`, on the sequential ramp."""
    position = index / (count - 1) if count > 1 else 0.0
    segment = min(int(position * (len(_GRADE_RAMP) - 1)), len(_GRADE_RAMP) - 2)
    local = position * (len(_GRADE_RAMP) - 1) - segment
    start, end = _GRADE_RAMP[segment], _GRADE_RAMP[segment + 1]
    channels = (round(a + (b - a) * local) for a, b in zip(start, end, strict=True))
    return "#" + "".join(f"{c:02x}" for c in channels)


def fill_colours(national: NationalMap) -> dict[str, str]:
    """Fill value (zone or grade) -> colour, for every value the year's scale can give."""
    groups = national.legend_bands()
    if national.fill_by == "zone":
        return {zone: ZONE_COLOURS.get(zone, UNGRADED_COLOUR) for zone, _ in groups}
    return {grade: grade_colour(i, len(groups)) for i, (grade, _) in enumerate(groups)}


def provenance(version: str, files: Sequence[DataFile]) -> str:
    """'pelayanan 0.1.0 · data sha256 060963c0a339': which program and data drew the map."""
    hashes = ", ".join(f.sha256[:12] for f in files)
    return f"pelayanan {version} · data sha256 {hashes}"


def _count(n: int, lang: Lang) -> str:
    words = _WORDS[lang]
    return f"{n} {words['province'] if n == 1 else words['provinces']}"


def _band_text(band: Band, lang: Lang) -> str:
    span = f"{number(band.lower, lang)}–{number(band.upper, lang)}"
    return " ".join(part for part in (band.grade, span, band.label) if part)


def tooltip(province: ProvinceFill, national: NationalMap, lang: Lang) -> str:
    """'Nusa Tenggara Timur: 80.93 · B, Kualitas Tinggi · zona hijau · rank 5 of 13'."""
    words = _WORDS[lang]
    row = province.row
    if row is None:
        what = words["nothing"].format(instrument=national.instrument, year=national.year)
        return f"{province.name}: {what}"
    parts: list[str] = []
    score: Decimal | None = row["score"]
    if score is not None:
        value = number(score, lang)
        parts.append(words["approx"].format(value=value) if row["approximate"] else value)
    grade = ", ".join(p for p in (row["grade"], row["label"]) if p)
    if grade:
        parts.append(grade)
    if row["zone"]:
        parts.append(words["zone"].format(zone=row["zone"]))
    if row["rank"] is not None:
        parts.append(words["rank"].format(rank=row["rank"], of=row["of"]))
    if row["graded_from"] == "stated" or (score is None and row["stated"]):
        parts.append(words["stated_grade"].format(words=f"“{row['stated']}”"))
    if row["rank_stated"]:
        said = row["rank_stated"] if lang == "en" else in_indonesian(row["rank_stated"])
        parts.append(words["as_stated"].format(words=f"“{said}”"))
    if row["conflict"]:
        values = ", ".join(number(v, lang) for v in row["conflict"])
        parts.append(words["also"].format(values=values))
    return f"{province.name}: " + " · ".join(parts)


def _disputed_mark(x: float, y: float) -> str:
    """A white disc with '≠' drawn in lines (no font needed)."""
    return (
        f'<g class="disputed-mark" transform="translate({_f(x)} {_f(y)})">'
        '<circle r="5.5" fill="#fff" fill-opacity="0.9" stroke="#1b1b1b" stroke-width="1.2"/>'
        '<path d="M-2.9 -1.4H2.9M-2.9 1.4H2.9M1.5 -3.6L-1.5 3.6" stroke="#1b1b1b" '
        'stroke-width="1.1" fill="none"/></g>'
    )


def map_svg(
    national: NationalMap,
    geometry: Geometry,
    *,
    lang: Lang = "en",
    highlight: str | None = None,
    stamp: str = "",
    ids: str = "pelayanan-map",
    heading: bool = True,
    text_scale: float = 1.0,
) -> str:
    """The map of the 38 provinces with its title and legend, as one <svg> element.

    `highlight`: a province code to outline; `stamp`: the program and data line; `ids`: the
    prefix of the SVG's own ids (pages holding several SVGs need them apart); `heading`: draw
    the title (a page with its own heading leaves it out); `text_scale`: the legend's size, for
    a map shown narrower than its 1040 units (the report's A4 column).
    """
    words = _WORDS[lang]
    scale = national.scale
    colours = fill_colours(national)
    hatch = f"{ids}-no-result"
    width = geometry.width + 2 * _MARGIN
    map_top = _TOP if heading else 8.0
    title = (
        f"{instrument_title(national.instrument, scale.method, lang)} {national.year}: "
        f"{words['governments']}"
    )
    subtitle = words["by_zone" if national.fill_by == "zone" else "by_grade"].format(
        period=scale.period
    )
    out: list[str] = []
    out.append(f'<g class="provinces" transform="translate({_f(_MARGIN)} {_f(map_top)})">')
    for province in national.provinces:
        shape = geometry.shapes.get(province.code)
        if shape is None:
            continue
        edge = "#ffffff"
        if province.fill is not None:
            paint = colours.get(province.fill, UNGRADED_COLOUR)
        elif province.reason == "ungraded":
            paint = UNGRADED_COLOUR
        else:
            paint, edge = f"url(#{hatch})", NO_RESULT_LINES
        out.append(
            f'<path class="province" id="{ids}-{_t(province.code)}" data-code="{_t(province.code)}" '
            f'data-fill="{_t(province.fill or "")}" data-reason="{_t(province.reason)}" '
            f'data-disputed="{"true" if province.disputed else "false"}" fill="{paint}" '
            f'stroke="{edge}" stroke-width="0.6" stroke-linejoin="round" fill-rule="evenodd" '
            f'd="{shape.path}"><title>{_t(tooltip(province, national, lang))}</title></path>'
        )
    if highlight is not None and highlight in geometry.shapes:
        out.append(
            f'<path class="highlight" fill="none" stroke="#111111" stroke-width="2.4" '
            f'stroke-linejoin="round" pointer-events="none" d="{geometry.shapes[highlight].path}"/>'
        )
    for province in national.disputed:
        shape = geometry.shapes.get(province.code)
        if shape is not None:
            out.append(_disputed_mark(*shape.label))
    out.append("</g>")

    wrap_at = int(geometry.width / text_scale / _CHAR)
    legend, legend_height = _legend(
        national, geometry, colours, hatch, lang, highlight, stamp, wrap_at
    )
    legend_top = map_top + geometry.height + 18
    height = legend_top + legend_height * text_scale + 6
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}" '
        f'width="{_f(width)}" height="{_f(height)}" role="img" aria-labelledby="{ids}-title" '
        f'font-family="{_FONT}" font-size="12" fill="#1b1b1b">'
        f'<title id="{ids}-title">{_t(title)}</title>'
        f'<defs><pattern id="{hatch}" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="5" height="5" fill="{NO_RESULT_BACKGROUND}"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{NO_RESULT_LINES}" stroke-width="1.6"/>'
        "</pattern></defs>"
        f'<rect width="{_f(width)}" height="{_f(height)}" fill="#ffffff"/>'
    )
    if heading:
        head += (
            f'<text x="{_f(_MARGIN)}" y="26" font-size="18" font-weight="bold">{_t(title)}</text>'
            f'<text x="{_f(_MARGIN)}" y="46" font-size="12" fill="#444444">{_t(subtitle)}</text>'
        )
    zoom = f" scale({text_scale:g})" if text_scale != 1 else ""
    return (
        head
        + "".join(out)
        + f'<g class="legend" transform="translate({_f(_MARGIN)} {_f(legend_top)}){zoom}">'
        + legend
        + "</g></svg>"
    )


def _legend(
    national: NationalMap,
    geometry: Geometry,
    colours: dict[str, str],
    hatch: str,
    lang: Lang,
    highlight: str | None,
    stamp: str,
    wrap_at: int,
) -> tuple[str, float]:
    """Swatches with their counts, then the bands' basis, the sources, the credit (in units of
    the legend before its scale; lines wrapped at `wrap_at` characters)."""
    words = _WORDS[lang]
    out: list[str] = []
    y = 0.0

    def swatch(paint: str, text: str, css: str) -> None:
        nonlocal y
        out.append(
            f'<g class="legend-entry {css}"><rect x="0" y="{_f(y)}" width="22" height="13" '
            f'fill="{paint}" stroke="#777777" stroke-width="0.6"/>'
            f'<text x="30" y="{_f(y + 11)}">{_t(text)}</text></g>'
        )
        y += _LINE

    for value, bands in national.legend_bands():
        held = len(national.with_fill(value))
        if national.fill_by == "zone":
            text = f"{_count(held, lang)}: {words['zone'].format(zone=value)} ("
            text += "; ".join(_band_text(b, lang) for b in bands) + ")"
        else:
            text = f"{_count(held, lang)}: " + "; ".join(_band_text(b, lang) for b in bands)
        swatch(colours[value], text, f"fill-{value}")
    missing = national.with_reason("no result held")
    swatch(f"url(#{hatch})", f"{_count(len(missing), lang)}: {words['no_result']}", "no-result")
    ungraded = national.with_reason("ungraded")
    if ungraded:
        swatch(UNGRADED_COLOUR, f"{_count(len(ungraded), lang)}: {words['ungraded']}", "ungraded")
    if national.disputed:
        out.append(_disputed_mark(11, y + 6.5))
        out.append(
            f'<text x="30" y="{_f(y + 11)}">'
            f"{_t(_count(len(national.disputed), lang))}: {_t(words['disputed'])}</text>"
        )
        y += _LINE
    if highlight is not None and highlight in geometry.shapes:
        out.append(
            f'<rect x="0" y="{_f(y)}" width="22" height="13" fill="none" stroke="#111111" '
            f'stroke-width="2.4"/><text x="30" y="{_f(y + 11)}">'
            f"{_t(words['highlight'].format(name=geometry.shapes[highlight].name))}</text>"
        )
        y += _LINE
    y += 6
    scale = national.scale
    status = words["confirmed"] if scale.status == "confirmed" else words["inferred"]
    n = national.source_count
    lines = [
        words["bands"].format(
            period=scale.period, method=scale.method, basis=scale.basis, status=status
        ),
        words["sources"].format(n=n, sources=words["source"] if n == 1 else words["sources_word"]),
        words["credit"].format(title=geometry.about["source"]["title"]),
    ]
    if stamp:
        lines.append(stamp)
    for line in lines:
        for part in wrap(line, wrap_at):
            out.append(
                f'<text x="0" y="{_f(y + 11)}" font-size="11" fill="#333333">{_t(part)}</text>'
            )
            y += 15
    return "".join(out), y


_PAGE_STYLE = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1b1b1b;
  margin: 0 auto; padding: 16px; max-width: 1080px; font-size: 14px; }
svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; margin-top: 16px; font-size: 12px; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; white-space: nowrap; }
td.src { word-break: break-all; color: #333; }
@media print { body { padding: 0; } }
"""

_PAGE_HEAD: dict[Lang, tuple[str, ...]] = {
    "en": ("Province", "Fill", "Score", "Grade", "Label", "Zone", "Rank", "Sources"),
    "id": ("Provinsi", "Warna", "Skor", "Kategori", "Predikat", "Zona", "Peringkat", "Sumber"),
}


def map_page(
    national: NationalMap, geometry: Geometry, *, lang: Lang = "en", stamp: str = ""
) -> str:
    """The same SVG in an HTML page, with the provinces as a table (source URLs as plain text,
    so the page, like the SVG, refers to nothing outside itself)."""
    svg = map_svg(national, geometry, lang=lang, stamp=stamp)
    rows = []
    for province in national.provinces:
        row = province.row or {}
        fill = province.fill or _WORDS[lang]["no_result" if province.row is None else "ungraded"]
        rank = f"{row['rank']}/{row['of']}" if row.get("rank") is not None else ""
        conflict = row.get("conflict") or []
        score = number(row.get("score"), lang) + (
            " ≠ " + ", ".join(number(v, lang) for v in conflict) if conflict else ""
        )
        urls = "<br>".join(_t(s["url"]) for s in row.get("sources", []))
        rows.append(
            f'<tr><td>{_t(province.name)}</td><td>{_t(fill)}</td><td class="num">{_t(score)}</td>'
            f"<td>{_t(row.get('grade') or '')}</td><td>{_t(row.get('label') or '')}</td>"
            f'<td>{_t(row.get("zone") or "")}</td><td class="num">{_t(rank)}</td>'
            f'<td class="src">{urls}</td></tr>'
        )
    head = "".join(f"<th>{_t(h)}</th>" for h in _PAGE_HEAD[lang])
    title = f"{instrument_title(national.instrument, national.scale.method, lang)} {national.year}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_t(title)}</title><style>{_PAGE_STYLE}</style></head><body>"
        f"{svg}<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</body></html>\n"
    )


REPORT_INSTRUMENT = "ombudsman"  # the national map people know: zones of the Ombudsman's assessment


def report_section(
    dataset: Dataset,
    regions: Regions,
    scales: Scales,
    region: Region,
    cite: Callable[[Result, str], str] | None = None,
) -> str:
    """The report's national map (in Bahasa Indonesia): the latest year with a provincial
    Ombudsman result, the region's province outlined. `cite` numbers the province's own
    result's sources in the report's list. Empty when the data holds no provincial result."""
    from pelayanan_cli.core.errors import NotFoundError
    from pelayanan_cli.core.national_map import load_geometry, national_map

    try:
        national = national_map(dataset, regions, scales, REPORT_INSTRUMENT)
    except NotFoundError:
        return ""
    province = region if region.is_province else regions.province_of(region)
    svg = map_svg(
        national,
        load_geometry(),
        lang="id",
        highlight=province.code,
        ids="peta",
        heading=False,
        text_scale=1.45,
    )
    own = next(p for p in national.provinces if p.code == province.code)
    year = national.year
    if own.row is None:
        result_text = f"Pemerintah Provinsi {_t(province.name)}: tidak ada hasil {year} dalam data."
    else:
        refs = ""
        if cite is not None:
            result = dataset.primary((province.code, REPORT_INSTRUMENT, year, ""))
            refs = " " + cite(result, f"{province.name} · {REPORT_INSTRUMENT} {year}")
        result_text = f"Pemerintah Provinsi {_t(tooltip(own, national, 'id'))}.{refs}"
    where = (
        f"Provinsi {_t(province.name)} bergaris tebal."
        if region.is_province
        else f"{_t(region.name)} berada di Provinsi {_t(province.name)} (bergaris tebal); "
        "peta menunjukkan hasil pemerintah provinsi, bukan kabupaten/kota."
    )
    title = instrument_title(REPORT_INSTRUMENT, national.scale.method, "id")
    subtitle = _WORDS["id"]["by_zone"].format(period=national.scale.period)
    return (
        f'<section id="peta"><h2>Peta nasional: {_t(title)} {year}</h2>'
        f"<figure><figcaption>{_t(subtitle)}</figcaption>{svg}</figure>"
        f'<p class="note">{where} {result_text} Tahun {year} adalah tahun terakhir dengan hasil '
        "tingkat provinsi dalam data; <code>pelayanan map -y TAHUN</code> menggambar tahun "
        "lain.</p></section>"
    )


def map_summary(national: NationalMap) -> str:
    """One line for stderr: how many provinces are filled, unheld, disputed, from how many sources."""
    missing = len(national.with_reason("no result held"))
    sources = national.source_count
    return (
        f"{national.instrument} {national.year}: {len(national.provinces) - missing} of "
        f"{len(national.provinces)} provinces with a result, "
        f"{missing} with no result held, {len(national.disputed)} disputed; "
        f"{sources} source{'' if sources == 1 else 's'}"
    )


# `map --format table|csv|tsv|json`: the provinces with their fill and why.
MAP_COLUMNS = [
    Column("code", "Code"),
    Column("province", "Province"),
    Column("fill", "Fill"),
    Column("reason", "Reason"),
    Column("disputed", "Disputed", type="boolean"),
    Column("score", "Score", numeric=True, type="number"),
    Column("grade", "Grade"),
    Column("zone", "Zone"),
    Column("rank", "Rank", numeric=True, type="integer"),
    Column("sources", "Sources", numeric=True, get=lambda row: len(row["sources"])),
]
