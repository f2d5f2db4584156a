"""Options shared by the commands, typed once, each with a plain-word metavar and completion."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pelayanan_cli.render.view import Format, Locale


def complete_format(incomplete: str) -> list[str]:
    return [f.value for f in Format if f.value.startswith(incomplete.casefold())]


def complete_locale(incomplete: str) -> list[str]:
    return [loc.value for loc in Locale if loc.value.startswith(incomplete.casefold())]


def complete_instrument(incomplete: str) -> list[str]:
    """The instruments of the band tables (data/scales.toml)."""
    from pelayanan_cli.core.scales import load_scales

    return [i for i in load_scales().instruments if i.startswith(incomplete.casefold())]


def complete_level(incomplete: str) -> list[str]:
    levels = ("provinsi", "kabupaten", "kota", "kabupaten/kota")
    return [lv for lv in levels if lv.startswith(incomplete.casefold())]


def checked_year(value: int | None) -> int | None:
    """A typed year, refused (status 2) when no band table comes near it: 24, 2030."""
    if value is None:
        return None
    from pelayanan_cli.core.scales import load_scales

    return load_scales().check_year(value)


def complete_year(incomplete: str) -> list[str]:
    """Every year some instrument has bands for."""
    from pelayanan_cli.core.scales import load_scales

    scales = load_scales()
    years = sorted({y for key in scales.instruments for y in scales.years(key)})
    return [str(y) for y in years if str(y).startswith(incomplete)]


def complete_province(incomplete: str) -> list[str]:
    """Province names and their abbreviations (NTT, sultra), in the case typed."""
    from pelayanan_cli.core.regions import load_regions

    regions = load_regions()
    names = [r.name for r in regions.by_code.values() if r.is_province]
    short = [key for key, code in regions.abbreviations.items() if "." not in code]
    names += [key.upper() if len(key) <= 3 else key for key in short]
    if incomplete.islower():
        names = [n.casefold() for n in names]
    return sorted({n for n in names if n.startswith(incomplete)})[:100]


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, csv, tsv, json or xlsx (with --output). Default: table at a terminal, tsv when piped.",
        case_sensitive=False,
        autocompletion=complete_format,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead of stdout (required for --format xlsx). An existing file "
        "is replaced whole, or left as it was if the write fails.",
    ),
]
LocaleOption = Annotated[
    Locale,
    typer.Option(
        "--locale",
        metavar="LOCALE",
        help="c (default) or id: CSV/TSV for a spreadsheet in Indonesian locale (decimal comma, "
        "BOM, codes as text; CSV with ; between cells). Refused with other formats.",
        case_sensitive=False,
        autocompletion=complete_locale,
    ),
]
RawOption = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="CSV/TSV: keep text that starts with = + - @ as it is (by default such a cell gets "
        "a leading ' so a spreadsheet shows it instead of running it as a formula).",
    ),
]
WideOption = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="Table: every column, whole, however narrow the terminal (by default a table fits "
        "the terminal, abbreviating and leaving out the least important columns).",
    ),
]
DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        metavar="FILE",
        help="A data file of your own, read with the bundled data (repeatable; default: $PELAYANAN_DATA).",
        dir_okay=False,
    ),
]
InstrumentOption = Annotated[
    str | None,
    typer.Option(
        "--instrument",
        "-i",
        metavar="NAME",
        help="ombudsman, ipp or skm.",
        autocompletion=complete_instrument,
    ),
]
_YEAR = typer.Option(
    "--year",
    "-y",
    metavar="YEAR",
    help="Assessment year.",
    callback=checked_year,
    autocompletion=complete_year,
)
YearOption = Annotated[int | None, _YEAR]
# The same option where a command cannot answer without it (cite).
RequiredYearOption = Annotated[int, _YEAR]
ProvinceOption = Annotated[
    str | None,
    typer.Option(
        "--province",
        "-p",
        metavar="PROVINCE",
        help="Province: name, abbreviation (NTT) or code (53).",
        autocompletion=complete_province,
    ),
]
LevelOption = Annotated[
    str | None,
    typer.Option(
        "--level",
        metavar="LEVEL",
        help="provinsi, kabupaten, kota or kabupaten/kota.",
        autocompletion=complete_level,
    ),
]
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
