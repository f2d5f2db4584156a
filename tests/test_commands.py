"""The everyday commands against the bundled data, asserting figures as the sources printed them."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.paths import bundled_file

runner = CliRunner()

RESULT_KEYS = {
    "code",
    "region",
    "level",
    "province",
    "instrument",
    "year",
    "unit",
    "score",
    "grade",
    "label",
    "zone",
    "stated",
    "approximate",
    "sources",
    "conflict",
    "conflict_grades",
    "disputed",
    "rank_stated",
}
# Each source of a result row: what that source printed, and the grade that gives.
SOURCE_KEYS = {
    "url",
    "printed",
    "stated",
    "rank",
    "unit",
    "figure",
    "approximate",
    "grade",
    "label",
    "zone",
    "graded_from",
    "contradicts",
}
DIFF_KEYS = {
    "code",
    "region",
    "level",
    "instrument",
    "unit",
    "from_year",
    "to_year",
    "from_score",
    "to_score",
    "change",
    "from_grade",
    "to_grade",
    "from_zone",
    "to_zone",
}


def run_json(*args: str) -> list[dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def tsv(*args: str) -> list[dict[str, str]]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))


def test_show_kota_kupang_2024_and_ipp_2025() -> None:
    rows = run_json("show", "kota kupang")
    assert {r["code"] for r in rows} == {"53.71"}
    exact = [
        r
        for r in rows
        if r["year"] == 2024 and r["instrument"] == "ombudsman" and not r["approximate"]
    ]
    assert len(exact) == 1
    assert (exact[0]["score"], exact[0]["grade"], exact[0]["label"], exact[0]["zone"]) == (
        86.62,
        "B",
        "Kualitas Tinggi",
        "hijau",
    )
    assert [s["printed"] for s in exact[0]["sources"]] == ["86,62", "86,62", "86,62"]
    assert exact[0]["conflict"] == []
    approximate = [r for r in rows if r["year"] == 2024 and r["approximate"]]
    assert [(r["score"], r["zone"], len(r["sources"])) for r in approximate] == [(86, "hijau", 2)]
    ipp = [r for r in rows if r["instrument"] == "ipp" and r["score"] == 4.02]
    assert (ipp[0]["grade"], ipp[0]["label"], ipp[0]["year"]) == ("A-", "Sangat Baik", 2025)
    assert ipp[0]["conflict"] == [4.002]  # timurtoday printed 4,002


def test_show_table_marks_approximate_and_disputed_values() -> None:
    result = runner.invoke(app, ["show", "53.71", "--format", "table"])
    assert result.exit_code == 0
    assert "~86" in result.stdout and "~ approximate" in result.stdout
    assert "≠ also reported: 4.002" in result.stdout


def test_show_ambiguous_name_shows_each_region_and_says_how_to_pick() -> None:
    result = runner.invoke(app, ["show", "kupang", "--format", "table"])
    assert result.exit_code == 0
    assert "Kabupaten Kupang (53.01, Nusa Tenggara Timur)" in result.stdout
    assert "Kota Kupang (53.71, Nusa Tenggara Timur)" in result.stdout
    assert "matches 2 regions" in result.stderr and "pelayanan show 53.71" in result.stderr


def test_show_nagekeo_2024_shows_both_values() -> None:
    rows = run_json("show", "nagekeo", "--year", "2024")
    assert sorted(r["score"] for r in rows) == [80.42, 80.43]
    assert all(r["conflict"] for r in rows)
    table = runner.invoke(app, ["show", "nagekeo", "--year", "2024", "--format", "table"]).stdout
    assert "80.42" in table and "80.43" in table


def test_show_units_listed_under_their_region() -> None:
    without = run_json("show", "kota kupang", "--year", "2022")
    assert all(r["unit"] is None for r in without)
    rows = run_json("show", "kota kupang", "--year", "2022", "--units")
    units = {r["unit"]: r for r in rows if r["unit"]}
    assert units["Puskesmas Oebobo"]["score"] == 88.03
    # Printed "Dinas Pendidikan" in 2022, "Dinas Pendidikan dan Kebudayaan" in 2023-2024: one
    # series by data/units.toml, the printed name kept on the source.
    education = units["Dinas Pendidikan dan Kebudayaan"]
    assert education["score"] == 60.44
    assert [s["unit"] for s in education["sources"]] == ["Dinas Pendidikan"]
    assert rows[0]["unit"] is None  # the government first, its units after
    series = run_json("show", "kota kupang", "--units", "--instrument", "ombudsman")
    years = sorted(r["year"] for r in series if r["unit"] == "Dinas Pendidikan dan Kebudayaan")
    assert years == [2022, 2023, 2024]


def test_show_sources_lists_each_url_and_what_it_printed() -> None:
    rows = tsv("show", "kota kupang", "--year", "2024", "--instrument", "ombudsman", "--sources")
    printed = {(r["url"], r["printed"]) for r in rows}
    assert (
        "https://swaratimor.co.id/2024/12/05/7-unit-pelayanan-publik-di-kota-kupang-raih-penghargaan/",
        "86,62",
    ) in printed
    assert len(rows) == 5  # three sources of 86,62 and two of "sekitar 86"


def test_show_grade_only_results_keep_the_words_the_source_printed() -> None:
    rows = run_json("show", "kota kupang", "--year", "2021")
    (row,) = rows
    assert row["score"] is None and row["stated"] == "predikat kuning atau sedang"
    assert row["zone"] == "kuning" and row["graded_from"] == "stated"


def test_rank_ntt_2024() -> None:
    rows = run_json("rank", "--year", "2024", "--province", "ntt", "--instrument", "ombudsman")
    top = [(r["region"], r["score"], r["rank"], r["of"]) for r in rows[:3]]
    assert top == [
        ("Kabupaten Timor Tengah Utara", 91.82, 1, 12),
        ("Kabupaten Manggarai Barat", 89.62, 2, 12),
        ("Kota Kupang", 86.62, 3, 12),
    ]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))  # a result reported by several sources counts once
    assert {"rank", "of"} | RESULT_KEYS <= set(rows[0])


def test_rank_competition_ranking_and_grade_only_after() -> None:
    """Within a province, kabupaten/kota are ranked together; the province's own result is
    ranked among provinces, in a group of its own after them."""
    rows = run_json("rank", "--year", "2022", "--province", "ntt")
    assert len(rows) == 23
    among = [r["ranked_among"] for r in rows]
    assert among == ["kabupaten/kota"] * 22 + ["provinsi"]
    local = rows[:22]
    scored = [r for r in local if r["score"] is not None]
    assert [(r["region"], r["rank"]) for r in scored][:2] == [
        ("Kota Kupang", 1),
        ("Kabupaten Sumba Barat", 2),
    ]
    assert local.index(scored[-1]) == len(scored) - 1
    assert all(r["rank"] is None for r in local[len(scored) :])
    assert {r["of"] for r in local} == {len(scored)}
    assert (rows[-1]["region"], rows[-1]["rank"], rows[-1]["of"]) == ("Nusa Tenggara Timur", 1, 1)


def test_rank_nationally_ranks_each_level_apart() -> None:
    """As the Ombudsman does ("1 of 416 kabupaten"): provinces, kabupaten and kota apart."""
    rows = run_json("rank", "--year", "2024", "--top", "1")
    assert [(r["ranked_among"], r["region"], r["rank"]) for r in rows] == [
        ("provinsi", "Sulawesi Utara", 1),
        ("kabupaten", "Kabupaten Wonogiri", 1),
        ("kota", "Kota Magelang", 1),
    ]
    assert rows[1]["rank_stated"] == "1 of 416 kabupaten"


def test_rank_footer_counts_zones_on_stderr_when_piped() -> None:
    result = runner.invoke(app, ["rank", "--year", "2024", "--province", "ntt"])
    assert (
        "12 results (ombudsman 2024 · Nusa Tenggara Timur · kabupaten/kota): 12 ranked by score, "
        "0 graded only: hijau 12. Of N: 12 held; 22 assessed." in result.stderr
    )
    assert "hijau 12" not in result.stdout


def test_rank_top_and_level() -> None:
    rows = run_json("rank", "--year", "2023", "--level", "kota", "--top", "1")
    assert [(r["region"], r["score"], r["rank"]) for r in rows] == [("Kota Magelang", 98.17, 1)]


def test_rank_year_defaults_to_latest_with_data() -> None:
    rows = run_json("rank", "--province", "sultra")
    assert {r["year"] for r in rows} == {2024}


def test_diff_kota_kupang_2022_2024() -> None:
    rows = run_json("diff", "2022", "2024", "--region", "kota kupang")
    assert rows == [
        {
            "code": "53.71",
            "region": "Kota Kupang",
            "level": "kota",
            "instrument": "ombudsman",
            "unit": None,
            "from_year": 2022,
            "to_year": 2024,
            "from_score": 79.12,
            "to_score": 86.62,
            "change": 7.5,
            "from_grade": "B",
            "to_grade": "B",
            "from_zone": "hijau",
            "to_zone": "hijau",
        }
    ]
    table = runner.invoke(
        app, ["diff", "2022", "2024", "--region", "kota kupang", "--format", "table"]
    )
    assert "+7.50" in table.stdout


def test_diff_warns_when_methods_differ() -> None:
    result = runner.invoke(app, ["diff", "2021", "2022", "--province", "ntt"])
    assert result.exit_code == 0
    assert "not like for like" in result.stderr
    same = runner.invoke(app, ["diff", "2022", "2024", "--province", "ntt"])
    assert "not like for like" not in same.stderr


def test_diff_lists_regions_present_in_one_year() -> None:
    rows = run_json("diff", "2019", "2024", "--province", "ntt")
    one_sided = [r for r in rows if r["from_score"] is None or r["to_score"] is None]
    assert one_sided and all(r["change"] is None for r in one_sided)
    assert set(rows[0]) == DIFF_KEYS


def test_export_one_row_per_result_and_per_source() -> None:
    """As many rows as the data file has [[result]] entries and sources (read with tomllib)."""
    with bundled_file("evaluations.toml").open("rb") as handle:
        entries = tomllib.load(handle)["result"]
    rows = run_json("export")
    assert len(rows) == len(entries)
    assert set(rows[0]) >= RESULT_KEYS
    per_source = tsv("export", "--sources")
    assert len(per_source) == sum(len(r["sources"]) for r in rows)
    assert len(per_source) == sum(len(e["source"]) for e in entries)


def test_coverage_shows_the_ntt_2023_gap() -> None:
    rows = run_json("coverage", "--province", "ntt", "--instrument", "ombudsman")
    by_year = {r["year"]: r for r in rows}
    assert by_year[2023]["scored"] == 0
    assert by_year[2023]["regions"] == 8
    assert by_year[2024]["scored"] == 12
    assert by_year[2024]["of"] == 23


@pytest.mark.parametrize(
    "args",
    [
        ["show", "kupang"],
        ["rank", "--year", "2024"],
        ["diff", "2022", "2024"],
        ["export"],
        ["coverage"],
        ["grade", "86.62"],
        ["scales"],
    ],
)
def test_every_command_json_parses_and_carries_the_documented_keys(args: list[str]) -> None:
    payload = run_json(*args)
    rows = payload if isinstance(payload, list) else [payload]
    assert rows
    command = args[0]
    if command in ("show", "export"):
        assert all(set(r) >= RESULT_KEYS for r in rows)
        assert all(set(s) == SOURCE_KEYS for r in rows for s in r["sources"])
    elif command == "rank":
        keys = RESULT_KEYS | {"rank", "of", "held", "assessed", "assessed_counts", "of_text"}
        assert all(keys <= set(r) for r in rows)
    elif command == "diff":
        assert all(set(r) == DIFF_KEYS for r in rows)
    elif command == "grade":
        assert set(rows[0]) == {
            "instrument",
            "year",
            "score",
            "grade",
            "label",
            "zone",
            "basis",
            "status",
            "between",
        }


def test_scores_are_exact_in_json() -> None:
    rows = run_json("show", "kota kupang", "--instrument", "ipp")
    assert sorted(r["score"] for r in rows) == [4.002, 4.02]
    assert Decimal(str(rows[0]["score"])) in (Decimal("4.002"), Decimal("4.02"))


def test_unknown_instrument_is_usage_error() -> None:
    result = runner.invoke(app, ["rank", "--instrument", "sakip"])
    assert result.exit_code == 2
    assert "unknown instrument 'sakip'" in result.stderr


def test_unknown_province_is_not_found() -> None:
    result = runner.invoke(app, ["rank", "--province", "atlantis"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1


def test_text_from_data_is_shown_literally(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "mine.toml"
    data.write_text(
        '[[result]]\nregion = "53.71"\ninstrument = "skm"\nyear = 2023\nunit = "[bold red]Dinas\\u001b[31m X"\n'
        'score = 80\n[[result.source]]\nurl = "https://example.org/test"\nprinted = "80"\n',
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "show",
            "53.71",
            "--units",
            "--instrument",
            "skm",
            "--year",
            "2023",
            "--data",
            str(data),
            "--format",
            "table",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "[bold red]Dinas\\x1b[31m X" in result.stdout
    assert "\x1b" not in result.stdout
