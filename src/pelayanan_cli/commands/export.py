"""`pelayanan export`: the whole panel, one row per result (or per source), for analysis."""

from typing import Annotated

import typer

from pelayanan_cli.commands.options import (
    DataOption,
    FormatOption,
    InstrumentOption,
    LocaleOption,
    OutputOption,
)
from pelayanan_cli.render.view import Locale


def export(
    sources: Annotated[
        bool, typer.Option("--sources", help="One row per source instead of per result.")
    ] = False,
    instrument: InstrumentOption = None,
    format: FormatOption = None,
    locale: LocaleOption = Locale.c,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Export every loaded result with its sources."""
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.queries import export_rows, source_rows
    from pelayanan_cli.render.columns import SOURCE_COLUMNS, result_columns
    from pelayanan_cli.render.output import emit
    from pelayanan_cli.render.view import Block, View

    dataset, regions, scales = load(data)
    rows = export_rows(dataset, regions, scales, instrument_name(scales, instrument))
    columns = result_columns()
    if sources:
        rows = source_rows(rows)
        columns = [c for c in columns if c.key not in ("sources", "marks")] + SOURCE_COLUMNS
    emit(View(columns, [Block(None, rows)]), format, locale, output=output, dataset=dataset)
