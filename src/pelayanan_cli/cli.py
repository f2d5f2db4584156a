"""The `pelayanan` command: the Typer app, its commands, and how failures reach the user."""

import os
import sys
from typing import Annotated, NoReturn

import typer
from typer.core import TyperGroup

from pelayanan_cli.commands.add import add
from pelayanan_cli.commands.check import check
from pelayanan_cli.commands.cite import cite
from pelayanan_cli.commands.coverage import coverage
from pelayanan_cli.commands.diff import diff
from pelayanan_cli.commands.export import export
from pelayanan_cli.commands.grade import grade
from pelayanan_cli.commands.import_ import import_
from pelayanan_cli.commands.rank import rank
from pelayanan_cli.commands.report import report
from pelayanan_cli.commands.scales import scales
from pelayanan_cli.commands.show import show
from pelayanan_cli.commands.trend import trend
from pelayanan_cli.commands.verify import verify

_DEBUG = {"on": False}


def _debugging() -> bool:
    return _DEBUG["on"] or bool(os.environ.get("PELAYANAN_DEBUG"))


class _Group(TyperGroup):
    """Every command's expected failures become one line on stderr and a documented exit status."""

    def invoke(self, ctx: typer.Context) -> object:
        from pelayanan_cli.core.errors import PelayananError

        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except PelayananError as exc:
            if _debugging():
                raise
            typer.echo(f"pelayanan: {exc}", err=True)
            raise typer.Exit(int(exc.status)) from None


app = typer.Typer(
    name="pelayanan",
    cls=_Group,
    help="Published results of Indonesia's public-service evaluations (Ombudsman RI, KemenPANRB IPP, SKM), as a table you can query.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
for command in (
    show,
    rank,
    diff,
    export,
    coverage,
    grade,
    scales,
    check,
    trend,
    report,
    cite,
    verify,
):
    app.command()(command)
app.command()(add)
app.command(name="import")(import_)


def _version(value: bool) -> None:
    if not value:
        return
    from pelayanan_cli import __version__
    from pelayanan_cli.commands.common import load

    dataset, _, _ = load(None)
    bundled = dataset.files[0]
    typer.echo(
        f"pelayanan {__version__}\n"
        f"data: {dataset.count} results, {dataset.source_count} sources, "
        f"sha256 {bundled.sha256[:16]} ({bundled.path})"
    )
    raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version and the dataset's size and hash.",
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when something fails.")
    ] = False,
) -> None:
    """Look up, rank and compare the results; every figure carries its source."""
    _DEBUG["on"] = debug


def main() -> None:
    """Run the app; expected failures become one line on stderr and a documented exit status."""
    from pelayanan_cli.core.errors import ExitStatus, PelayananError

    try:
        app()
    except PelayananError as exc:
        if _debugging():
            raise
        print(f"pelayanan: {exc}", file=sys.stderr)
        sys.exit(exc.status)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        sys.exit(ExitStatus.INTERRUPTED)
    except Exception as exc:
        if _debugging():
            raise
        print(
            f"pelayanan: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback, and report it)",
            file=sys.stderr,
        )
        sys.exit(ExitStatus.INTERNAL)


def _quiet_broken_pipe() -> NoReturn:
    """`pelayanan rank | head`: the reader left when it had what it wanted; stop without a word
    and with status 0, so `set -o pipefail` scripts do not fail on it."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)
