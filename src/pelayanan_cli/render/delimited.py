"""CSV (RFC 4180, or Indonesian-locale spreadsheet CSV) and TSV, header first, never truncated.

Safe to open in a spreadsheet by default, in every locale: a text cell that a spreadsheet would
run as a formula (OWASP: a leading =, +, -, @, tab or carriage return) is prefixed with `'`;
numbers in numeric columns ("-3.20") are never touched; control characters are written as
visible escapes (`\\x1b`). `--raw` keeps formula-like text as it is (control characters are
escaped all the same). Rows are written as they come, so an export of any size streams.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

from pelayanan_cli.render.view import Column, Format, Locale, Row, View, cell_text, printable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _flat_columns(view: View) -> list[Column]:
    return [c for c in view.columns if not c.table_only]


def neutralised(text: str, column: Column) -> str:
    """`text`, made inert for a spreadsheet: a leading `'` where it would start a formula."""
    if not text.startswith(_FORMULA_START):
        return text
    if column.numeric and _NUMBER.fullmatch(text):
        return text
    return "'" + text


def _cells(
    columns: list[Column], row: Row, *, decimal_comma: bool, raw: bool, codes_as_text: bool
) -> list[str]:
    cells = []
    for column in columns:
        text = printable(cell_text(column.value(row), decimal_comma=decimal_comma))
        if codes_as_text and column.key == "code" and text:
            cells.append(f'="{text}"')  # the spreadsheet keeps 53.10 as text, not 53.1
            continue
        cells.append(text if raw else neutralised(text, column))
    return cells


def write_delimited(
    view: View, out: TextIO, fmt: Format, locale: Locale, *, raw: bool = False
) -> int:
    """Write the header and every row; the number of rows written.

    `--locale id` shapes both formats for a spreadsheet in Indonesian locale: decimal comma,
    UTF-8 BOM, region codes kept as text (`="53.71"`), and for CSV `;` between cells.
    """
    columns = _flat_columns(view)
    headers = [c.key for c in columns]
    spreadsheet = locale is Locale.id
    rows: Iterable[Row] = view.iter_rows()
    count = 0
    if spreadsheet:
        out.write("\ufeff")
    if fmt is Format.tsv:
        end = "\r\n" if spreadsheet else "\n"
        out.write("\t".join(headers) + end)
        for row in rows:
            cells = _cells(
                columns, row, decimal_comma=spreadsheet, raw=raw, codes_as_text=spreadsheet
            )
            out.write("\t".join(c.replace("\\x09", " ") for c in cells) + end)
            count += 1
        return count
    writer: Any = csv.writer(out, delimiter=";" if spreadsheet else ",", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            _cells(columns, row, decimal_comma=spreadsheet, raw=raw, codes_as_text=spreadsheet)
        )
        count += 1
    return count
