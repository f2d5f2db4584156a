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
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TextIO

from pelayanan_cli.core.numbers import format_score
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


def row_cells(
    columns: list[Column], *, decimal_comma: bool, raw: bool, codes_as_text: bool
) -> Callable[[Row], list[str]]:
    """A function from a row to its cells' text, planned once per output. A national panel
    has millions of cells, so a row is read, converted and checked a whole row at a time (the
    loops run in C); only a row with a control character or a formula-like cell takes the
    cell-by-cell path. Every cell ends as `cell_text`, `printable` and `neutralised` make it."""
    keys = [c.key for c in columns]
    computed = [(i, c.get) for i, c in enumerate(columns) if c.get is not None]
    code = keys.index("code") if codes_as_text and "code" in keys else None
    risky = re.compile("(?:^|\x1f)[=+\\-@\t\r]").search  # a cell starting a formula

    def text_of(value: Any) -> str:
        if value is None:
            return ""
        if type(value) is int:
            return str(value)
        if type(value) is Decimal:
            return format_score(value, decimal_comma=decimal_comma)
        return cell_text(value, decimal_comma=decimal_comma)

    def cells(row: Row) -> list[str]:
        values = list(map(row.get, keys))
        for index, get in computed:
            values[index] = get(row)
        texts = [
            v
            if type(v) is str
            else ""
            if v is None
            else "true"
            if v is True
            else "false"
            if v is False
            else text_of(v)
            for v in values
        ]
        if not "".join(texts).isprintable():
            texts = [t if t.isprintable() else printable(t) for t in texts]
        if code is not None and texts[code]:
            texts[code] = f'="{texts[code]}"'  # the spreadsheet keeps 53.10 as text, not 53.1
        if not raw and risky("\x1f".join(texts)):
            texts = [
                t if i == code else neutralised(t, c)
                for i, (t, c) in enumerate(zip(texts, columns, strict=True))
            ]
        return texts

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
    cells = row_cells(columns, decimal_comma=spreadsheet, raw=raw, codes_as_text=spreadsheet)
    count = 0
    if spreadsheet:
        out.write("\ufeff")
    if fmt is Format.tsv:
        end = "\r\n" if spreadsheet else "\n"
        out.write("\t".join(headers) + end)
        write = out.write
        for row in rows:
            # A tab inside a cell is already escaped as \x09 by printable(); a space reads better.
            write("\t".join(cells(row)).replace("\\x09", " ") + end)
            count += 1
        return count
    writer: Any = csv.writer(out, delimiter=";" if spreadsheet else ",", lineterminator="\r\n")
    writer.writerow(headers)
    writerow = writer.writerow
    for row in rows:
        writerow(cells(row))
        count += 1
    return count
