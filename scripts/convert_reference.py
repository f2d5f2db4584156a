"""Convert the sourced records in ../shared/reference/*.jsonl into data/evaluations.toml.

Re-run when the reference grows:  python scripts/convert_reference.py [REFERENCE_DIR [OUTPUT]]

What it does, so the data stays traceable:
- every record of every *.jsonl becomes a source of one result: its entity is resolved to one
  Kemendagri code within its province (a name that does not resolve stops the conversion; no
  record is ever dropped), its unit to one name by data/units.toml (the printed name stays on
  the source);
- records of one result (region, instrument, year, unit) with the same value become one
  [[result]] with several sources; different values stay separate and are marked disputed;
- grade-only and rank-only reports join the one scored report of their result when their words
  fit its score's band (or say nothing a band knows); words that contradict it make a result of
  their own, and both are marked disputed (Kota Baubau 2019: 53,15 "zona kuning" beside
  "predikat tingkat kepatuhan terbaik"); grade-only reports that disagree with each other
  (Kabupaten Bombana IPP 2025: "A-" beside "A") likewise;
- each source keeps its URL, the figure as printed (found in its quote), its grade words, its rank
  and the unit as it named it; the quotes themselves stay in the reference.
After writing, the file is read back with the project's own checker and must have no errors.
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

from pelayanan_cli.core.model import near  # noqa: E402
from pelayanan_cli.core.regions import load_regions  # noqa: E402
from pelayanan_cli.core.scales import Band, Scales, load_scales, stated_bands  # noqa: E402
from pelayanan_cli.core.units import load_units  # noqa: E402

DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
TARGET = ROOT / "data" / "evaluations.toml"

INSTRUMENTS = {
    "ombudsman-kepatuhan": ("ombudsman", "kepatuhan"),
    "ombudsman-opini": ("ombudsman", "opini"),
    "kemenpanrb-ipp": ("ipp", "pekppp"),
    "skm": ("skm", "ikm"),
}

# The reference carries a survey period inside some unit strings; it becomes the result's note.
_PERIOD_IN_UNIT = re.compile(r"^(?P<unit>.+?) \((?P<note>Semester .+)\)$")
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,] ?\d+)?(?![\d])")
_APPROXIMATE = re.compile(r"\b(sekitar|kurang lebih|hampir|lebih dari)\s+$", re.IGNORECASE)

Key = tuple[str, str, int, str]


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


@dataclass
class Loose:
    """A source that printed no figure, with the bands its words allow (None: none known)."""

    note: str | None
    source: dict[str, str]
    bands: frozenset[Band] | None


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


def read_records(reference: Path) -> list[tuple[str, dict[str, object]]]:
    records = []
    for path in sorted(reference.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                records.append((f"{path.name}:{number}", json.loads(line)))
    return records


def add_source(target: Report, source: dict[str, str], where: str) -> None:
    """Add a source to a report once. The same article recorded twice (by two reference files)
    must print the same figure; of two transcriptions of its grade words the one found verbatim
    in its quote is kept, and a rank is kept from whichever record gives one."""
    twin = next((s for s in target.sources if s["url"] == source["url"]), None)
    if twin is None:
        target.sources.append(source)
        return
    print(f"{where}: same source as an earlier record, kept once: {source['url']}", file=sys.stderr)
    if twin.get("printed") != source.get("printed") or twin.get("unit") != source.get("unit"):
        raise SystemExit(f"{where}: the same source recorded twice with different figures")
    for key in ("stated", "rank"):
        mine, theirs = source.get(key), twin.get(key)
        if mine is None or mine == theirs:
            continue
        if theirs is None or (mine in source["_quote"] and theirs not in twin["_quote"]):
            twin[key] = mine
            print(f"{where}: {key} taken from this record: {mine!r}", file=sys.stderr)


def main(reference: Path, target: Path = TARGET) -> int:
    regions, scales, units = load_regions(), load_scales(), load_units()
    records = read_records(reference)
    if not records:
        raise SystemExit(f"no records in {reference}/*.jsonl")

    scored: dict[Key, list[Report]] = defaultdict(list)
    loose: dict[Key, list[tuple[str, Loose]]] = defaultdict(list)
    methods: dict[tuple[str, int], str] = {}
    for where, record in records:
        provinces = [r for r in regions.lookup(str(record["province"])).candidates if r.is_province]
        if len(provinces) != 1:
            raise SystemExit(f"{where}: province {record['province']!r} does not resolve")
        within = provinces[0].code
        found = regions.lookup(str(record["entity"]), within=within)
        if found.unique is None:
            names = [r.name for r in found.candidates]
            raise SystemExit(f"{where}: {record['entity']!r} in {record['province']} -> {names}")
        if found.unique.level != record["level"]:
            raise SystemExit(f"{where}: level {record['level']} but {found.unique.name}")
        code = found.unique.code
        instrument, method = INSTRUMENTS[str(record["instrument"])]
        year = int(record["year"])  # type: ignore[call-overload]
        if methods.setdefault((instrument, year), method) != method:
            raise SystemExit(f"{where}: two methods for {instrument} {year}")
        scale = scales.find(instrument, year)
        if scale is None:
            raise SystemExit(f"{where}: {scales.year_problem(instrument, year)}")
        printed_unit = record["unit"]
        unit, note = None, None
        if printed_unit:
            unit = str(printed_unit)
            period = _PERIOD_IN_UNIT.match(unit)
            if period:
                unit, note = period.group("unit"), period.group("note")
            unit = units.canonical(unit, code)
        # The quote stays in the reference; it is kept here only to choose between two
        # transcriptions of one article's words (see add_source), and never written.
        source = {"url": str(record["source_url"]), "_quote": str(record["quote"])}
        score, approximate = None, False
        if record["score"] is not None:
            source["printed"], approximate = printed_figure(record["score"], str(record["quote"]))  # type: ignore[arg-type]
            score = Decimal(source["printed"].replace(",", ".").replace(" ", ""))
        if record["stated_grade"]:
            source["stated"] = str(record["stated_grade"])
        if record["rank"]:
            source["rank"] = str(record["rank"])
        if printed_unit and printed_unit != unit:
            source["unit"] = str(printed_unit)
        key = (code, instrument, year, unit or "")
        if score is None:
            bands = stated_bands(source.get("stated"), scale)
            loose[key].append((where, Loose(note, source, bands)))
            continue
        match = next(
            (
                r
                for r in scored[key]
                if r.score == score and r.approximate == approximate and r.note == note
            ),
            None,
        )
        if match is None:
            match = Report(code, instrument, year, unit, note, score, approximate)
            scored[key].append(match)
        add_source(match, source, where)

    reports: list[Report] = []
    for key in sorted(set(scored) | set(loose)):
        reports.extend(settle(key, scored.get(key, []), loose.get(key, []), scales))
    write(reports, regions, target)
    return verify_written(len(records), target)


def settle(
    key: Key, values: list[Report], unscored: list[tuple[str, Loose]], scales: Scales
) -> list[Report]:
    """The reports of one result: values apart, grade words joined where they fit, and every
    disagreement (of value or of grade) marked disputed."""
    code, instrument, year, unit = key
    scale = scales.find(instrument, year)
    assert scale is not None
    exact = [r for r in values if not r.approximate]
    if len(exact) == 1:
        # Words that fit the one score's band (or name no band) support it; others stand apart.
        band = scale.band_for(exact[0].score)  # type: ignore[arg-type]
        rest = []
        for where, item in unscored:
            if item.bands is None or band in item.bands:
                add_source(exact[0], item.source, where)
            else:
                rest.append((where, item))
        unscored = rest
    groups: list[tuple[frozenset[Band] | None, Report]] = []
    neutral: list[tuple[str, Loose]] = []
    for where, item in unscored:
        if item.bands is None:
            neutral.append((where, item))
            continue
        for index, (bands, report) in enumerate(groups):
            common = item.bands & bands if bands is not None else item.bands
            if common and report.note == item.note:
                groups[index] = (common, report)
                add_source(report, item.source, where)
                break
        else:
            report = Report(code, instrument, year, unit or None, item.note, None, False)
            add_source(report, item.source, where)
            groups.append((item.bands, report))
    if neutral:
        if len(groups) == 1 and not exact:
            home = groups[0][1]
        else:
            home = Report(code, instrument, year, unit or None, neutral[0][1].note, None, False)
            groups.append((None, home))
        for where, item in neutral:
            add_source(home, item.source, where)
    found = values + [report for _, report in groups]
    readings = {id(r): _reading(r, scale, groups) for r in found}
    for report in found:
        for other in found:
            if other is report:
                continue
            if _values_apart(report, other) or _bands_apart(
                readings[id(report)], readings[id(other)]
            ):
                report.disputed = True
        if _sources_apart(report, scale):
            report.disputed = True
    return found


def _reading(
    report: Report, scale: object, groups: list[tuple[frozenset[Band] | None, Report]]
) -> frozenset[Band] | None:
    if report.score is not None:
        if report.approximate:
            return None
        band = scale.band_for(report.score)  # type: ignore[attr-defined]
        return frozenset({band})
    return next((bands for bands, r in groups if r is report), None)


def _values_apart(a: Report, b: Report) -> bool:
    """As model.consistent: an approximate figure fits within one unit of its last digit."""
    if a.score is None or b.score is None or a.score == b.score:
        return False
    if a.approximate and b.approximate:
        return not (near(a.score, b.score) or near(b.score, a.score))
    if a.approximate:
        return not near(a.score, b.score)
    if b.approximate:
        return not near(b.score, a.score)
    return True


def _bands_apart(a: frozenset[Band] | None, b: frozenset[Band] | None) -> bool:
    return a is not None and b is not None and not (a & b)


def _sources_apart(report: Report, scale: object) -> bool:
    """Sources of one value whose grade words exclude each other (85,25: "Kategori A" beside
    "kategori B")."""
    readings = []
    for source in report.sources:
        bands = stated_bands(source.get("stated"), scale)  # type: ignore[arg-type]
        if bands is None and "printed" in source and not report.approximate:
            band = scale.band_for(report.score)  # type: ignore[attr-defined]
            bands = frozenset({band})
        if bands is not None:
            readings.append(bands)
    return any(not (a & b) for i, a in enumerate(readings) for b in readings[i + 1 :])


def verify_written(records: int, target: Path) -> int:
    """Read the written file back with the project's checker: no errors, every record held."""
    from pelayanan_cli.core.dataset import read_file
    from pelayanan_cli.core.scales import load_scales
    from pelayanan_cli.core.validation import check_files

    report = check_files([target], with_bundled=False)  # it replaces the bundled file
    for finding in report.findings:
        print(finding, file=sys.stderr)
    reading = read_file(target, load_regions(), load_scales())
    sources = sum(len(r.sources) for r in reading.results)
    print(
        f"read back: {report.summary()}; {sources} source reports for {records} records",
        file=sys.stderr,
    )
    return 1 if report.errors else 0


def write(reports: list[Report], regions: object, target: Path) -> None:
    lines = [
        "# pelayanan: published results of Indonesia's public-service evaluations.",
        "#",
        "# Each [[result]] is one value reported for a region (Kemendagri code), instrument and",
        "# assessment year, optionally for a unit (OPD, puskesmas) inside the region, with every",
        "# source that reported it: its URL, the figure as printed and its grade words as printed.",
        "# Sources that disagree (on the value, or on the grade) stay as separate results, each",
        "# marked disputed = true. A source's `unit` is the unit as it named it (data/units.toml).",
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
            for key in ("url", "printed", "stated", "rank", "unit"):
                if key in source:
                    lines.append(f"{key} = {toml_string(source[key])}")
        lines.append("")
    target.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {target}: {len(reports)} results", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(
        main(
            Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REFERENCE,
            Path(sys.argv[2]) if len(sys.argv) > 2 else TARGET,
        )
    )
