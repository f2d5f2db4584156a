"""`pelayanan coverage`: how much of the world the data holds, so a gap is not read as a fact."""

from pelayanan_cli.commands.options import (
    DataOption,
    FormatOption,
    InstrumentOption,
    LocaleOption,
    ProvinceOption,
    RawOption,
    WideOption,
)
from pelayanan_cli.render.view import Locale


def coverage(
    province: ProvinceOption = None,
    instrument: InstrumentOption = None,
    format: FormatOption = None,
    locale: LocaleOption = Locale.c,
    wide: WideOption = False,
    raw: RawOption = False,
    data: DataOption = None,
) -> None:
    """Count results per instrument and year, against the regions they could cover."""
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.queries import coverage_rows, resolve_province
    from pelayanan_cli.render.columns import COVERAGE_COLUMNS, coverage_notes
    from pelayanan_cli.render.output import emit
    from pelayanan_cli.render.view import Block, View

    dataset, regions, scales = load(data)
    where = resolve_province(regions, province) if province else None
    rows = coverage_rows(dataset, regions, where, instrument_name(scales, instrument))
    title = f"Coverage · {where.name if where else 'Indonesia'}"
    if not rows:
        from pelayanan_cli.core.errors import NotFoundError

        raise NotFoundError(f"the data holds no result for {title.removeprefix('Coverage · ')}")
    footer = coverage_notes(rows)
    emit(View(COVERAGE_COLUMNS, [Block(title, rows)], footer), format, locale, wide=wide, raw=raw)
