"""Golden files: the exact table, TSV and CSV of a fixed query (piped: fixed width, no colour).

Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.queries import competition_ranks

GOLDEN = Path(__file__).parent / "golden"
QUERY = ["rank", "--year", "2024", "--province", "ntt", "--instrument", "ombudsman"]
runner = CliRunner()


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("rank_ntt_2024.table.txt", ["--format", "table"]),
        ("rank_ntt_2024.tsv", ["--format", "tsv"]),
        ("rank_ntt_2024.csv", ["--format", "csv"]),
        ("rank_ntt_2024.id.csv", ["--format", "csv", "--locale", "id"]),
        ("show_kota_kupang.table.txt", None),
    ],
)
def test_golden(name: str, options: list[str] | None) -> None:
    args = ["show", "kota kupang", "--format", "table"] if options is None else [*QUERY, *options]
    result = runner.invoke(app, args, env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(result.stdout_bytes)
    assert result.stdout_bytes == path.read_bytes()


def test_indonesian_locale_csv_is_what_a_spreadsheet_needs() -> None:
    result = runner.invoke(app, [*QUERY, "--format", "csv", "--locale", "id"])
    text = result.stdout_bytes.decode("utf-8")
    assert text.startswith("\ufeffrank;of;held;assessed;ranked_among;code;")
    assert ';"=""53.71""";Kota Kupang;' in text  # ="53.71": the code stays text
    assert ";86,62;" in text
    assert "\r\n" in text


def test_competition_ranking() -> None:
    scores = [Decimal(s) for s in ("90", "85", "85", "80", "80", "80", "70")]
    assert competition_ranks(scores) == [1, 2, 2, 4, 4, 4, 7]
