"""`pelayanan diff YEAR_A YEAR_B`: how each region's result moved between two years."""

from typing import Annotated

import typer

from pelayanan_cli.commands.options import (
    DataOption,
    FormatOption,
    InstrumentOption,
    LevelOption,
    LocaleOption,
    OutputOption,
    ProvinceOption,
    RawOption,
    UnitsOption,
    WideOption,
    checked_year,
    complete_region,
    complete_year,
)
from pelayanan_cli.render.view import Locale


def diff(
    year_a: Annotated[
        int,
        typer.Argument(
            metavar="YEAR_A",
            help="The earlier year.",
            callback=checked_year,
            autocompletion=complete_year,
        ),
    ],
    year_b: Annotated[
        int,
        typer.Argument(
            metavar="YEAR_B",
            help="The later year.",
            callback=checked_year,
            autocompletion=complete_year,
        ),
    ],
    province: ProvinceOption = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            help="Only this region (name or code).",
            autocompletion=complete_region,
        ),
    ] = None,
    level: LevelOption = None,
    instrument: InstrumentOption = "ombudsman",
    units: UnitsOption = False,
    format: FormatOption = None,
    locale: LocaleOption = Locale.c,
    output: OutputOption = None,
    wide: WideOption = False,
    raw: RawOption = False,
    data: DataOption = None,
) -> None:
    """Compare two years: both scores, the change, grade and zone moves."""
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.queries import (
        Filters,
        diff_rows,
        method_change,
        parse_level,
        resolve_province,
        resolve_region,
    )
    from pelayanan_cli.render.columns import DIFF_COLUMNS
    from pelayanan_cli.render.output import emit, message
    from pelayanan_cli.render.view import Block, View

    dataset, regions, scales = load(data)
    chosen = instrument_name(scales, instrument) or "ombudsman"
    for year in (year_a, year_b):
        scales.scale_for(chosen, year)
    where = resolve_province(regions, province) if province else None
    codes = {r.code for r in resolve_region(regions, region)} if region else None
    filters = Filters(chosen, None, where.code if where else None, parse_level(level), units)
    rows = diff_rows(dataset, regions, scales, year_a, year_b, filters, codes)
    caution = method_change(scales, chosen, year_a, year_b)
    if caution:
        message(f"not like for like: {caution}")
    only = sum(1 for r in rows if r["change"] is None)
    footer = [
        f"{len(rows) - only} with both years; {only} present in one year only or without a score"
    ]
    emit(
        View(DIFF_COLUMNS, [Block(f"{chosen} {year_a} → {year_b}", rows)], footer),
        format,
        locale,
        output=output,
        dataset=dataset,
        wide=wide,
        raw=raw,
    )
