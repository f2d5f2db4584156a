"""The core stays pure: importing every core module loads no CLI or terminal library.

Scripts and other front ends use the core without Typer or Rich, and start-up stays fast.
Runs in a fresh interpreter, since this test process has long imported the CLI.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROGRAM = """
import importlib, json, pkgutil, sys
import pelayanan_cli.core as core
names = sorted(m.name for m in pkgutil.iter_modules(core.__path__, core.__name__ + "."))
for name in names:
    importlib.import_module(name)
{extra}
print(json.dumps({{"core": names, "loaded": sorted(sys.modules)}}))
"""
BANNED = ("typer", "rich", "click")


def imported(extra: str = "") -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(extra=extra)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report: dict[str, list[str]] = json.loads(done.stdout)
    return report


def offending(loaded: list[str]) -> list[str]:
    """CLI and terminal libraries, and any part of the package outside the core."""
    return [
        name
        for name in loaded
        if name.split(".")[0].startswith(BANNED)
        or (name.startswith("pelayanan_cli.") and not name.startswith("pelayanan_cli.core"))
    ]


def test_core_imports_no_cli_library() -> None:
    report = imported()
    # The walk found the package: the modules named in the layout are among those imported.
    for name in ("dataset", "queries", "validation", "datafile", "regions", "scales", "model"):
        assert f"pelayanan_cli.core.{name}" in report["core"]
    assert offending(report["loaded"]) == []


def test_the_check_sees_a_cli_import() -> None:
    """The probe itself works: importing the CLI is noticed."""
    loaded = offending(imported("import pelayanan_cli.cli")["loaded"])
    assert "typer" in loaded and "pelayanan_cli.cli" in loaded
