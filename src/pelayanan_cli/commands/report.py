"""`pelayanan report REGION --output FILE.html`: a printable page on one region, in Indonesian."""

from pathlib import Path
from typing import Annotated

import typer

from pelayanan_cli.commands.options import DataOption, complete_region


def report(
    region: Annotated[
        str,
        typer.Argument(
            help="Region: name ('Kota Kupang'), abbreviation (TTU) or code (53.71).",
            autocompletion=complete_region,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The HTML file to write (default: stdout). An existing file is replaced whole, "
            "or left as it was if the write fails.",
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Write one self-contained HTML page in Bahasa Indonesia on a region, ready to print on A4.

    Latest result per instrument (grade, label, zone, rank within the province, change since
    the previous assessment), the trend as inline SVG, every result, the comparison with the
    province, the units (OPD, puskesmas), numbered sources and the dataset's version and hash.
    Nothing is loaded from the network. An ambiguous name is refused with the candidates.
    """
    from pelayanan_cli import __version__
    from pelayanan_cli.commands.common import load
    from pelayanan_cli.core.errors import NotFoundError
    from pelayanan_cli.core.series import only_region
    from pelayanan_cli.render.html_report import build_report
    from pelayanan_cli.render.output import message

    dataset, regions, scales = load(data)
    place = only_region(regions, region, "report")
    if not dataset.for_codes([place.code]):
        raise NotFoundError(f"the data holds no result for {place.name} ({place.code})")
    page = build_report(dataset, regions, scales, place, __version__)
    if output is None:
        typer.echo(page, nl=False)
        return
    from pelayanan_cli.core.outfile import replaced

    with replaced(output) as handle:
        handle.write(page)  # type: ignore[arg-type]
    message(f"wrote {output} ({place.name}, {len(page) // 1024} KB)")
