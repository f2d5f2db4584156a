"""`pelayanan add`: one result into the user's own data file, checked as `check` would first."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pelayanan_cli.commands.options import complete_region

if TYPE_CHECKING:
    from pelayanan_cli.core.entries import Draft, Plan

WriteDataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="The file to add to (default: $PELAYANAN_DATA, else "
        "$XDG_DATA_HOME/pelayanan/evaluations.toml, i.e. ~/.local/share/pelayanan/evaluations.toml).",
        dir_okay=False,
    ),
]
DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Print the TOML that would be appended; write nothing."),
]


def add(
    region: Annotated[
        str,
        typer.Option(
            "--region",
            "-r",
            help="Region: name, abbreviation or Kemendagri code (53.71).",
            autocompletion=complete_region,
        ),
    ],
    instrument: Annotated[str, typer.Option("--instrument", "-i", help="ombudsman, ipp or skm.")],
    year: Annotated[int, typer.Option("--year", "-y", help="Assessment year.")],
    source: Annotated[
        str, typer.Option("--source", help="URL of the publication that printed the result.")
    ],
    unit: Annotated[
        str | None, typer.Option("--unit", help="A unit inside the region (OPD, puskesmas).")
    ] = None,
    score: Annotated[
        str | None,
        typer.Option("--score", help="The score; a decimal comma is fine (86,62)."),
    ] = None,
    grade: Annotated[
        str | None,
        typer.Option(
            "--grade",
            help="For a result published as a grade only: the source's words ('zona hijau').",
        ),
    ] = None,
    stated: Annotated[
        str | None,
        typer.Option("--stated", help="With --score: the grade words the source printed."),
    ] = None,
    rank: Annotated[
        str | None, typer.Option("--rank", help="The rank as the source stated it.")
    ] = None,
    printed: Annotated[
        str | None,
        typer.Option("--printed", help="The figure as printed (default: --score as typed)."),
    ] = None,
    dry_run: DryRunOption = False,
    data: WriteDataOption = None,
) -> None:
    """Add one result, with its source, to your own data file (never the bundled one)."""
    from pelayanan_cli.core.entries import add_results, context_for, draft_from_fields
    from pelayanan_cli.core.errors import UsageError
    from pelayanan_cli.core.writing import write_target

    if score is None and grade is None:
        raise UsageError("give --score, or --grade for a result published as a grade only")
    if score is not None and grade is not None:
        raise UsageError(
            "give --score or --grade, not both (with a score, --stated takes the grade words)"
        )
    if grade is not None and stated is not None:
        raise UsageError("--grade already holds the source's grade words: drop --stated")
    target = write_target(data)
    context = context_for(target)
    fields = {
        "region": region,
        "instrument": instrument,
        "year": year,
        "unit": unit,
        "score": score,
        "stated": grade if grade is not None else stated,
        "source": source,
        "rank": rank,
        "printed": printed,
    }
    draft = draft_from_fields(fields, context.regions, context.scales)
    plan = add_results([draft], context, dry_run=dry_run, waiting=waiting_notice)
    report(plan, [draft], target, dry_run=dry_run)


def waiting_notice(text: str) -> None:
    """Said once when a writer has queued for a second behind another one."""
    from pelayanan_cli.render.output import message

    message(f"pelayanan: {text}…")


def report(plan: "Plan", drafts: "list[Draft]", target: Path, *, dry_run: bool) -> None:
    """The appended TOML on stdout for --dry-run; what was added, disputes and warnings on stderr."""
    from pelayanan_cli.render.output import message

    def where(index: int | None) -> str:
        origin = drafts[index].origin if index is not None else ""
        return f"{origin}: " if origin else ""

    if dry_run:
        typer.echo(plan.text, nl=False)
    for note in plan.disputes:
        message(f"{where(note.index)}disagreement: {note.message}")
    for note in plan.warnings:
        message(f"{where(note.index)}warning: {note.message}")
    verb = "would add" if dry_run else "added"
    if len(drafts) == 1:
        message(f"{verb} {drafts[0].describe()} to {target} (line {plan.added[0].line})")
    else:
        message(f"{verb} {len(drafts)} results to {target} (from line {plan.added[0].line})")
    if dry_run:
        message("dry run: nothing written")
