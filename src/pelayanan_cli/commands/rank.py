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
    RawOption,
    UnitsOption,
    WideOption,
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
    wide: WideOption = False,
    raw: RawOption = False,
    data: DataOption = None,
) -> None:
    """Rank regions by score (1, 2, 2, 4); grade-only results follow, unranked.

    Each level is ranked among its peers, as the Ombudsman ranks them: provinces among
    provinces, kabupaten and kota apart nationally, kabupaten/kota together within a province
    (the province's own result is ranked among provinces, in a block of its own). --level
    picks one group: provinsi, kabupaten, kota or kabupaten/kota.
    """
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.errors import NotFoundError
    from pelayanan_cli.core.queries import (
        Filters,
        latest_year,
        parse_level,
        rankings,
        resolve_province,
    )
    from pelayanan_cli.render.columns import rank_columns, rank_footer
    from pelayanan_cli.render.output import emit
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
    scales.scale_for(filters.instrument or "ombudsman", chosen)  # 2020: no assessment (1)
    filters = Filters(filters.instrument, chosen, filters.province, filters.level, filters.units)
    scope = " · ".join(
        part
        for part in (
            f"{filters.instrument} {chosen}",
            where.name if where else "Indonesia",
            "units" if units else "",
        )
        if part
    )
    groups = rankings(dataset, regions, scales, filters, top)
    if not groups:
        raise NotFoundError(f"no results for {scope}: see `pelayanan coverage`")
    blocks = [Block(f"Ranking · {scope} · {rows[0]['ranked_among']}", rows) for _, rows in groups]
    columns = rank_columns()
    if where is not None:  # one province: its name is in the title, the column says nothing
        columns = [c.but(priority=9) if c.key == "province" else c for c in columns]
    emit(
        View(columns, blocks, [rank_footer(scope, rows) for _, rows in groups]),
        format,
        locale,
        output=output,
        dataset=dataset,
        wide=wide,
        raw=raw,
    )
