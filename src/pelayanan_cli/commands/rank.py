"""`pelayanan rank`: regions ordered by score, with competition ranking and zone counts."""

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
    UnitsOption,
    YearOption,
)
from pelayanan_cli.render.view import Locale


def rank(
    year: YearOption = None,
    instrument: InstrumentOption = "ombudsman",
    province: ProvinceOption = None,
    level: LevelOption = None,
    top: Annotated[
        int | None, typer.Option("--top", "-n", min=1, help="Only the first N ranks.")
    ] = None,
    units: UnitsOption = False,
    format: FormatOption = None,
    locale: LocaleOption = Locale.c,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Rank regions by score (1, 2, 2, 4); grade-only results follow, unranked."""
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.queries import (
        Filters,
        latest_year,
        parse_level,
        rank_rows,
        resolve_province,
        zone_counts,
    )
    from pelayanan_cli.render.columns import rank_columns
    from pelayanan_cli.render.output import emit, message
    from pelayanan_cli.render.view import Block, View

    dataset, regions, scales = load(data)
    where = resolve_province(regions, province) if province else None
    filters = Filters(
        instrument=instrument_name(scales, instrument),
        province=where.code if where else None,
        level=parse_level(level),
        units=units,
    )
    chosen = year if year is not None else latest_year(dataset, regions, filters)
    filters = Filters(filters.instrument, chosen, filters.province, filters.level, filters.units)
    rows = rank_rows(dataset, regions, scales, filters, top)
    scope = " · ".join(
        part
        for part in (
            f"{filters.instrument} {chosen}",
            where.name if where else "Indonesia",
            f"level {filters.level}" if filters.level else "",
            "units" if units else "",
        )
        if part
    )
    counts = zone_counts(rows)
    footer = [
        f"{len(rows)} results ({scope}): "
        + ", ".join(f"{zone} {n}" for zone, n in sorted(counts.items()))
        + ". Covers only published results we hold: see `pelayanan coverage`."
    ]
    if not rows:
        message(f"no results for {scope}")
    emit(
        View(rank_columns(), [Block(f"Ranking · {scope}", rows)], footer),
        format,
        locale,
        output=output,
        dataset=dataset,
    )
