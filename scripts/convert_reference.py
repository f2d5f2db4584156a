"""Convert the sourced records in ../shared/reference/*.jsonl into data/evaluations.toml.

Re-run when the reference grows:  python scripts/convert_reference.py [REFERENCE_DIR]

What it does, so the data stays traceable:
- every record's entity is resolved to one Kemendagri code within its province (or it stops);
- records of one result (region, instrument, year, unit) with the same value become one
  [[result]] with several sources; different values stay separate and are marked disputed;
- grade-only reports join the one scored report of their result, when there is exactly one;
- each source keeps its URL, the figure as printed (found in its quote) and the grade words;
  the quotes themselves stay in the reference.
After writing, the file is read back with the project's own loader and must have no errors.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pelayanan_cli.core.regions import load_regions  # noqa: E402

DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
TARGET = ROOT / "data" / "evaluations.toml"

INSTRUMENTS = {
    "ombudsman-kepatuhan": ("ombudsman", "kepatuhan"),
    "ombudsman-opini": ("ombudsman", "opini"),
    "kemenpanrb-ipp": ("ipp", "pekppp"),
    "skm": ("skm", "ikm"),
}

# One office, several spellings in the sources: the name kept is the first one here.
UNIT_NAMES = {
    "Dinas Kependudukan dan Catatan Sipil": "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)": "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil)": "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kependudukan dan Pencatatan Sipil (Dispendukcapil)": "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kependudukan dan Catatan Sipil (Disdukcapil)": "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kependudukan dan Catatan Sipil (Dukcapil)": "Dinas Kependudukan dan Pencatatan Sipil",
}
# The reference carries a survey period inside some unit strings; it becomes the result's note.
_PERIOD_IN_UNIT = re.compile(r"^(?P<unit>.+?) \((?P<note>Semester .+)\)$")
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,] ?\d+)?(?![\d])")
_APPROXIMATE = re.compile(r"\b(sekitar|kurang lebih|hampir|lebih dari)\s+$", re.IGNORECASE)


@dataclass
class Report:
    code: str
    instrument: str
    year: int
    unit: str | None
    note: str | None
    score: Decimal | None
    approximate: bool
    sources: list[dict[str, str]] = field(default_factory=list)
    disputed: bool = False


def printed_figure(score: float, quote: str) -> tuple[str, bool]:
    """The score as the quote prints it, and whether the quote calls it approximate."""
    value = Decimal(str(score))
    for match in _NUMBER.finditer(quote):
        text = match.group(0)
        if Decimal(text.replace(",", ".").replace(" ", "")) == value:
            before = quote[max(0, match.start() - 20) : match.start()]
            return text, bool(_APPROXIMATE.search(before))
    raise SystemExit(f"score {score} not found in its quote: {quote[:120]!r}")


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(reference: Path) -> int:
    regions = load_regions()
    records = []
    for path in sorted(reference.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                records.append((f"{path.name}:{number}", json.loads(line)))

    groups: dict[tuple[str, str, int, str], list[Report]] = defaultdict(list)
    grade_only: dict[tuple[str, str, int, str], list[Report]] = defaultdict(list)
    methods: dict[tuple[str, int], str] = {}
    for where, record in records:
        provinces = [r for r in regions.lookup(record["province"]).candidates if r.is_province]
        if len(provinces) != 1:
            raise SystemExit(f"{where}: province {record['province']!r} does not resolve")
        within = provinces[0].code
        found = regions.lookup(record["entity"], within=within)
        if found.unique is None:
            names = [r.name for r in found.candidates]
            raise SystemExit(f"{where}: {record['entity']!r} in {record['province']} -> {names}")
        if found.unique.level != record["level"]:
            raise SystemExit(f"{where}: level {record['level']} but {found.unique.name}")
        instrument, method = INSTRUMENTS[record["instrument"]]
        if methods.setdefault((instrument, record["year"]), method) != method:
            raise SystemExit(f"{where}: two methods for {instrument} {record['year']}")
        unit, note = record["unit"], None
        if unit:
            period = _PERIOD_IN_UNIT.match(unit)
            if period:
                unit, note = period.group("unit"), period.group("note")
            unit = UNIT_NAMES.get(unit, unit)
        source = {"url": record["source_url"]}
        score, approximate = None, False
        if record["score"] is not None:
            source["printed"], approximate = printed_figure(record["score"], record["quote"])
            score = Decimal(source["printed"].replace(",", ".").replace(" ", ""))
        if record["stated_grade"]:
            source["stated"] = record["stated_grade"]
        if record["rank"]:
            source["rank"] = record["rank"]
        key = (found.unique.code, instrument, record["year"], unit or "")
        target = groups[key] if score is not None else grade_only[key]
        match = next(
            (
                r
                for r in target
                if r.score == score and r.approximate == approximate and r.note == note
            ),
            None,
        )
        if match is None:
            match = Report(
                found.unique.code, instrument, record["year"], unit, note, score, approximate
            )
            target.append(match)
        twin = next((s for s in match.sources if s["url"] == source["url"]), None)
        if twin is None:
            match.sources.append(source)
        else:
            # Two reference files recorded the same article: keep it once, and say so.
            print(
                f"{where}: same source as an earlier record, kept once: {source['url']}",
                file=sys.stderr,
            )
            if {**source, **twin} != twin:
                raise SystemExit(f"{where}: the same source recorded twice with different details")

    reports: list[Report] = []
    for key in sorted(set(groups) | set(grade_only)):
        scored = groups.get(key, [])
        exact = [r for r in scored if not r.approximate]
        values = {r.score for r in exact}
        if len(values) > 1:
            for report in exact:
                report.disputed = True
        for approx in (r for r in scored if r.approximate):
            if exact and all(abs(approx.score - e.score) >= 1 for e in exact):  # type: ignore[operator]
                approx.disputed = True
        loose = grade_only.get(key, [])
        if len(exact) == 1 and loose:
            for report in loose:
                exact[0].sources.extend(
                    s
                    for s in report.sources
                    if s["url"] not in {x["url"] for x in exact[0].sources}
                )
            loose = []
        reports.extend(scored + loose)

    write(reports, regions)
    return 0


def write(reports: list[Report], regions: object) -> None:
    lines = [
        "# pelayanan: published results of Indonesia's public-service evaluations.",
        "#",
        "# Each [[result]] is one value reported for a region (Kemendagri code), instrument and",
        "# assessment year, optionally for a unit (OPD, puskesmas) inside the region, with every",
        "# source that reported it: its URL, the figure as printed and its grade words as printed.",
        "# Sources that disagree stay as separate results, each marked disputed = true.",
        "# Grades are computed from data/scales.toml; `stated` is the source's own wording.",
        "#",
        "# Generated from ../shared/reference by scripts/convert_reference.py; since then the",
        "# hand-kept source of truth. Check edits with `pelayanan check data/evaluations.toml`.",
        "",
    ]
    for report in reports:
        region = regions.get(report.code)  # type: ignore[attr-defined]
        title = f"# {region.name} · {report.instrument} {report.year}"
        if report.unit:
            title += f" · {report.unit}"
        lines += [title, "[[result]]", f"region = {toml_string(report.code)}"]
        lines.append(f"instrument = {toml_string(report.instrument)}")
        lines.append(f"year = {report.year}")
        if report.unit:
            lines.append(f"unit = {toml_string(report.unit)}")
        if report.score is not None:
            lines.append(f"score = {report.score}")
        if report.approximate:
            lines.append("approximate = true")
        if report.disputed:
            lines.append("disputed = true")
        if report.note:
            lines.append(f"note = {toml_string(report.note)}")
        for source in report.sources:
            lines.append("[[result.source]]")
            for key in ("url", "printed", "stated", "rank"):
                if key in source:
                    lines.append(f"{key} = {toml_string(source[key])}")
        lines.append("")
    TARGET.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(reports)} results", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REFERENCE))
