"""`pelayanan cite REGION --year Y`: one figure with its sources, ready to paste."""

from enum import StrEnum
from typing import Annotated

import typer

from pelayanan_cli.commands.options import (
    DataOption,
    InstrumentOption,
    RequiredYearOption,
    complete_region,
)


class Style(StrEnum):
    id = "id"
    en = "en"


class TextFormat(StrEnum):
    text = "text"
    json = "json"


UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit", "-u", help="A unit (OPD, puskesmas) of the region: its name or part of it."
    ),
]
TextFormatOption = Annotated[
    TextFormat, typer.Option("--format", "-f", help="text or json.", case_sensitive=False)
]


def cite(
    region: Annotated[
        str,
        typer.Argument(
            help="Region: name ('Kota Kupang'), abbreviation (TTU) or code (53.71).",
            autocompletion=complete_region,
        ),
    ],
    year: RequiredYearOption,
    instrument: InstrumentOption = None,
    unit: UnitOption = None,
    style: Annotated[
        Style,
        typer.Option(
            "--style",
            help="id: Bahasa Indonesia, decimal comma; en: English.",
            case_sensitive=False,
        ),
    ] = Style.id,
    format: TextFormatOption = TextFormat.text,
    data: DataOption = None,
) -> None:
    """Cite one result: instrument, year, region, figure, grade, zone, every source, data hash.

    One line per instrument with a result that year (or only --instrument). The grade, label
    and zone are those of the year's bands; a result reported with another value by other
    sources says so. An ambiguous region name is refused with the candidates (exit 1).
    """
    from pelayanan_cli import __version__
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.citations import cited_results
    from pelayanan_cli.core.series import only_region
    from pelayanan_cli.render.citation import citation, citation_record

    dataset, regions, scales = load(data)
    chosen = instrument_name(scales, instrument)
    place = only_region(regions, region, "cite")
    cited = cited_results(dataset, scales, place, year, __version__, chosen, unit)
    if format is TextFormat.json:
        from pelayanan_cli.render.json_out import to_json

        typer.echo(to_json([citation_record(c, style.value) for c in cited]))
        return
    for text in [citation(c, style.value) for c in cited]:
        typer.echo(text)
