"""The one place that chooses a format and writes a command's view to stdout."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from pelayanan_cli.render.view import Format, Locale, View


def default_format(stream: TextIO | None = None) -> Format:
    """A table for people at a terminal, TSV for pipes and scripts (as `gh` does)."""
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return Format.table if isatty is not None and isatty() else Format.tsv


def emit(view: View, fmt: Format | None, locale: Locale = Locale.c) -> None:
    fmt = fmt or default_format()
    out = sys.stdout
    if fmt is Format.json:
        from pelayanan_cli.render.json_out import write_json

        write_json(view, out)
    elif fmt is Format.table:
        from pelayanan_cli.render.table import write_table

        write_table(view, out)
    else:
        from pelayanan_cli.render.delimited import write_delimited

        write_delimited(view, out, fmt, locale)
    if fmt is not Format.table:
        for line in view.footer:
            message(line)
    out.flush()


def message(text: str) -> None:
    """A line for the person, never for the pipe: stderr."""
    print(text, file=sys.stderr)


def color_enabled() -> bool:
    return "NO_COLOR" not in os.environ
