"""A verification, as the text a reader checks line by line or as the JSON record scripts read."""

from __future__ import annotations

from typing import Any

from pelayanan_cli.core.agreement import band_name
from pelayanan_cli.core.claims import Evidence, Verification
from pelayanan_cli.core.numbers import format_score

WORDS = {
    "supported": "supported",
    "contradicted": "contradicted",
    "disputed": "disputed",
    "not_in_data": "not in the data",
}
STANCES = {"supports": "supports", "contradicts": "contradicts", "silent": "says nothing on it"}


def band_text(item: Evidence) -> str:
    """'86.62, B, Kualitas Tinggi, zona hijau (graded from the score)': what the result says."""
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


def verdict_lines(verification: Verification) -> list[str]:
    """The verdict, then each result with its checks, any disagreement and every source."""
    claim, place = verification.claim, verification.place
    lines = [
        f"{WORDS[verification.verdict]}: {claim.text!r} for {place.name} ({place.code}) "
        f"in {verification.year}"
    ]
    if verification.reason:
        lines.append(f"  {verification.reason}")
    for item in verification.evidence:
        result, scale = item.result, item.scale
        what = f"{result.instrument} {result.year}"
        if result.unit:
            what = f"{result.unit}: {what}"
        bands = f" ({scale.method}, {scale.period} bands, {scale.status})" if scale else ""
        lines.append(f"{what}{bands}: {band_text(item)} — {WORDS[item.verdict]}")
        for check in item.checks:
            lines.append(f"  {check.part} {check.claimed}: {WORDS[check.verdict]} — {check.why}")
        values = sorted(
            {r.score for r in item.reports if r.score is not None and not r.approximate}
        )
        if len(values) > 1:
            shown = " vs ".join(format_score(v) for v in values)
            lines.append(f"  note: the sources disagree on this result ({shown})")
        grades = sorted({band_name(s.said.bands) for s in item.stances if s.said.bands is not None})
        if len(grades) > 1 and any(
            not (a.said.bands & b.said.bands)  # type: ignore[operator]
            for a in item.stances
            for b in item.stances
            if a.said.bands is not None and b.said.bands is not None
        ):
            lines.append(f"  note: the sources disagree on the grade ({' vs '.join(grades)})")
        # Who printed what, and what that says to the claim.
        for stance in item.stances:
            report, source = stance.said.report, stance.said.source
            figure = "a grade only"  # the report printed no score: its words are the result
            if report.score is not None:
                figure = ("~" if report.approximate else "") + format_score(report.score)
            said = [f"printed {source.printed}"] if source.printed else []
            if source.stated:
                said.append(f'stated "{source.stated}"')
            if source.rank:
                said.append(f'rank "{source.rank}"')
            detail = f" ({'; '.join(said)})" if said else " (printed no figure or grade)"
            lines.append(f"  source for {figure}: {source.url}{detail} — {STANCES[stance.stance]}")
    return lines


def verdict_record(verification: Verification) -> dict[str, Any]:
    """The `verify --format json` contract: verdict, exit status, the claim's parts, evidence."""
    claim, place = verification.claim, verification.place
    return {
        "verdict": verification.verdict,
        "exit_status": int(verification.status),
        "claim": {"text": claim.text, **dict(claim.parts)},
        "code": place.code,
        "region": place.name,
        "year": verification.year,
        "reason": verification.reason,
        "evidence": [_evidence_record(e) for e in verification.evidence],
    }


def _evidence_record(e: Evidence) -> dict[str, Any]:
    return {
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
                    {
                        "url": s.said.source.url,
                        "printed": s.said.source.printed,
                        "stated": s.said.source.stated,
                        "rank": s.said.source.rank,
                        "grade": band_name(s.said.bands) if s.said.bands else None,
                        "stance": s.stance,
                    }
                    for s in e.stances
                    if s.said.report is r
                ],
            }
            for r in e.reports
        ],
    }
