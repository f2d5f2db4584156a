"""`pelayanan cite REGION --year Y`: one figure with its sources, ready to paste."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from pelayanan_cli.commands.options import DataOption, InstrumentOption, complete_region

if TYPE_CHECKING:
    from pelayanan_cli.core.dataset import Dataset
    from pelayanan_cli.render.citation import Cited


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
    year: Annotated[int, typer.Option("--year", "-y", help="Assessment year.")],
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
    from pelayanan_cli.core.errors import NotFoundError
    from pelayanan_cli.core.queries import band_of
    from pelayanan_cli.core.series import (
        instruments_of,
        only_region,
        pick_unit,
        primary_result,
        why_no_result,
    )
    from pelayanan_cli.render.citation import Cited, citation, conflicting

    dataset, regions, scales = load(data)
    chosen = instrument_name(scales, instrument)
    place = only_region(regions, region, "cite")
    records = []
    for unit_name in pick_unit(dataset, place.code, unit):
        for name in instruments_of(dataset, scales, place.code, unit_name):
            if chosen is not None and name != chosen:
                continue
            result = primary_result(dataset, place.code, name, year, unit_name)
            if result is None:
                continue
            band, _ = band_of(result, scales)
            reports = dataset.reports(result.key)
            cited = Cited(
                result,
                band,
                scales.find(name, year),
                place,
                conflicting(result, reports),
                __version__,
                hash_of(dataset, result.origin),
            )
            records.append((cited, citation(cited, style.value)))
    if not records:
        unit_name = unit if unit is None else pick_unit(dataset, place.code, unit)[0]
        raise NotFoundError(why_no_result(dataset, scales, place, year, chosen, unit_name))
    if format is TextFormat.json:
        from pelayanan_cli.render.json_out import to_json

        typer.echo(to_json([_record(cited, text, style.value) for cited, text in records]))
        return
    for _, text in records:
        typer.echo(text)


def hash_of(dataset: Dataset, origin: str) -> str:
    """The hash of the data file the result came from (the bundled data, or the user's file)."""
    for data_file in dataset.files:
        if data_file.path == origin:
            return data_file.sha256
    return dataset.files[0].sha256 if dataset.files else ""


def _record(cited: Cited, text: str, style: str) -> dict[str, object]:
    result, band = cited.result, cited.band
    return {
        "citation": text,
        "style": style,
        "code": cited.region.code,
        "region": cited.region.name,
        "unit": result.unit,
        "instrument": result.instrument,
        "method": cited.scale.method if cited.scale else None,
        "year": result.year,
        "score": result.score,
        "approximate": result.approximate,
        "grade": (band.grade or None) if band else None,
        "label": (band.label or None) if band else None,
        "zone": (band.zone or None) if band else None,
        "sources": [
            {"url": s.url, "printed": s.printed, "stated": s.stated} for s in result.sources
        ],
        "also_reported": [o.score for o in cited.others],
        "version": cited.version,
        "sha256": cited.sha256,
    }
