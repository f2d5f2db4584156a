"""Write docs/cli.md from the commands' own --help, so the reference never drifts from the code.

python scripts/cli_reference.py          # rewrite docs/cli.md
python scripts/cli_reference.py --check  # exit 1 when docs/cli.md is out of date (a test runs this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from pelayanan_cli.cli import app

TARGET = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def help_text(*args: str) -> str:
    result = CliRunner().invoke(
        app, [*args, "--help"], env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    )
    return result.stdout.rstrip() + "\n"


def commands() -> list[str]:
    group = get_command(app)
    return list(group.commands)  # type: ignore[attr-defined]


def render() -> str:
    parts = [
        "# Command reference\n",
        "Generated from `--help` by `python scripts/cli_reference.py`; a test fails when it is out of date.\n",
        "## pelayanan\n",
        "```\n" + help_text() + "```\n",
    ]
    for name in commands():
        parts.append(f"## pelayanan {name}\n")
        parts.append("```\n" + help_text(name) + "```\n")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
