"""CSV (RFC 4180, or Indonesian-locale spreadsheet CSV) and TSV, header first, never truncated."""

from __future__ import annotations

import csv
from typing import Any, TextIO

from pelayanan_cli.render.view import Column, Format, Locale, View, cell_text, printable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _flat_columns(view: View) -> list[Column]:
    return [c for c in view.columns if not c.table_only]


def _spreadsheet_cell(column: Column, value: Any) -> str:
    """A cell a spreadsheet in Indonesian locale reads right: decimal comma, codes as text,
    and text that would run as a formula neutralised with a leading apostrophe."""
    text = cell_text(value, decimal_comma=True)
    if column.key in ("code",) and text:
        return f'="{text}"'
    if not column.numeric and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_delimited(view: View, out: TextIO, fmt: Format, locale: Locale) -> None:
    columns = _flat_columns(view)
    headers = [c.key for c in columns]
    if fmt is Format.tsv:
        out.write("\t".join(headers) + "\n")
        for row in view.rows:
            cells = (printable(cell_text(c.value(row))).replace("\\x09", " ") for c in columns)
            out.write("\t".join(cells) + "\n")
        return
    if locale is Locale.id:
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        for row in view.rows:
            writer.writerow([_spreadsheet_cell(c, c.value(row)) for c in columns])
        return
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in view.rows:
        writer.writerow([cell_text(c.value(row)) for c in columns])
