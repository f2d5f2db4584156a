"""Start-up stays near Typer's floor: each command imports what it needs and nothing more.

Each command runs in a fresh interpreter (`python -c` calling cli.main with sys.argv set), which
then writes down sys.modules. A do-nothing Typer app with the same kinds of parameters, run the
same way, is the floor (Typer 0.28: vendored Click, no pydantic), so the tests look at what a
command loads beyond that app, each module with the reason it is needed (NEEDED), and at what
it must never load: the table renderer, the writers, hashing, the TOML reader and the whole-file
reading of data stay off warm paths (the index and the reference tables are proved unchanged by
file status, not by hashing or parsing them again).
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
NEVER += ("hashlib", "tomllib", "dataclasses")
DATA_LAYER = ("pelayanan_cli.core.dataset", "pelayanan_cli.core.cache", "sqlite3")
COMPLETE = {"COMP_CWORD": "2", "_PELAYANAN_COMPLETE": "complete_bash"}
# Every module a command may load beyond the do-nothing app, with the reason it is needed.
NEEDED = {
    "__future__": "the package's modules postpone their annotations (a few hundred bytes)",
    "decimal": "scores are exact decimals: a band edge must not wobble (86.62 is not 86.6199…)",
    "_decimal": "decimal's C implementation",
    "numbers": "imported by decimal",
    "sqlite3": "the index answers queries",
    "sqlite3.dbapi2": "part of sqlite3",
    "_sqlite3": "part of sqlite3",
    "csv": "TSV and CSV output is written by the csv module",
    "_csv": "part of csv",
    "json": "--format json",
    "marshal": "the remembered reference tables (built in; listed where Python lists it)",
    "zlib": "CRC-32 of the index and of the remembered tables (built in)",
}
LIGHT = {"__future__", "decimal", "_decimal", "numbers"}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache and data home of the module's own, and the do-nothing app written out."""
    folder = tmp_path_factory.mktemp("startup")
    text = (ROOT / "benchmarks" / "run.py").read_text(encoding="utf-8")
    start = text.index("BARE_APP = '''") + len("BARE_APP = '''")
    (folder / "bare.py").write_text(text[start : text.index("'''", start)], encoding="utf-8")
    # The index is built once: the tests below look at warm runs, as most runs are.
    loaded(folder, "pelayanan", "show", "kupang", "--format", "tsv")
    # rank reads the scope too: its memo is made once, as the index is.
    loaded(folder, "pelayanan", "rank", "--format", "tsv")
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
    assert set(beyond_typer(modules, floor)) <= {*LIGHT, "json", "zlib", "marshal"}


def test_show_on_a_warm_index_reads_only_the_index(scratch: Path) -> None:
    modules, stdout = loaded(scratch, "pelayanan", "show", "kupang", "--format", "tsv")
    assert "\tKota Kupang\t" in stdout
    assert offending(modules, NEVER) == []
    floor, _ = loaded(scratch, "bare", "show", "kupang")
    assert set(beyond_typer(modules, floor)) <= set(NEEDED) - {"json"}


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
    allowed = set(NEEDED) - {"json"} if argv[:1] == ("rank",) else {*LIGHT, "zlib", "marshal"}
    assert set(beyond_typer(modules, floor)) <= allowed


def test_every_module_beyond_typer_has_a_reason() -> None:
    assert all(reason for reason in NEEDED.values())
    assert set(LIGHT) <= set(NEEDED)
