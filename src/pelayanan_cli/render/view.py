"""What a command hands the renderer: titled blocks of rows and the columns to show."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any, TextIO

from pelayanan_cli.core.numbers import format_score
from pelayanan_cli.core.records import record, replaced

Row = dict[str, Any]


class Format(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xlsx = "xlsx"  # a file: needs --output (render/xlsx.py, the optional openpyxl)


class Locale(StrEnum):
    c = "c"
    id = "id"


@record
class Column:
    key: str
    header: str
    numeric: bool = False
    # How to read the cell from a row; default: the row's value under `key`.
    get: Callable[[Row], Any] | None = None
    # Shown only in the table format (a note column a script does not need), or only flat.
    table_only: bool = False
    flat_only: bool = False
    # Fitting a table to the terminal (render/layout.py). A larger `priority` number is less
    # important: compacted first, dropped first (1: never dropped). At a narrow width the
    # header becomes `short`, a cell's text becomes `abbreviate(text)`, and a `wrap` column
    # may take a second line, broken between words only; `legend` explains the abbreviations
    # under a table that uses them.
    priority: int = 5
    short: str | None = None
    abbreviate: Callable[[str], str] | None = None
    wrap: bool = False
    legend: str | None = None
    # For scripts: the value's type in CSV/TSV ("string", "integer", "number", "boolean"),
    # used by the data package's schema, and what the column means.
    type: str = "string"
    description: str = ""

    def value(self, row: Row) -> Any:
        return self.get(row) if self.get is not None else row.get(self.key)

    def but(self, **changes: Any) -> Column:
        """The same column with some fields changed (a command's own priority, say)."""
        return replaced(self, **changes)


class Flat:
    """Rows offered a second way, for the formats that show only flat cells (CSV, TSV): tuples
    of `fields`, each holding the value its column shows (a column's `get` already applied)."""

    def __init__(self, fields: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        self.fields = tuple(fields)
        self.rows = rows


class Block:
    def __init__(self, title: str | None, rows: Iterable[Row], flat: Flat | None = None) -> None:
        self.title = title
        # A list, or any iterable read once (export streams its rows from the index this way).
        self.rows = rows
        # The same rows as flat tuples, when a command can make those for less: a format
        # reads one of the two, never both (export's are read lazily).
        self.flat = flat


class View:
    """Plain classes rather than dataclasses: each @dataclass costs ~1 ms of start-up."""

    def __init__(
        self,
        columns: list[Column],
        blocks: list[Block],
        footer: list[str] | None = None,
        json: Any = None,
        drawing: Callable[[TextIO], None] | None = None,
    ) -> None:
        self.columns = columns
        self.blocks = blocks
        # Lines under the table; on stderr for the other formats, so stdout stays pure data.
        self.footer = footer if footer is not None else []
        # What --format json prints, when it is not simply every block's rows in one list.
        self.json = json
        # How the table format draws the view when rows in columns are not the best picture
        # (trend's chart); the other formats still write the rows.
        self.drawing = drawing

    @property
    def rows(self) -> list[Row]:
        """Every row, in memory (a streamed block is read into a list the first time)."""
        for block in self.blocks:
            if not isinstance(block.rows, list):
                block.rows = list(block.rows)
        return [row for block in self.blocks for row in block.rows]

    def flat_rows(self) -> Flat | None:
        """Every row as flat tuples, when every block offers them with the same fields."""
        flats = [block.flat for block in self.blocks if block.flat is not None]
        if not flats or len(flats) < len(self.blocks):
            return None
        fields = flats[0].fields
        if any(flat.fields != fields for flat in flats):
            return None
        if len(flats) == 1:
            return flats[0]
        return Flat(fields, (row for flat in flats for row in flat.rows))

    def iter_rows(self) -> Iterator[Row]:
        """Every row, one at a time: a streamed block is never held in memory whole."""
        for block in self.blocks:
            yield from block.rows


def cell_text(value: Any, *, decimal_comma: bool = False) -> str:
    """A cell as text: two-decimal scores, empty for missing, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_score(value, decimal_comma=decimal_comma)
    if isinstance(value, list):
        return " ".join(cell_text(v, decimal_comma=decimal_comma) for v in value)
    return str(value)


def printable(text: str) -> str:
    """Text from the data, shown literally: control characters become visible escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
