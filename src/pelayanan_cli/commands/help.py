"""`pelayanan help [TOPIC]`: the exit-status table (exit-codes), or a command's help."""

from typing import Annotated

import typer

TOPICS = {"exit-codes": "what each exit status means, the same in every command"}


def complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    group = ctx.find_root().command
    names = [*TOPICS, *getattr(group, "commands", {})]
    return [name for name in names if name.startswith(incomplete)]


def exit_code_lines() -> list[str]:
    """The table of core/errors.py as aligned text: status, name, meaning."""
    import textwrap

    from pelayanan_cli.core.errors import EXIT_MEANINGS

    lines: list[str] = []
    for status, meaning in EXIT_MEANINGS.items():
        head = f"{int(status):>3}  {status.name.lower().replace('_', ' '):<12}  "
        lines += textwrap.wrap(
            meaning,
            80,
            initial_indent=head,
            subsequent_indent=" " * len(head),
            break_long_words=False,
            break_on_hyphens=False,
        )
    return lines


def exit_code_markdown() -> str:
    """The same table for the README (scripts/cli_reference.py writes it, a test checks it)."""
    from pelayanan_cli.core.errors import EXIT_MEANINGS

    lines = ["| status | name | meaning |", "|---|---|---|"]
    lines += [
        f"| {int(status)} | {status.name.lower().replace('_', ' ')} | {meaning} |"
        for status, meaning in EXIT_MEANINGS.items()
    ]
    return "\n".join(lines) + "\n"


def help_(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC]",
            help="exit-codes, or a command's name (default: the list of commands and topics).",
            autocompletion=complete_topic,
        ),
    ] = None,
) -> None:
    """Explain a topic (exit-codes: every exit status and what it means) or a command."""
    from pelayanan_cli.core.errors import UsageError

    root = ctx.find_root()
    group = root.command
    commands = getattr(group, "commands", {})
    if topic == "exit-codes":
        typer.echo("Exit status of every pelayanan command:\n")
        for line in exit_code_lines():
            typer.echo(line)
        return
    if topic is None:
        typer.echo(group.get_help(root))
        typer.echo("\nTopics (pelayanan help TOPIC):")
        for name, what in TOPICS.items():
            typer.echo(f"  {name:<12}  {what}")
        return
    command = commands.get(topic)
    if command is None:
        known = ", ".join([*TOPICS, *commands])
        raise UsageError(f"no help topic {topic!r}: use one of {known}")
    with command.make_context(topic, [], parent=root, resilient_parsing=True) as sub:
        typer.echo(command.get_help(sub))
