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
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import islice
from operator import itemgetter
from typing import Any, TextIO

from pelayanan_cli.core.numbers import format_score
from pelayanan_cli.render.view import (
    Column,
    Flat,
    Format,
    Locale,
    Row,
    View,
    cell_text,
    printable,
)

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
    texts_of = _converter(decimal_comma)
    finish = _finisher(columns, raw=raw, codes_as_text=codes_as_text)

    def cells(row: Row) -> list[str]:
        values = list(map(row.get, keys))
        for index, get in computed:
            values[index] = get(row)
        return finish(texts_of(values))

    return cells


def _converter(decimal_comma: bool) -> Callable[[Sequence[Any]], list[str]]:
    """Values to their text, as `cell_text` writes them (most are text already)."""
    text_of = _text_of(decimal_comma)

    def texts(values: Sequence[Any]) -> list[str]:
        return [
            v
            if type(v) is str
            else ""
            if v is None
            else "true"
            if v is True
            else "false"
            if v is False
            else str(v)
            if type(v) is int
            else ""
            if type(v) is list and not v
            else text_of(v)
            for v in values
        ]

    return texts


def _text_of(decimal_comma: bool) -> Callable[[Any], str]:
    """One value's text, as `cell_text` writes it."""

    def text_of(value: Any) -> str:
        if type(value) is Decimal:
            # Two decimals as written ("86.62") are format_score's text already.
            written = str(value)
            dot = written.find(".")
            if dot != -1 and dot == len(written) - 3 and "E" not in written:
                return written.replace(".", ",") if decimal_comma else written
            return format_score(value, decimal_comma=decimal_comma)
        if type(value) is int:
            return str(value)
        return cell_text(value, decimal_comma=decimal_comma)

    return text_of


def _finisher(
    columns: list[Column], *, raw: bool, codes_as_text: bool
) -> Callable[[list[str]], list[str]]:
    """Cells' text made safe to show: control characters escaped, a region code kept as text
    for a spreadsheet, formula-like text neutralised (unless raw)."""
    keys = [c.key for c in columns]
    code = keys.index("code") if codes_as_text and "code" in keys else None
    risky = re.compile("(?:^|\x1f)[=+\\-@\t\r]").search  # a cell starting a formula

    def finish(texts: list[str]) -> list[str]:
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

    return finish


class _FlatLines:
    """Flat rows (view.Flat) to lines, as `row_cells` and the csv module write them, a few
    hundred rows at a time. A row's cells are converted and joined by one function made for
    these columns (`_joiner`), and the rows' joined cells are checked all at once: when every
    cell is printable, starts no formula and (CSV) needs no quotes, which is almost always,
    a line is its cells joined. Otherwise each half is checked, down to the rows that go cell
    by cell (`row_cells`' own steps, and csv.writer for quotes)."""

    def __init__(
        self,
        columns: list[Column],
        fields: Sequence[str],
        *,
        tsv: bool,
        spreadsheet: bool,
        raw: bool,
    ) -> None:
        positions = [fields.index(c.key) for c in columns]
        self.width = len(columns)
        self.tsv = tsv
        self.raw = raw
        self.separator = "\t" if tsv else ";" if spreadsheet else ","
        self.end = "\r\n" if spreadsheet or not tsv else "\n"
        self.joined = _joiner(columns, positions, len(fields), self.separator, spreadsheet)
        # Cell by cell, for the rows that need it.
        self.pick = itemgetter(*positions)
        self.texts_of = _converter(spreadsheet)
        self.finish = _finisher(columns, raw=raw, codes_as_text=spreadsheet)
        keys = [c.key for c in columns]
        self.code = keys.index("code") if spreadsheet and "code" in keys else None
        # A cell starting a formula (cells are printable here): the first, or one after a
        # separator.
        self.formula = ("=", "+", "-", "@")
        # The csv module's own quoting, for the lines that need it.
        self.last = _Last()
        writer: Any = csv.writer(self.last, delimiter=self.separator, lineterminator=self.end)
        self.writerow = writer.writerow

    def chunk(self, rows: list[tuple[Any, ...]]) -> str:
        """The lines of `rows`, each ended."""
        return self.ended(rows, list(map(self.joined, rows)))

    def ended(self, rows: list[tuple[Any, ...]], lines: list[str]) -> str:
        """The lines of `rows`, given their cells joined: all of them checked at once, and
        where that fails, each half of them, down to the rows that go cell by cell."""
        # Every cell, a separator between each two.
        if not self.plain(self.separator.join(lines), len(lines)):
            if len(lines) == 1:
                return self.line(self.texts_of(self.pick(rows[0])))
            half = len(lines) // 2
            return self.ended(rows[:half], lines[:half]) + self.ended(rows[half:], lines[half:])
        if self.code is not None:
            lines = list(map(self.coded, lines))
        end = self.end
        text = end.join(lines) + end
        return text.replace("\\x09", " ") if self.tsv else text

    def plain(self, text: str, rows: int) -> bool:
        """Whether the cells joined in `text` are all printable, start no formula (unless raw)
        and need no quotes: a line is its cells joined."""
        separator = self.separator
        return (
            text.count(separator) == rows * self.width - 1
            and (text.replace("\t", " ") if self.tsv else text).isprintable()
            and '"' not in text
            and (self.raw or not self.formula_like(text))
        )

    def formula_like(self, text: str) -> bool:
        """Whether a cell joined in `text` may start a formula (the first, or one after a
        separator); a sign that is nowhere in the text starts no cell."""
        return text.startswith(self.formula) or any(
            sign in text and self.separator + sign in text for sign in self.formula
        )

    def coded(self, line: str) -> str:
        """A plain line with its region code kept as text for a spreadsheet (53.10, not
        53.1): `="53.10"`, which CSV quotes."""
        code = self.code
        assert code is not None
        texts = line.split(self.separator, code + 1)  # a plain line: its cells, up to the code
        if texts[code]:
            texts[code] = f'="{texts[code]}"' if self.tsv else f'"=""{texts[code]}"""'
        return self.separator.join(texts)

    def line(self, texts: list[str]) -> str:
        """One row's line, cell by cell (what `row_cells` and csv.writer make of it)."""
        separator = self.separator
        texts = self.finish(texts)
        if self.tsv:
            return separator.join(texts).replace("\\x09", " ") + self.end
        joined = separator.join(texts)
        if '"' not in joined and joined.count(separator) == self.width - 1:
            return joined + self.end
        self.writerow(texts)
        return self.last.line


