"""`pelayanan map`: the provinces coloured by their government's zone (or grade) in one year."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pelayanan_cli.commands.options import DataOption, InstrumentOption, OutputOption, YearOption


class MapFormat(StrEnum):
    svg = "svg"
    html = "html"
    png = "png"
    json = "json"
    table = "table"
    csv = "csv"
    tsv = "tsv"


_SUFFIXES = {
    ".svg": MapFormat.svg,
    ".html": MapFormat.html,
    ".htm": MapFormat.html,
    ".png": MapFormat.png,
    ".json": MapFormat.json,
    ".csv": MapFormat.csv,
    ".tsv": MapFormat.tsv,
    ".txt": MapFormat.table,
}


def map_(
    year: YearOption = None,
    instrument: InstrumentOption = "ombudsman",
    format: Annotated[
        MapFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="svg (default) or html: the map; json, table, csv, tsv: the provinces with "
            "their fill and reason; png is refused (no pure-Python rasteriser). Default: from "
            "the --output suffix, else svg.",
            case_sensitive=False,
        ),
    ] = None,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Draw the 38 provinces, each filled by its own government's zone in one year.

    The figures are those of `pelayanan rank --level provinsi` for that year and instrument:
    the zone computed from the score by the bands of the year (by grade for ipp and skm).
    Provinces with no result held are hatched and counted, disputed ones marked; the legend
    gives the bands and their legal basis, the source count and the boundaries' credit.
    Year default: the latest year with a provincial result. One self-contained SVG (no fonts,
    scripts or links); .html wraps it in a page with the provinces as a table.
    """
    from pelayanan_cli import __version__
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.errors import UsageError
    from pelayanan_cli.core.national_map import load_geometry, national_map
    from pelayanan_cli.render.map_svg import (
        MAP_COLUMNS,
        map_page,
        map_summary,
        map_svg,
        provenance,
    )
    from pelayanan_cli.render.output import emit, message
    from pelayanan_cli.render.view import Block, Format, View

    chosen = format or (
        _SUFFIXES.get(output.suffix.casefold(), MapFormat.svg) if output else MapFormat.svg
    )
    if chosen is MapFormat.png:
        raise UsageError(
            "PNG is not supported (no well-kept pure-Python SVG rasteriser): write FILE.svg or "
            "FILE.html and open it in a browser to print or save it as an image"
        )
    dataset, regions, scales = load(data)
    name = instrument_name(scales, instrument) or "ombudsman"
    national = national_map(dataset, regions, scales, name, year)
    summary = map_summary(national)
    if chosen in (MapFormat.svg, MapFormat.html):
        stamp = provenance(__version__, dataset.files)
        geometry = load_geometry()
        text = (
            map_svg(national, geometry, stamp=stamp) + "\n"
            if chosen is MapFormat.svg
            else map_page(national, geometry, stamp=stamp)
        )
        if output is None:
            typer.echo(text, nl=False)
            message(summary)
        else:
            _write(output, text)
            message(f"wrote {output} ({summary})")
        return
    records = national.records()
    view = View(
        MAP_COLUMNS,
        [Block(f"Map · {national.instrument} {national.year}", records)],
        [summary],
        json=records,
    )
    emit(view, Format(chosen.value), output=output, dataset=dataset)


def _write(path: Path, text: str) -> None:
    """The map replaces `path` whole, or leaves it as it was (core/outfile.py)."""
    from pelayanan_cli.core.outfile import replaced

    with replaced(path) as handle:
        handle.write(text)  # type: ignore[arg-type]
