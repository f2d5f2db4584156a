"""One self-contained HTML page on a region, in Bahasa Indonesia, ready to print on A4.

Nothing is fetched: no scripts, no fonts, no images from elsewhere; the trend is inline SVG.
Links to the sources are plain <a href> a reader may follow. Every text from the data goes
through html.escape. Figures are as published (decimal comma); ranks and medians are computed
only from the results the data holds, and the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from pelayanan_cli.core.dataset import Dataset
from pelayanan_cli.core.model import Result, consistent
from pelayanan_cli.core.queries import band_of
from pelayanan_cli.core.regions import Region, Regions
from pelayanan_cli.core.scales import Band, Scale, Scales
from pelayanan_cli.core.series import (
    Point,
    Series,
    build_series,
    compare_with_province,
    instruments_of,
    previous_point,
    standing,
)
from pelayanan_cli.render.bahasa import in_indonesian
from pelayanan_cli.render.labels import instrument_title, number, signed
from pelayanan_cli.render.map_svg import report_section

ZONE_FILL = {"hijau": "#cdebc9", "kuning": "#fbeeb0", "merah": "#f5c6c0", "hitam": "#bdbdbd"}
ZONE_INK = {"hijau": "#1e6b2a", "kuning": "#7a5d00", "merah": "#9c1c12", "hitam": "#222"}
_TONES = ("#e4ebf5", "#cfdcee")
_LEVELS = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}


def e(text: object) -> str:
    """Text from the data, safe inside HTML (quotes too, for attributes)."""
    return escape(str(text), quote=True)


def num(value: Decimal | None) -> str:
    return number(value, "id") if value is not None else "—"


@dataclass
class SourceList:
    """Sources numbered in order of first use; each remembers what it printed for which result."""

    numbers: dict[str, int] = field(default_factory=dict)
    entries: list[tuple[str, list[str]]] = field(default_factory=list)

    def cite(self, result: Result, what: str) -> str:
        """Number the result's sources, note what each printed, and return the [n] links."""
        refs = []
        for source in result.sources:
            if source.url not in self.numbers:
                self.numbers[source.url] = len(self.entries) + 1
                self.entries.append((source.url, []))
            index = self.numbers[source.url]
            said = [f"tercetak {source.printed}"] if source.printed else []
            if source.stated:
                said.append(f"kata sumber {_quoted(source.stated)}")
            if source.rank:
                said.append(f"peringkat {_quoted(in_indonesian(source.rank))}")
            line = what + (": " + "; ".join(said) if said else "")
            notes = self.entries[index - 1][1]
            if line not in notes:
                notes.append(line)
            refs.append(f'<a class="ref" href="#sumber-{index}">[{index}]</a>')
        return "".join(refs)


def _quoted(text: str) -> str:
    """Words as printed, in quotes unless they bring their own."""
    return text if text[:1] in "\"“'" else f"“{text}”"


def _band_cells(band: Band | None) -> str:
    if band is None:
        return "<td>—</td><td>—</td><td>—</td>"
    zone = _zone_badge(band.zone) if band.zone else "—"
    return f"<td>{e(band.grade) or '—'}</td><td>{e(band.label) or '—'}</td><td>{zone}</td>"


def _zone_badge(zone: str) -> str:
    if not zone:
        return ""
    return f'<span class="zona zona-{e(zone)}">zona {e(zone)}</span>'


def _what(result: Result, region: Region) -> str:
    who = f"{result.unit}, {region.name}" if result.unit else region.name
    return f"{who} · {result.instrument} {result.year}"


def _method(scales: Scales, result: Result) -> str | None:
    scale = scales.find(result.instrument, result.year)
    return scale.method if scale else None


def _score_text(result: Result) -> str:
    if result.score is None:
        return "tanpa skor"
    text = num(result.score)
    return f"sekitar {text}" if result.approximate else text


def _band_summary(band: Band | None) -> str:
    if band is None:
        return "tanpa kategori"
    parts = [p for p in (band.grade, band.label) if p]
    if band.zone:
        parts.append(f"zona {band.zone}")
    return ", ".join(parts)


