"""The `pelayanan` command: the Typer app, its commands, and how failures reach the user."""

import errno
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from typing import Annotated, Any, NoReturn

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

# Every command, in the order --help lists them: the name, and the module and function that
# implement it. A command's module is imported, and its Click command built, only when that
# command runs (or --help lists them all): Typer building fourteen commands' options on every
# run cost more than pelayanan's whole answer to `show` (benchmarks/run.py, README: Performance).
COMMANDS: dict[str, tuple[str, str]] = {
    "show": ("show", "show"),
    "rank": ("rank", "rank"),
    "diff": ("diff", "diff"),
    "export": ("export", "export"),
    "coverage": ("coverage", "coverage"),
    "grade": ("grade", "grade"),
    "scales": ("scales", "scales"),
    "check": ("check", "check"),
    "trend": ("trend", "trend"),
    "report": ("report", "report"),
    "cite": ("cite", "cite"),
    "map": ("map", "map_"),
    "verify": ("verify", "verify"),
    "add": ("add", "add"),
    "import": ("import_", "import_"),
    "help": ("help", "help_"),
}


def command_function(name: str) -> Callable[..., Any]:
    """The function behind a command (its signature is the command's options)."""
    import importlib

    module, attribute = COMMANDS[name]
    function: Callable[..., Any] = getattr(
        importlib.import_module(f"pelayanan_cli.commands.{module}"), attribute
    )
    return function


class _Commands(MutableMapping[str, Any]):
    """The group's commands by name, each built by Typer when first looked up."""

    def __init__(self, built: MutableMapping[str, Any]) -> None:
        self._built = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            from typer.main import get_command_from_info
            from typer.models import CommandInfo

            from pelayanan_cli.commands.parsing import Command

            info = CommandInfo(name=name, cls=Command, callback=command_function(name))
            self._built[name] = get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=None
            )
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*COMMANDS, *(name for name in self._built if name not in COMMANDS)])

    def __len__(self) -> int:
        return len(list(iter(self)))


_DEBUG = {"on": False}


def _debugging() -> bool:
    return _DEBUG["on"] or bool(os.environ.get("PELAYANAN_DEBUG"))


class _Group(TyperGroup):
    """Every command's expected failures become one line on stderr and a documented exit status;
    commands are built when first used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self.commands)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: typer.Context) -> object:
        from pelayanan_cli.core.errors import PelayananError

        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except PelayananError as exc:
            if _debugging():
                raise
            from pelayanan_cli.render.output import shorten_paths

            typer.echo(f"pelayanan: {shorten_paths(str(exc))}", err=True)
            raise typer.Exit(int(exc.status)) from None
        except click_exceptions.NoArgsIsHelpError:
            raise
        except click_exceptions.UsageError as exc:
            # A bad option or value: one line, naming the command's help, status 2 (usage).
            where = exc.ctx.command_path if exc.ctx is not None else "pelayanan"
            typer.echo(f"pelayanan: {exc.format_message()} (see `{where} --help`)", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    name="pelayanan",
    cls=_Group,
    help="Published results of Indonesia's public-service evaluations (Ombudsman RI, KemenPANRB IPP, SKM), as a table you can query.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if not value:
        return
    from pelayanan_cli import __version__
    from pelayanan_cli.commands.common import load

    dataset, _, _ = load(None)
    from pelayanan_cli.render.output import shorten_paths

    bundled = dataset.files[0]
    typer.echo(
        f"pelayanan {__version__}\n"
        f"data: {dataset.count} results, {dataset.source_count} sources, "
        f"sha256 {bundled.sha256[:16]} ({shorten_paths(bundled.path)})"
    )
    raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
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

    for number, argument in enumerate(sys.argv[1:], start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = ascii(argument)
            print(
                f"pelayanan: argument {number} ({shown[:60]}) is not valid UTF-8: "
                "type it in UTF-8 (or name the file by another path)",
                file=sys.stderr,
            )
            sys.exit(ExitStatus.USAGE)
    try:
        try:
            app()
        finally:
            _flush_stdout()
    except PelayananError as exc:
        if _debugging():
            raise
        from pelayanan_cli.render.output import shorten_paths

        print(f"pelayanan: {shorten_paths(str(exc))}", file=sys.stderr)
        sys.exit(exc.status)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        sys.exit(ExitStatus.INTERRUPTED)
    except OSError as exc:
        if _debugging() or exc.errno not in _WRITE_ERRORS:
            raise
        _output_failed(exc)
    except Exception as exc:
        if _debugging():
            raise
        print(
            f"pelayanan: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback, and report it)",
            file=sys.stderr,
        )
        sys.exit(ExitStatus.INTERNAL)


# Writing the output failed for want of room or a working disk: not a bug, a write that failed.
_WRITE_ERRORS = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _flush_stdout() -> None:
    """Write what is still buffered now, where a failure can be reported (not at exit)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS:
            raise
        _output_failed(exc)


def _output_failed(exc: OSError) -> NoReturn:
    from pelayanan_cli.core.errors import ExitStatus

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    print(
        f"pelayanan: cannot write the output: {exc.strerror or exc} (free some space, or write "
        "somewhere else)",
        file=sys.stderr,
    )
    sys.exit(ExitStatus.WRITE_FAILED)


def _quiet_broken_pipe() -> NoReturn:
    """`pelayanan rank | head`: the reader left when it had what it wanted; stop without a word
    and with status 0, so `set -o pipefail` scripts do not fail on it."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)
