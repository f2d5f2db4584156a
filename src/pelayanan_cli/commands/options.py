"""Options shared by the commands, typed once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pelayanan_cli.render.view import Format, Locale

FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table, csv, tsv, json or xlsx (with --output). Default: table at a terminal, tsv when piped.",
        case_sensitive=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of stdout (required for --format xlsx).",
        dir_okay=False,
    ),
]
LocaleOption = Annotated[
    Locale,
    typer.Option(
        "--locale",
        help="id: CSV for a spreadsheet in Indonesian locale (; separator, decimal comma, BOM).",
        case_sensitive=False,
    ),
]
DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        help="A data file of your own, read with the bundled data (repeatable; default: $PELAYANAN_DATA).",
        dir_okay=False,
    ),
]
InstrumentOption = Annotated[
    str | None,
    typer.Option("--instrument", "-i", help="ombudsman, ipp or skm."),
]
YearOption = Annotated[int | None, typer.Option("--year", "-y", help="Assessment year.")]
ProvinceOption = Annotated[
    str | None,
    typer.Option("--province", "-p", help="Province: name, abbreviation (NTT) or code (53)."),
]
LevelOption = Annotated[str | None, typer.Option("--level", help="provinsi, kabupaten or kota.")]
UnitsOption = Annotated[
    bool,
    typer.Option(
        "--units", help="Units inside governments (OPD, puskesmas) instead of governments."
    ),
]


def complete_region(incomplete: str) -> list[str]:
    """Region names for shell completion. Shells keep only candidates that start with what was
    typed, so a lowercase word is completed from lowercase names, bare ones ("kupang") too."""
    import re

    from pelayanan_cli.core.regions import load_regions

    names = [r.name for r in load_regions().by_code.values()]
    if incomplete.islower():
        bare = (re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", n) for n in names)
        names = sorted({n.casefold() for n in [*names, *bare]})
    return [n for n in names if n.startswith(incomplete)][:100]