class Page:
    """Builds the page's sections in reading order, sharing one numbered source list."""

    def __init__(
        self, dataset: Dataset, regions: Regions, scales: Scales, region: Region, version: str
    ) -> None:
        self.dataset, self.regions, self.scales = dataset, regions, scales
        self.region, self.version = region, version
        self.province = region if region.is_province else regions.province_of(region)
        self.sources = SourceList()
        self.series = [
            build_series(dataset, regions, scales, region.code, name)
            for name in instruments_of(dataset, scales, region.code)
        ]

    # -- sections -------------------------------------------------------------------------

    def header(self) -> str:
        region = self.region
        where = (
            f"Provinsi · kode Kemendagri {e(region.code)}"
            if region.is_province
            else f"{_LEVELS[region.level]} di Provinsi {e(self.province.name)} · kode Kemendagri {e(region.code)}"
        )
        return (
            "<header>"
            '<p class="kicker">Laporan hasil penilaian pelayanan publik</p>'
            f"<h1>{e(region.name)}</h1>"
            f'<p class="meta">{where}</p>'
            f'<p class="meta data">Data: pelayanan {e(self.version)}'
            + "".join(f" · sha256 {e(f.sha256[:12])}" for f in self.dataset.files)
            + "</p></header>"
        )

    def summary(self) -> str:
        cards = [self._card(s) for s in self.series if s.results]
        if not cards:
            return (
                '<section id="ringkasan"><h2>Hasil terakhir</h2>'
                "<p>Tidak ada hasil tingkat pemerintah daerah dalam data; lihat unit layanan di bawah.</p>"
                "</section>"
            )
        return (
            '<section id="ringkasan"><h2>Hasil terakhir</h2>'
            f'<div class="cards">{"".join(cards)}</div>'
            '<p class="note">Peringkat dihitung hanya di antara daerah yang skornya tercatat dalam data '
            "(skor sama berbagi peringkat: 1, 2, 2, 4); daerah tanpa skor yang dipublikasikan tidak ikut.</p>"
            "</section>"
        )

    def _card(self, series: Series) -> str:
        point = series.results[-1]
        result = point.result
        assert result is not None
        band = point.band
        title = instrument_title(series.instrument, point.scale.method if point.scale else None)
        refs = self.sources.cite(result, _what(result, self.region))
        grade = f'<span class="grade">{e(band.grade)}</span>' if band and band.grade else ""
        label = f'<span class="label">{e(band.label)}</span>' if band and band.label else ""
        zone = _zone_badge(band.zone) if band else ""
        rows = [f"<dt>Peringkat</dt><dd>{self._standing(series, point)}</dd>"]
        rows.append(f"<dt>Perubahan</dt><dd>{self._change(series, point)}</dd>")
        if result.rank:
            rows.append(f"<dt>Menurut sumber</dt><dd>{e(in_indonesian(result.rank))}</dd>")
        if point.conflict:
            others = ", ".join(num(v) for v in point.conflict)
            rows.append(f"<dt>Perhatian</dt><dd>sumber lain mencatat {e(others)}</dd>")
        zone_class = f" card-{e(band.zone)}" if band and band.zone else ""
        return (
            f'<article class="card{zone_class}">'
            f"<h3>{e(title)} {point.year}</h3>"
            f'<p class="score">{e(_score_text(result))} {refs}</p>'
            f'<p class="band">{grade}{label}{zone}</p>'
            f"<dl>{''.join(rows)}</dl>"
            "</article>"
        )

    def _standing(self, series: Series, point: Point) -> str:
        if point.score is None:
            return "— (tanpa skor yang dipublikasikan)"
        found = standing(self.dataset, self.regions, self.region, series.instrument, point.year)
        if found is None:
            return "—"
        scope = (
            "provinsi" if found.province is None else f"{found.peers} di {e(found.province.name)}"
        )
        return f"<strong>{found.rank} dari {found.of}</strong> {scope} yang skornya tercatat"

    def _change(self, series: Series, point: Point) -> str:
        before = previous_point(series, point.year)
        if before is None or before.result is None:
            return "— (tidak ada penilaian sebelumnya dalam data)"
        parts: list[str] = []
        compared = [before]
        if before.score is not None and point.score is not None:
            delta = point.score - before.score
            parts.append(
                f"<strong>{e(signed(delta))}</strong> sejak {before.year} "
                f"({e(num(before.score))} → {e(num(point.score))})"
            )
        else:
            parts.append(
                f"{before.year}: {e(_score_text(before.result))}, {e(_band_summary(before.band))}"
            )
            scored = [p for p in series.results if p.year < point.year and p.score is not None]
            if scored and point.score is not None:
                last = scored[-1]
                assert last.score is not None
                compared.append(last)
                parts.append(
                    f"skor terakhir sebelumnya {last.year}: {e(num(last.score))} "
                    f"(selisih {e(signed(point.score - last.score))})"
                )
        if any(other.scale is not point.scale for other in compared):
            parts.append(
                '<span class="caution">pita nilai atau metode berbeda: bandingkan dengan hati-hati</span>'
            )
        return "; ".join(parts)

    def trend(self) -> str:
        charts = [
            f"<figure><figcaption>{e(self._series_title(s))}</figcaption>{svg_chart(s)}</figure>"
            for s in self.series
            if s.results
        ]
        if not charts:
            return ""
        return (
            '<section id="tren"><h2>Tren</h2>'
            + "".join(charts)
            + '<p class="note">Latar: pita nilai tiap periode menurut zona (hijau, kuning, merah) atau '
            "kategori. Titik: skor; kotak bergaris: kategori yang dinyatakan sumber tanpa skor; kolom "
            "abu-abu: tidak ada penilaian; garis putus-putus: pita nilai atau metode berganti.</p>"
            "</section>"
        )

    def _series_title(self, series: Series) -> str:
        info = self.scales.instruments[series.instrument]
        return f"{info.name}: {info.title}"

    def comparison(self) -> str:
        rows = []
        for series in self.series:
            for point in series.results:
                result = point.result
                assert result is not None
                found = compare_with_province(
                    self.dataset, self.regions, self.region, series.instrument, point.year
                )
                province = found.province_result
                if province is not None:
                    province_band, _ = band_of(province, self.scales)
                    refs = self.sources.cite(province, _what(province, self.province))
                    province_text = (
                        f"{e(_score_text(province))}, {e(_band_summary(province_band))} {refs}"
                    )
                else:
                    province_text = "—"
                median = " dan ".join(num(v) for v in found.median) if found.median else "—"
                if len(found.median) == 2:
                    median += " (dua nilai tengah)"
                rows.append(
                    "<tr>"
                    f"<td>{point.year}</td><td>{e(series.instrument)}</td>"
                    f"<td>{e(_score_text(result))}, {e(_band_summary(point.band))}</td>"
                    + ("" if self.region.is_province else f"<td>{province_text}</td>")
                    + f"<td>{e(median)}</td><td>{found.peers}</td>"
                    f"<td>{_position(point.score, found.median)}</td>"
                    "</tr>"
                )
        if not rows:
            return ""
        own = "Provinsi" if self.region.is_province else e(self.region.name)
        province_head = "" if self.region.is_province else "<th>Hasil provinsi</th>"
        return (
            '<section id="perbandingan"><h2>Dibandingkan dengan provinsi</h2>'
            f"<p>Hasil {e(self.region.name)} di samping hasil Provinsi {e(self.province.name)} "
            "sendiri dan median skor kabupaten/kota di provinsi itu pada tahun dan instrumen yang "
            "sama (dihitung dari skor yang tercatat; untuk jumlah genap kedua nilai tengah "
            "disebut, tidak dirata-rata).</p>"
            "<table><thead><tr><th>Tahun</th><th>Instrumen</th>"
            f"<th>{own}</th>{province_head}<th>Median kab/kota</th><th>n</th><th>Posisi</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
        )

    def all_results(self) -> str:
        reports = [r for r in self.dataset.for_codes([self.region.code]) if r.unit is None]
        if not reports:
            return ""
        return (
            '<section id="semua"><h2>Semua hasil</h2>'
            + self._results_table(sorted(reports, key=self._order), with_unit=False)
            + "</section>"
        )

    def units(self) -> str:
        reports = [r for r in self.dataset.for_codes([self.region.code]) if r.unit is not None]
        if not reports:
            return ""
        count = len({r.unit for r in reports})
        return (
            '<section id="unit"><h2>Unit layanan (OPD, puskesmas)</h2>'
            f"<p>{count} unit di bawah {e(self.region.name)} dengan hasil sendiri; "
            "hasil unit tidak ikut peringkat daerah.</p>"
            + self._results_table(
                sorted(reports, key=lambda r: (r.unit or "", *self._order(r))), with_unit=True
            )
            + "</section>"
        )

    def _order(self, result: Result) -> tuple[int, int, bool]:
        return (
            list(self.scales.instruments).index(result.instrument),
            result.year,
            result.approximate,
        )

    def _results_table(self, reports: Sequence[Result], *, with_unit: bool) -> str:
        rows = []
        for result in reports:
            band, from_stated = band_of(result, self.scales)
            method = _method(self.scales, result)
            notes = []
            if result.approximate:
                notes.append("angka perkiraan")
            if from_stated:
                notes.append("kategori menurut kata sumber (tanpa skor)")
            others = sorted(
                {
                    o.score
                    for o in self.dataset.reports(result.key)
                    if o is not result and o.score is not None and not consistent(result, o)
                }
            )
            if others:
                notes.append("sumber lain mencatat " + ", ".join(num(v) for v in others))
            if result.note:
                notes.append(result.note)
            unit_cell = f"<td>{e(result.unit)}</td>" if with_unit else ""
            refs = self.sources.cite(result, _what(result, self.region))
            rows.append(
                "<tr>" + unit_cell + f"<td>{result.year}</td>"
                f"<td>{e(result.instrument)}{f' ({e(method)})' if method else ''}</td>"
                f'<td class="num">{e(_score_text(result))}</td>'
                + _band_cells(band)
                + f'<td>{e("; ".join(notes))}</td><td class="refs">{refs}</td>'
                "</tr>"
            )
        unit_head = "<th>Unit</th>" if with_unit else ""
        return (
            f"<table><thead><tr>{unit_head}<th>Tahun</th><th>Instrumen</th><th>Skor</th>"
            "<th>Kategori</th><th>Predikat</th><th>Zona</th><th>Catatan</th><th>Sumber</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def source_list(self) -> str:
        items = []
        for index, (url, notes) in enumerate(self.sources.entries, start=1):
            said = "".join(f"<li>{e(n)}</li>" for n in notes)
            items.append(
                f'<li id="sumber-{index}"><a href="{e(url)}">{e(url)}</a><ul>{said}</ul></li>'
            )
        return (
            '<section id="sumber"><h2>Sumber</h2>'
            "<p>Setiap angka dan kategori di atas dengan sumbernya: apa yang dicetak sumber itu "
            "(angka dan kata-kata sebagaimana tertulis).</p>"
            f"<ol>{''.join(items)}</ol></section>"
        )

    def about(self) -> str:
        files = "".join(
            f"<li>{e(f.path.rsplit('/', 1)[-1])}: {f.results} hasil, sha256 <code>{e(f.sha256)}</code></li>"
            for f in self.dataset.files
        )
        periods: list[Scale] = []
        for series in self.series:
            periods.extend(s for s in series.periods if s not in periods)
        bands = "".join(
            f"<li>{e(s.instrument)} {e(s.period)} ({e(s.method)}): {e(in_indonesian(s.basis))} — "
            f"{'terkonfirmasi' if s.status == 'confirmed' else 'disimpulkan dari hasil yang dipublikasikan'}</li>"
            for s in periods
        )
        return (
            '<section id="tentang"><h2>Tentang data</h2>'
            f"<p>Dibuat dengan pelayanan {e(self.version)}.</p><ul>{files}</ul>"
            "<p>Data hanya memuat hasil yang dipublikasikan dan ditemukan; tahun tanpa hasil bukan "
            "berarti daerah tidak dinilai. Kategori, predikat dan zona dihitung dari skor menurut pita "
            "nilai tahunnya; tanpa skor, menurut kata-kata sumber.</p>"
            f"<p>Pita nilai yang dipakai:</p><ul>{bands}</ul></section>"
        )


def _position(score: Decimal | None, median: tuple[Decimal, ...]) -> str:
    if score is None or not median:
        return "—"
    if score > max(median):
        return "di atas median"
    if score < min(median):
        return "di bawah median"
    return "pada median"


STYLE = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1b1b1b;
  font-size: 10.5pt; line-height: 1.4; max-width: 182mm; margin: 0 auto; padding: 8mm 0; }
