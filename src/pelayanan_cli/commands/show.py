"""`pelayanan show REGION`: every result of a region across years and instruments."""

from typing import Annotated

import typer

from pelayanan_cli.commands.options import (
    DataOption,
    FormatOption,
    InstrumentOption,
    LocaleOption,
    OutputOption,
    RawOption,
    WideOption,
    YearOption,
    complete_region,
)
from pelayanan_cli.render.view import Locale


def show(
    region: Annotated[
        str,
        typer.Argument(
            help="Region: name (kupang, 'Kota Kupang'), abbreviation (TTU) or code (53.71).",
            autocompletion=complete_region,
        ),
    ],
    year: YearOption = None,
    instrument: InstrumentOption = None,
    units: Annotated[
        bool,
        typer.Option(
            "--units", help="Also list the results of units (OPD, puskesmas) under the region."
        ),
    ] = False,
    sources: Annotated[
        bool, typer.Option("--sources", help="Add each source's URL and what it printed.")
    ] = False,
    format: FormatOption = None,
    locale: LocaleOption = Locale.c,
    output: OutputOption = None,
    wide: WideOption = False,
    raw: RawOption = False,
    data: DataOption = None,
) -> None:
    """Show every result of a region: score, computed grade, zone, sources."""
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.queries import (
        Filters,
        region_rows,
        resolve_region,
        source_rows,
        unit_count,
    )
    from pelayanan_cli.render.columns import result_columns, with_sources
    from pelayanan_cli.render.output import emit, message
    from pelayanan_cli.render.view import Block, View

    dataset, regions, scales = load(data)
    filters = Filters(instrument=instrument_name(scales, instrument), year=year, units=units)
    matches = resolve_region(regions, region)
    blocks = []
    for match in matches:
        rows = region_rows(dataset, regions, scales, match, filters)
        if sources:
            rows = source_rows(rows)
        province = regions.province_of(match)
        title = match.name if match.is_province else f"{match.name} ({match.code}, {province.name})"
        blocks.append(Block(f"{title} · {match.code}" if match.is_province else title, rows))
        hidden = unit_count(dataset, match)
        if hidden and not units:
            message(
                f"{match.name} has {hidden} unit results (OPD, puskesmas): add --units to list them"
            )
    if len(matches) > 1:
        names = ", ".join(f"'{m.name}' ({m.code})" for m in matches)
        message(
            f"{region!r} matches {len(matches)} regions: {names}; name one, e.g. pelayanan show {matches[-1].code}"
        )
    columns = result_columns(with_region=False)
    if sources:
        columns = with_sources(columns)
    view = View(columns, blocks)
    if not view.rows:
        from pelayanan_cli.core.errors import NotFoundError

        raise NotFoundError(
            "no results match: try without --year/--instrument, or see `pelayanan coverage`"
        )
    emit(view, format, locale, output=output, dataset=dataset, wide=wide, raw=raw)
