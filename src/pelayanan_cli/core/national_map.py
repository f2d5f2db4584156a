"""The national map's content: each province's own result in one year, and why it is filled so.

The figures are rank's: `rank_rows` at level provinsi gives the same result per province (the
report most sources printed, where they disagree), the same grade and the same zone. The shapes
come from data/provinces-map.json, made once by scripts/convert_map.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pelayanan_cli.core.dataset import Dataset
from pelayanan_cli.core.errors import NotFoundError
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.queries import Filters, Row, rank_rows
from pelayanan_cli.core.regions import Regions
from pelayanan_cli.core.scales import Band, Scale, Scales
from pelayanan_cli.core.series import year_span

GEOMETRY_FILE = "provinces-map.json"

FillBy = Literal["zone", "grade"]
# Why a province has the fill it has: its zone or its grade; no result of its government in the
# data; or a result the bands cannot place (neither a score nor grade words they can read).
Reason = Literal["zone", "grade", "no result held", "ungraded"]


@dataclass(frozen=True, slots=True)
class Shape:
    """One province's outline as an SVG path in map units, and a point inside it for a marker."""

    code: str
    name: str
    path: str
    label: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Geometry:
    width: float
    height: float
    shapes: dict[str, Shape]
    credit: str
    about: dict[str, Any]


@cache
def load_geometry() -> Geometry:
    """The bundled province shapes (38), keyed by Kemendagri code."""
    import json

    document = json.loads(bundled_file(GEOMETRY_FILE).read_text(encoding="utf-8"))
    about = document["about"]
    shapes = {
        p["code"]: Shape(p["code"], p["name"], p["path"], (p["label"][0], p["label"][1]))
        for p in document["provinces"]
    }
    return Geometry(
        float(about["width"]), float(about["height"]), shapes, about["source"]["credit"], about
    )


@dataclass(frozen=True, slots=True)
class ProvinceFill:
    """A province on the map: the value it is filled by, why, and rank's row for its result."""

    code: str
    name: str
    fill: str | None
    reason: Reason
    disputed: bool
    row: Row | None

    def record(self, instrument: str, year: int) -> Row:
        """The province as a JSON row (README: "map")."""
        row = self.row or {}
        return {
            "code": self.code,
            "province": self.name,
            "instrument": instrument,
            "year": year,
            "fill": self.fill,
            "reason": self.reason,
            "disputed": self.disputed,
            "score": row.get("score"),
            "approximate": row.get("approximate", False),
            "grade": row.get("grade"),
            "label": row.get("label"),
            "zone": row.get("zone"),
            "graded_from": row.get("graded_from"),
            "conflict": row.get("conflict", []),
            "rank": row.get("rank"),
            "of": row.get("of"),
            "sources": row.get("sources", []),
        }


@dataclass(frozen=True, slots=True)
class NationalMap:
    instrument: str
    year: int
    scale: Scale
    fill_by: FillBy
    provinces: tuple[ProvinceFill, ...]
    source_count: int

    def with_fill(self, value: str) -> list[ProvinceFill]:
        return [p for p in self.provinces if p.fill == value]

    def with_reason(self, reason: Reason) -> list[ProvinceFill]:
        return [p for p in self.provinces if p.reason == reason]

    @property
    def disputed(self) -> list[ProvinceFill]:
        return [p for p in self.provinces if p.disputed]

    def legend_bands(self) -> list[tuple[str, list[Band]]]:
        """The fill values in the scale's order (best first), each with the bands it covers."""
        groups: dict[str, list[Band]] = {}
        for band in self.scale.bands:
            key = band.zone if self.fill_by == "zone" else band.grade
            groups.setdefault(key, []).append(band)
        return list(groups.items())

    def records(self) -> list[Row]:
        return [p.record(self.instrument, self.year) for p in self.provinces]


def fill_basis(scale: Scale) -> FillBy:
    """Zones where the scale has them (Ombudsman), else grades (IPP, SKM)."""
    return "zone" if any(b.zone for b in scale.bands) else "grade"


def provincial_years(dataset: Dataset, regions: Regions, instrument: str) -> list[int]:
    """The years in which the data holds a result of at least one provincial government."""
    codes = {r.code for r in regions.by_code.values() if r.is_province}
    return dataset.years(instrument, units=False, codes=codes)


def national_map(
    dataset: Dataset,
    regions: Regions,
    scales: Scales,
    instrument: str,
    year: int | None = None,
) -> NationalMap:
    """Every province with its government's result of `year` (default: the latest year with a
    provincial result), as `rank --level provinsi` reads it."""
    scales.instrument(instrument)
    years = provincial_years(dataset, regions, instrument)
    if year is None:
        if not years:
            raise NotFoundError(f"the data holds no provincial result for {instrument}")
        year = years[-1]
    scale = scales.scale_for(instrument, year)
    if year not in years:
        held = year_span(years) if years else "none"
        raise NotFoundError(
            f"the data holds no provincial result for {instrument} {year}; "
            f"years with provincial results: {held}"
        )
    filters = Filters(instrument=instrument, year=year, level="provinsi", units=False)
    rows = {row["code"]: row for row in rank_rows(dataset, regions, scales, filters)}
    fill_by = fill_basis(scale)
    provinces: list[ProvinceFill] = []
    urls: set[str] = set()
    for region in sorted(
        (r for r in regions.by_code.values() if r.is_province), key=lambda r: int(r.code)
    ):
        row = rows.get(region.code)
        if row is None:
            provinces.append(
                ProvinceFill(region.code, region.name, None, "no result held", False, None)
            )
            continue
        for report in dataset.reports((region.code, instrument, year, "")):
            urls.update(s.url for s in report.sources)
        value = row["zone"] if fill_by == "zone" else row["grade"]
        provinces.append(
            ProvinceFill(
                region.code,
                region.name,
                value,
                fill_by if value else "ungraded",
                bool(row["disputed"]),
                row,
            )
        )
    return NationalMap(instrument, year, scale, fill_by, tuple(provinces), len(urls))