header { border-bottom: 2px solid #1b1b1b; margin-bottom: 5mm; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 8.5pt; color: #555; margin: 0; }
h1 { font-size: 20pt; margin: 1mm 0; }
.meta { color: #444; margin: 0 0 3mm 0; }
h2 { font-size: 13pt; border-bottom: 1px solid #bbb; padding-bottom: 1mm; margin: 7mm 0 3mm;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 0 0 2mm 0; }
.cards { display: flex; flex-wrap: wrap; gap: 4mm; }
.card { flex: 1 1 80mm; border: 1px solid #bbb; border-left: 5px solid #888; border-radius: 2mm;
  padding: 3mm 4mm; break-inside: avoid; page-break-inside: avoid; }
.card-hijau { border-left-color: #2e8b3a; } .card-kuning { border-left-color: #d4a800; }
.card-merah { border-left-color: #c0392b; }
.score { font-size: 22pt; font-weight: bold; margin: 0; }
.band { margin: 1mm 0 2mm; }
.grade { display: inline-block; font-weight: bold; border: 1.5px solid #1b1b1b; border-radius: 1mm;
  padding: 0 2mm; margin-right: 2mm; }
.label { margin-right: 2mm; }
.zona { display: inline-block; border-radius: 1mm; padding: 0 2mm; font-weight: bold; }
.zona-hijau { background: #cdebc9; color: #1e6b2a; } .zona-kuning { background: #fbeeb0; color: #7a5d00; }
.zona-merah { background: #f5c6c0; color: #9c1c12; } .zona-hitam { background: #bdbdbd; color: #111; }
dl { display: grid; grid-template-columns: 28mm 1fr; gap: 1mm 3mm; margin: 0; font-size: 9.5pt; }
dt { color: #555; } dd { margin: 0; }
.caution { color: #8a4b00; }
.note { font-size: 8.5pt; color: #555; }
figure { margin: 0 0 4mm 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: bold; font-size: 9.5pt; margin-bottom: 1mm; }
svg { width: 100%; height: auto; display: block; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; }
th, td { border-bottom: 1px solid #ddd; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.refs { white-space: nowrap; }
a.ref { text-decoration: none; color: #1a4d8f; font-size: 8pt; font-weight: normal; vertical-align: super; }
ol { padding-left: 7mm; font-size: 8.5pt; }
ol li { margin-bottom: 1.5mm; break-inside: avoid; }
ol a { word-break: break-all; color: #1a4d8f; }
ol ul { margin: .5mm 0 0 0; padding-left: 4mm; color: #333; }
code { font-size: 8pt; word-break: break-all; }
@media print {
  body { padding: 0; max-width: none; }
  a { color: #1b1b1b; text-decoration: none; }
  section { break-inside: auto; }
}
"""


def build_report(
    dataset: Dataset, regions: Regions, scales: Scales, region: Region, version: str
) -> str:
    """The whole page as one string."""
    page = Page(dataset, regions, scales, region, version)
    body = "".join(
        [
            page.header(),
            report_section(dataset, regions, scales, region, page.sources.cite)
            if region.is_province
            else "",
            page.summary(),
            page.trend(),
            page.comparison(),
            ""
            if region.is_province
            else report_section(dataset, regions, scales, region, page.sources.cite),
            page.all_results(),
            page.units(),
            page.source_list(),
            page.about(),
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Laporan pelayanan publik: {e(region.name)}</title>"
        f"<style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )


# -- the trend as inline SVG ---------------------------------------------------------------

_W, _H = 680, 250
_LEFT, _RIGHT, _TOP, _BOTTOM = 46, 10, 26, 30


def _band_spans(scale: Scale) -> list[tuple[Band, Decimal, Decimal]]:
    """Each band with the stretch of the scale it covers (low, high)."""
    spans = []
    bands = scale.bands
    for index, band in enumerate(bands):
        if scale.edges == "lower":
            low = band.lower
            high = bands[index - 1].lower if index else scale.maximum
        else:
            high = band.upper
            low = bands[index + 1].upper if index + 1 < len(bands) else scale.minimum
        spans.append((band, low, high))
    return spans


def _fill(scale: Scale, band: Band) -> str:
    if band.zone:
        return ZONE_FILL.get(band.zone, "#ddd")
    return _TONES[scale.rank_of(band) % 2]


def _f(value: float) -> str:
    return f"{value:.1f}"


def svg_chart(series: Series) -> str:
    """The series as an SVG: bands per year, scores joined within a period, gaps left open."""
    low, high = series.minimum, series.maximum
    points = series.points
    plot_w = _W - _LEFT - _RIGHT
    plot_h = _H - _TOP - _BOTTOM
    column = plot_w / len(points)

    def y(value: Decimal) -> float:
        return _TOP + float((high - value) / (high - low)) * plot_h

    def x(index: int) -> float:
        return _LEFT + (index + 0.5) * column

    out: list[str] = [
        f'<svg viewBox="0 0 {_W} {_H}" role="img" '
        f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="10">',
        f"<title>{e(series.region.name)}: {e(series.instrument)} per tahun</title>",
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#bbb" '
        'stroke-width="2"/></pattern></defs>',
    ]
    for index, point in enumerate(points):
        left = _LEFT + index * column
        if point.status == "no_assessment" or point.scale is None:
            out.append(
                f'<rect x="{_f(left)}" y="{_TOP}" width="{_f(column)}" height="{plot_h}" '
                'fill="url(#hatch)" stroke="#ccc" stroke-width="0.5"/>'
            )
            out.append(
                f'<text x="{_f(x(index))}" y="{_f(_TOP + plot_h / 2)}" text-anchor="middle" '
                f'fill="#555" font-size="9" transform="rotate(-90 {_f(x(index))} '
                f'{_f(_TOP + plot_h / 2)})">tidak ada penilaian</text>'
            )
            continue
        opacity = "1" if point.status == "result" else "0.45"
        for band, band_low, band_high in _band_spans(point.scale):
            top, bottom = y(band_high), y(band_low)
            out.append(
                f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(column)}" '
                f'height="{_f(bottom - top)}" fill="{_fill(point.scale, band)}" '
                f'fill-opacity="{opacity}" stroke="#fff" stroke-width="0.8"/>'
            )
        if point.status == "no_result":
            out.append(
                f'<text x="{_f(x(index))}" y="{_f(_TOP + plot_h - 4)}" text-anchor="middle" '
                'fill="#666" font-size="8">tidak ada data</text>'
            )
    out.extend(_band_letters(series, column, y))
    for change in series.changes:
        if change.kind == "no_assessment":
            continue  # the year's own hatched column says it
        index = next(i for i, p in enumerate(points) if p.year == change.year)
        left = _LEFT + index * column
        method = change.scale.method if change.scale else ""
        words = "pita baru" if change.kind == "bands" else f"metode baru: {method}"
        anchor, shift = ("end", -3) if left > _W - 110 else ("start", 3)
        out.append(
            f'<line x1="{_f(left)}" y1="{_TOP - 14}" x2="{_f(left)}" y2="{_TOP + plot_h}" '
            'stroke="#333" stroke-width="1" stroke-dasharray="4 3"/>'
        )
        out.append(
            f'<text x="{_f(left + shift)}" y="{_TOP - 5}" text-anchor="{anchor}" fill="#333" '
            f'font-size="9">{e(words)}</text>'
        )
    out.extend(_score_marks(series, x, y))
    for value in (low, (low + high) / 2, high):
        out.append(
            f'<text x="{_LEFT - 5}" y="{_f(y(value) + 3)}" text-anchor="end" fill="#333">'
            f"{e(number(value.normalize(), 'id') if value != value.to_integral_value() else str(int(value)))}</text>"
        )
    out.append(
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_TOP + plot_h}" stroke="#333" stroke-width="0.8"/>'
    )
    for index, point in enumerate(points):
        out.append(
            f'<text x="{_f(x(index))}" y="{_H - _BOTTOM + 14}" text-anchor="middle" fill="#222">'
            f"{point.year}</text>"
        )
    out.append("</svg>")
    return "".join(out)


Scaler = Callable[[Decimal], float]


def _band_letters(series: Series, column: float, y: Scaler) -> Iterable[str]:
    """The band names once per period, where they fit: in the period's first column that holds
    no grade-only box (the box would cover the words); none when every column has one."""
    seen: set[int] = set()
    for index, point in enumerate(series.points):
        scale = point.scale
        boxed = point.status == "result" and point.score is None
        if scale is None or id(scale) in seen or boxed:
            continue
        seen.add(id(scale))
        left = _LEFT + index * column
        for band, band_low, band_high in _band_spans(scale):
            top, bottom = y(band_high), y(band_low)
            if bottom - top < 10:
                continue
            name = band.grade or band.zone or band.label
            yield (
                f'<text x="{_f(left + 3)}" y="{_f(top + 10)}" fill="#555" font-size="8">'
                f"{e(name)}</text>"
            )


def _score_marks(series: Series, x: Callable[[int], float], y: Scaler) -> Iterable[str]:
    """Scores as dots (hollow when approximate), joined year to year within a run of results
    (dashed across a change of bands); a grade-only result as a dashed box over its band."""
    points = series.points
    previous: tuple[int, Point] | None = None
    for index, point in enumerate(points):
        if point.status != "result" or point.scale is None:
            previous = None if point.status != "result" else previous
            continue
        result = point.result
        assert result is not None
        if point.score is None:
            previous = None
            band = point.band
            if band is None:
                continue
            spans = [
                (lo, hi)
                for b, lo, hi in _band_spans(point.scale)
                if (b.label == band.label and b.grade == band.grade)
                or (not band.label and b.zone == band.zone)
            ]
            if not spans:
                continue
            low = min(lo for lo, _ in spans)
            high = max(hi for _, hi in spans)
            top, bottom = y(high), y(low)
            ink = ZONE_INK.get(band.zone, "#1b1b1b")
            yield (
                f'<rect x="{_f(x(index) - 9)}" y="{_f(top + 1)}" width="18" '
                f'height="{_f(bottom - top - 2)}" fill="none" stroke="{ink}" stroke-width="1.5" '
                'stroke-dasharray="3 2" rx="3"/>'
            )
            yield (
                f'<text x="{_f(x(index))}" y="{_f((top + bottom) / 2 + 3)}" text-anchor="middle" '
                f'fill="{ink}" font-weight="bold" font-size="9">{e(band.grade)}</text>'
            )
            continue
        cx, cy = x(index), y(point.score)
        if previous is not None:
            last_index, last = previous
            assert last.score is not None
            same = last.scale is point.scale
            dash = "" if same else ' stroke-dasharray="4 3"'
            yield (
                f'<line x1="{_f(x(last_index))}" y1="{_f(y(last.score))}" x2="{_f(cx)}" '
                f'y2="{_f(cy)}" stroke="#1b1b1b" stroke-width="1.5"{dash}/>'
            )
        hollow = result.approximate
        yield (
            f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="4" fill="{"#fff" if hollow else "#1b1b1b"}" '
            'stroke="#1b1b1b" stroke-width="1.5"/>'
        )
        label = ("≈" if hollow else "") + number(point.score, "id")
        yield (
            f'<text x="{_f(cx)}" y="{_f(cy - 8)}" text-anchor="middle" fill="#1b1b1b" '
            f'font-weight="bold" font-size="10">{e(label)}</text>'
        )
        previous = (index, point)
