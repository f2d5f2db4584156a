"""The one place that chooses a format and writes a command's view to stdout (or --output)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pelayanan_cli.render.view import Format, Locale, View

if TYPE_CHECKING:
    from pelayanan_cli.core.dataset import Dataset


def default_format(stream: TextIO | None = None) -> Format:
    """A table for people at a terminal, TSV for pipes and scripts (as `gh` does)."""
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return Format.table if isatty is not None and isatty() else Format.tsv


_SUFFIXES = {
    ".xlsx": Format.xlsx,
    ".csv": Format.csv,
    ".json": Format.json,
    ".tsv": Format.tsv,
    ".txt": Format.table,
}


def emit(
    view: View,
    fmt: Format | None,
    locale: Locale = Locale.c,
    *,
    output: Path | None = None,
    dataset: Dataset | None = None,
) -> None:
    """Write the view in `fmt` to stdout, or to `output` (xlsx only to a file).

    Without --format, a file's suffix chooses (.xlsx, .csv, .json, .txt, else TSV). `dataset`
    gives the xlsx "Sumber" sheet the data files' hashes.
    """
    if output is not None and fmt is None:
        fmt = _SUFFIXES.get(output.suffix.casefold(), Format.tsv)
    fmt = fmt or default_format()
    if fmt is Format.xlsx:
        if output is None:
            from pelayanan_cli.core.errors import UsageError

            raise UsageError("--format xlsx writes a file: add --output FILE.xlsx")
        from pelayanan_cli.render.xlsx import write_xlsx

        try:
            write_xlsx(view, output, dataset)
        except OSError as exc:
            raise _unwritable(output, exc) from None
        for line in view.footer:
            message(line)
        message(f"wrote {output} ({len(view.rows)} rows)")
        return
    if output is not None:
        try:
            with output.open("w", encoding="utf-8", newline="") as handle:
                _write(view, fmt, locale, handle)
        except OSError as exc:
            raise _unwritable(output, exc) from None
        message(f"wrote {output} ({len(view.rows)} rows)")
        return
    _write(view, fmt, locale, sys.stdout)


def _unwritable(path: Path, exc: OSError) -> Exception:
    from pelayanan_cli.core.errors import PelayananError

    return PelayananError(f"cannot write {path}: {exc.strerror or exc}")


def _write(view: View, fmt: Format, locale: Locale, out: TextIO) -> None:
    if fmt is Format.json:
        from pelayanan_cli.render.json_out import write_json

        write_json(view, out)
    elif fmt is Format.table and view.drawing is not None:
        view.drawing(out)
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
