"""--format xlsx (and --output): numbers as numbers, codes as text, every source on "Sumber"."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.commands.common import load

openpyxl = pytest.importorskip("openpyxl")

HOSTILE = """
[[result]]
region = "53.71"
instrument = "ombudsman"
year = 2022
unit = "=1+1 Dinas Uji"
score = 70.5
note = "=HYPERLINK(\\"http://evil.example\\",\\"klik\\")"
[[result.source]]
url = "https://example.org/berita?a=1&b=2"
printed = "70,50"
stated = "zona kuning"
"""


def _book(runner: CliRunner, tmp_path: Path, *args: str) -> Any:
    path = tmp_path / "out.xlsx"
    result = runner.invoke(app, [*args, "--format", "xlsx", "--output", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {path}" in result.stderr
    return openpyxl.load_workbook(path)


def _records(sheet: Any) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_export_xlsx_types_and_sources(runner: CliRunner, tmp_path: Path) -> None:
    book = _book(runner, tmp_path, "export")
    assert book.sheetnames == ["Hasil", "Sumber"]
    records = _records(book["Hasil"])
    dataset, _, _ = load(None)
    assert len(records) == len(dataset.results)
    assert all(isinstance(r["code"].value, str) for r in records)
    # A code ending in zero stays as written (a number would lose it).
    assert "53.10" in {r["code"].value for r in records}
    scored = [r["score"] for r in records if r["score"].value is not None]
    # Numbers, not text; xlsx stores doubles, and reads a whole one (30.00) back as an int.
    assert scored and all(c.data_type == "n" for c in scored)
    assert all(isinstance(c.value, float) for c in scored if c.value != int(c.value))
    assert {c.number_format for c in scored} <= {"0", "0.00", "0.000"}
    kupang = next(
        r
        for r in records
        if (r["code"].value, r["year"].value, r["unit"].value, r["score"].value)
        == ("53.71", 2024, None, 86.62)
    )
    assert kupang["score"].number_format == "0.00"
    assert (kupang["grade"].value, kupang["zone"].value) == ("B", "hijau")
    assert isinstance(kupang["year"].value, int)
    assert kupang["approximate"].value is False

    sources = book["Sumber"]
    cells = [c.value for row in sources.iter_rows() for c in row if c.value is not None]
    urls = {s.url for r in dataset.results for s in r.sources}
    assert urls <= set(cells)
    assert dataset.files[0].sha256 in cells
    listed = [row for row in sources.iter_rows(values_only=True) if row[0] != "row" and row[6]]
    assert len(listed) == sum(len(r.sources) for r in dataset.results)


def test_more_decimals_keep_their_format(runner: CliRunner, tmp_path: Path) -> None:
    records = _records(_book(runner, tmp_path, "show", "53.71", "-i", "ipp")["Hasil"])
    formats = {r["score"].value: r["score"].number_format for r in records}
    assert formats == {4.02: "0.00", 4.002: "0.000"}


@pytest.mark.parametrize(
    "args",
    [
        ["show", "kota kupang"],
        ["show", "kupang", "--sources"],
        ["rank", "--province", "ntt", "--year", "2024"],
        ["diff", "2022", "2024", "--province", "ntt"],
        ["trend", "kota kupang"],
    ],
)
def test_each_command_writes_a_workbook(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    book = _book(runner, tmp_path, *args)
    assert book.sheetnames == ["Hasil", "Sumber"]
    header = [c.value for c in next(book["Hasil"].iter_rows())]
    assert "code" in header
    assert len(list(book["Hasil"].iter_rows())) > 1


def test_rank_workbook(runner: CliRunner, tmp_path: Path) -> None:
    book = _book(runner, tmp_path, "rank", "-p", "ntt", "-y", "2024")
    records = _records(book["Hasil"])
    assert [(r["rank"].value, r["of"].value, r["region"].value) for r in records[:3]] == [
        (1, 12, "Kabupaten Timor Tengah Utara"),
        (2, 12, "Kabupaten Manggarai Barat"),
        (3, 12, "Kota Kupang"),
    ]
    urls = {
        row[6] for row in book["Sumber"].iter_rows(values_only=True) if row[0] not in (None, "row")
    }
    dataset, _, _ = load(None)
    kupang = dataset.primary(("53.71", "ombudsman", 2024, ""))
    assert {s.url for s in kupang.sources} <= urls


def test_text_from_the_data_is_never_a_formula(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "hostile.toml"
    data.write_text(HOSTILE, encoding="utf-8")
    book = _book(runner, tmp_path, "show", "53.71", "--units", "--data", str(data))
    unit = next(r for r in _records(book["Hasil"]) if r["unit"].value == "=1+1 Dinas Uji")
    assert unit["unit"].data_type == "s"
    assert unit["note"].value.startswith("=HYPERLINK") and unit["note"].data_type == "s"


def test_xlsx_needs_an_output_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--format", "xlsx"])
    assert result.exit_code == 2
    assert "--output" in result.stderr and result.stdout == ""


def test_missing_openpyxl_is_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    result = runner.invoke(app, ["export", "-f", "xlsx", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    assert result.stderr == "pelayanan: --format xlsx needs openpyxl: install pelayanan[xlsx]\n"
    assert not (tmp_path / "x.xlsx").exists()


def test_other_formats_honour_output(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "kupang.csv"
    result = runner.invoke(app, ["show", "kota kupang", "--output", str(path)])
    assert result.exit_code == 0 and result.stdout == ""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("code,region,")
    assert any(",2024,,86.62,B,Kualitas Tinggi,hijau," in line for line in lines)
    unwritable = runner.invoke(app, ["show", "53.71", "-o", str(tmp_path / "no" / "x.tsv")])
    assert unwritable.exit_code == 6 and "cannot write" in unwritable.stderr
