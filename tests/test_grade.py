"""Grade bands: every edge of every table, properties of the bands, and the published pairs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.errors import NotFoundError, UsageError
from pelayanan_cli.core.scales import disagreement, load_scales, read_stated

SCALES = load_scales()
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
runner = CliRunner()


@pytest.mark.parametrize(
    ("instrument", "year", "score", "grade", "zone"),
    [
        ("ombudsman", 2019, "50,39", "", "merah"),
        ("ombudsman", 2019, "50", "", "merah"),
        ("ombudsman", 2019, "50,99", "", "merah"),
        ("ombudsman", 2019, "51", "", "kuning"),
        ("ombudsman", 2019, "51,41", "", "kuning"),
        ("ombudsman", 2019, "80", "", "kuning"),
        ("ombudsman", 2019, "80,5", "", "kuning"),
        ("ombudsman", 2019, "81", "", "hijau"),
        ("ombudsman", 2016, "0", "", "merah"),
        ("ombudsman", 2016, "100", "", "hijau"),
        ("ombudsman", 2021, "50,99", "", "merah"),
        ("ombudsman", 2021, "51", "", "kuning"),
        ("ombudsman", 2021, "80,99", "", "kuning"),
        ("ombudsman", 2021, "81", "", "hijau"),
        ("ombudsman", 2023, "87,99", "B", "hijau"),
        ("ombudsman", 2023, "88", "A", "hijau"),
        ("ombudsman", 2022, "77,99", "C", "kuning"),
        ("ombudsman", 2022, "78", "B", "hijau"),
        ("ombudsman", 2022, "53,99", "D", "merah"),
        ("ombudsman", 2022, "54", "C", "kuning"),
        ("ombudsman", 2024, "31,98", "E", "merah"),
        ("ombudsman", 2024, "31,99", "E", "merah"),
        ("ombudsman", 2024, "32", "D", "merah"),
        ("ombudsman", 2024, "100", "A", "hijau"),
        ("ombudsman", 2025, "88", "A", "hijau"),
        ("ombudsman", 2025, "87,99", "B", "hijau"),
        ("ombudsman", 2025, "53,38", "D", "merah"),
        ("ipp", 2025, "4,00", "B", ""),
        ("ipp", 2025, "4,01", "A-", ""),
        ("ipp", 2025, "4,50", "A-", ""),
        ("ipp", 2025, "4,51", "A", ""),
        ("ipp", 2025, "5", "A", ""),
        ("ipp", 2025, "3,50", "B-", ""),
        ("ipp", 2025, "3,51", "B", ""),
        ("ipp", 2025, "3,00", "C", ""),
        ("ipp", 2025, "3,01", "B-", ""),
        ("ipp", 2025, "2,50", "C-", ""),
        ("ipp", 2025, "2,51", "C", ""),
        ("ipp", 2025, "2,00", "D", ""),
        ("ipp", 2025, "2,01", "C-", ""),
        ("ipp", 2025, "1,50", "E", ""),
        ("ipp", 2025, "1,51", "D", ""),
        ("ipp", 2025, "1,01", "E", ""),
        ("ipp", 2025, "1,00", "F", ""),
        ("ipp", 2025, "0", "F", ""),
        ("skm", 2024, "64,99", "D", ""),
        ("skm", 2024, "65", "C", ""),
        ("skm", 2024, "76,60", "C", ""),
        ("skm", 2024, "76,61", "B", ""),
        ("skm", 2024, "88,30", "B", ""),
        ("skm", 2024, "88,31", "A", ""),
        ("skm", 2024, "25", "D", ""),
        ("skm", 2024, "100", "A", ""),
    ],
)
def test_band_edges(instrument: str, year: int, score: str, grade: str, zone: str) -> None:
    graded = SCALES.grade(instrument, year, Decimal(score.replace(",", ".")))
    assert graded.band.grade == grade
    assert graded.band.zone == zone


def test_values_between_published_bounds_follow_the_stated_rule() -> None:
    # "lower" tables: a score between two published bounds takes the band below.
    assert SCALES.grade("ombudsman", 2018, Decimal("80.99")).band.zone == "kuning"
    # "upper" tables: a score above a band's published top takes the band above.
    assert SCALES.grade("ipp", 2025, Decimal("4.005")).band.grade == "A-"
    assert SCALES.grade("skm", 2024, Decimal("76.605")).band.grade == "B"


@pytest.mark.parametrize(
    ("instrument", "year", "score"),
    [
        ("ombudsman", 2024, "-0.01"),
        ("ombudsman", 2024, "100.01"),
        ("ipp", 2025, "5.01"),
        ("skm", 2024, "24.99"),
    ],
)
def test_out_of_range_is_a_usage_error(instrument: str, year: int, score: str) -> None:
    with pytest.raises(UsageError):
        SCALES.grade(instrument, year, Decimal(score))


@pytest.mark.parametrize(
    ("instrument", "year"), [("ombudsman", 2020), ("ombudsman", 2015), ("ipp", 2021), ("skm", 2026)]
)
def test_years_without_bands_are_errors(instrument: str, year: int) -> None:
    with pytest.raises(NotFoundError):
        SCALES.scale_for(instrument, year)


def test_every_year_maps_to_exactly_one_period() -> None:
    for instrument in SCALES.instruments:
        years = [y for s in SCALES.for_instrument(instrument) for y in s.years]
        assert len(years) == len(set(years)), instrument


scales_and_scores = st.sampled_from(SCALES.scales).flatmap(
    lambda scale: st.tuples(
        st.just(scale),
        st.decimals(min_value=scale.minimum, max_value=scale.maximum, places=2),
    )
)


@settings(max_examples=400, deadline=None)
@given(scales_and_scores)
def test_every_in_range_score_gets_exactly_one_band(pair: tuple) -> None:  # type: ignore[type-arg]
    scale, score = pair
    band = scale.band_for(score)
    assert band is not None
    holding = [
        b
        for i, b in enumerate(scale.bands)
        if (
            b.lower <= score and (i == 0 or score < scale.bands[i - 1].lower)
            if scale.edges == "lower"
            else score <= b.upper
            and (i == len(scale.bands) - 1 or score > scale.bands[i + 1].upper)
        )
    ]
    assert holding == [band]


@settings(max_examples=400, deadline=None)
@given(scales_and_scores, st.decimals(min_value=0, max_value=100, places=2))
def test_a_higher_score_never_gets_a_lower_grade(pair: tuple, step: Decimal) -> None:  # type: ignore[type-arg]
    scale, score = pair
    higher = min(score + step, scale.maximum)
    assert scale.rank_of(scale.band_for(higher)) <= scale.rank_of(scale.band_for(score))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SCALES.scales),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=3),
    st.booleans(),
)
def test_out_of_range_never_gets_a_band(scale, distance: Decimal, below: bool) -> None:  # type: ignore[no-untyped-def]
    score = scale.minimum - distance if below else scale.maximum + distance
    assert scale.band_for(score) is None


INSTRUMENT_OF = {
    "ombudsman-kepatuhan": "ombudsman",
    "ombudsman-opini": "ombudsman",
    "kemenpanrb-ipp": "ipp",
    "skm": "skm",
}
# Published pairs that contradict the bands, each named as a source error in the reference:
# timurtoday.id drops the IPP minus grades (scales.md §4.2; more_scores_notes.md §4.1).
SOURCE_ERRORS = {
    ("Kabupaten Rote Ndao", 2025, "https://timurtoday.id/?p=4063"),
    ("Kabupaten Sabu Raijua", 2025, "https://timurtoday.id/?p=4063"),
    ("Kota Kupang", 2025, "https://timurtoday.id/?p=4063"),
}


def test_published_score_and_grade_pairs_agree_with_the_bands() -> None:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not beside the checkout")
    checked, contradicting = 0, set()
    for path in sorted(REFERENCE.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["score"] is None or not record["stated_grade"]:
                continue
            scale = SCALES.scale_for(INSTRUMENT_OF[record["instrument"]], record["year"])
            band = scale.band_for(Decimal(str(record["score"])))
            assert band is not None
            checked += 1
            if disagreement(read_stated(record["stated_grade"], scale), band, scale):
                contradicting.add((record["entity"], record["year"], record["source_url"]))
    assert checked == 309
    assert contradicting == SOURCE_ERRORS


def test_read_stated_picks_out_letter_zone_and_label() -> None:
    scale = SCALES.scale_for("ombudsman", 2024)
    stated = read_stated("zona hijau kategori B kualitas tinggi", scale)
    assert (stated.grade, stated.zone, stated.label) == ("B", "hijau", "Kualitas Tinggi")
    assert read_stated("Zona E Kualitas Terendah", scale).grade == "E"
    assert read_stated("opini kualitas tertinggi", scale).label == "Kualitas Tertinggi"
    ipp = SCALES.scale_for("ipp", 2025)
    assert read_stated("Sangat Baik (A-)", ipp).grade == "A-"


def test_cli_grade_kupang_2024() -> None:
    result = runner.invoke(app, ["grade", "86.62", "--year", "2024", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "instrument": "ombudsman",
        "year": 2024,
        "score": 86.62,
        "grade": "B",
        "label": "Kualitas Tinggi",
        "zone": "hijau",
        "basis": SCALES.scale_for("ombudsman", 2024).basis,
        "status": "inferred",
    }


def test_cli_grade_ipp_with_decimal_comma() -> None:
    result = runner.invoke(
        app, ["grade", "4,02", "--instrument", "ipp", "--year", "2025", "--format", "tsv"]
    )
    assert result.exit_code == 0, result.stderr
    header, row = result.stdout.splitlines()
    values = dict(zip(header.split("\t"), row.split("\t"), strict=True))
    assert (values["grade"], values["label"], values["score"]) == ("A-", "Sangat Baik", "4.02")


def test_cli_grade_defaults_to_the_latest_period() -> None:
    result = runner.invoke(app, ["grade", "80", "--format", "json"])
    assert json.loads(result.stdout)["year"] == 2025
    assert json.loads(result.stdout)["label"] == "Opini Kualitas Tinggi"


def test_cli_grade_in_a_year_without_assessment_is_one_line_exit_1() -> None:
    result = runner.invoke(app, ["grade", "75", "--year", "2020"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "2020" in result.stderr and "no assessment" in result.stderr


@pytest.mark.parametrize("score", ["101", "-1", "abc"])
def test_cli_grade_out_of_scale_is_usage_exit_2(score: str) -> None:
    result = runner.invoke(app, ["grade", "--year", "2024", "--", score])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1


def test_cli_grade_out_of_scale_names_the_valid_range() -> None:
    result = runner.invoke(app, ["grade", "5.5", "--instrument", "ipp", "--year", "2024"])
    assert result.exit_code == 2
    assert "from 0 to 5" in result.stderr


def test_cli_scales_shows_bands_with_basis_and_status() -> None:
    result = runner.invoke(app, ["scales", "ipp", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    (table,) = json.loads(result.stdout)
    assert table["basis"].startswith("PermenPANRB 29/2022")
    assert table["status"] == "inferred"
    assert [b["grade"] for b in table["bands"]] == ["A", "A-", "B", "B-", "C", "C-", "D", "E", "F"]
    assert table["bands"][1] == {
        "grade": "A-",
        "label": "Sangat Baik",
        "zone": None,
        "lower": 4.01,
        "upper": 4.5,
    }


def test_cli_scales_for_one_year() -> None:
    result = runner.invoke(app, ["scales", "ombudsman", "--year", "2021", "--format", "tsv"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert "51,00" not in result.stdout  # numbers are printed as numbers, not as the source's text
    assert lines[1].split("\t")[3:6] == ["", "Kepatuhan Tinggi", "hijau"]
