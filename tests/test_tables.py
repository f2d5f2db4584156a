"""Tables fit a terminal of 80, 100 and 120 columns: golden files, no word broken inside a cell,
no row taller than two lines, and the columns left out named on stderr with --wide.

Regenerate the golden files after an intended change (new data, new columns) with
UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.render import output, table
from pelayanan_cli.render.layout import Layout, fit, two_line_width, wrap_words
from pelayanan_cli.render.view import Column

GOLDEN = Path(__file__).parent / "golden" / "tables"
WIDTHS = (80, 100, 120)
QUERIES = {
    "show_kota_kupang": ["show", "kota kupang"],
    "show_kota_kupang_units_2022": ["show", "kota kupang", "--units", "--year", "2022"],
    "show_kota_kupang_sources_2024": ["show", "kota kupang", "--sources", "--year", "2024"],
    "rank_ntt_2024": ["rank", "--year", "2024", "--province", "ntt"],
    "rank_2024_top10": ["rank", "--year", "2024", "--top", "10"],
    "diff_ntt_2022_2024": ["diff", "2022", "2024", "--province", "ntt"],
    "coverage_ntt": ["coverage", "--province", "ntt"],
    "coverage": ["coverage"],
    "scales_ombudsman": ["scales", "ombudsman"],
}


def at_width(monkeypatch: pytest.MonkeyPatch, width: int) -> list[Layout]:
    """Make the table renderer believe the terminal is `width` columns wide; collect layouts."""
    layouts: list[Layout] = []
    real = table.write_table

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        layout = real(*args, **kwargs)
        layouts.append(layout)
        return layout

    monkeypatch.setattr(output, "table_width", lambda stream, wide: None if wide else width)
    monkeypatch.setattr(table, "write_table", recording)
    return layouts


def words_of(texts: list[str]) -> set[str]:
    return {word for text in texts for word in text.split()}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_table_fits_the_terminal(
    name: str, width: int, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    layouts = at_width(monkeypatch, width)
    result = runner.invoke(app, [*QUERIES[name], "--format", "table"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    (layout,) = layouts
    lines = result.stdout.splitlines()
    # Every line fits, unless it is one word that cannot be broken (a URL in a title).
    assert [line for line in lines if len(line) > width and " " in line.strip()] == []
    # No row is taller than two lines, and a wrapped cell is its text broken between words.
    for index, cells in enumerate(layout.cells):
        assert len(layout.row_lines(index)) <= 2, cells
        for text, column_width in zip(cells, layout.widths, strict=True):
            parts = wrap_words(text, column_width)
            assert len(parts) <= 2 and " ".join(parts) == " ".join(text.split())
            assert all(len(part) <= column_width for part in parts)
    # No word broken inside a cell: every word printed is a whole word of a cell, a header, or
    # a title, legend or footer line (which are broken between words only).
    allowed = words_of([text for cells in layout.cells for text in cells])
    allowed |= words_of(layout.headers)
    allowed |= words_of([c.legend or "" for c in layout.abbreviated])
    flat = runner.invoke(app, [*QUERIES[name], "--format", "table", "--wide"])
    allowed |= words_of(flat.stdout.splitlines())  # titles and footers, unbroken
    assert words_of(lines) - allowed == set()
    # Columns left out are named on stderr, with the option that shows them.
    if layout.dropped:
        note = [line for line in result.stderr.splitlines() if line.startswith("not shown")]
        assert note == [
            f"not shown at {width} columns: {', '.join(c.header for c in layout.dropped)} "
            "(--wide shows every column)"
        ]
    path = GOLDEN / f"{name}.{width}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_wide_shows_every_column_whole(monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> None:
    layouts = at_width(monkeypatch, 80)
    result = runner.invoke(app, [*QUERIES["rank_ntt_2024"], "--format", "table", "--wide"])
    assert result.exit_code == 0 and "not shown" not in result.stderr
    assert layouts[0].dropped == [] and layouts[0].abbreviated == []
    assert "Kabupaten Timor Tengah Utara" in result.stdout
    assert "1 of 22 kabupaten/kota in NTT" in result.stdout


def test_piped_table_is_never_cut(runner: CliRunner) -> None:
    """Piped (no terminal), a table is as wide as its widest row: nothing left out."""
    result = runner.invoke(app, [*QUERIES["rank_ntt_2024"], "--format", "table"])
    assert "not shown" not in result.stderr
    assert "Rank as stated" in result.stdout and "Nusa Tenggara Timur  91.82" in result.stdout


def test_two_line_width_and_wrap() -> None:
    assert two_line_width("Kualitas Tertinggi") == 9
    assert two_line_width("Dinas Kependudukan dan Pencatatan Sipil") == 20
    assert two_line_width("word") == 4
    assert wrap_words("Kualitas Tertinggi", 9) == ["Kualitas", "Tertinggi"]
    assert wrap_words("Kualitas Tertinggi", 18) == ["Kualitas Tertinggi"]


def test_least_important_column_goes_first() -> None:
    columns = [
        Column("a", "A", priority=1),
        Column("b", "B", priority=3),
        Column("c", "C", priority=2),
    ]
    rows = [["x" * 10, "y" * 10, "z" * 10]]
    layout = fit(columns, rows, 24)
    assert [c.key for c in layout.columns] == ["a", "c"] and [c.key for c in layout.dropped] == [
        "b"
    ]
    # A column of priority 1 stays however narrow the terminal.
    assert [c.key for c in fit(columns, rows, 5).columns] == ["a"]


def test_abbreviation_before_wrapping_before_dropping() -> None:
    columns = [
        Column("region", "Region", priority=1, abbreviate=lambda t: t.replace("Kabupaten", "Kab.")),
        Column("label", "Label", priority=5, wrap=True),
    ]
    rows = [["Kabupaten Timor Tengah Utara", "Kualitas Tertinggi"]]
    assert fit(columns, rows, 48).cells == [["Kabupaten Timor Tengah Utara", "Kualitas Tertinggi"]]
    assert fit(columns, rows, 43).cells == [["Kab. Timor Tengah Utara", "Kualitas Tertinggi"]]
    narrow = fit(columns, rows, 34)
    assert narrow.cells == [["Kab. Timor Tengah Utara", "Kualitas Tertinggi"]]
    assert narrow.row_lines(0)[1][1].strip() == "Tertinggi"  # the label took a second line
    assert [c.key for c in fit(columns, rows, 28).dropped] == ["label"]


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_real_terminal_of_80_columns(tmp_path: Path) -> None:
    """The installed command in a real pseudo-terminal sized 80 columns draws what the golden
    file shows (colour off)."""
    import fcntl
    import pty
    import select
    import struct
    import subprocess
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("COLUMNS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "pelayanan_cli", *QUERIES["rank_ntt_2024"]],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(master)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))
    golden = (GOLDEN / "rank_ntt_2024.80.txt").read_text(encoding="utf-8")
    assert shown == golden
