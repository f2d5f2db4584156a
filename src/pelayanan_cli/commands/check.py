"""`pelayanan check [PATH …]`: validate data files, one finding per line at its file:line."""

from pathlib import Path
from typing import Annotated

import typer

from pelayanan_cli.commands.options import FormatOption


def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Data files to check (default: the bundled data and $PELAYANAN_DATA); a file of [[scope]] entries (data/scope.toml) is checked as scope.",
            dir_okay=False,
        ),
    ] = None,
    format: FormatOption = None,
) -> None:
    """Validate data files: syntax, keys, regions, years, scores, sources, stated grades.

    A file of [[scope]] entries (how many governments were assessed, data/scope.toml) is checked
    for its keys, instruments, years, areas, levels, counts, region codes and URLs.
    """
    from pelayanan_cli.core.errors import ExitStatus
    from pelayanan_cli.core.validation import check_files, default_check_paths
    from pelayanan_cli.render.output import message
    from pelayanan_cli.render.view import Format

    report = check_files(list(paths) if paths else default_check_paths())
    if format is Format.json:
        from pelayanan_cli.render.json_out import to_json

        typer.echo(
            to_json(
                [
                    {
                        "file": f.file,
                        "line": f.line,
                        "severity": f.severity,
                        "code": str(f.code),
                        "message": f.message,
                    }
                    for f in report.findings
                ]
            )
        )
    else:
        for finding in report.findings:
            message(str(finding))
    if report.parsed:
        message(report.summary())
    if report.errors:
        raise typer.Exit(ExitStatus.INVALID_DATA)
