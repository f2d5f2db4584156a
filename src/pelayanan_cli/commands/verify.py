"""`pelayanan verify REGION YEAR CLAIM`: is a claim about a result supported by the data?"""

from typing import Annotated

import typer

from pelayanan_cli.commands.cite import TextFormat, TextFormatOption, UnitOption
from pelayanan_cli.commands.options import (
    DataOption,
    InstrumentOption,
    checked_year,
    complete_region,
    complete_year,
)


def verify(
    region: Annotated[
        str,
        typer.Argument(
            help="Region: name ('Kota Kupang'), abbreviation (TTU) or code (53.71).",
            autocompletion=complete_region,
        ),
    ],
    year: Annotated[
        int,
        typer.Argument(
            metavar="YEAR",
            help="Assessment year.",
            callback=checked_year,
            autocompletion=complete_year,
        ),
    ],
    claim: Annotated[
        str,
        typer.Argument(
            help="What is claimed: a score (86,62), grade (B, A-), zone (hijau), label ('kualitas tinggi'), or several ('B hijau')."
        ),
    ],
    instrument: InstrumentOption = None,
    unit: UnitOption = None,
    format: TextFormatOption = TextFormat.text,
    data: DataOption = None,
) -> None:
    """Check a claim against the data: supported, contradicted or not in the data, with evidence.

    The claim is checked against every instrument with a result that year (or --instrument),
    each report of the result, and the bands of its year. A score matches exactly (86,62 =
    86.62) or as the held value rounded to the claim's decimals (86,6).

    Exit status: 0 supported; 1 not in the data (no result that year, no score published, an
    unknown or ambiguous region); 2 usage (a claim that cannot be read); 3 contradicted.
    """
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.claims import parse_claim, verify_claim
    from pelayanan_cli.core.series import only_region

    dataset, regions, scales = load(data)
    chosen = instrument_name(scales, instrument)
    parsed = parse_claim(claim, scales)
    place = only_region(regions, region, "verify")
    verification = verify_claim(dataset, scales, place, year, parsed, chosen, unit)
    if format is TextFormat.json:
        from pelayanan_cli.render.json_out import to_json
        from pelayanan_cli.render.verdict import verdict_record

        typer.echo(to_json(verdict_record(verification)))
    else:
        from pelayanan_cli.render.verdict import verdict_lines

        for line in verdict_lines(verification):
            typer.echo(line)
    raise typer.Exit(int(verification.status))
