"""`pelayanan grade SCORE`: the band a score falls in, by the rules of its year."""

from typing import Annotated

import typer

from pelayanan_cli.commands.options import FormatOption, InstrumentOption, WideOption, YearOption
from pelayanan_cli.render.view import Locale


def grade(
    score: Annotated[
        str,
        typer.Argument(metavar="SCORE", help="The score; a decimal comma is fine (86,62)."),
    ],
    year: YearOption = None,
    instrument: InstrumentOption = "ombudsman",
    format: FormatOption = None,
    wide: WideOption = False,
) -> None:
    """Grade a score: grade, label, zone and the legal basis of the bands."""
    from pelayanan_cli.commands.common import instrument_name
    from pelayanan_cli.core.errors import UsageError
    from pelayanan_cli.core.numbers import parse_decimal
    from pelayanan_cli.core.scales import load_scales
    from pelayanan_cli.render.output import emit
    from pelayanan_cli.render.view import Block, Column, View

    scales = load_scales()
    chosen = instrument_name(scales, instrument) or "ombudsman"
    value = parse_decimal(score)
    if value is None:
        raise UsageError(f"{score!r} is not a score: write a number such as 86.62 or 86,62")
    graded = scales.grade(chosen, year if year is not None else scales.latest_year(chosen), value)
    record = {
        "instrument": graded.instrument,
        "year": graded.year,
        "score": graded.score,
        "grade": graded.band.grade or None,
        "label": graded.band.label,
        "zone": graded.band.zone or None,
        "basis": graded.scale.basis,
        "status": graded.scale.status,
        # Only for a score between two published bounds (IPP 4,505): the rule that graded it.
        "between": graded.scale.between_rule(graded.score),
    }
    columns = [
        Column(key, key.capitalize(), numeric=key in ("score", "year"))
        for key in record
        if key != "between" or record["between"]
    ]
    emit(View(columns, [Block(None, [record])], json=record), format, Locale.c, wide=wide)
