"""The one place that chooses a format and writes a command's view to stdout (or --output)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from pelayanan_cli.core.records import record
from pelayanan_cli.render.view import Format, Locale, View

if TYPE_CHECKING:
    from pelayanan_cli.core.dataset import Dataset


def default_format(stream: TextIO | None = None) -> Format:
    """A table for people at a terminal, TSV for pipes and scripts (as `gh` does)."""
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return Format.table if isatty is not None and isatty() else Format.tsv


def table_width(stream: TextIO, wide: bool) -> int | None:
    """How wide a table may be: the terminal's width, or no limit when piped or --wide."""
    isatty = getattr(stream, "isatty", None)
    if wide or isatty is None or not isatty():
        return None
    import shutil

    return max(shutil.get_terminal_size().columns, 20)


_SUFFIXES = {
    ".xlsx": Format.xlsx,
    ".csv": Format.csv,
    ".json": Format.json,
    ".tsv": Format.tsv,
    ".txt": Format.table,
}
_DELIMITED = (Format.csv, Format.tsv)


@record
class Style:
    """How delimited output is shaped: the locale, and whether formula-like text stays raw."""

    locale: Locale = Locale.c
    raw: bool = False


def emit(
    view: View,
    fmt: Format | None,
    locale: Locale = Locale.c,
    *,
    output: Path | None = None,
    dataset: Dataset | None = None,
    wide: bool = False,
    raw: bool = False,
) -> None:
    """Write the view in `fmt` to stdout, or to `output` (xlsx only to a file).

    Without --format, a file's suffix chooses (.xlsx, .csv, .json, .txt, else TSV). `dataset`
    gives the xlsx "Sumber" sheet the data files' hashes. A file is replaced whole or not at
    all (core/outfile.py).
    """
    from pelayanan_cli.core.errors import UsageError

    if output is not None and fmt is None:
        fmt = _SUFFIXES.get(output.suffix.casefold(), Format.tsv)
    fmt = fmt or default_format()
    if locale is Locale.id and fmt not in _DELIMITED:
        raise UsageError(
            f"--locale id shapes CSV and TSV for a spreadsheet in Indonesian locale; "
            f"{fmt.value} does not use it: add --format csv (or tsv), or drop --locale"
        )
    style = Style(locale, raw)
    if fmt is Format.xlsx:
        if output is None:
            raise UsageError("--format xlsx writes a file: add --output FILE.xlsx")
        from pelayanan_cli.core.outfile import refuse_unless_regular, replaced
        from pelayanan_cli.render.xlsx import write_xlsx

        refuse_unless_regular(output)
        with replaced(output, binary=True) as handle:
            count = write_xlsx(view, handle, dataset)  # type: ignore[arg-type]
        _footer(view, fmt)
        message(f"wrote {output} ({count} rows)")
        return
    if output is not None:
        from pelayanan_cli.core.outfile import refuse_unless_regular, replaced

        refuse_unless_regular(output)
        with replaced(output) as handle:
            count = _write(view, fmt, style, handle, None)  # type: ignore[arg-type]
        _footer(view, fmt)
        message(f"wrote {output} ({count} rows)")
        return
    try:
        _write(view, fmt, style, sys.stdout, table_width(sys.stdout, wide))
    except BrokenPipeError:
        raise
    except OSError as exc:
        from pelayanan_cli.core.errors import WriteFailed

        raise WriteFailed(f"cannot write the output: {exc.strerror or exc}") from None
    _footer(view, fmt)


def _footer(view: View, fmt: Format) -> None:
    """Lines under the data, on stderr for the formats scripts read (a table prints its own)."""
    if fmt is not Format.table:
        for line in view.footer:
            message(line)


def _write(view: View, fmt: Format, style: Style, out: IO[str], width: int | None) -> int:
    """Write the view; the number of data rows written."""
    count: int
    if fmt is Format.json:
        from pelayanan_cli.render.json_out import write_json

        count = write_json(view, out)
    elif fmt is Format.table and view.drawing is not None:
        view.drawing(out)  # type: ignore[arg-type]
        count = len(view.rows)
    elif fmt is Format.table:
        from pelayanan_cli.render.table import write_table

        layout = write_table(view, out, width)  # type: ignore[arg-type]
        count = len(layout.cells)
        if layout.dropped and width is not None:
            names = ", ".join(c.header for c in layout.dropped)
            message(f"not shown at {width} columns: {names} (--wide shows every column)")
    else:
        from pelayanan_cli.render.delimited import write_delimited

        count = write_delimited(view, out, fmt, style.locale, raw=style.raw)
    out.flush()
    return count


def message(text: str) -> None:
    """A line for the person, never for the pipe: stderr, with paths as the README shows them."""
    print(shorten_paths(text), file=sys.stderr)


def shorten_paths(text: str) -> str:
    """`…/data/evaluations.toml` for the bundled data, `~/…` for the home folder."""
    import re

    from pelayanan_cli.core.paths import bundled_dir

    edge = r"(?<![\w./~-])"
    bundled = str(bundled_dir()) + os.sep
    if bundled in text:
        text = re.sub(edge + re.escape(bundled), lambda _: f"…{os.sep}data{os.sep}", text)
    home = os.path.expanduser("~")
    if home not in ("", os.sep, "~") and home + os.sep in text:
        text = re.sub(edge + re.escape(home + os.sep), lambda _: f"~{os.sep}", text)
    return text
