"""`pelayanan verify REGION YEAR CLAIM`: is a claim about a result supported by the data?"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from pelayanan_cli.commands.cite import TextFormat, TextFormatOption, UnitOption
from pelayanan_cli.commands.options import DataOption, InstrumentOption, complete_region

if TYPE_CHECKING:
    from pelayanan_cli.core.claims import Claim, Evidence, Verdict
    from pelayanan_cli.core.regions import Region

WORDS = {"supported": "supported", "contradicted": "contradicted", "not_in_data": "not in the data"}


def verify(
    region: Annotated[
        str,
        typer.Argument(
            help="Region: name ('Kota Kupang'), abbreviation (TTU) or code (53.71).",
            autocompletion=complete_region,
        ),
    ],
    year: Annotated[int, typer.Argument(help="Assessment year.")],
    claim: Annotated[
        str,
        typer.Argument(
            help="What is claimed: a score (86,62), grade (B, A-), zone (hijau), label ('kualitas tinggi'), or several ('B hijau')."
        ),
    ],
    instrument: InstrumentOption = None,
    unit: UnitOption = None,
    format: TextFormatOption = TextFormat.text,
    data: DataOption = None,
) -> None:
    """Check a claim against the data: supported, contradicted or not in the data, with evidence.

    The claim is checked against every instrument with a result that year (or --instrument),
    each report of the result, and the bands of its year. A score matches exactly (86,62 =
    86.62) or as the held value rounded to the claim's decimals (86,6).

    Exit status: 0 supported; 1 not in the data (no result that year, no score published, an
    unknown or ambiguous region); 2 usage (a claim that cannot be read); 3 contradicted.
    """
    from pelayanan_cli.commands.common import instrument_name, load
    from pelayanan_cli.core.claims import check_result, combine_results, parse_claim
    from pelayanan_cli.core.errors import ExitStatus
    from pelayanan_cli.core.series import instruments_of, only_region, pick_unit, why_no_result

    dataset, regions, scales = load(data)
    chosen = instrument_name(scales, instrument)
    parsed = parse_claim(claim, scales)
    place = only_region(regions, region, "verify")
    evidence: list[Evidence] = []
    units = pick_unit(dataset, place.code, unit)
    for unit_name in units:
        for name in instruments_of(dataset, scales, place.code, unit_name):
            if chosen is not None and name != chosen:
                continue
            key = (place.code, name, year, unit_name or "")
            if not dataset.reports(key):
                continue
            primary = dataset.primary(key)
            reports = [primary, *(r for r in dataset.reports(key) if r is not primary)]
            evidence.append(check_result(parsed, reports, scales))
    verdict = combine_results([e.verdict for e in evidence])
    reason = (
        None
        if evidence
        else why_no_result(dataset, scales, place, year, chosen, units[0] if unit else None)
    )
    status = {
        "supported": ExitStatus.OK,
        "not_in_data": ExitStatus.NOT_FOUND_OR_INVALID,
        "contradicted": ExitStatus.CONTRADICTED,
    }[verdict]
    if format is TextFormat.json:
        from pelayanan_cli.render.json_out import to_json

        typer.echo(to_json(_record(parsed, place, year, verdict, int(status), evidence, reason)))
    else:
        for line in _lines(parsed, place, year, verdict, evidence, reason):
            typer.echo(line)
    raise typer.Exit(int(status))


def _band_text(item: Evidence) -> str:
    from pelayanan_cli.core.numbers import format_score

    band = item.band
    parts = [format_score(item.result.score)] if item.result.score is not None else []
    if item.result.approximate and parts:
        parts[0] = "~" + parts[0]
    if band is not None:
        parts += [
            p for p in (band.grade, band.label, f"zona {band.zone}" if band.zone else "") if p
        ]
    text = ", ".join(parts) or "no grade"
    graded = {"score": "graded from the score", "stated": "grade as stated, no score"}
    return f"{text} ({graded[item.graded_from]})" if item.graded_from else text


def _lines(
    claim: Claim,
    place: Region,
    year: int,
    verdict: Verdict,
    evidence: list[Evidence],
    reason: str | None,
) -> list[str]:
    from pelayanan_cli.core.numbers import format_score

    lines = [f"{WORDS[verdict]}: {claim.text!r} for {place.name} ({place.code}) in {year}"]
    if reason:
        lines.append(f"  {reason}")
    for item in evidence:
        result, scale = item.result, item.scale
        what = f"{result.instrument} {result.year}"
        if result.unit:
            what = f"{result.unit}: {what}"
        bands = f" ({scale.method}, {scale.period} bands, {scale.status})" if scale else ""
        lines.append(f"{what}{bands}: {_band_text(item)} — {WORDS[item.verdict]}")
        for check in item.checks:
            lines.append(f"  {check.part} {check.claimed}: {WORDS[check.verdict]} — {check.why}")
        values = sorted(
            {r.score for r in item.reports if r.score is not None and not r.approximate}
        )
        if len(values) > 1:
            shown = " vs ".join(format_score(v) for v in values)
            lines.append(f"  note: the sources disagree on this result ({shown})")
        for report in item.reports:
            figure = format_score(report.score) if report.score is not None else "no score"
            if report.approximate:
                figure = f"~{figure}"
            for source in report.sources:
                said = [f"printed {source.printed}"] if source.printed else []
                if source.stated:
                    said.append(f'stated "{source.stated}"')
                detail = f" ({'; '.join(said)})" if said else ""
                lines.append(f"  source for {figure}: {source.url}{detail}")
    return lines


def _record(
    claim: Claim,
    place: Region,
    year: int,
    verdict: Verdict,
    status: int,
    evidence: list[Evidence],
    reason: str | None,
) -> dict[str, Any]:
    return {
        "verdict": verdict,
        "exit_status": status,
        "claim": {"text": claim.text, **dict(claim.parts)},
        "code": place.code,
        "region": place.name,
        "year": year,
        "reason": reason,
        "evidence": [
            {
                "instrument": e.result.instrument,
                "year": e.result.year,
                "unit": e.result.unit,
                "method": e.scale.method if e.scale else None,
                "period": e.scale.period if e.scale else None,
                "score": e.result.score,
                "grade": (e.band.grade or None) if e.band else None,
                "label": (e.band.label or None) if e.band else None,
                "zone": (e.band.zone or None) if e.band else None,
                "graded_from": e.graded_from,
                "verdict": e.verdict,
                "checks": [
                    {
                        "part": c.part,
                        "claimed": c.claimed,
                        "verdict": c.verdict,
                        "found": c.found,
                        "why": c.why,
                    }
                    for c in e.checks
                ],
                "reports": [
                    {
                        "score": r.score,
                        "approximate": r.approximate,
                        "disputed": r.disputed,
                        "sources": [
                            {"url": s.url, "printed": s.printed, "stated": s.stated}
                            for s in r.sources
                        ],
                    }
                    for r in e.reports
                ],
            }
            for e in evidence
        ],
    }
