"""The export survives the readers people use: pandas reads region codes as text (53.10 stays
"53.10") and every column as the JSON contract types it; the data package passes frictionless's
own validator, and pandas and frictionless read its codes as strings and scores as numbers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app

pd = pytest.importorskip("pandas")

# The type each column of a result row has in the JSON contract (README), as pandas holds it.
CONTRACT = {
    "code": "string",
    "region": "string",
    "level": "string",
    "province": "string",
    "instrument": "string",
    "method": "string",
    "year": "integer",
    "unit": "string",
    "score": "number",
    "grade": "string",
    "label": "string",
    "zone": "string",
    "graded_from": "string",
    "stated": "string",
    "rank_stated": "string",
    "sources": "integer",  # CSV/TSV: how many; the list is in export --sources and JSON
    "approximate": "boolean",
    "disputed": "boolean",
    "conflict": "string",
    "note": "string",
}


RECIPE = {"code": "string", "conflict": "string"}


def kind(series: object) -> str:
    from pandas.api import types

    if types.is_bool_dtype(series):
        return "boolean"
    if types.is_integer_dtype(series):
        return "integer"
    if types.is_float_dtype(series):
        return "number"
    return "string"


@pytest.mark.parametrize(("fmt", "sep"), [("csv", ","), ("tsv", "\t")])
def test_pandas_reads_the_export_as_the_contract_says(
    runner: CliRunner, fmt: str, sep: str
) -> None:
    result = runner.invoke(app, ["export", "--format", fmt])
    assert result.exit_code == 0
    # The README's recipe: the code, and the list of other values, are text.
    panel = pd.read_csv(io.StringIO(result.stdout), sep=sep, dtype=RECIPE)
    assert {kind(panel[c]) for c in ["code"]} == {"string"}
    assert "53.10" in set(panel["code"]) and "53.1" not in set(panel["code"])
    manggarai = panel[(panel["code"] == "53.10") & (panel["year"] == 2024)]
    assert 83.22 in list(manggarai["score"])
    assert {c: kind(panel[c]) for c in CONTRACT if panel[c].notna().any()} == {
        c: t for c, t in CONTRACT.items() if panel[c].notna().any()
    }
    # Without the recipe pandas turns codes into numbers: why the README gives it.
    naive = pd.read_csv(io.StringIO(result.stdout), sep=sep)
    assert kind(naive["code"]) == "number"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pkg") / "panel"
    result = CliRunner().invoke(app, ["export", "--format", "datapackage", "-o", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "datapackage.json",
        "results.csv",
        "sources.csv",
    ]
    return folder


def test_frictionless_validates_the_package(package: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_notices_a_changed_byte(package: Path, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(package, copy)
    text = (copy / "results.csv").read_text(encoding="utf-8")
    (copy / "results.csv").write_text(text.replace(",83.22,", ",93.22,", 1), encoding="utf-8")
    assert not frictionless.validate(str(copy / "datapackage.json")).valid


def test_the_descriptor_says_what_each_part_is(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    results, sources = descriptor["resources"]
    assert results["schema"]["primaryKey"] == ["id"]
    assert sources["schema"]["foreignKeys"][0]["reference"] == {
        "resource": "results",
        "fields": ["id"],
    }
    fields = {f["name"]: f for f in results["schema"]["fields"]}
    assert fields["code"]["type"] == "string" and fields["score"]["type"] == "number"
    assert all(f.get("description") for f in fields.values())
    assert {lic["name"] for lic in results["licenses"]} == {"MIT"}
    assert any("wilayah" in s.get("path", "") for s in results["sources"])
    assert results["hash"].startswith("sha256:") and len(results["hash"]) == 71
    assert descriptor["pelayanan"]["data"][0]["file"] == "evaluations.toml"


def test_readers_keep_codes_as_text_through_the_schema(package: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    rows = frictionless.Package(str(package / "datapackage.json")).get_resource("results")
    read = rows.read_rows()
    manggarai = [r for r in read if r["code"] == "53.10" and r["year"] == 2024]
    assert manggarai and all(isinstance(r["code"], str) for r in read)
    assert float(manggarai[0]["score"]) == 83.22
    # pandas with the types the schema gives (the README's recipe)
    fields = json.loads((package / "datapackage.json").read_text())["resources"][0]["schema"][
        "fields"
    ]
    types = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}
    panel = pd.read_csv(
        package / "results.csv", dtype={f["name"]: types[f["type"]] for f in fields}
    )
    assert "53.10" in set(panel["code"])
    assert kind(panel["score"]) == "number" and kind(panel["disputed"]) == "boolean"
