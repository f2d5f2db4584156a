"""`pelayanan trend REGION`: each instrument's result across years, drawn with its bands."""

from typing import Annotated, TextIO

import typer

from pelayanan_cli.commands.options import (
    DataOption,
    InstrumentOption,
    LocaleOption,
    OutputOption,
    RawOption,
    complete_region,
)
from pelayanan_cli.render.view import Format, Locale

TrendFormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Default (or table): the chart, in colour at a terminal, plain text when piped. "
        "json: the series. csv, tsv, xlsx (with --output): one row per year.",
        case_sensitive=False,
    ),
]


def trend(
    region: Annotated[
        str,
        typer.Argument(
            help="Region: name (kupang, 'Kota Kupang'), abbreviation (TTU) or code (53.71).",
            autocompletion=complete_region,
        ),
    ],
    instrument: InstrumentOption = None,
    format: TrendFormatOption = None,
    locale: LocaleOption = Locale.c,
    output: OutputOption = None,
    raw: RawOption = False,
    data: DataOption = None,
) -> None:
    """Chart each instrument's result across years: bands of each period, gaps, method changes.

    One row per year: the score on a track of that year's bands (coloured by zone at a
    terminal), a shaded band where only a grade was published, a line where the bands or the
    method changed. An ambiguous name (kupang) gives one chart per region. --format json gives
    the series; csv/tsv/xlsx one row per year.
    """
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.errors import NotFoundError
    from pelayanan_cli.core.queries import resolve_region
    from pelayanan_cli.core.series import build_series, instruments_of, series_record
    from pelayanan_cli.render.output import emit, message
    from pelayanan_cli.render.view import Block, Column, View

    dataset, regions, scales = load(data)
    chosen = instrument_name(scales, instrument)
    matches = resolve_region(regions, region)
    charts = []
    for match in matches:
        held = instruments_of(dataset, scales, match.code)
        for name in held if chosen is None else [i for i in held if i == chosen]:
            charts.append(build_series(dataset, regions, scales, match.code, name))
    if not charts:
        names = ", ".join(m.name for m in matches)
        what = f"{chosen} results" if chosen else "results"
        raise NotFoundError(
            f"no {what} for {names} (units aside): see `pelayanan show {region!r} --units`"
        )
    if len(matches) > 1:
        listed = ", ".join(f"'{m.name}' ({m.code})" for m in matches)
        message(f"{region!r} matches {len(matches)} regions: {listed}; one chart each")
    records = [series_record(s, regions, scales) for s in charts]
    blocks = [
        Block(
            f"{r['region']} · {r['instrument']}",
            [
                {
                    "code": r["code"],
                    "region": r["region"],
                    "instrument": r["instrument"],
                    **{k: v for k, v in point.items() if k not in ("sources", "conflict")},
                    "conflict": point["conflict"],
                    "sources": point["sources"],
                }
                for point in r["points"]
            ],
        )
        for r in records
    ]
    columns = [
        Column("code", "Code"),
        Column("region", "Region"),
        Column("instrument", "Instrument"),
        Column("year", "Year", numeric=True),
        Column("status", "Status"),
        Column("score", "Score", numeric=True),
        Column("approximate", "Approximate"),
        Column("grade", "Grade"),
        Column("label", "Label"),
        Column("zone", "Zone"),
        Column("graded_from", "Graded from"),
        Column("method", "Method"),
        Column("conflict", "Also reported"),
        Column("sources", "Sources", numeric=True, get=lambda row: len(row["sources"])),
        Column("reason", "Reason"),
    ]
    from pelayanan_cli.render.trend_chart import write_charts

    def chart(out: TextIO) -> None:
        write_charts(charts, regions, scales, out)

    view = View(columns, blocks, json=records, drawing=chart)
    # A chart is plain text already: piped, it stays a chart unless a format is asked for.
    chosen_format = Format.table if format is None and output is None else format
    emit(view, chosen_format, locale, output=output, dataset=dataset, raw=raw)
