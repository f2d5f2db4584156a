"""Rich tables for people: zones coloured on a terminal, data text escaped, no truncation."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pelayanan_cli.render.view import View, cell_text, printable

ZONE_STYLES = {"hijau": "green", "kuning": "yellow", "merah": "red"}


def _console(out: TextIO) -> Console:
    interactive = out.isatty()
    # Piped, a table is as wide as its widest row: nothing wraps or is cut.
    width = None if interactive else 10_000
    return Console(
        file=out,
        width=width,
        no_color="NO_COLOR" in os.environ or not interactive,
        force_terminal=interactive,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=not interactive,
    )


def write_table(view: View, out: TextIO) -> None:
    console = _console(out)
    columns = [c for c in view.columns if not c.flat_only]
    # Columns empty in every row are noise for a person.
    columns = [c for c in columns if any(cell_text(c.value(r)) for r in view.rows)] or columns
    for number, block in enumerate(view.blocks):
        if number:
            console.print()
        if not block.rows and block.title:
            # A titled block with nothing in it (the second "jambi"): say so, no empty grid.
            console.print(Text(printable(block.title)))
            console.print(Text("  no results in the data"))
            continue
        table = Table(
            title=Text(printable(block.title)) if block.title else None,
            title_justify="left",
            show_edge=False,
            pad_edge=False,
            box=None if not out.isatty() else _box(),
        )
        for column in columns:
            table.add_column(
                column.header,
                justify="right" if column.numeric else "left",
                overflow="fold",
                no_wrap=not out.isatty(),
            )
        for row in block.rows:
            zone = row.get("zone") or row.get("to_zone")
            style = ZONE_STYLES.get(zone or "", "") if console.color_system else ""
            table.add_row(
                *(
                    Text(
                        printable(cell_text(column.value(row))),
                        style=style if column.key in ("zone", "grade", "label", "to_zone") else "",
                    )
                    for column in columns
                )
            )
        console.print(table)
    for line in view.footer:
        console.print(Text(printable(line)))


def _box():  # type: ignore[no-untyped-def]
    from rich import box

    return box.SIMPLE_HEAD
