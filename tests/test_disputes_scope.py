"""Disagreeing sources stay visible; scope is data: who was assessed, with its sources.

Exact values come from the bundled data and the sources it names (../shared/reference holds the
quotes): Kabupaten Bombana IPP 2025 ("A-" by siberkita.id, "predikat A" by infobombana.id and
infosuara.com), Kota Bau Bau 2019 (53,15 "zona kuning" by zonasultra.id, "predikat tingkat
kepatuhan terbaik" by lajur.co), the Sumatera Utara 2022 list (mistar.id and others), and the
scope counts of data/scope.toml.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.dataset import Dataset, cross_findings
from pelayanan_cli.core.errors import ExitStatus
from pelayanan_cli.core.findings import Code
from pelayanan_cli.core.model import Result, Source
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.regions import load_regions
from pelayanan_cli.core.scales import load_scales
from pelayanan_cli.core.scope import Scope, ScopeEntry, load_scope
from pelayanan_cli.core.units import load_units

SIBERKITA = "https://siberkita.id/menurunnya-kinerja-pelayanan-publik-alarm-bagi-birokrasi-pemerintahan-provinsi-sulawesi-tenggara"
INFOBOMBANA = "https://infobombana.id/tak-mau-stagnan-di-predikat-b-bupati-bombana-ikat-kinerja-pejabat-hingga-camat"
LAJUR = "https://www.lajur.co/layanan-publik-di-sultra-belum-baik-konawe-terburuk-kota-kendari-panen-aduan-terbanyak"
ZONASULTRA = (
    "https://zonasultra.id/ini-penilaian-ombudsman-soal-kepatuhan-pelayanan-publik-di-sultra.html"
)


def run_json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- grade-only sources that disagree -----------------------------------------------------------


def test_bombana_ipp_2025_is_disputed_with_both_grades_shown(runner: CliRunner) -> None:
    rows = run_json(runner, "show", "bombana", "--year", "2025", "--instrument", "ipp")
    assert sorted((r["grade"], len(r["sources"])) for r in rows) == [("A", 2), ("A-", 1)]
    assert all(r["disputed"] and r["score"] is None for r in rows)
    assert {r["grade"]: r["conflict_grades"] for r in rows} == {"A": ["A-"], "A-": ["A"]}
    table = runner.invoke(app, ["show", "bombana", "-y", "2025", "-i", "ipp", "-f", "table"])
    assert "≠ also graded: A-" in table.stdout and "≠ also graded: A" in table.stdout


def test_verify_bombana_2025_a_is_disputed_listing_who_printed_what(runner: CliRunner) -> None:
    result = runner.invoke(app, ["verify", "bombana", "2025", "A"])
    assert result.exit_code == ExitStatus.DISPUTED == 4
    lines = result.stdout.splitlines()
    assert lines[0] == "disputed: 'A' for Kabupaten Bombana (74.06) in 2025"
    assert "  grade A: disputed — sources disagree: A / A-" in lines
    assert f'  source for a grade only: {SIBERKITA} (stated "kategori A-") — contradicts' in lines
    assert f'  source for a grade only: {INFOBOMBANA} (stated "predikat A") — supports' in lines
    record = json.loads(
        runner.invoke(app, ["verify", "bombana", "2025", "A", "--format", "json"]).stdout
    )
    assert (record["verdict"], record["exit_status"]) == ("disputed", 4)
    stances = {
        s["url"]: (s["stated"], s["stance"])
        for e in record["evidence"]
        for r in e["reports"]
        for s in r["sources"]
    }
    assert stances[SIBERKITA] == ("kategori A-", "contradicts")
    assert stances[INFOBOMBANA] == ("predikat A", "supports")
    # Each grade alone is disputed, never contradicted: some sources support it.
    assert runner.invoke(app, ["verify", "bombana", "2025", "A-"]).exit_code == 4
    assert runner.invoke(app, ["verify", "bombana", "2025", "B"]).exit_code == 3


def test_baubau_2019_shows_the_contradicting_source_flagged(runner: CliRunner) -> None:
    rows = run_json(runner, "show", "bau bau", "--year", "2019", "--sources")
    by_url = {r["url"]: r for r in rows}
    assert by_url[LAJUR]["contradicts"] is True
    assert by_url[LAJUR]["stated"] == "predikat tingkat kepatuhan terbaik"
    assert (by_url[LAJUR]["score"], by_url[LAJUR]["zone"]) == (None, "hijau")
    assert by_url[ZONASULTRA]["contradicts"] is False
    assert (by_url[ZONASULTRA]["printed"], by_url[ZONASULTRA]["zone"]) == ("53.15", "kuning")
    assert all(r["disputed"] for r in rows)
    results = run_json(runner, "show", "bau bau", "--year", "2019")
    scored = next(r for r in results if r["score"] is not None)
    assert scored["conflict_grades"] == ["hijau"]
    flagged = [s for r in results for s in r["sources"] if s["contradicts"]]
    assert [s["url"] for s in flagged] == [LAJUR]
    verdict = runner.invoke(app, ["verify", "bau bau", "2019", "kuning"])
    assert verdict.exit_code == ExitStatus.DISPUTED
    assert f'{LAJUR} (stated "predikat tingkat kepatuhan terbaik") — contradicts' in verdict.stdout


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        # Sulawesi Barat 2024: "sekitar 88,77" (makassar.antaranews, infosulawesi) vs 88,70 (intuisi).
        ("88,77", ExitStatus.DISPUTED),
        ("88,70", ExitStatus.DISPUTED),
        ("A", ExitStatus.OK),
        ("87", ExitStatus.CONTRADICTED),
    ],
)
def test_an_approximate_figure_that_does_not_fit_is_another_value(
    runner: CliRunner, claim: str, status: ExitStatus
) -> None:
    assert runner.invoke(app, ["verify", "sulbar", "2024", claim]).exit_code == status


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        # Kota Kupang 2024: 86,62 (three sources) and "sekitar 86" (two), which fits it.
        ("86,62", ExitStatus.OK),
        ("86", ExitStatus.DISPUTED),
        ("86,7", ExitStatus.CONTRADICTED),
    ],
)
def test_an_approximate_figure_that_fits_speaks_only_for_itself(
    runner: CliRunner, claim: str, status: ExitStatus
) -> None:
    assert runner.invoke(app, ["verify", "kota kupang", "2024", claim]).exit_code == status


def test_rank_counts_the_disputed_result_once_by_its_primary_report(runner: CliRunner) -> None:
    rows = run_json(runner, "rank", "--year", "2019", "--province", "sultra")
    baubau = [r for r in rows if r["code"] == "74.72"]
    assert [(r["score"], r["rank"] is not None) for r in baubau] == [(53.15, True)]


def test_undeclared_grade_disputes_are_found() -> None:
    scales = load_scales()

    def report(stated: str, line: int, disputed: bool = False) -> Result:
        source = Source(f"https://example.org/{line}", stated=stated)
        return Result("74.06", "ipp", 2025, None, None, False, disputed, None, (source,), "f", line)

    unmarked = cross_findings([report("kategori A-", 1), report("predikat A", 5)], scales)
    assert [f.code for f in unmarked] == [Code.UNDECLARED_GRADE_DISPUTE] * 2
    marked = [report("kategori A-", 1, True), report("predikat A", 5, True)]
    assert cross_findings(marked, scales) == []
    agreeing = cross_findings([report("predikat A", 1, True), report("nilai A", 5)], scales)
    assert [f.code for f in agreeing] == [Code.NEEDLESS_DISPUTE]


def test_contradictions_kept_as_disputes_are_marked_in_the_data() -> None:
    """Every result whose reports or sources disagree says disputed = true in the file."""
    from pelayanan_cli.core.agreement import any_disagreement, said_by
    from pelayanan_cli.core.dataset import read_dataset

    scales = load_scales()
    dataset: Dataset = read_dataset([bundled_file("evaluations.toml")], load_regions(), scales)
    keys = dataset.keys()
    disputed = 0
    for key in keys:
        reports = dataset.reports(key)
        if any_disagreement(said_by(reports, scales)):
            assert any(r.disputed for r in reports), key
            disputed += 1
    assert disputed == sum(1 for key in keys if any(r.disputed for r in dataset.reports(key)))


# --- units: one name per series -----------------------------------------------------------------


def test_unit_aliases_are_data_and_limited_to_their_regions() -> None:
    units = load_units()
    assert units.canonical("Dinas Pendidikan", "53.71") == "Dinas Pendidikan dan Kebudayaan"
    assert units.canonical("Dinas Pendidikan", "53.72") == "Dinas Pendidikan"
    assert units.canonical("Dinas Kependudukan dan Catatan Sipil (Dukcapil)", "74.71") == (
        "Dinas Kependudukan dan Pencatatan Sipil"
    )


def test_unit_named_by_an_alias_is_found(runner: CliRunner) -> None:
    result = runner.invoke(app, ["cite", "kota kupang", "-y", "2022", "--unit", "Dinas Pendidikan"])
    assert result.exit_code == 0, result.stderr
    assert "Dinas Pendidikan dan Kebudayaan Kota Kupang 60,44" in result.stdout


# --- scope ---------------------------------------------------------------------------------------


def test_coverage_ntt_2025_reads_held_over_assessed(runner: CliRunner) -> None:
    rows = run_json(runner, "coverage", "--province", "ntt", "--instrument", "ombudsman")
    row = next(r for r in rows if r["year"] == 2025)
    # 12 kabupaten/kota loci in NTT (Antara, suarantt) and the province, one of 38 (menitini).
    assert (row["held"], row["assessed"], row["held_of_assessed"]) == (0, 13, "0 / 13")
    assert {e["printed"] for e in row["scope"]} >= {"12 kabupaten/kota di Provinsi NTT"}
    table = runner.invoke(app, ["coverage", "--province", "ntt", "--format", "table"])
    assert "Held / assessed" in table.stdout
    assert any(
        line.startswith("ombudsman   2025") and "0 / 13" in line
        for line in table.stdout.splitlines()
    )


def test_coverage_never_holds_a_result_without_score_or_grade(runner: CliRunner) -> None:
    rows = run_json(runner, "coverage")
    assert all(r["scored"] <= r["held"] <= r["regions"] for r in rows)
    # 2015: Lebong and Mukomuko are known by their rank alone (46 and 47 of 64).
    row = next(r for r in rows if (r["instrument"], r["year"]) == ("ombudsman", 2015))
    assert row["held"] == row["regions"] - 2


def test_rank_sumatera_utara_2022_ranks_all_33_kabupaten_kota(runner: CliRunner) -> None:
    rows = run_json(runner, "rank", "--year", "2022", "--province", "sumatera utara")
    regions = load_regions()
    listed = {r.code for r in regions.in_province("12")}
    assert len(listed) == 33
    local = [r for r in rows if r["ranked_among"] == "kabupaten/kota"]
    assert {r["code"] for r in local if r["rank"] is not None} == listed
    assert all(r["score"] is not None for r in rows)
    assert {(r["held"], r["of"]) for r in local} == {(33, 33)}
    assert sorted(r["rank"] for r in local) == list(range(1, 34))  # no ties in the list
    # The province's own result is ranked among provinces, apart from its kabupaten/kota.
    assert [(r["code"], r["ranked_among"]) for r in rows if r not in local] == [("12", "provinsi")]
    kabkota = run_json(runner, "rank", "-y", "2022", "--province", "sumut", "--level", "kota")
    assert {r["held"] for r in kabkota} == {8}


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "table"])
def test_rank_says_what_of_n_is_in_every_format(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(
        app, ["rank", "--year", "2025", "--province", "ntt", "-i", "ipp", "--format", fmt]
    )
    assert result.exit_code == 0, result.stderr
    # IPP 2025 NTT: 22 kabupaten/kota were assessed (timurtoday); 5 are held.
    if fmt == "json":
        rows = json.loads(result.stdout)
        assert {(r["held"], r["assessed"], r["of_text"]) for r in rows} == {
            (5, 22, "5 held; 22 assessed")
        }
    elif fmt == "table":
        assert "Of held/assessed" in result.stdout and "5 / 22" in result.stdout
    else:
        sep = "\t" if fmt == "tsv" else ","
        header, first = result.stdout.splitlines()[:2]
        values = dict(zip(header.split(sep), first.split(sep), strict=False))
        assert (values["of"], values["held"], values["assessed"]) == ("5", "5", "22")
        assert "Of N: 5 held; 22 assessed" in result.stderr


def test_scope_unknown_is_said_unknown(runner: CliRunner) -> None:
    rows = run_json(runner, "rank", "--year", "2021", "--province", "ntt")
    assert {(r["assessed"], r["of_text"]) for r in rows} == {(None, "0 held; assessed: unknown")}


def test_scope_sources_that_disagree_are_each_kept() -> None:
    scope = load_scope()
    provinces = scope.assessed("ombudsman", 2023, None, ["provinsi"])
    assert provinces.counts == (34, 38) and provinces.count is None
    assert provinces.text() == "34 or 38"
    kabupaten = scope.assessed("ombudsman", 2015, None, ["kabupaten"])
    assert kabupaten.counts == (63, 64)


def test_scope_combines_levels_and_names_what_is_missing() -> None:
    entry = ScopeEntry("ombudsman", 2024, "", "kabupaten", 416, "416 kabupaten", "https://a.b/c")
    kota = ScopeEntry("ombudsman", 2024, "", "kota", 98, "98 kota", "https://a.b/d")
    scope = Scope([entry, kota], provinces=38)
    assert scope.assessed("ombudsman", 2024, None, ["kabupaten", "kota"]).counts == (514,)
    missing = scope.assessed("ombudsman", 2024, None)
    assert (missing.known, missing.missing) == (False, ("provinsi",))
    every = ScopeEntry("ombudsman", 2024, "", "provinsi", 38, "38 provinsi", "https://a.b/e")
    ntt = ScopeEntry("ombudsman", 2024, "53", "kabupaten/kota", 22, "22", "https://a.b/f")
    full = Scope([every, ntt], provinces=38)
    assert full.assessed("ombudsman", 2024, "53").counts == (23,)
    # A national count that is not every province says nothing about one of them.
    some = ScopeEntry("ombudsman", 2024, "", "provinsi", 34, "34 provinsi", "https://a.b/g")
    assert not Scope([some, ntt], provinces=38).assessed("ombudsman", 2024, "53").known


def test_bundled_scope_is_clean_and_every_entry_has_a_source(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", str(bundled_file("scope.toml"))])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("scope entries; 0 errors, 0 warnings\n")
    for entry in load_scope().entries:
        assert entry.url.startswith("https://") or entry.url.startswith("http://")
        assert entry.printed.strip()


BAD_SCOPE = """[[scope]]
instrument = "ombudsman"
year = 2020
area = "53.71"
level = "kab"
assessed = -1
printed = ""
url = "ftp://x"
regions = ["99.99"]
colour = "red"

[[scope]]
instrument = "ombudsman"
year = 2024
area = "53"
level = "kota"
assessed = 1
printed = "one"
url = "https://example.org/x"
regions = ["12.71"]
"""


def test_scope_file_findings_point_at_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "scope.toml"
    path.write_text(BAD_SCOPE, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == ExitStatus.INVALID_DATA
    found = [(f["line"], f["code"]) for f in json.loads(result.stdout)]
    assert found == [
        (3, "no-assessment"),
        (4, "unknown-region"),
        (5, "bad-value"),
        (6, "bad-value"),
        (7, "bad-value"),
        (8, "bad-url"),
        (9, "unknown-region"),
        (10, "unknown-key"),
        (20, "bad-value"),
    ]
