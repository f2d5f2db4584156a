"""`pelayanan trend`: golden charts (piped: fixed width, no colour), the JSON series, colour."""

from __future__ import annotations

import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.commands.common import load
from pelayanan_cli.core.series import build_series, median_values, standing
from pelayanan_cli.render.trend_chart import TRACK, legend, track, write_charts

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("trend_kota_kupang.txt", ["trend", "kota kupang"]),
        ("trend_kupang_ipp.txt", ["trend", "kupang", "--instrument", "ipp"]),
        ("trend_ntt.txt", ["trend", "53"]),
    ],
)
def test_trend_golden(runner: CliRunner, name: str, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert_golden(name, result.stdout)


def test_trend_rows_say_what_the_data_holds(runner: CliRunner) -> None:
    lines = runner.invoke(app, ["trend", "kota kupang", "-i", "ombudsman"]).stdout.splitlines()
    by_year = {line[:4]: line for line in lines if line[:4].isdigit()}
    assert "49.12  merah" in by_year["2018"]
    assert "86.62  B hijau" in by_year["2024"]
    assert "no assessment: the Ombudsman held no assessment in 2020" in by_year["2020"]
    assert "no result held" in by_year["2016"] and "no result held" in by_year["2025"]
    assert "grade as stated, no score published" in by_year["2023"]
    # The score's dot sits on the track where 86.62 falls on 0-100, right of the 78 edge.
    track_2024 = by_year["2024"][by_year["2024"].index("─") :]
    assert track_2024.index("●") == round(Decimal("86.62") / 100 * (TRACK - 1))
    changes = [line for line in lines if line.startswith("── ")]
    assert [c.split(" · ")[0:2] for c in changes] == [
        ["── 2015", "kepatuhan"],
        ["── 2016–2018", "new bands"],
        ["── 2019", "new bands"],
        ["── 2021", "new bands"],
        ["── 2022–2024", "new bands"],
        ["── 2025", "new method: opini"],
    ]
    assert "E merah 0–31,99 · D merah 32–53,99 · C kuning 54–77,99" in "\n".join(lines)


def test_trend_ambiguous_region_gives_one_titled_chart_each(runner: CliRunner) -> None:
    result = runner.invoke(app, ["trend", "kupang", "-i", "ombudsman"])
    assert result.exit_code == 0
    titles = [line for line in result.stdout.splitlines() if " · ombudsman (" in line]
    assert [t.split(" (")[0] for t in titles] == ["Kabupaten Kupang", "Kota Kupang"]
    assert "matches 2 regions" in result.stderr


def test_trend_json_is_the_series(runner: CliRunner) -> None:
    result = runner.invoke(app, ["trend", "kota kupang", "--format", "json"])
    assert result.exit_code == 0
    series = json.loads(result.stdout)
    assert [s["instrument"] for s in series] == ["ombudsman", "ipp"]
    ombudsman = series[0]
    assert [p["year"] for p in ombudsman["points"]] == list(range(2015, 2026))
    points = {p["year"]: p for p in ombudsman["points"]}
    assert points[2020]["status"] == "no_assessment"
    assert points[2016]["status"] == "no_result"
    assert (points[2024]["score"], points[2024]["grade"], points[2024]["zone"]) == (
        86.62,
        "B",
        "hijau",
    )
    assert len(points[2024]["sources"]) == 3
    assert (points[2023]["score"], points[2023]["graded_from"]) == (None, "stated")
    assert [(c["year"], c["kind"]) for c in ombudsman["changes"]] == [
        (2016, "bands"),
        (2019, "bands"),
        (2020, "no_assessment"),
        (2021, "bands"),
        (2022, "bands"),
        (2025, "method"),
    ]
    assert [p["period"] for p in ombudsman["periods"]] == [
        "2015",
        "2016–2018",
        "2019",
        "2021",
        "2022–2024",
        "2025",
    ]
    ipp = {p["year"]: p for p in series[1]["points"]}
    assert ipp[2025]["score"] == 4.02 and ipp[2025]["conflict"] == [4.002]


def test_trend_colours_zones_at_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    dataset, regions, scales = load(None)
    chart = [build_series(dataset, regions, scales, "53.71", "ombudsman")]
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = Terminal()
    write_charts(chart, regions, scales, coloured)
    assert "\x1b[32m" in coloured.getvalue() and "\x1b[31m" in coloured.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Terminal()
    write_charts(chart, regions, scales, plain)
    assert "\x1b[" not in plain.getvalue()


def test_track_marks_edges_and_shades_a_stated_band() -> None:
    dataset, regions, scales = load(None)
    series = build_series(dataset, regions, scales, "53.71", "ombudsman")
    point_2017 = series.point(2017)
    assert point_2017 is not None and point_2017.scale is not None
    text = "".join(part for part, _ in track(point_2017, point_2017.scale))
    assert len(text) == TRACK and text.count("│") == 2
    # kuning runs from 51 to 81 on 0-100: the shaded cells lie between the two edges.
    assert text.index("━") == text.index("│") + 1
    assert text.rindex("━") == text.rindex("│") - 1
    assert legend(point_2017.scale) == "merah 0–50 · kuning 51–80 · hijau 81–100"


def test_standing_and_median_count_only_scores_held() -> None:
    dataset, regions, _ = load(None)
    found = standing(dataset, regions, regions.by_code["53.71"], "ombudsman", 2024)
    assert found is not None and (found.rank, found.of, found.peers) == (3, 12, "kabupaten/kota")
    ipp = standing(dataset, regions, regions.by_code["53.71"], "ipp", 2025)
    assert ipp is not None and (ipp.rank, ipp.of) == (1, 5)
    assert median_values([Decimal(3), Decimal(1), Decimal(2)]) == (Decimal(2),)
    assert median_values([Decimal(4), Decimal(1), Decimal(2), Decimal(3)]) == (
        Decimal(2),
        Decimal(3),
    )
    assert median_values([]) == ()


def test_trend_errors(runner: CliRunner) -> None:
    unknown = runner.invoke(app, ["trend", "atlantis"])
    assert unknown.exit_code == 1 and "no region matches" in unknown.stderr
    nothing = runner.invoke(app, ["trend", "kota kupang", "-i", "skm"])
    assert nothing.exit_code == 1 and "no skm results for Kota Kupang" in nothing.stderr
    bad = runner.invoke(app, ["trend", "kota kupang", "-i", "nope"])
    assert bad.exit_code == 2
