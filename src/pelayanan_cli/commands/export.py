"""`pelayanan export`: the whole panel, one row per result (or per source), for analysis."""

from enum import StrEnum
from typing import Annotated

import typer

from pelayanan_cli.commands.options import (
    DataOption,
    InstrumentOption,
    LocaleOption,
    OutputOption,
    RawOption,
    WideOption,
)
from pelayanan_cli.render.view import Locale


class ExportFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xlsx = "xlsx"
    datapackage = "datapackage"  # a folder: results.csv, sources.csv, datapackage.json


def _complete_export_format(incomplete: str) -> list[str]:
    return [f.value for f in ExportFormat if f.value.startswith(incomplete.casefold())]


ExportFormatOption = Annotated[
    ExportFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, csv, tsv, json, xlsx (with --output FILE) or datapackage (with --output "
        "DIR: a Frictionless Data Package). Default: table at a terminal, tsv when piped.",
        case_sensitive=False,
        autocompletion=_complete_export_format,
    ),
]


def export(
    sources: Annotated[
        bool, typer.Option("--sources", help="One row per source instead of per result.")
    ] = False,
    instrument: InstrumentOption = None,
    format: ExportFormatOption = None,
    locale: LocaleOption = Locale.c,
    output: OutputOption = None,
    wide: WideOption = False,
    raw: RawOption = False,
    data: DataOption = None,
) -> None:
    """Export every loaded result with its sources, row by row as the index yields them.

    --format datapackage --output DIR writes a Frictionless Data Package: results.csv,
    sources.csv and datapackage.json (field types and descriptions, keys, licences, sources,
    SHA-256 of each file), so pandas, R and frictionless read codes as text.
    """
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.export import FLAT_FIELDS, export_rows, flat_rows
    from pelayanan_cli.core.queries import source_rows
    from pelayanan_cli.render.columns import result_columns, with_sources
    from pelayanan_cli.render.output import emit, message
    from pelayanan_cli.render.view import Block, Flat, Format, View

    dataset, regions, scales = load(data)
    name = instrument_name(scales, instrument)
    rows = export_rows(dataset, regions, scales, name)
    columns = result_columns()
    if format is ExportFormat.datapackage:
        from pelayanan_cli import __version__
        from pelayanan_cli.core.errors import UsageError
        from pelayanan_cli.render.datapackage import refuse_locale, write_package

        if output is None:
            raise UsageError("--format datapackage writes a folder: add --output DIR")
        if locale is Locale.id:
            refuse_locale()
        if sources:
            raise UsageError("a data package always holds sources.csv: drop --sources")
        written, cited = write_package(rows, columns, output, dataset, __version__, raw=raw)
        message(f"wrote {output}: {written} results, {cited} sources, datapackage.json")
        return
    # CSV and TSV read the same rows flat, made for less (neither is made before it is read).
    flat = None if sources else Flat(FLAT_FIELDS, flat_rows(dataset, regions, scales, name))
    if sources:
        rows = source_rows(rows)
        columns = with_sources(columns)
    import gc

    # Rows are made and dropped one chunk at a time and form no cycles: the cyclic collector
    # would only walk them over and over (5% of a national panel's export).
    collecting = gc.isenabled()
    gc.disable()
    try:
        emit(
            View(columns, [Block(None, rows, flat)]),
            Format(format.value) if format is not None else None,
            locale,
            output=output,
            dataset=dataset,
            wide=wide,
            raw=raw,
        )
    finally:
        if collecting:
            gc.enable()
