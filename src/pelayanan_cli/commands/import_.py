"""`pelayanan import FILE`: many results at once from CSV or JSON lines, all or nothing."""

from pathlib import Path
from typing import Annotated

import typer

from pelayanan_cli.commands.add import DryRunOption, WriteDataOption


def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV (; or , separated, decimal comma and BOM fine: a spreadsheet's "
            "'CSV UTF-8' export) or JSON lines, with the columns region, instrument, year, "
            "unit, score, grade (or stated), source (or url), rank, printed.",
            dir_okay=False,
        ),
    ],
    dry_run: DryRunOption = False,
    data: WriteDataOption = None,
) -> None:
    """Add many results from a CSV or JSON-lines file: if any row is invalid, none is added."""
    from pelayanan_cli.commands.add import report, waiting_notice
    from pelayanan_cli.core.entries import (
        Draft,
        Note,
        Plan,
        Refused,
        add_results,
        check_drafts,
        context_for,
        draft_from_fields,
        read_rows,
    )
    from pelayanan_cli.core.errors import DataError, PelayananError
    from pelayanan_cli.core.files import read_input
    from pelayanan_cli.core.writing import write_target
    from pelayanan_cli.render.output import message

    raw = read_input(file)
    name = str(file)
    rows = read_rows(raw, name)
    target = write_target(data)
    context = context_for(target)
    drafts: list[Draft] = []
    bad: list[tuple[int, str]] = []
    for row in rows:
        origin = f"{name}:{row.line}"
        if row.problem is not None:
            bad.append((row.line, row.problem))
            continue
        try:
            drafts.append(
                draft_from_fields(row.fields, context.regions, context.scales, origin=origin)
            )
        except PelayananError as exc:
            bad.append((row.line, str(exc)))

    def line_of(note: Note) -> int:
        """The file line of a note's row (0: a problem of no row in particular)."""
        return int(drafts[note.index].origin.rsplit(":", 1)[1]) if note.index is not None else 0

    plan_done: Plan | None = None
    try:
        if not bad:
            plan_done = add_results(drafts, context, dry_run=dry_run, waiting=waiting_notice)
        elif drafts:
            # Check the good rows too, on the file as it is now, so every bad row shows at once.
            check_drafts(drafts, context)
    except Refused as refused:
        bad += [(line_of(note), note.message) for note in refused.problems]
    if plan_done is None:
        for line, text in sorted(bad, key=lambda problem: problem[0]):
            message(f"{name}:{line}: {text}" if line else text)
        failing = len({line for line, _ in bad if line})
        raise DataError(
            f"nothing imported: {failing} of {len(rows)} rows of {name} have problems"
            if failing
            else f"nothing imported from {name}"
        )
    report(plan_done, drafts, target, dry_run=dry_run)
