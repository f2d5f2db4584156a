"""Every command, driven with arbitrary arguments: a clear answer or one clear error, never an
internal error (exit 70) and never a traceback.

Arguments are drawn from each command's own option names, values of the right and wrong kinds
(years, absurd numbers, decimal commas, region names, control characters, empty strings) and
free text; files named are inside the test's own folder, which is also the working directory,
so `-o` and `--data` can only write there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pelayanan_cli.cli import COMMANDS, app
from pelayanan_cli.core.errors import ExitStatus

VALUES = [
    "2024", "2020", "24", "-5", "0", "99999999999999999999", "1e400", "nan", "86,62", "86.62",
    "4,02", "kupang", "Kota Kupang", "53.71", "NTT", "ntt", "kab. kupang", "ombudsman", "ipp",
    "skm", "hijau", "A-", "B", "kualitas tinggi", "json", "csv", "tsv", "table", "xlsx", "id",
    "en", "text", "kabupaten", "kota", "provinsi", "", " ", "-", "--", "\x1b[31m", "=1+1",
    "https://example.org/fuzz", "mine.toml", "rows.csv", "out.html", "out.csv", "missing.toml",
    "\u2028", "x" * 300,
]  # fmt: skip


def parameters_of(name: str) -> list[Any]:
    """The Click parameters of one command, as Typer builds them."""
    from typer.main import get_command

    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    return list(command.params)


PARAMETERS = {name: parameters_of(name) for name in COMMANDS}
FREE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\x00"),
    max_size=12,
)
VALUE = st.one_of(st.sampled_from(VALUES), FREE, st.integers().map(str))


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command with values for its arguments and some of its options, mostly well-formed
    (so the command gets past parsing and works on them), sometimes not."""
    name = draw(st.sampled_from(list(COMMANDS)))
    arguments: list[str] = []
    options: list[str] = []
    for param in PARAMETERS[name]:
        choices = list(getattr(getattr(param, "type", None), "choices", None) or [])
        value = st.one_of(st.sampled_from(choices), VALUE) if choices else VALUE
        if param.param_type_name == "argument":
            count = draw(st.integers(0, 2)) if param.nargs == -1 else 1
            arguments += [draw(value) for _ in range(count)]
        elif draw(st.integers(0, 3)) == 0:
            flag = draw(st.sampled_from(list(param.opts)))
            options += [flag] if getattr(param, "is_flag", False) else [flag, draw(value)]
    if draw(st.integers(0, 9)) == 0:  # now and then, something out of place
        options.insert(draw(st.integers(0, len(options))), draw(VALUE))
    if draw(st.booleans()):
        return [name, *options, "--", *arguments]
    return [name, *arguments, *options]


@pytest.fixture(scope="module")
def playground(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "rows.csv").write_text(
        "region;instrument;year;score;source\n53.71;skm;2025;80,5;https://example.org/f\n",
        encoding="utf-8",
    )
    return folder


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=command_lines())
def test_no_input_is_an_internal_error(
    argv: list[str], playground: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(playground)
    monkeypatch.setenv("XDG_DATA_HOME", str(playground / "home"))
    monkeypatch.setenv("PELAYANAN_CACHE_DIR", str(playground / "cache"))
    monkeypatch.delenv("PELAYANAN_DATA", raising=False)
    result = CliRunner().invoke(app, argv)
    unexpected = result.exception if not isinstance(result.exception, SystemExit) else None
    assert unexpected is None, (argv, repr(unexpected))
    assert result.exit_code != ExitStatus.INTERNAL, (argv, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr, argv
    # Nothing was written outside the playground.
    assert all(not Path(word).is_absolute() for word in argv if os.sep in word)
