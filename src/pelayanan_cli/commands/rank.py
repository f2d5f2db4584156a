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
    """Rank regions by score (1, 2, 2, 4); grade-only results follow, unranked."""
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.errors import NotFoundError
    from pelayanan_cli.core.queries import (
        Filters,
        latest_year,
        parse_level,
        rank_rows,
        resolve_province,
        zone_counts,
    )
    from pelayanan_cli.render.columns import rank_columns
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
    ranked = sum(1 for row in rows if row["rank"] is not None)
    graded_only = sum(1 for row in rows if row["rank"] is None and row["graded_from"])
    neither = sum(1 for row in rows if row["rank"] is None and not row["graded_from"])
    about = rows[0]["of_text"] if rows else ""
    footer = [
        f"{len(rows)} results ({scope}): {ranked} ranked by score, {graded_only} graded only"
        + (f", {neither} with neither score nor grade (not counted)" if neither else "")
        + ": "
        + ", ".join(f"{zone} {n}" for zone, n in sorted(counts.items()) if zone != "no zone")
        + (f". Of N: {about}" if about else "")
        + ". Covers only published results we hold: see `pelayanan coverage`."
    ]
    if not rows:
        raise NotFoundError(f"no results for {scope}: see `pelayanan coverage`")
    columns = rank_columns()
    if where is not None:  # one province: its name is in the title, the column says nothing
        columns = [c.but(priority=9) if c.key == "province" else c for c in columns]
    emit(
        View(columns, [Block(f"Ranking · {scope}", rows)], footer),
        format,
        locale,
        output=output,
        dataset=dataset,
        wide=wide,
        raw=raw,
    )
