"""`pelayanan map`: 38 provinces filled as `rank --level provinsi` grades them, gaps hatched,
nothing referenced from outside the file; the geometry shipped is what the script makes.

Which provinces are filled is never written down here: the expected values come from running
`rank` on the same data, so the tests hold as the data grows.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import tomllib
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from browser import CHROMIUM, page_requests, run_chromium
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.errors import ExitStatus
from pelayanan_cli.core.regions import load_regions
from pelayanan_cli.core.scales import load_scales
from pelayanan_cli.render.map_svg import UNGRADED_COLOUR, ZONE_COLOURS

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
PROVINCES = sorted(r.code for r in load_regions().by_code.values() if r.is_province)
JSON_KEYS = {
    "code",
    "province",
    "instrument",
    "year",
    "fill",
    "reason",
    "disputed",
    "score",
    "approximate",
    "grade",
    "label",
    "zone",
    "graded_from",
    "conflict",
    "rank",
    "of",
    "sources",
}


def rank_rows(runner: CliRunner, year: int, instrument: str = "ombudsman", *extra: str) -> dict:
    result = runner.invoke(
        app,
        [
            "rank",
            "--year",
            str(year),
            "-i",
            instrument,
            "--level",
            "provinsi",
            "--format",
            "json",
            *extra,
        ],
    )
    if result.exit_code == ExitStatus.NOT_FOUND and "no results for" in result.stderr:
        return {}  # rank finds no provincial result that year: every province is unheld
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len({r["code"] for r in rows}) == len(rows)  # one result per province
    return {r["code"]: r for r in rows}


def draw(runner: CliRunner, path: Path, *args: str) -> ElementTree.Element:
    result = runner.invoke(app, ["map", *args, "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return ElementTree.fromstring(path.read_text(encoding="utf-8"))


def shapes(svg: ElementTree.Element) -> list[ElementTree.Element]:
    return [p for p in svg.iter(f"{SVG}path") if p.get("class") == "province"]


def tooltip(shape: ElementTree.Element) -> str:
    title = shape.find(f"{SVG}title")
    assert title is not None and title.text
    return title.text


def rgb(colour: str) -> tuple[int, int, int]:
    value = int(colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def latest_provincial_year(runner: CliRunner, instrument: str = "ombudsman") -> int:
    years = [
        y
        for y in load_scales().years(instrument)
        if runner.invoke(
            app, ["rank", "--year", str(y), "-i", instrument, "--level", "provinsi"]
        ).stdout.strip()
    ]
    return years[-1]


def test_every_province_filled_by_the_zone_rank_gives(runner: CliRunner, tmp_path: Path) -> None:
    svg = draw(runner, tmp_path / "m.svg", "--year", "2024")
    ranked = rank_rows(runner, 2024)
    drawn = shapes(svg)
    assert sorted(s.get("data-code") for s in drawn) == PROVINCES
    assert len(drawn) == 38
    names = {r.code: r.name for r in load_regions().by_code.values()}
    for shape in drawn:
        code = shape.get("data-code")
        text = tooltip(shape)
        assert text.startswith(f"{names[code]}: ")
        row = ranked.get(code)
        if row is None:
            assert shape.get("data-reason") == "no result held"
            assert shape.get("fill") == "url(#pelayanan-map-no-result)"
            assert "no result held" in text
            continue
        if row["zone"] is None:  # neither a score nor grade words the bands can read
            assert shape.get("data-reason") == "ungraded" and shape.get("data-fill") == ""
            assert shape.get("fill") == UNGRADED_COLOUR
        else:
            assert shape.get("data-fill") == row["zone"]
            assert shape.get("data-reason") == "zone"
            assert shape.get("fill") == ZONE_COLOURS[row["zone"]]
        assert shape.get("data-disputed") == ("true" if row["disputed"] else "false")
        if row["score"] is not None:
            assert f"{row['score']:.2f}" in text
            assert f"rank {row['rank']} of {row['of']}" in text
    # The colours mean what they say.
    red, green, blue = rgb(ZONE_COLOURS["hijau"])
    assert green > red and green > blue
    red, green, blue = rgb(ZONE_COLOURS["kuning"])
    assert red > 180 and green > 150 and blue < 100
    red, green, blue = rgb(ZONE_COLOURS["merah"])
    assert red > 2 * green and red > 2 * blue
    # The legend counts what the map shows.
    legend = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    missing = 38 - len(ranked)
    assert f"{missing} provinces: no result held" in legend or (
        missing == 1 and "1 province: no result held" in legend
    )
    for zone in ("hijau", "kuning", "merah"):
        held = sum(1 for r in ranked.values() if r["zone"] == zone)
        assert re.search(rf"\b{held} provinces?: zona {zone} \(", legend), zone
    sources = {s["url"] for r in ranked.values() for s in r["sources"]}
    assert re.search(r"From (\d+) sources?\.", legend)
    stated = int(re.search(r"From (\d+) sources?\.", legend).group(1))  # type: ignore[union-attr]
    assert stated >= len(sources)  # other reports of disputed results add theirs
    assert "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik" in legend  # the bands' basis
    assert "A 88–100 Kualitas Tertinggi" in legend
    assert "CC BY 4.0" in legend and "Indonesia GeoJSON & TopoJSON Maps (38 Provinces)" in legend
    assert "2024" in legend or "2024" in (svg.findtext(f"{SVG}title") or "")


def test_a_disputed_province_is_marked_and_filled_as_rank_ranks_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    years = [y for y in load_scales().years("ombudsman") if y != 2020]
    for year in years:
        ranked = rank_rows(runner, year)
        disputed = [r for r in ranked.values() if r["disputed"]]
        if disputed:
            break
    else:
        pytest.skip("no disputed provincial result in the data")
    svg = draw(runner, tmp_path / "d.svg", "--year", str(year))
    marks = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "disputed-mark"]
    assert len(marks) == len(disputed) + 1  # one per province, one in the legend
    by_code = {s.get("data-code"): s for s in shapes(svg)}
    for row in disputed:
        shape = by_code[row["code"]]
        assert shape.get("data-disputed") == "true"
        if row["zone"]:
            assert shape.get("fill") == ZONE_COLOURS[row["zone"]]
        if row["conflict"]:
            assert "≠ also reported: " in tooltip(shape)


def test_json_lists_each_province_with_its_fill_and_reason(runner: CliRunner) -> None:
    result = runner.invoke(app, ["map", "--year", "2024", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["code"] for r in rows] == sorted(PROVINCES, key=int)
    ranked = rank_rows(runner, 2024)
    for row in rows:
        assert set(row) == JSON_KEYS
        assert row["instrument"] == "ombudsman" and row["year"] == 2024
        assert row["reason"] in ("zone", "grade", "no result held", "ungraded")
        same = ranked.get(row["code"])
        if same is None:
            assert row["reason"] == "no result held" and row["fill"] is None
            assert row["score"] is None and row["sources"] == []
            continue
        assert row["fill"] == same["zone"]
        assert row["reason"] == ("zone" if same["zone"] else "ungraded")
        for key in ("score", "grade", "label", "zone", "rank", "of", "disputed", "sources"):
            assert row[key] == same[key], key
    assert "provinces with a result" in result.stderr  # the summary is for people: stderr


def test_year_defaults_to_the_latest_with_a_provincial_result(runner: CliRunner) -> None:
    result = runner.invoke(app, ["map", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert {r["year"] for r in json.loads(result.stdout)} == {latest_provincial_year(runner)}


def test_an_instrument_without_zones_is_filled_by_grade(runner: CliRunner, tmp_path: Path) -> None:
    year = latest_provincial_year(runner, "ipp")
    svg = draw(runner, tmp_path / "ipp.svg", "-i", "ipp", "--year", str(year))
    ranked = rank_rows(runner, year, "ipp")
    filled = [s for s in shapes(svg) if s.get("data-code") in ranked]
    assert filled
    for shape in filled:
        row = ranked[shape.get("data-code")]
        assert shape.get("data-reason") == "grade" and shape.get("data-fill") == row["grade"]
    # One colour per grade; the same grade the same colour.
    colours = {s.get("data-fill"): s.get("fill") for s in filled}
    assert len(set(colours.values())) == len(colours)
    legend = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert "PermenPANRB 29/2022" in legend and "A- 4.01–4.50 Sangat Baik" in legend


def _external(text: str) -> list[str]:
    """Everything in an SVG or HTML file that would load or link to something outside it."""
    found = re.findall(r"""(?:href|src|srcset|action|poster)\s*=\s*["']?([^"'\s>]*)""", text)
    found = [f for f in found if not f.startswith("#")]
    found += [u for u in re.findall(r"url\(\s*['\"]?([^)'\"]*)", text) if not u.startswith("#")]
    found += re.findall(
        r"@import|@font-face|<script|<image|<img|<iframe|<object|<embed|<link|<foreignObject", text
    )
    rest = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    found += re.findall(r"\b(?:https?|ftp|javascript):|\bdata:[\w.+-]+/", rest)
    return found


def test_the_svg_and_the_page_refer_to_nothing_outside(runner: CliRunner, tmp_path: Path) -> None:
    draw(runner, tmp_path / "m.svg", "--year", "2024")
    text = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert _external(text) == []
    assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    page_run = runner.invoke(app, ["map", "--year", "2024", "-o", str(tmp_path / "m.html")])
    assert page_run.exit_code == 0, page_run.stderr
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and text.strip() in page  # the same SVG
    # The page lists the sources as text (no links), so it too refers to nothing outside.
    assert page.count("<tr>") == 39
    bare = re.sub(r"<td class=\"src\">.*?</td>", "", page)
    assert _external(bare) == []
    assert "<a " not in page
    # The check itself sees an external reference.
    assert _external('<image href="https://example.org/x.png"/>')


def _unheld_skm_province(runner: CliRunner) -> tuple[int, str]:
    """An SKM year and a province whose government has no SKM result that year."""
    for year in load_scales().years("skm"):
        held = rank_rows(runner, year, "skm")
        free = [c for c in PROVINCES if c not in held]
        if free:
            return year, free[0]
    pytest.skip("every province holds an SKM result in every year")


HOSTILE_RANK = "</title><script>alert('rank')</script> & \"1\""
HOSTILE_WORDS = "mutu A <b>baik</b>\x07"


def test_text_from_a_user_data_file_is_escaped(runner: CliRunner, tmp_path: Path) -> None:
    year, code = _unheld_skm_province(runner)
    data = tmp_path / "hostile.toml"
    data.write_text(
        "[[result]]\n"
        f'region = "{code}"\ninstrument = "skm"\nyear = {year}\nscore = 88.5\n'
        "[[result.source]]\n"
        'url = "https://example.org/?a=1&b=<script>"\nprinted = "88,50"\n'
        f"stated = {json.dumps(HOSTILE_WORDS)}\nrank = {json.dumps(HOSTILE_RANK)}\n",
        encoding="utf-8",
    )
    args = ["-i", "skm", "--year", str(year), "--data", str(data)]
    svg_path = tmp_path / "h.svg"
    svg = draw(runner, svg_path, *args)  # parses as XML: nothing broke out of its element
    text = svg_path.read_text(encoding="utf-8")
    assert "<script" not in text and "<b>" not in text and "\x07" not in text
    assert (
        "&lt;/title&gt;&lt;script&gt;alert(&#x27;rank&#x27;)&lt;/script&gt; &amp; &quot;1&quot;"
        in text
    )
    shape = next(s for s in shapes(svg) if s.get("data-code") == code)
    assert HOSTILE_RANK in tooltip(shape)  # shown literally
    assert not [e for e in svg.iter() if e.tag.endswith("script")]
    page_path = tmp_path / "h.html"
    run = runner.invoke(app, ["map", *args, "-o", str(page_path)])
    assert run.exit_code == 0, run.stderr
    page = page_path.read_text(encoding="utf-8")
    assert "<script" not in page and "https://example.org/?a=1&amp;b=&lt;script&gt;" in page
    listed = runner.invoke(app, ["map", *args, "--format", "json"])
    row = next(r for r in json.loads(listed.stdout) if r["code"] == code)
    assert row["sources"][0]["stated"] == HOSTILE_WORDS and row["fill"] == "A"


@pytest.mark.parametrize(
    ("args", "status", "words"),
    [
        (["--year", "2020"], 1, "no assessment in 2020"),
        (["--year", "1990"], 2, "1990 is not an assessment year"),
        (["-i", "nope"], 2, "unknown instrument"),
        (["--format", "png"], 2, "write FILE.svg or FILE.html"),
        (["--format", "bogus"], 2, "bogus"),
    ],
)
def test_errors_are_one_line_with_the_documented_status(
    runner: CliRunner, args: list[str], status: int, words: str
) -> None:
    result = runner.invoke(app, ["map", *args])
    assert result.exit_code == status, result.stderr
    assert words in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr


def test_png_and_unwritable_targets_write_nothing(runner: CliRunner, tmp_path: Path) -> None:
    png = runner.invoke(app, ["map", "-o", str(tmp_path / "m.png")])
    assert png.exit_code == 2 and "svg" in png.stderr and "html" in png.stderr
    assert len(png.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m.png").exists()
    missing = runner.invoke(app, ["map", "-o", str(tmp_path / "no-such-folder" / "m.svg")])
    assert missing.exit_code == 6, missing.stderr
    assert "nothing written" in missing.stderr


def test_an_existing_file_is_replaced_whole(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "m.svg"
    target.write_text("old " * 100_000, encoding="utf-8")
    draw(runner, target, "--year", "2024")
    assert target.read_text(encoding="utf-8").endswith("</svg>\n")
    assert [p.name for p in tmp_path.iterdir()] == ["m.svg"]  # no temporary file left


def test_the_report_shows_the_province_on_the_national_map(
    runner: CliRunner, tmp_path: Path
) -> None:
    year = latest_provincial_year(runner)
    page = tmp_path / "ntt.html"
    result = runner.invoke(app, ["report", "ntt", "--output", str(page)])
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    # A province's page opens with the national map of the latest year.
    assert html.index('<section id="peta">') < html.index('<section id="ringkasan">')
    assert "Peta nasional: Ombudsman RI" in html and f"{year}</h2>" in html
    geometry = json.loads((ROOT / "data" / "provinces-map.json").read_text(encoding="utf-8"))
    ntt = next(p for p in geometry["provinces"] if p["code"] == "53")
    assert '<path class="highlight" fill="none"' in html and f'd="{ntt["path"]}"/>' in html
    assert "Provinsi Nusa Tenggara Timur bergaris tebal" in html
    assert html.count('class="province"') == 38
    assert "tidak ada hasil dalam data" in html  # the legend, in Indonesian
    kupang = tmp_path / "kupang.html"
    result = runner.invoke(app, ["report", "kota kupang", "--output", str(kupang)])
    assert result.exit_code == 0, result.stderr
    html = kupang.read_text(encoding="utf-8")
    assert html.index('<section id="perbandingan">') < html.index('<section id="peta">')
    assert "Kota Kupang berada di Provinsi Nusa Tenggara Timur (bergaris tebal)" in html
    assert len(re.findall(r'id="(peta-no-result)"', html)) == 1  # ids apart from the trend's
    assert (
        _external(
            re.sub(r'<a (class="ref" )?href="[^"]*"', "", html).split('<section id="sumber">')[0]
        )
        == []
    )


# -- the shipped geometry ---------------------------------------------------------------------


def test_the_geometry_is_small_complete_and_credited() -> None:
    path = ROOT / "data" / "provinces-map.json"
    assert path.stat().st_size <= 150 * 1024
    document = json.loads(path.read_text(encoding="utf-8"))
    provinces = document["provinces"]
    regions = load_regions()
    assert sorted(p["code"] for p in provinces) == PROVINCES
    assert all(p["name"] == regions.by_code[p["code"]].name for p in provinces)
    # Matched by name: the four 2022 provinces have their Kemendagri codes, not the file's.
    by_source = {p["name_in_source"]: p["code"] for p in provinces}
    assert by_source["Papua Pegunungan"] == "95" and by_source["Papua Selatan"] == "93"
    assert by_source["Papua Tengah"] == "94" and by_source["Papua Barat Daya"] == "96"
    assert by_source["DKI Jakarta"] == "31"
    about = document["about"]
    simplified = about["simplification"]
    assert 0 < simplified["arc_points_after"] <= simplified["arc_points_before"]
    assert simplified["tolerance_map_units"] > 0 and "rings_dropped" in simplified
    assert about["projection"]["name"] == "equirectangular"
    assert "CC BY 4.0" in about["source"]["license"]
    for p in provinces:
        assert re.fullmatch(r"(M[-\d. ]+L[-\d. ]+Z)+", p["path"]), p["code"]
        x, y = p["label"]
        assert 0 <= x <= about["width"] and 0 <= y <= about["height"]
    license_text = (ROOT / "data" / "provinces-map-LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in license_text and "denyherianto" in license_text
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped["data/provinces-map.json"] == "pelayanan_cli/data/provinces-map.json"
    assert shipped["data/provinces-map-LICENSE"] == "pelayanan_cli/data/provinces-map-LICENSE"


def test_the_geometry_is_what_the_script_makes(shared_dir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "convert_map.py"),
            "--check",
            "--maps",
            str(shared_dir / "reference" / "maps"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


# -- in a real browser -------------------------------------------------------------------------


def pixels(png: bytes) -> Iterator[tuple[int, int, int]]:
    """The RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, data, header = 8, b"", b""
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        body = png[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        offset += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    step = 3 if colour_type == 2 else 4
    raw = zlib.decompress(data)
    stride = width * step
    previous = bytearray(stride)
    at = 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1 : at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                near = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + near) & 0xFF
        previous = line
        for i in range(0, stride, step):
            yield line[i], line[i + 1], line[i + 2]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent")
def test_the_map_in_a_real_browser(runner: CliRunner, tmp_path: Path) -> None:
    svg = draw(runner, tmp_path / "m.svg", "--year", "2024")
    width = round(float(svg.get("width", "0")))
    height = round(float(svg.get("height", "0")))
    shot = tmp_path / "m.png"
    net_log = tmp_path / "net.json"
    done = run_chromium(
        tmp_path,
        "map",
        f"--log-net-log={net_log}",
        f"--window-size={width},{height}",
        f"--screenshot={shot}",
        (tmp_path / "m.svg").as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    counts: dict[tuple[int, int, int], int] = {}
    for pixel in pixels(shot.read_bytes()):
        counts[pixel] = counts.get(pixel, 0) + 1
    ranked = rank_rows(runner, 2024)
    for zone in {r["zone"] for r in ranked.values()} - {None}:
        # A filled province is a few hundred pixels at least; the legend swatch alone is ~300.
        assert counts.get(rgb(ZONE_COLOURS[zone]), 0) > 600, zone
    assert sum(counts.values()) == width * height
    assert page_requests(net_log) == []
