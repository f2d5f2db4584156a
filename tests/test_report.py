"""`pelayanan report`: one self-contained A4 page in Indonesian, checked as text and in Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import CHROMIUM, page_requests, run_chromium
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.commands.common import load

HOSTILE = """
[[result]]
region = "53.71"
instrument = "ombudsman"
year = 2022
unit = "<script>alert('unit')</script> & Co"
score = 70.5
note = "<img src=x onerror=alert(1)>"
[[result.source]]
url = "https://example.org/berita?a=1&b=\\"><script>alert(2)</script>"
printed = "70,50"
stated = "zona kuning <b>C</b>"
"""


_LOADING = ("src", "href", "srcset", "poster", "data", "action", "xlink:href")


class Resources(HTMLParser):
    """Every URL the page would load by itself, and every link a reader may follow."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if value is None:
                continue
            if tag == "a" and name == "href":
                self.links.append(value)
            elif name in _LOADING or (name == "style" and "url(" in value):
                self.loads.append(value)


def _report(runner: CliRunner, path: Path, region: str = "kota kupang", *extra: str) -> str:
    result = runner.invoke(app, ["report", region, "--output", str(path), *extra])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return path.read_text(encoding="utf-8")


def _text(html: str) -> str:
    """The page's visible words, tags dropped and whitespace collapsed."""
    html = re.sub(r"<(style|title)>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_report_is_self_contained(runner: CliRunner, tmp_path: Path) -> None:
    html = _report(runner, tmp_path / "laporan.html")
    page = Resources()
    page.feed(html)
    # Only fragment references (#sumber-1, the SVG hatch pattern) load; nothing from elsewhere.
    assert all(v.startswith("#") or v.startswith("url(#") for v in page.loads), page.loads
    assert not {"script", "link", "img", "iframe", "object", "embed"} & page.tags
    assert "@import" not in html and "url(http" not in html and "@font-face" not in html
    external = [link for link in page.links if not link.startswith("#")]
    dataset, _, _ = load(None)
    own = {s.url for r in dataset.for_codes(["53.71"]) for s in r.sources}
    # The comparison with the province cites the province's own sources too.
    province = {s.url for r in dataset.for_codes(["53"]) for s in r.sources}
    assert external and own <= set(external) <= own | province
    assert '<html lang="id">' in html
    assert "@page { size: A4;" in html and "@media print" in html


def test_report_content_in_indonesian(runner: CliRunner, tmp_path: Path) -> None:
    text = _text(_report(runner, tmp_path / "laporan.html"))
    assert "Ombudsman RI, Penilaian Kepatuhan 2024 86,62" in text
    assert "3 dari 12 kabupaten/kota di Nusa Tenggara Timur" in text
    assert "1 dari 5 kabupaten/kota" in text  # IPP 2025
    # The previous assessment (2023) published a grade only; the last score is 2022's.
    assert "2023: tanpa skor, C, Kualitas Sedang, zona kuning" in text
    assert "skor terakhir sebelumnya 2022: 79,12 (selisih +7,50)" in text
    assert "KemenPANRB, Indeks Pelayanan Publik 2025 4,02" in text
    assert "A- Sangat Baik" in text
    assert "sumber lain mencatat 4,002" in text
    # The comparison with the province: its own result and the kab/kota median of the year.
    assert "80,93, B, Kualitas Tinggi, zona hijau" in text
    assert "82,87 dan 83,17 (dua nilai tengah)" in text
    assert "Unit layanan (OPD, puskesmas)" in text and "Puskesmas Oebobo" in text
    dataset, _, _ = load(None)
    assert dataset.files[0].sha256 in text and "pelayanan 0.1.0" in text


def test_sources_are_numbered_with_what_they_printed(runner: CliRunner, tmp_path: Path) -> None:
    html = _report(runner, tmp_path / "laporan.html")
    first = html.index('<li id="sumber-1">')
    entry = html[first : html.index("</li></ul></li>", first)]
    assert "https://kupang.antaranews.com/berita/142569/" in entry
    assert "tercetak 86,62" in entry and "zona hijau kategori B kualitas tinggi" in entry
    numbers = [int(n) for n in re.findall(r'<li id="sumber-(\d+)">', html)]
    assert numbers == list(range(1, len(numbers) + 1))
    refs = {int(n) for n in re.findall(r'href="#sumber-(\d+)"', html)}
    assert refs == set(numbers)


def test_text_from_the_data_is_escaped(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "hostile.toml"
    data.write_text(HOSTILE, encoding="utf-8")
    html = _report(runner, tmp_path / "laporan.html", "53.71", "--data", str(data))
    assert "<script" not in html and "<img" not in html and "<b>C" not in html
    assert "&lt;script&gt;alert(&#x27;unit&#x27;)&lt;/script&gt; &amp; Co" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    page = Resources()
    page.feed(html)
    assert 'https://example.org/berita?a=1&b="><script>alert(2)</script>' in page.links


def test_report_refuses_an_ambiguous_name(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "kupang", "--output", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "'Kabupaten Kupang' (53.01), 'Kota Kupang' (53.71)" in result.stderr
    assert not (tmp_path / "x.html").exists()
    unknown = runner.invoke(app, ["report", "atlantis"])
    assert unknown.exit_code == 1


def test_report_of_a_province(runner: CliRunner, tmp_path: Path) -> None:
    text = _text(_report(runner, tmp_path / "ntt.html", "ntt"))
    assert "Nusa Tenggara Timur" in text and "80,93" in text
    assert "dari" in text and "provinsi yang skornya tercatat" in text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent")
def test_report_in_a_real_browser(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "laporan.html"
    _report(runner, page)
    url = page.as_uri()

    net_log = tmp_path / "net.json"
    dom = run_chromium(tmp_path, "dom", f"--log-net-log={net_log}", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = _text(dom.stdout)
    for expected in ("86,62", "zona hijau", "4,02", "A-", "3 dari 12", "Kualitas Tinggi"):
        assert expected in text
    assert re.search(r"\bB\b", text)
    assert page_requests(net_log) == []

    shot = tmp_path / "laporan.png"
    result = run_chromium(
        tmp_path, "shot", "--hide-scrollbars", "--window-size=900,1400", f"--screenshot={shot}", url
    )
    assert result.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    pdf = tmp_path / "laporan.pdf"
    result = run_chromium(tmp_path, "pdf", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
    assert result.returncode == 0 and pdf.read_bytes()[:5] == b"%PDF-"
    # @page { size: A4 }: 595 x 842 points.
    assert re.search(rb"/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]", pdf.read_bytes())


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent")
def test_the_network_check_sees_a_page_that_loads(tmp_path: Path) -> None:
    """The net-log check above can fail: a page with an external image is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<img src="https://example.org/x.png">', encoding="utf-8")
    net_log = tmp_path / "net.json"
    run_chromium(tmp_path, "bad", f"--log-net-log={net_log}", "--dump-dom", page.as_uri())
    assert page_requests(net_log) == ["https://example.org/x.png"]


def test_the_report_is_wholly_in_bahasa_indonesia(runner: CliRunner) -> None:
    """No English word of the data's notes (ranks, the bands' basis) reaches the page."""
    import html
    import re

    page = runner.invoke(app, ["report", "nusa tenggara timur"]).stdout
    page += runner.invoke(app, ["report", "kota kupang"]).stdout
    text = re.sub(r"<style.*?</style>|<[^>]+>|https?://\S+", " ", page, flags=re.S)
    words = set(re.findall(r"[A-Za-z]+", html.unescape(text)))
    english = {
        "of",
        "in",
        "the",
        "and",
        "by",
        "as",
        "stated",
        "bands",
        "method",
        "nationally",
        "among",
        "list",
        "top",
        "green",
        "score",
        "year",
        "source",
        "sources",
        "rank",
    }
    assert words & english == set()
