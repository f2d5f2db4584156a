"""`pelayanan cite` (golden citations) and `pelayanan verify` (verdicts and their exit statuses)."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli import __version__
from pelayanan_cli.cli import app
from pelayanan_cli.commands.common import load
from pelayanan_cli.core.claims import Claim, combine_parts, combine_results, parse_claim
from pelayanan_cli.core.errors import ExitStatus, UsageError
from pelayanan_cli.core.scales import load_scales

GOLDEN = Path(__file__).parent / "golden"
HASH = re.compile(r"data sha256 ([0-9a-f]{12})\.")


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == path.read_text(encoding="utf-8")


def _stable(text: str) -> str:
    """The citation with the data hash and version as placeholders (checked separately), so
    an edit elsewhere in the data does not churn every golden file."""
    dataset, _, _ = load(None)
    digest = dataset.files[0].sha256[:12]
    assert HASH.findall(text) and set(HASH.findall(text)) == {digest}
    return text.replace(digest, "<hash12>").replace(
        f"pelayanan {__version__}", "pelayanan <version>"
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("cite_kota_kupang_2024_id.txt", ["kota kupang", "--year", "2024"]),
        ("cite_kota_kupang_2024_en.txt", ["kota kupang", "--year", "2024", "--style", "en"]),
        ("cite_kota_kupang_2025_ipp.txt", ["53.71", "-y", "2025", "-i", "ipp"]),
        ("cite_kota_kupang_2023_grade_only.txt", ["kota kupang", "-y", "2023"]),
        ("cite_kota_kupang_2022_unit.txt", ["kota kupang", "-y", "2022", "--unit", "dinas sosial"]),
        ("cite_kota_kupang_2018_en.txt", ["kota kupang", "-y", "2018", "--style", "en"]),
    ],
)
def test_cite_golden(runner: CliRunner, name: str, args: list[str]) -> None:
    result = runner.invoke(app, ["cite", *args])
    assert result.exit_code == 0, result.stderr
    assert_golden(name, _stable(result.stdout))


def test_cite_names_the_figure_its_grade_and_every_source(runner: CliRunner) -> None:
    text = runner.invoke(app, ["cite", "kota kupang", "-y", "2024"]).stdout
    assert text.startswith(
        "Ombudsman RI, Penilaian Kepatuhan 2024: Kota Kupang 86,62 (B, Kualitas Tinggi, zona hijau). Sumber: "
    )
    dataset, _, _ = load(None)
    urls = [
        s.url
        for r in dataset.reports(("53.71", "ombudsman", 2024, ""))
        if r.score == Decimal("86.62")
        for s in r.sources
    ]
    assert len(urls) == 3 and "; ".join(urls) in text
    assert f"Diakses melalui pelayanan {__version__}, data sha256 " in text


def test_cite_says_when_another_source_reports_another_value(runner: CliRunner) -> None:
    text = runner.invoke(app, ["cite", "kota kupang", "-y", "2025"]).stdout
    assert "Kota Kupang 4,02 (A-, Sangat Baik)" in text
    assert "Sumber lain mencatat 4,002: https://timurtoday.id/?p=4063." in text


def test_cite_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["cite", "kota kupang", "-y", "2024", "-f", "json"])
    records = json.loads(result.stdout)
    assert len(records) == 1
    record = records[0]
    assert (record["score"], record["grade"], record["zone"]) == (86.62, "B", "hijau")
    assert [s["printed"] for s in record["sources"]] == ["86,62", "86,62", "86,62"]
    assert record["citation"].endswith(f"data sha256 {record['sha256'][:12]}.")


def test_cite_refusals(runner: CliRunner) -> None:
    ambiguous = runner.invoke(app, ["cite", "kupang", "-y", "2024"])
    assert ambiguous.exit_code == 1
    assert "'Kabupaten Kupang' (53.01), 'Kota Kupang' (53.71)" in ambiguous.stderr
    missing = runner.invoke(app, ["cite", "kota kupang", "-y", "2016"])
    assert missing.exit_code == 1
    assert "The data holds: ombudsman 2017–2019, 2021–2024; ipp 2025" in missing.stderr
    pandemic = runner.invoke(app, ["cite", "kota kupang", "-y", "2020", "-i", "ombudsman"])
    assert pandemic.exit_code == 1 and "no assessment in 2020" in pandemic.stderr
    unit = runner.invoke(app, ["cite", "kota kupang", "-y", "2022", "--unit", "nope"])
    assert unit.exit_code == 1 and "Dinas Sosial" in unit.stderr
    assert runner.invoke(app, ["cite", "kota kupang"]).exit_code == 2


@pytest.mark.parametrize(
    ("year", "claim", "verdict", "status"),
    [
        (2024, "hijau", "supported", ExitStatus.OK),
        (2024, "merah", "contradicted", ExitStatus.CONTRADICTED),
        (2016, "hijau", "not in the data", ExitStatus.NOT_FOUND),
        (2024, "86,62", "supported", ExitStatus.OK),
        (2024, "86.62", "supported", ExitStatus.OK),
        (2024, "85", "contradicted", ExitStatus.CONTRADICTED),
        (2024, "B", "supported", ExitStatus.OK),
        (2024, "A", "contradicted", ExitStatus.CONTRADICTED),
        (2024, "kualitas tinggi", "supported", ExitStatus.OK),
        (2024, '"Kualitas Tertinggi"', "contradicted", ExitStatus.CONTRADICTED),
        (2024, "zona hijau kategori B kualitas tinggi", "supported", ExitStatus.OK),
        (2024, "86,62 merah", "contradicted", ExitStatus.CONTRADICTED),
        # IPP 2025: 4,02 "A-" (likurai, mediaindonesia) beside 4,002 "kategori A" (timurtoday):
        # some sources support each claim and one does not.
        (2025, "A-", "disputed", ExitStatus.DISPUTED),
        (2025, "4,002", "disputed", ExitStatus.DISPUTED),
        (2025, "4,02", "disputed", ExitStatus.DISPUTED),
        (2025, "sangat baik", "disputed", ExitStatus.DISPUTED),
        (2025, "hijau", "not in the data", ExitStatus.NOT_FOUND),
        (2023, "kuning", "supported", ExitStatus.OK),
        (2023, "60", "not in the data", ExitStatus.NOT_FOUND),
        (2018, "B", "not in the data", ExitStatus.NOT_FOUND),
        (2020, "hijau", "not in the data", ExitStatus.NOT_FOUND),
    ],
)
def test_verify_verdicts_and_exit_statuses(
    runner: CliRunner, year: int, claim: str, verdict: str, status: ExitStatus
) -> None:
    result = runner.invoke(app, ["verify", "kota kupang", str(year), claim])
    assert result.stdout.startswith(f"{verdict}: {claim!r} for Kota Kupang (53.71) in {year}")
    assert result.exit_code == status


def test_verify_shows_its_evidence(runner: CliRunner) -> None:
    out = runner.invoke(app, ["verify", "kota kupang", "2024", "merah"]).stdout
    assert (
        "ombudsman 2024 (kepatuhan, 2022–2024 bands, inferred): 86.62, B, Kualitas Tinggi, zona hijau"
        in out
    )
    assert "  zone merah: contradicted — the data gives hijau" in out
    assert (
        "source for 86.62: https://kupang.antaranews.com/berita/142569/ombudsman-sebut-12-pemda-di-ntt-raih-predikat-zona-hijau-pelayanan-publik (printed 86,62;"
        in out
    )
    missing = runner.invoke(app, ["verify", "kota kupang", "2016", "hijau"]).stdout
    assert "no result for Kota Kupang in 2016" in missing
    disputed = runner.invoke(app, ["verify", "kota kupang", "2025", "4,002"]).stdout
    assert "note: the sources disagree on this result (4.002 vs 4.02)" in disputed


def test_verify_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["verify", "kota kupang", "2024", "merah", "-f", "json"])
    assert result.exit_code == 3
    record = json.loads(result.stdout)
    assert (record["verdict"], record["exit_status"], record["claim"]["zone"]) == (
        "contradicted",
        3,
        "merah",
    )
    (evidence,) = record["evidence"]
    assert (evidence["score"], evidence["zone"], evidence["verdict"]) == (
        86.62,
        "hijau",
        "contradicted",
    )
    assert sum(len(r["sources"]) for r in evidence["reports"]) == 5


def test_verify_usage_and_lookup_errors(runner: CliRunner) -> None:
    unreadable = runner.invoke(app, ["verify", "kota kupang", "2024", "tinggi"])
    assert unreadable.exit_code == 2 and "cannot read 'tinggi'" in unreadable.stderr
    ambiguous = runner.invoke(app, ["verify", "kupang", "2024", "hijau"])
    assert ambiguous.exit_code == 1 and "matches 2 regions" in ambiguous.stderr
    instrument = runner.invoke(app, ["verify", "kota kupang", "2024", "hijau", "-i", "ipp"])
    assert instrument.exit_code == 1 and instrument.stdout.startswith("not in the data")


def test_verify_unit_results(runner: CliRunner) -> None:
    result = runner.invoke(app, ["verify", "kota kupang", "2024", "88,88", "--unit", "pendidikan"])
    assert result.exit_code == 0
    assert "Dinas Pendidikan dan Kebudayaan: ombudsman 2024" in result.stdout


def test_parse_claim() -> None:
    scales = load_scales()
    assert parse_claim("86,62", scales) == Claim("86,62", score=Decimal("86.62"))
    assert parse_claim("A-", scales).grade == "A-"
    assert parse_claim("b", scales).grade == "B"
    assert parse_claim("Zona Hijau", scales).zone == "hijau"
    assert parse_claim("green", scales).zone == "hijau"
    assert parse_claim("opini kualitas tertinggi", scales).label == "Kualitas Tertinggi"
    assert parse_claim("baik (dengan catatan)", scales).label == "Baik (Dengan Catatan)"
    both = parse_claim("skor 86,62 kategori B", scales)
    assert (both.score, both.grade) == (Decimal("86.62"), "B")
    for bad in ("tinggi", "hijau merah", "86 87", "", "zona"):
        with pytest.raises(UsageError):
            parse_claim(bad, scales)


def test_rounded_claims_are_supported_only_by_rounding_half_up(runner: CliRunner) -> None:
    assert runner.invoke(app, ["verify", "53.71", "2024", "86,6"]).exit_code == 0
    assert runner.invoke(app, ["verify", "53.71", "2024", "86,7"]).exit_code == 3
    assert (
        runner.invoke(app, ["verify", "53.71", "2024", "86,620"]).exit_code == 0
    )  # the same number


def test_verdicts_combine() -> None:
    assert combine_parts(["supported", "contradicted"]) == "contradicted"
    assert combine_parts(["supported", "not_in_data"]) == "not_in_data"
    assert combine_parts(["supported", "supported"]) == "supported"
    assert combine_parts(["supported", "disputed"]) == "disputed"
    assert combine_parts(["disputed", "contradicted"]) == "contradicted"
    assert combine_results(["contradicted", "supported"]) == "supported"
    assert combine_results(["contradicted", "disputed"]) == "disputed"
    assert combine_results(["not_in_data", "contradicted"]) == "contradicted"
    assert combine_results([]) == "not_in_data"
