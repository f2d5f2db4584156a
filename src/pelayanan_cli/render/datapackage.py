"""A Frictionless Data Package of the panel: results.csv, sources.csv and datapackage.json.

The schema travels with the data, so pandas (through frictionless), R's `frictionless`
package and spreadsheets that read it keep region codes as text (53.10 stays "53.10"),
scores as numbers and booleans as booleans. `results.csv` has one row per result (per report,
where sources disagree), keyed by `id`; `sources.csv` one row per source, keyed by
`result_id` and `source_no`, with `result_id` pointing at `results.id`. datapackage.json
names the licence and sources of each part, the pelayanan version and the SHA-256 of each
CSV and of every data file read. The CSVs are written as the rows come (memory stays flat)
and the three files replace an earlier package together or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pelayanan_cli.core.errors import UsageError, WriteFailed
from pelayanan_cli.render.delimited import neutralised
from pelayanan_cli.render.view import Column, Row, cell_text, printable

if TYPE_CHECKING:
    from pelayanan_cli.core.dataset import Dataset

DESCRIPTOR = "datapackage.json"
RESULTS = "results.csv"
SOURCES = "sources.csv"

PROJECT_LICENSE = {
    "name": "MIT",
    "title": "MIT License (pelayanan: the compilation, its code and its data files)",
    "path": "https://opensource.org/license/mit",
}
REGIONS_LICENSE = {
    "name": "MIT",
    "title": "MIT License, Copyright (c) 2017-2025 Cahya DSN (region codes and names)",
    "path": "https://github.com/cahyadsn/wilayah/blob/master/LICENSE",
}
REGIONS_SOURCE = {
    "title": "cahyadsn/wilayah, db/wilayah.sql: Kemendagri codes and names per Kepmendagri "
    "No. 300.2.2-2138 Tahun 2025 (columns code, region, level, province)",
    "path": "https://github.com/cahyadsn/wilayah",
}
RESULTS_SOURCES = [
    {
        "title": "Ombudsman RI: Penilaian Kepatuhan / Opini Ombudsman, as published; each row's "
        "publications are in sources.csv",
    },
    {"title": "KemenPANRB: Indeks Pelayanan Publik (PEKPPP), as published"},
    {"title": "Survei Kepuasan Masyarakat (SKM/IKM) of regional governments, as published"},
    REGIONS_SOURCE,
]
SOURCE_FIELDS = [
    {
        "name": "result_id",
        "type": "integer",
        "description": "the result this source reported (results.id)",
        "constraints": {"required": True},
    },
    {
        "name": "source_no",
        "type": "integer",
        "description": "the source's number among the result's sources (1, 2, …)",
        "constraints": {"required": True},
    },
    {
        "name": "url",
        "type": "string",
        "description": "the publication that printed the result",
        "constraints": {"required": True},
    },
    {"name": "printed", "type": "string", "description": "the figure as this source printed it"},
    {"name": "stated", "type": "string", "description": "the grade words as this source printed"},
]


class _Hashing:
    """A text handle that counts and hashes the UTF-8 bytes written through it."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.sha256.update(data)
        self.bytes += len(data)
        return self._handle.write(text)


