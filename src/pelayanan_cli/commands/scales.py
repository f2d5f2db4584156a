"""`pelayanan scales`: the band tables, with basis and status, so a grade can be checked."""

from typing import Annotated

import typer

from pelayanan_cli.commands.options import FormatOption, WideOption, YearOption, complete_instrument
from pelayanan_cli.render.view import Locale


def scales(
    instrument: Annotated[
        str | None,
        typer.Argument(
            metavar="[INSTRUMENT]",
            help="ombudsman, ipp or skm (default: all).",
            autocompletion=complete_instrument,
        ),
    ] = None,
    year: YearOption = None,
    format: FormatOption = None,
    wide: WideOption = False,
) -> None:
    """Print the grade bands of every instrument and period."""
    from pelayanan_cli.commands.common import instrument_name
    from pelayanan_cli.core.scales import load_scales
    from pelayanan_cli.render.output import emit
    from pelayanan_cli.render.view import Block, Column, View

    tables = load_scales()
    chosen = instrument_name(tables, instrument)
    picked = [s for s in tables.scales if chosen in (None, s.instrument)]
    if year is not None:
        picked = (
            [tables.scale_for(chosen or "ombudsman", year)]
            if chosen
            else [s for s in picked if year in s.years]
        )
        if not picked:
            from pelayanan_cli.core.errors import NotFoundError

            raise NotFoundError(f"no instrument has bands for {year}")
        if not chosen:
            from pelayanan_cli.render.output import message

            for key in tables.instruments:
                problem = tables.year_problem(key, year)
                if problem is not None:
                    message(f"{key}: {problem}")
    blocks, records = [], []
    for scale in picked:
        rule = "bands run " + (
            "from each lower bound up to the next"
            if scale.edges == "lower"
            else "from above the previous upper bound up to each upper bound"
        )
        if scale.between:
            rule = f"between published bounds: {scale.between}"
        rows = [
            {
                "instrument": scale.instrument,
                "period": scale.period,
                "method": scale.method,
                "grade": band.grade or None,
                "label": band.label,
                "zone": band.zone or None,
                "lower": band.lower,
                "upper": band.upper,
                "basis": scale.basis,
                "status": scale.status,
            }
            for band in scale.bands
        ]
        title = f"{scale.instrument} {scale.period} ({scale.method}) · {scale.basis} · {scale.status} · {rule} · {scale.source}"
        blocks.append(Block(title, rows))
        records.append(scale.record())
    columns = [
        Column("instrument", "Instrument", flat_only=True),
        Column("period", "Period", flat_only=True),
        Column("method", "Method", flat_only=True),
        Column("grade", "Grade"),
        Column("label", "Label"),
        Column("zone", "Zone"),
        Column("lower", "From", numeric=True),
        Column("upper", "To", numeric=True),
        Column("basis", "Basis", flat_only=True),
        Column("status", "Status", flat_only=True),
    ]
    emit(View(columns, blocks, json=records), format, Locale.c, wide=wide)
