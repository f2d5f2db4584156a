"""Tables for people: fitted to the terminal (render/layout.py), zones coloured, data text escaped.

At a terminal the table is as wide as the terminal at most; piped, written to a file or with
--wide it is as wide as its widest row, nothing wrapped, abbreviated or left out.
"""

from __future__ import annotations

import os
import textwrap
from typing import TextIO

from rich.console import Console
from rich.text import Text

from pelayanan_cli.render.layout import GAP, Layout, fit
from pelayanan_cli.render.view import View, cell_text, printable

ZONE_STYLES = {"hijau": "green", "kuning": "yellow", "merah": "red"}
_ZONED = ("zone", "grade", "label", "to_zone", "to_grade")


def _console(out: TextIO, colour: bool) -> Console:
    return Console(
        file=out,
        width=100_000,
        no_color="NO_COLOR" in os.environ or not colour,
        force_terminal=colour,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=True,
    )


def write_table(view: View, out: TextIO, width: int | None = None) -> Layout:
    """Write the view's blocks as tables in at most `width` columns (None: no limit).

    Returns the layout, so the caller can say which columns did not fit.
    """
    colour = bool(getattr(out, "isatty", None)) and out.isatty()
    console = _console(out, colour)
    columns = [c for c in view.columns if not c.flat_only]
    rows = view.rows
    # Columns empty in every row are noise for a person.
    columns = [c for c in columns if any(cell_text(c.value(r)) for r in rows)] or columns
    texts = [[printable(cell_text(c.value(r))) for c in columns] for r in rows]
    layout = fit(columns, texts, width)
    index = 0
    for number, block in enumerate(view.blocks):
        if number:
            console.print()
        for line in _wrapped(block.title, width):
            console.print(Text(line))
        if not block.rows and block.title:
            # A titled block with nothing in it (the second "jambi"): say so, no empty grid.
            console.print(Text("  no results in the data"))
            continue
        console.print(_line(layout.header_line(), [], layout, style="bold"))
        for row in block.rows:
            zone = row.get("zone") or row.get("to_zone")
            style = ZONE_STYLES.get(zone or "", "") if colour else ""
            for cells in layout.row_lines(index):
                console.print(_line(cells, _ZONED, layout, style=style))
            index += 1
    for column in layout.abbreviated:
        for part in _wrapped(column.legend, width):
            console.print(Text(part))
    for line in view.footer:
        for part in _wrapped(line, width):
            console.print(Text(part))
    return layout


def _line(cells: list[str], styled: tuple[str, ...], layout: Layout, *, style: str) -> Text:
    text = Text()
    last = len(cells) - 1
    for number, (cell, column) in enumerate(zip(cells, layout.columns, strict=True)):
        if number:
            text.append(" " * GAP)
        part = cell.rstrip() if number == last else cell
        text.append(part, style=style if (not styled or column.key in styled) else "")
    text.rstrip()
    return text


def _wrapped(line: str | None, width: int | None) -> list[str]:
    """A title or footer line, broken between words to the width (never inside a word)."""
    if not line:
        return []
    shown = printable(line)
    if width is None or len(shown) <= width:
        return [shown]
    return textwrap.wrap(shown, width, break_long_words=False, break_on_hyphens=False) or [shown]
