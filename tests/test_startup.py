"""Start-up stays near Typer's floor: each command imports what it needs and nothing more.

Each command runs in a fresh interpreter (`python -c` calling cli.main with sys.argv set), which
then writes down sys.modules. A do-nothing Typer app with the same kinds of parameters, run the
same way, is the floor: Typer 0.29 itself loads pydantic, csv, json, difflib and more, so the
tests look at what a command loads beyond that app, and at what it must never load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROGRAM = """
import json, os, runpy, sys
sys.argv = json.loads(os.environ["TEST_ARGV"])
try:
    if sys.argv[0] == "bare":
        runpy.run_path(os.environ["TEST_BARE"], run_name="__main__")
    else:
        from pelayanan_cli.cli import main
        main()
except SystemExit as exc:
    if exc.code not in (0, None):
        raise
with open(os.environ["TEST_MODULES"], "w", encoding="utf-8") as out:
    json.dump(sorted(sys.modules), out)
"""

# Never on a start-up path: the table renderer, the writers, the whole-file reading of data.
NEVER = (
    "rich",
    "tomli_w",
    "openpyxl",
    "pelayanan_cli.render.table",
    "pelayanan_cli.render.xlsx",
    "pelayanan_cli.core.datafile",
    "pelayanan_cli.core.tomllines",
    "pelayanan_cli.core.validation",
)
DATA_LAYER = ("pelayanan_cli.core.dataset", "pelayanan_cli.core.cache", "sqlite3")
COMPLETE = {"COMP_CWORD": "2", "_PELAYANAN_COMPLETE": "complete_bash"}
# What the package's own modules need on any path (Typer loads them too, but not for --help).
LIGHT = {"__future__", "decimal", "_decimal"}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache and data home of the module's own, and the do-nothing app written out."""
    folder = tmp_path_factory.mktemp("startup")
    text = (ROOT / "benchmarks" / "run.py").read_text(encoding="utf-8")
    start = text.index("BARE_APP = '''") + len("BARE_APP = '''")
    (folder / "bare.py").write_text(text[start : text.index("'''", start)], encoding="utf-8")
    # The index is built once: the tests below look at warm runs, as most runs are.
    loaded(folder, "pelayanan", "show", "kupang", "--format", "tsv")
    return folder


def loaded(scratch: Path, *argv: str, env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """The modules in sys.modules after one run of `argv`, and what it wrote to stdout."""
    out = scratch / "modules.json"
    environment = {k: v for k, v in os.environ.items() if k != "PELAYANAN_DATA"}
    environment.update(
        PELAYANAN_CACHE_DIR=str(scratch / "cache"),
        XDG_DATA_HOME=str(scratch / "data-home"),
        TEST_ARGV=json.dumps(list(argv)),
        TEST_BARE=str(scratch / "bare.py"),
        TEST_MODULES=str(out),
        **(env or {}),
    )
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(out.read_text(encoding="utf-8"))), done.stdout


def offending(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def beyond_typer(modules: set[str], floor: set[str]) -> list[str]:
    """What a command loads that a do-nothing Typer app does not, outside the package."""
    return sorted(m for m in modules - floor if not m.startswith("pelayanan_cli"))


def test_grade_loads_neither_the_data_layer_nor_rich(scratch: Path) -> None:
    modules, stdout = loaded(scratch, "pelayanan", "grade", "86.62", "--format", "json")
    assert json.loads(stdout)["grade"] == "B"
    assert offending(modules, DATA_LAYER + NEVER) == []
    floor, _ = loaded(scratch, "bare", "grade", "86.62")
    # json writes the answer; tomllib reads the bands. Nothing else beyond Typer's own.
    assert set(beyond_typer(modules, floor)) <= {"json", *_tomllib(modules)}


def test_show_on_a_warm_index_reads_only_the_index(scratch: Path) -> None:
    modules, stdout = loaded(scratch, "pelayanan", "show", "kupang", "--format", "tsv")
    assert "\tKota Kupang\t" in stdout
    assert offending(modules, NEVER) == []
    floor, _ = loaded(scratch, "bare", "show", "kupang")
    allowed = {"sqlite3", "sqlite3.dbapi2", "_sqlite3", *_tomllib(modules)}
    assert set(beyond_typer(modules, floor)) <= allowed


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (("--help",), None),
        ((), {**COMPLETE, "COMP_WORDS": "pelayanan show kup"}),
        (("rank", "--format", "tsv"), None),
    ],
    ids=["help", "completion", "rank"],
)
def test_other_start_up_paths_stay_light(
    scratch: Path, argv: tuple[str, ...], env: dict[str, str] | None
) -> None:
    modules, stdout = loaded(scratch, "pelayanan", *argv, env=env)
    assert stdout
    assert offending(modules, NEVER) == []
    if argv[:1] != ("rank",):
        assert offending(modules, DATA_LAYER) == []
    bare_env = {**COMPLETE, "_BARE_COMPLETE": "complete_bash", "COMP_WORDS": "bare show kup"}
    floor, _ = loaded(scratch, "bare", *(argv or ()), env=bare_env if env else None)
    allowed = {"sqlite3", "sqlite3.dbapi2", "_sqlite3", *LIGHT, *_tomllib(modules)}
    assert set(beyond_typer(modules, floor)) <= allowed


def _tomllib(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "tomllib" or m.startswith("tomllib.")}