class _Last:
    """A file for csv.writer that keeps the line it wrote last."""

    def __init__(self) -> None:
        self.line = ""

    def write(self, text: str) -> None:
        self.line = text


def _joiner(
    columns: list[Column], positions: list[int], fields: int, separator: str, comma: bool
) -> Callable[[tuple[Any, ...]], str]:
    """A function from a flat row to its cells' text (as `_converter` makes it) joined by
    `separator`, written out for these columns. Each cell runs the same exclusive tests as
    `_converter` (text, missing, an empty list, true, false, a whole number, else `text_of`),
    only in the order its column's type makes likely, so its text is the same."""
    values = ", ".join(f"v{n}" for n in range(fields))
    cells = []
    for column, position in zip(columns, positions, strict=True):
        v = f"v{position}"
        rest = f'"" if {v} is None else "" if {v}.__class__ is list and not {v} else text_of({v})'
        if column.type == "boolean":
            cell = f'"true" if {v} is True else "false" if {v} is False else {rest}'
        elif column.type == "integer":
            cell = f"str({v}) if {v}.__class__ is int else {rest}"
        elif column.type == "number":
            # A score written with two decimals ("86.62") is format_score's text already.
            text = "(w.replace('.', ',') if comma else w)"
            two = f"(w := str({v})).find('.') == len(w) - 3 and 'E' not in w"
            cell = f"({text} if {two} else text_of({v})) if {v}.__class__ is Decimal else {rest}"
        else:
            cell = f"{v} if {v}.__class__ is str else {rest}"
        cells.append(f"({cell})")
    source = (
        f"def joined(row):\n    {values}, = row\n"
        f"    return {separator!r}.join(({', '.join(cells)},))\n"
    )
    scope: dict[str, Any] = {"text_of": _text_of(comma), "comma": comma, "Decimal": Decimal}
    exec(source, scope)  # our own text, made of column positions only
    joined: Callable[[tuple[Any, ...]], str] = scope["joined"]
    return joined


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
    flat = view.flat_rows()
    if flat is not None and all(c.key in flat.fields for c in columns):
        return _write_flat(flat, columns, headers, out, fmt, spreadsheet=spreadsheet, raw=raw)
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


def _write_flat(
    flat: Flat,
    columns: list[Column],
    headers: list[str],
    out: TextIO,
    fmt: Format,
    *,
    spreadsheet: bool,
    raw: bool,
) -> int:
    """write_delimited of flat rows: the same bytes, written a few hundred lines at a time."""
    tsv = fmt is Format.tsv
    lines = _FlatLines(columns, flat.fields, tsv=tsv, spreadsheet=spreadsheet, raw=raw)
    if spreadsheet:
        out.write("\ufeff")
    if tsv:
        out.write("\t".join(headers) + ("\r\n" if spreadsheet else "\n"))
    else:
        writer: Any = csv.writer(out, delimiter=";" if spreadsheet else ",", lineterminator="\r\n")
        writer.writerow(headers)
    count = 0
    rows = iter(flat.rows)
    while chunk := list(islice(rows, 512)):
        out.write(lines.chunk(chunk))
        count += len(chunk)
    return count
