"""Region lookup: what people and sources type resolves to Kemendagri codes, ambiguity kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.regions import load_regions


def codes(query: str, within: str | None = None) -> list[str]:
    return [r.code for r in load_regions().lookup(query, within=within).candidates]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kupang", ["53.01", "53.71"]),  # kabupaten and kota share the name: both, never a guess
        ("ntt", ["53"]),
        ("sultra", ["74"]),
        ("kab. kupang", ["53.01"]),
        ("kabupaten kupang", ["53.01"]),
        ("Kota Kupang", ["53.71"]),
        ("53.71", ["53.71"]),
        ("5371", ["53.71"]),
        ("53", ["53"]),
        ("baubau", ["74.72"]),
        ("Bau Bau", ["74.72"]),
        ("Kota Bau-Bau", ["74.72"]),
        ("Kabupaten Toba Samosir", ["12.12"]),  # former name of Kabupaten Toba
        ("DKI Jakarta", ["31"]),
        ("jambi", ["15", "15.71"]),  # the provinsi and its kota
        ("kota jambi", ["15.71"]),
        ("atlantis", []),
        ("53.99", []),
        ("", []),
    ],
)
def test_lookup(query: str, expected: list[str]) -> None:
    assert codes(query) == expected


def test_names_of_the_matches() -> None:
    regions = load_regions()
    assert [r.name for r in regions.lookup("kupang").candidates] == [
        "Kabupaten Kupang",
        "Kota Kupang",
    ]
    toba = regions.lookup("Kabupaten Toba Samosir").unique
    assert toba is not None and (toba.name, toba.level) == ("Kabupaten Toba", "kabupaten")


def test_within_a_province() -> None:
    assert codes("kupang", within="53") == ["53.01", "53.71"]
    assert codes("kupang", within="74") == []
    assert codes("jambi", within="15") == ["15", "15.71"]


def test_typo_suggests_and_unknown_does_not() -> None:
    regions = load_regions()
    typo = regions.lookup("kupng")
    assert not typo.found
    assert "Kota Kupang" in [r.name for r in typo.suggestions]
    nothing = regions.lookup("atlantis")
    assert (nothing.found, nothing.suggestions) == (False, ())


def test_every_reference_entity_resolves_within_its_province(shared_dir: Path) -> None:
    regions = load_regions()
    checked = 0
    for path in sorted((shared_dir / "reference").glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            record = json.loads(line)
            provinces = [r for r in regions.lookup(record["province"]).candidates if r.is_province]
            assert len(provinces) == 1, (path.name, number, record["province"])
            found = regions.lookup(record["entity"], within=provinces[0].code)
            assert len(found.candidates) == 1, (path.name, number, record["entity"], found)
            region = found.candidates[0]
            assert region.level == record["level"], (path.name, number, region)
            if record["level"] == "provinsi":
                assert region.code == provinces[0].code
            checked += 1
    assert checked, "no reference records"


def _command() -> list[str]:
    script = Path(sys.executable).with_name("pelayanan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pelayanan_cli"]


def test_show_unknown_region_is_one_line(tmp_path: Path) -> None:
    """Through the real entry point, where errors become one line and an exit status."""
    env = {k: v for k, v in os.environ.items() if k != "PELAYANAN_DATA"}
    env["XDG_DATA_HOME"] = str(tmp_path)
    done = subprocess.run(
        [*_command(), "show", "atlantis"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "pelayanan: no region matches 'atlantis' (try a name, an abbreviation like NTT, "
        "or a code like 53.71)"
    ]


def test_show_unknown_region_in_the_runner(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "atlantis"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "pelayanan: no region matches 'atlantis' (try a name, an abbreviation like NTT, "
        "or a code like 53.71)"
    ]


def test_show_typo_suggests(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "kupng"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "pelayanan: no region matches 'kupng'; did you mean 'Kabupaten Kupang' or "
        "'Kota Kupang'? (try a name, an abbreviation like NTT, or a code like 53.71)"
    ]
