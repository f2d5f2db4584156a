"""`pelayanan coverage`: how much of the world the data holds, so a gap is not read as a fact."""

from __future__ import annotations

from pelayanan_cli.commands.options import (
    DataOption,
    FormatOption,
    InstrumentOption,
    LocaleOption,
    ProvinceOption,
)
from pelayanan_cli.render.view import Locale


def coverage(
    province: ProvinceOption = None,
    instrument: InstrumentOption = None,
    format: FormatOption = None,
    locale: LocaleOption = Locale.c,
    data: DataOption = None,
) -> None:
    """Count results per instrument and year, against the regions they could cover."""
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.queries import coverage_rows, resolve_province
    from pelayanan_cli.render.columns import COVERAGE_COLUMNS
    from pelayanan_cli.render.output import emit
    from pelayanan_cli.render.view import Block, View

    dataset, regions, scales = load(data)
    where = resolve_province(regions, province) if province else None
    rows = coverage_rows(dataset, regions, where, instrument_name(scales, instrument))
    title = f"Coverage · {where.name if where else 'Indonesia'}"
    footer = [
        "regions = governments with any result (province included); held = governments with a "
        "score or a grade (award- or rank-only results are not held); assessed = governments "
        "assessed, as the sources below state it (unknown where none does); regions in scope = "
        "governments in the Kemendagri list"
    ]
    # Each count the sources state, once, with how many sources state it and one of them.
    for row in rows:
        counts: dict[tuple[str, str, int], list[str]] = {}
        for entry in row["scope"]:
            where = f" in {entry['area']}" if entry["area"] else ""
            counts.setdefault((entry["level"], where, entry["assessed"]), []).append(entry["url"])
        for (level, where, assessed), urls in counts.items():
            others = len(urls) - 1
            more = f" (and {others} more source{'s' if others > 1 else ''})" if others else ""
            footer.append(
                f"assessed {row['instrument']} {row['year']}: {assessed} {level}{where}: {urls[0]}{more}"
            )
    emit(View(COVERAGE_COLUMNS, [Block(title, rows)], footer), format, locale)