def check_target(folder: Path) -> None:
    """A package goes to a new or empty folder, or replaces an earlier package in its folder;
    any other folder (or a file) is refused before anything is written."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise WriteFailed(
            f"will not write a data package to {folder}: it is not a folder; nothing written"
        )
    names = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    if names and DESCRIPTOR not in names:
        raise WriteFailed(
            f"will not write a data package into {folder}: it holds other files and no "
            f"{DESCRIPTOR}; name a new or empty folder; nothing written"
        )


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.key, "type": column.type}
    if column.description:
        field["description"] = column.description
    if column.key == "code":
        field["constraints"] = {"required": True, "pattern": r"\d{2}(\.\d{2}){0,1}"}
    if column.type == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    return field


def _cell(column: Column, row: Row, raw: bool) -> str:
    text = printable(cell_text(column.value(row)))
    return text if raw else neutralised(text, column)


def write_package(
    rows: Iterable[Row],
    columns: list[Column],
    folder: Path,
    dataset: Dataset,
    version: str,
    *,
    raw: bool = False,
) -> tuple[int, int]:
    """Write the package into `folder`; (results, sources) written."""
    from pelayanan_cli.core.outfile import batch

    check_target(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(
            f"cannot create {folder}: {exc.strerror or exc}; nothing written"
        ) from None
    flat = [c for c in columns if not c.table_only]
    id_column = Column(
        "id",
        "Id",
        type="integer",
        description="the row's number in this package (sources.csv refers to it)",
    )
    result_fields = [_field(id_column), *(_field(c) for c in flat)]
    results_count = sources_count = 0
    with batch(folder / DESCRIPTOR) as files:
        results = _Hashing(files.open(folder / RESULTS))  # type: ignore[arg-type]
        sources = _Hashing(files.open(folder / SOURCES))  # type: ignore[arg-type]
        result_writer = csv.writer(results, lineterminator="\r\n")
        source_writer = csv.writer(sources, lineterminator="\r\n")
        result_writer.writerow([f["name"] for f in result_fields])
        source_writer.writerow([f["name"] for f in SOURCE_FIELDS])
        for number, row in enumerate(rows, start=1):
            result_writer.writerow([number, *(_cell(c, row, raw) for c in flat)])
            results_count += 1
            for index, source in enumerate(row.get("sources") or [], start=1):
                source_writer.writerow(
                    [
                        number,
                        index,
                        *(_text(source.get(key), raw) for key in ("url", "printed", "stated")),
                    ]
                )
                sources_count += 1
        descriptor = _descriptor(
            result_fields, results, sources, dataset, version, results_count, sources_count
        )
        handle = files.open(folder / DESCRIPTOR)
        handle.write(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n")  # type: ignore[arg-type]
    return results_count, sources_count


def _text(value: Any, raw: bool) -> str:
    text = printable(cell_text(value))
    return text if raw else neutralised(text, Column("text", "text"))


def _resource(
    name: str, path: str, written: _Hashing, fields: list[dict[str, Any]], description: str
) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "bytes": written.bytes,
        "hash": f"sha256:{written.sha256.hexdigest()}",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": {"fields": fields, "missingValues": [""]},
    }


def _descriptor(
    result_fields: list[dict[str, Any]],
    results: _Hashing,
    sources: _Hashing,
    dataset: Dataset,
    version: str,
    results_count: int,
    sources_count: int,
) -> dict[str, Any]:
    results_resource = _resource(
        "results",
        RESULTS,
        results,
        result_fields,
        f"{results_count} results: one row per result (per report where sources disagree); "
        "grade, label and zone computed from the score by the bands of its year",
    )
    results_resource["schema"]["primaryKey"] = ["id"]
    results_resource["licenses"] = [PROJECT_LICENSE, REGIONS_LICENSE]
    results_resource["sources"] = RESULTS_SOURCES
    sources_resource = _resource(
        "sources",
        SOURCES,
        sources,
        SOURCE_FIELDS,
        f"{sources_count} sources: each publication that printed a result, with the figure "
        "and grade words as printed",
    )
    sources_resource["schema"]["primaryKey"] = ["result_id", "source_no"]
    sources_resource["schema"]["foreignKeys"] = [
        {"fields": ["result_id"], "reference": {"resource": "results", "fields": ["id"]}}
    ]
    sources_resource["licenses"] = [PROJECT_LICENSE]
    sources_resource["sources"] = RESULTS_SOURCES[:3]
    return {
        "profile": "tabular-data-package",
        "name": "pelayanan-results",
        "title": "Published results of Indonesia's public-service evaluations",
        "description": "Ombudsman RI compliance assessments, KemenPANRB IPP and SKM/IKM results "
        "as published, each with the publications that printed it (exported by pelayanan).",
        "version": version,
        "licenses": [PROJECT_LICENSE],
        "sources": RESULTS_SOURCES,
        "pelayanan": {
            "version": version,
            "data": [
                {"file": os.path.basename(f.path), "sha256": f.sha256, "results": f.results}
                for f in dataset.files
            ],
        },
        "resources": [results_resource, sources_resource],
    }


def refuse_locale() -> None:
    raise UsageError(
        "a data package is plain CSV with a schema (decimal point, `,`); drop --locale id"
    )
