"""Excel workbooks: one sheet of results, and a "Sumber" sheet naming every source and the data hash.

Scores are numbers shown with the decimals they were published with (two as a rule), region
codes are text (53.10 must not become 53.1), and text from the data is never read as a formula.
openpyxl is an optional extra (`pip install pelayanan[xlsx]`), imported only here.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO

from pelayanan_cli.render.view import Column, Row, View, cell_text, printable

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from pelayanan_cli.core.dataset import Dataset

RESULTS_SHEET = "Hasil"
SOURCES_SHEET = "Sumber"
_TEXT_KEYS = {"code"}
_SOURCE_HEADERS = [
    "row",
    "code",
    "region",
    "instrument",
    "year",
    "unit",
    "url",
    "printed",
    "stated",
]


def number_format(value: Decimal) -> str:
    """'0.00', as format_score shows scores: whole numbers stay whole, more decimals stay."""
    exponent = value.as_tuple().exponent
    if exponent == 0:
        return "0"
    places = -exponent if isinstance(exponent, int) and exponent < -2 else 2
    return "0." + "0" * places


def _set(sheet: Worksheet, row: int, column: int, value: Any, *, text: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Decimal) and not text:
        cell.value = float(value)
        cell.number_format = number_format(value)
    elif isinstance(value, int) and not text:
        cell.value = value
    else:
        # Strings stay strings: a leading "=" from the data is text, not a formula.
        cell.value = printable(cell_text(value)) if not isinstance(value, str) else printable(value)
        cell.data_type = "s"
        if text:
            cell.number_format = "@"


def _columns(view: View) -> list[Column]:
    return [c for c in view.columns if not c.table_only]


def _header(sheet: Worksheet, row: int, names: list[str]) -> None:
    from openpyxl.styles import Font

    for number, name in enumerate(names, start=1):
        cell = sheet.cell(row=row, column=number, value=name)
        cell.font = Font(bold=True)


def _sources(row: Row) -> Iterator[tuple[str, str | None, str | None]]:
    """A row's sources: its `sources` list, or the one source of a row per source."""
    listed = row.get("sources")
    if isinstance(listed, list):
        for source in listed:
            yield source["url"], source.get("printed"), source.get("stated")
    elif row.get("url"):
        yield row["url"], row.get("printed"), row.get("source_stated")


def write_xlsx(view: View, out: BinaryIO, dataset: Dataset | None) -> int:
    """Write the workbook to `out`; the number of result rows. A missing openpyxl is one line
    saying what to install (exit 1)."""
    try:
        from openpyxl import Workbook
    except ImportError:
        from pelayanan_cli.core.errors import PelayananError

        raise PelayananError("--format xlsx needs openpyxl: install pelayanan[xlsx]") from None
    from pelayanan_cli import __version__

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = RESULTS_SHEET
    columns = _columns(view)
    _header(sheet, 1, [c.key for c in columns])
    rows = view.rows
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            value = row.get(column.key) if column.get is None else column.value(row)
            if isinstance(value, list):
                value = cell_text(value)
            _set(sheet, number, index, value, text=column.key in _TEXT_KEYS)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    _widths(sheet, [c.key for c in columns])

    sources = book.create_sheet(SOURCES_SHEET)
    line = 1
    _header(sources, line, ["pelayanan", __version__])
    for data_file in dataset.files if dataset is not None else []:
        line += 1
        for index, value in enumerate(
            ["data file", data_file.path, "sha256", data_file.sha256, "results", data_file.results],
            start=1,
        ):
            _set(sources, line, index, value)
    line += 2
    _header(sources, line, _SOURCE_HEADERS)
    listed = 0
    for number, row in enumerate(rows, start=2):
        for url, printed, stated in _sources(row):
            line += 1
            listed += 1
            values = [
                number,
                row.get("code"),
                row.get("region"),
                row.get("instrument"),
                row.get("year"),
                row.get("unit"),
                url,
                printed,
                stated,
            ]
            for index, value in enumerate(values, start=1):
                _set(sources, line, index, value, text=index == 2)
    if rows and not listed:
        _set(
            sources,
            line + 1,
            1,
            "These rows carry no sources: `pelayanan show REGION --sources` lists them.",
        )
    _widths(sources, _SOURCE_HEADERS)
    # Whole in memory first: a zip file that fails half-way to disk complains again when
    # collected; a failing write of finished bytes is one clean error.
    import io

    buffer = io.BytesIO()
    failure: OSError | None = None
    try:
        book.save(buffer)  # openpyxl writes each sheet through a temporary file first
    except OSError as exc:
        failure = OSError(exc.errno, exc.strerror)
    if failure is not None:
        del book
        _collect_quietly()
        raise failure
    out.write(buffer.getvalue())
    return len(rows)


def _collect_quietly() -> None:
    """openpyxl leaves a half-run writer behind when a temporary file fails (a full disk);
    collected later it would print a traceback after our one-line error. Collect it now."""
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _widths(sheet: Worksheet, names: list[str]) -> None:
    """Columns wide enough to read, capped so a URL does not push the rest off screen."""
    from openpyxl.utils import get_column_letter

    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        longest = max(
            (len(str(cell.value)) for cell in sheet[letter] if cell.value is not None),
            default=len(name),
        )
        sheet.column_dimensions[letter].width = min(max(longest, len(name)) + 2, 60)
