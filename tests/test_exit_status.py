"""One exit-status contract for every command (core/errors.py): each command walked through each
status it can give; `pelayanan help exit-codes` prints the table and the README's copy of it is
generated from it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from pelayanan_cli.cli import app, main
from pelayanan_cli.core.errors import EXIT_MEANINGS, ExitStatus

ROOT = Path(__file__).resolve().parents[1]
OK, NOT_FOUND, USAGE = ExitStatus.OK, ExitStatus.NOT_FOUND, ExitStatus.USAGE
CONTRADICTED, DISPUTED = ExitStatus.CONTRADICTED, ExitStatus.DISPUTED
INVALID, WRITE_FAILED = ExitStatus.INVALID_DATA, ExitStatus.WRITE_FAILED
BAD = "{bad}"  # replaced by a data file with an error in it
DIR = "{dir}"  # replaced by a folder (not a file one may write to)
OUT = "{out}"  # replaced by a new file's path
MINE = "{mine}"  # replaced by an empty data file of one's own
READ_ONLY = "{read-only}"  # replaced by a data file made read-only

WALK: list[tuple[str, list[str], ExitStatus] | object] = [
    ("show", ["show", "kota kupang"], OK),
    ("show", ["show", "nowhere"], NOT_FOUND),
    ("show", ["show", "kota kupang", "--year", "2016", "-i", "ipp"], NOT_FOUND),
    ("show", ["show", "kota kupang", "--year", "2030"], USAGE),
    ("show", ["show", "kota kupang", "--format", "json", "--locale", "id"], USAGE),
    ("show", ["show", "kota kupang", "--data", BAD], INVALID),
    ("show", ["show", "kota kupang", "-o", DIR], WRITE_FAILED),
    ("rank", ["rank", "--year", "2024"], OK),
    ("rank", ["rank", "--year", "2020"], NOT_FOUND),
    ("rank", ["rank", "--year", "2016", "--province", "papua"], NOT_FOUND),
    ("rank", ["rank", "--year", "2030"], USAGE),
    ("rank", ["rank", "--year", "24"], USAGE),
    ("rank", ["rank", "--top", "0"], USAGE),
    ("rank", ["rank", "--level", "desa"], USAGE),
    ("rank", ["rank", "--data", BAD], INVALID),
    ("rank", ["rank", "-o", DIR], WRITE_FAILED),
    ("diff", ["diff", "2022", "2024"], OK),
    ("diff", ["diff", "2020", "2024"], NOT_FOUND),
    ("diff", ["diff", "2030", "2024"], USAGE),
    ("diff", ["diff", "-1", "2024"], USAGE),
    ("diff", ["diff", "2022", "2024", "--data", BAD], INVALID),
    ("diff", ["diff", "2022", "2024", "-o", DIR], WRITE_FAILED),
    ("export", ["export"], OK),
    ("export", ["export", "--format", "datapackage"], USAGE),
    ("export", ["export", "--format", "json", "--locale", "id"], USAGE),
    ("export", ["export", "--data", BAD], INVALID),
    ("export", ["export", "-o", DIR], WRITE_FAILED),
    ("coverage", ["coverage"], OK),
    ("coverage", ["coverage", "--province", "nowhere"], NOT_FOUND),
    ("coverage", ["coverage", "--province", "papua", "-i", "skm"], NOT_FOUND),
    ("coverage", ["coverage", "-i", "bogus"], USAGE),
    ("coverage", ["coverage", "--data", BAD], INVALID),
    ("grade", ["grade", "86,62", "--year", "2024"], OK),
    ("grade", ["grade", "75", "--year", "2020"], NOT_FOUND),
    ("grade", ["grade", "-5"], USAGE),
    ("grade", ["grade", "101"], USAGE),
    ("grade", ["grade", "lots"], USAGE),
    ("grade", ["grade", "75", "--year", "2030"], USAGE),
    ("scales", ["scales"], OK),
    ("scales", ["scales", "--year", "2020"], OK),  # skm has 2020 bands; stderr names the gaps
    ("scales", ["scales", "ombudsman", "--year", "2020"], NOT_FOUND),
    ("scales", ["scales", "--year", "2030"], USAGE),
    ("scales", ["scales", "bogus"], USAGE),
    ("check", ["check"], OK),
    ("check", ["check", "/no/such/file.toml"], NOT_FOUND),
    ("check", ["check", BAD], INVALID),
    (
        "add",
        [
            "add",
            "-r",
            "53.71",
            "-i",
            "skm",
            "-y",
            "2023",
            "--unit",
            "Dinas Baru",
            "--score",
            "80",
            "--source",
            "https://example.org/a",
            "--data",
            MINE,
        ],
        OK,
    ),
    (
        "add",
        [
            "add",
            "-r",
            "53.71",
            "-i",
            "skm",
            "-y",
            "2030",
            "--score",
            "80",
            "--source",
            "https://example.org/a",
            "--data",
            MINE,
        ],
        USAGE,
    ),
    (
        "add",
        [
            "add",
            "-r",
            "53.71",
            "-i",
            "skm",
            "-y",
            "2023",
            "--score",
            "80",
            "--source",
            "https://example.org/a",
            "--data",
            READ_ONLY,
        ],
        WRITE_FAILED,
    ),
    ("import", ["import", "/no/such/rows.csv", "--data", MINE], NOT_FOUND),
    ("import", ["import", BAD, "--data", MINE], INVALID),
    ("trend", ["trend", "kota kupang"], OK),
    ("trend", ["trend", "nowhere"], NOT_FOUND),
    ("trend", ["trend", "kota kupang", "-i", "bogus"], USAGE),
    ("trend", ["trend", "kota kupang", "--data", BAD], INVALID),
    ("trend", ["trend", "kota kupang", "-f", "csv", "-o", DIR], WRITE_FAILED),
    ("report", ["report", "kota kupang", "-o", OUT], OK),
    ("report", ["report", "nowhere"], NOT_FOUND),
    ("report", ["report", "kota kupang", "--data", BAD], INVALID),
    ("report", ["report", "kota kupang", "-o", DIR], WRITE_FAILED),
    ("cite", ["cite", "kota kupang", "--year", "2024"], OK),
    ("cite", ["cite", "kupang", "--year", "2024"], NOT_FOUND),  # ambiguous: names both
    ("cite", ["cite", "kota kupang", "--year", "2030"], USAGE),
    ("cite", ["cite", "kota kupang", "--year", "2024", "--data", BAD], INVALID),
    ("verify", ["verify", "kota kupang", "2024", "hijau"], OK),
    ("verify", ["verify", "kota kupang", "2016", "hijau"], NOT_FOUND),
    ("verify", ["verify", "kota kupang", "2024", "banana"], USAGE),
    ("verify", ["verify", "kota kupang", "24", "hijau"], USAGE),
    ("verify", ["verify", "kota kupang", "2024", "merah"], CONTRADICTED),
    ("verify", ["verify", "nagekeo", "2024", "80,42"], DISPUTED),
    ("verify", ["verify", "kota kupang", "2024", "hijau", "--data", BAD], INVALID),
    ("map", ["map", "--year", "2024", "-o", OUT], OK),
    ("map", ["map", "--year", "2020"], NOT_FOUND),
    ("map", ["map", "--year", "2030"], USAGE),
    ("map", ["map", "--format", "png"], USAGE),
    ("map", ["map", "--year", "2024", "--data", BAD], INVALID),
    ("map", ["map", "--year", "2024", "-o", DIR], WRITE_FAILED),
    ("help", ["help", "exit-codes"], OK),
    ("help", ["help", "bogus"], USAGE),
]


def _command(case: object) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]  # type: ignore[index,attr-defined]


@pytest.fixture
def placeholders(tmp_path: Path) -> dict[str, str]:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[result]]\nregion = "99.99"\ninstrument = "ombudsman"\nyear = 2024\n')
    folder = tmp_path / "a-folder"
    folder.mkdir()
    mine = tmp_path / "mine.toml"
    mine.write_text("")
    read_only = tmp_path / "read-only.toml"
    read_only.write_text("")
    read_only.chmod(0o444)
    return {
        BAD: str(bad),
        DIR: str(folder),
        OUT: str(tmp_path / "out.html"),
        MINE: str(mine),
        READ_ONLY: str(read_only),
    }


@pytest.mark.parametrize(("command", "args", "status"), WALK)
def test_every_command_through_each_status(
    command: str,
    args: list[str],
    status: ExitStatus,
    placeholders: dict[str, str],
    runner: CliRunner,
) -> None:
    argv = [placeholders.get(a, a) for a in args]
    result = runner.invoke(app, argv)
    assert result.exit_code == status, (argv, result.stderr)
    if status not in (OK, CONTRADICTED, DISPUTED, INVALID) or command == "verify":
        errors = [line for line in result.stderr.splitlines() if line.startswith("pelayanan:")]
        assert len(errors) <= 1 and "Traceback" not in result.stderr


def test_the_walk_covers_every_command_and_status() -> None:
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert {_command(case) for case in WALK} == commands
    walked = {case.values[2] if hasattr(case, "values") else case[2] for case in WALK}  # type: ignore[index,attr-defined]
    # Internal error and Ctrl-C are walked below, through main().
    assert walked | {ExitStatus.INTERNAL, ExitStatus.INTERRUPTED} == set(ExitStatus)


@pytest.mark.parametrize(
    ("raised", "status"),
    [(RuntimeError("boom"), ExitStatus.INTERNAL), (KeyboardInterrupt(), ExitStatus.INTERRUPTED)],
)
def test_internal_error_and_interrupt(
    raised: BaseException,
    status: ExitStatus,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import pelayanan_cli.core.scales as scales

    def fail() -> None:
        raise raised

    monkeypatch.setattr(scales, "load_scales", fail)
    monkeypatch.setattr(sys, "argv", ["pelayanan", "grade", "75"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == status
    assert "Traceback" not in capsys.readouterr().err


def test_the_same_question_gets_the_same_answer(runner: CliRunner) -> None:
    """The Ombudsman held no assessment in 2020: every command asked about it says so, with 1."""
    for args in (
        ["rank", "--year", "2020"],
        ["grade", "75", "--year", "2020"],
        ["diff", "2020", "2024"],
        ["scales", "ombudsman", "--year", "2020"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert result.stderr == (
            "pelayanan: the Ombudsman held no assessment in 2020 (pandemic); "
            "years with bands: 2015–2019, 2021–2025\n"
        )
    mixed = runner.invoke(app, ["scales", "--year", "2020"])
    assert mixed.exit_code == 0 and mixed.stdout.startswith("instrument\tperiod\t")
    assert "ombudsman: the Ombudsman held no assessment in 2020" in mixed.stderr


def test_help_prints_the_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help", "exit-codes"])
    assert result.exit_code == 0
    for status in EXIT_MEANINGS:
        assert f"{int(status):>3}  {status.name.lower().replace('_', ' ')}" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_the_readme_table_is_generated_from_the_code() -> None:
    from pelayanan_cli.commands.help import exit_code_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert exit_code_markdown() in readme
