"""`pelayanan add` and `pelayanan import`: checked like `check`, appended without touching a byte.

Every example uses real regions and years but test-only sources (https://example.org/...),
and writes only into tmp_path: never into data/evaluations.toml.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pelayanan_cli.cli import app
from pelayanan_cli.core.dataset import cross_findings, read_file, user_paths
from pelayanan_cli.core.errors import ExitStatus
from pelayanan_cli.core.findings import Code
from pelayanan_cli.core.paths import bundled_dir, bundled_file
from pelayanan_cli.core.regions import load_regions
from pelayanan_cli.core.scales import load_scales
from pelayanan_cli.render.output import shorten_paths

TEST_URL = "https://example.org/pelayanan-test"

# Written by hand: comments, odd spacing, a header comment with trailing blanks, no final newline.
HAND_WRITTEN = (
    "# my own results   \n"
    "\n\n"
    "[[result]]   # Puskesmas survey, typed by hand\n"
    'region="53.71"\n'
    'instrument =    "skm"\n'
    "year=2023\n"
    'unit = "Puskesmas Oebobo"\n'
    "score = 81.5\n"
    "  [[result.source]]\n"
    f'  url = "{TEST_URL}/skm-oebobo-2023"\n'
    '  printed = "81,5"\n'
    "# last line, no newline after it"
)

# The entry `add` writes for Kabupaten Belu's (test) Ombudsman 2023 score, byte for byte.
BELU_2023 = f"""\
# Kabupaten Belu · ombudsman 2023
[[result]]
region = "53.04"
instrument = "ombudsman"
year = 2023
score = 78.90
[[result.source]]
url = "{TEST_URL}/belu-2023"
printed = "78,90"
stated = "zona hijau"
"""
ADD_BELU = [
    "add",
    "--region",
    "Kabupaten Belu",
    "--instrument",
    "ombudsman",
    "--year",
    "2023",
    "--score",
    "78,90",
    "--stated",
    "zona hijau",
    "--source",
    f"{TEST_URL}/belu-2023",
]


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entries(path: Path) -> list[dict[str, object]]:
    with path.open("rb") as handle:
        found: list[dict[str, object]] = tomllib.load(handle)["result"]
    return found


def check_passes(runner: CliRunner, path: Path) -> str:
    """`pelayanan check` over the bundled data and `path` (as $PELAYANAN_DATA): no errors."""
    result = run(runner, "check", env={"PELAYANAN_DATA": str(path)})
    assert result.exit_code == 0, result.stderr
    summary = result.stderr.splitlines()[-1]
    assert " 0 errors" in summary
    return summary


@pytest.fixture
def hand_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_bytes(HAND_WRITTEN.encode("utf-8"))
    return path


# ---------------------------------------------------------------- add


def test_add_writes_the_entry_in_house_style_to_a_new_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "mine.toml"
    result = run(runner, *ADD_BELU, "--data", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# pelayanan data file")
    assert text.endswith("\n\n" + BELU_2023)
    assert result.stderr == (
        f"added Kabupaten Belu (53.04) · ombudsman 2023: 78,90 to {target} "
        f"(line {text.splitlines().index('[[result]]') + 1})\n"
    )
    bundled = read_file(bundled_file("evaluations.toml"), load_regions(), load_scales())
    assert f"checked 3 file(s): {len(bundled.results) + 1} results" in check_passes(runner, target)
    shown = run(runner, "show", "53.04", "--year", "2023", "-f", "tsv", "--data", str(target))
    header, row = shown.stdout.splitlines()
    record = dict(zip(header.split("\t"), row.split("\t"), strict=True))
    assert (record["score"], record["grade"], record["zone"]) == ("78.90", "B", "hijau")


def test_add_without_data_writes_the_default_file_read_by_every_command(
    runner: CliRunner, tmp_path: Path
) -> None:
    default = tmp_path / "xdg-data-home" / "pelayanan" / "evaluations.toml"  # see conftest
    assert not default.exists()
    assert run(runner, *ADD_BELU).exit_code == 0
    assert default.read_text(encoding="utf-8").endswith(BELU_2023)
    assert user_paths(()) == [default]
    shown = run(runner, "show", "belu", "--year", "2023", "-f", "tsv")
    assert shown.exit_code == 0
    assert "\t78.90\t" in shown.stdout


def test_add_grade_only_stores_the_source_words(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    result = run(
        runner,
        *("add", "-r", "53.03", "-i", "ombudsman", "-y", "2016", "--grade", "zona kuning"),
        *("--source", f"{TEST_URL}/ttu-2016", "--data", str(target)),
    )
    assert result.exit_code == 0, result.stderr
    (entry,) = entries(target)
    assert "score" not in entry
    assert entry["source"] == [{"url": f"{TEST_URL}/ttu-2016", "stated": "zona kuning"}]
    shown = run(runner, "show", "53.03", "-y", "2016", "-f", "tsv", "--data", str(target))
    header, row = shown.stdout.splitlines()
    record = dict(zip(header.split("\t"), row.split("\t"), strict=True))
    assert (record["zone"], record["graded_from"]) == ("kuning", "stated")


def test_add_keeps_the_score_as_typed(runner: CliRunner, tmp_path: Path) -> None:
    """86 stays 86 (not 86.0); 3,120 keeps its three decimals; printed is the text as typed."""
    target = tmp_path / "mine.toml"
    for unit, score in (("Puskesmas Oepoi", "86"), ("Puskesmas Sikumana", "86,620")):
        args = ("add", "-r", "53.71", "-i", "skm", "-y", "2024", "--unit", unit, "--score", score)
        url = f"{TEST_URL}/skm-2024-{unit.split()[-1].lower()}"
        result = run(runner, *args, "--source", url, "--data", str(target))
        assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "score = 86\n" in text
    assert 'printed = "86"\n' in text
    assert "score = 86.620\n" in text
    assert 'printed = "86,620"\n' in text


def test_dry_run_prints_the_toml_and_writes_nothing(runner: CliRunner, hand_file: Path) -> None:
    before = digest(hand_file)
    result = run(runner, *ADD_BELU, "--data", str(hand_file), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == BELU_2023
    assert result.stderr.splitlines()[-1] == "dry run: nothing written"
    assert digest(hand_file) == before
    new = run(runner, *ADD_BELU, "--data", str(Path(hand_file.parent, "new.toml")), "--dry-run")
    assert new.exit_code == 0
    assert not Path(hand_file.parent, "new.toml").exists()


def test_appending_keeps_every_existing_byte(runner: CliRunner, hand_file: Path) -> None:
    old = hand_file.read_bytes()
    result = run(runner, *ADD_BELU, "--data", str(hand_file))
    assert result.exit_code == 0, result.stderr
    new = hand_file.read_bytes()
    assert old == new[: len(old)]
    # The old last line is completed, a blank line follows, then only the new entry.
    assert new[len(old) :].decode("utf-8") == "\n\n" + BELU_2023
    check_passes(runner, hand_file)


def test_appending_shows_as_added_lines_only_in_git_diff(
    runner: CliRunner, hand_file: Path, tmp_path: Path
) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    hand_file.write_bytes(HAND_WRITTEN.encode("utf-8") + b"\n")
    before = tmp_path / "before.toml"
    shutil.copyfile(hand_file, before)
    assert run(runner, *ADD_BELU, "--data", str(hand_file)).exit_code == 0
    numstat = subprocess.run(
        [git, "diff", "--no-index", "--numstat", str(before), str(hand_file)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert numstat[:2] == [str(BELU_2023.count("\n") + 1), "0"]


def test_appending_keeps_windows_line_endings(runner: CliRunner, hand_file: Path) -> None:
    hand_file.write_bytes(HAND_WRITTEN.replace("\n", "\r\n").encode("utf-8") + b"\r\n")
    old = hand_file.read_bytes()
    assert run(runner, *ADD_BELU, "--data", str(hand_file)).exit_code == 0
    added = hand_file.read_bytes()[len(old) :]
    assert added == ("\n" + BELU_2023).replace("\n", "\r\n").encode("utf-8")


def test_a_different_value_from_a_new_source_is_kept_as_a_dispute(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Kota Kupang's Ombudsman 2024 score is 86,62 in the bundled data; a (test) source saying
    87,10 is written with disputed = true and `check` passes with the bundled entry unmarked."""
    bundled = read_file(bundled_file("evaluations.toml"), load_regions(), load_scales())
    reported = [
        r
        for r in bundled.results
        if r.key == ("53.71", "ombudsman", 2024, "") and not r.approximate
    ]
    assert [(str(r.score), r.disputed) for r in reported] == [("86.62", False)]
    target = tmp_path / "mine.toml"
    result = run(
        runner,
        *("add", "-r", "Kota Kupang", "-i", "ombudsman", "-y", "2024", "--score", "87,10"),
        *("--source", f"{TEST_URL}/kupang-2024", "--data", str(target)),
    )
    assert result.exit_code == 0, result.stderr
    assert entries(target)[0]["disputed"] is True
    disagreement = result.stderr.splitlines()[0]
    assert disagreement.startswith(
        "disagreement: Kota Kupang (53.71) · ombudsman 2024: 87,10 disagrees with 86.62 "
        f"({shorten_paths(reported[0].where)})"  # messages show the bundled file as …/data/
    )
    check_passes(runner, target)
    shown = run(runner, "show", "53.71", "-y", "2024", "-i", "ombudsman", "-f", "tsv")
    assert "\t87.10\t" not in shown.stdout  # the default read leaves the user's file out
    shown = run(
        runner, "show", "53.71", "-y", "2024", "-i", "ombudsman", "-f", "tsv", "--data", str(target)
    )
    rows = [
        dict(zip(shown.stdout.splitlines()[0].split("\t"), line.split("\t"), strict=True))
        for line in shown.stdout.splitlines()[1:]
    ]
    by_score = {row["score"]: row for row in rows}
    assert by_score["87.10"]["disputed"] == "true"
    assert "87.10" in by_score["86.62"]["conflict"]


def test_a_dispute_counts_as_declared_when_one_report_carries_it() -> None:
    """The rule `add` relies on, straight on cross_findings: an unmarked pair is an error."""
    regions, scales = load_regions(), load_scales()
    text = """\
[[result]]
region = "53.04"
instrument = "ombudsman"
year = 2023
score = 78.9
[[result.source]]
url = "https://example.org/pelayanan-test/a"
printed = "78,9"

[[result]]
region = "53.04"
instrument = "ombudsman"
year = 2023
score = 79.9
{mark}[[result.source]]
url = "https://example.org/pelayanan-test/b"
printed = "79,9"
"""
    from pelayanan_cli.core.datafile import read_data_text

    unmarked = read_data_text(text.format(mark=""), "t.toml", regions, scales).results
    assert [f.code for f in cross_findings(unmarked)] == [Code.UNDECLARED_DISPUTE] * 2
    marked = read_data_text(text.format(mark="disputed = true\n"), "t.toml", regions, scales)
    assert cross_findings(marked.results) == []


REFUSED_ADDS = {
    "score not a number": (["--score", "8x"], 2, "'8x' is not a score"),
    "score off the scale": (
        ["--score", "101"],
        ExitStatus.USAGE,
        "score 101 is outside the ombudsman 2023",
    ),
    "no assessment that year": (
        ["--score", "70", "--year", "2020"],
        ExitStatus.USAGE,
        "no assessment in 2020 (pandemic)",
    ),
    "unknown region": (
        ["--region", "Atlantis"],
        ExitStatus.NOT_FOUND,
        "no region matches 'Atlantis'",
    ),
    "ambiguous name": (
        ["--region", "kupang"],
        ExitStatus.NOT_FOUND,
        "'kupang' matches 2 regions: 'Kabupaten Kupang' (53.01), 'Kota Kupang' (53.71)",
    ),
    "not an http url": (
        ["--source", "ftp://example.org/x"],
        ExitStatus.USAGE,
        "is not an http(s) URL",
    ),
    "printed differs": (
        ["--printed", "79,90"],
        ExitStatus.USAGE,
        "differs from the figure this source printed",
    ),
    "score and grade": (["--grade", "zona hijau"], 2, "give --score or --grade, not both"),
    "same source again": ([], ExitStatus.USAGE, "already in the data from this source, at"),
}


@pytest.mark.parametrize("case", list(REFUSED_ADDS))
def test_a_refused_add_leaves_the_file_byte_identical(
    runner: CliRunner, hand_file: Path, case: str
) -> None:
    options, status, words = REFUSED_ADDS[case]
    assert run(runner, *ADD_BELU, "--data", str(hand_file)).exit_code == 0
    before = digest(hand_file)
    # Later options win in Click, so each case overrides the good add's values.
    args = [*ADD_BELU, *options, "--data", str(hand_file)]
    if case == "score and grade":
        args = [a for a in args if a not in ("--stated",)]
        args.remove("zona hijau")
    result = run(runner, *args)
    assert result.exit_code == status
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("pelayanan: ")
    assert words in line
    assert digest(hand_file) == before


def test_a_result_of_the_bundled_data_from_its_own_source_is_refused(
    runner: CliRunner, hand_file: Path
) -> None:
    bundled = read_file(bundled_file("evaluations.toml"), load_regions(), load_scales())
    known = next(
        r for r in bundled.results if r.key == ("53.71", "ombudsman", 2024, "") and r.score
    )
    before = digest(hand_file)
    result = run(
        runner,
        *("add", "-r", "53.71", "-i", "ombudsman", "-y", "2024", "--score", str(known.score)),
        *("--source", known.sources[0].url, "--data", str(hand_file)),
    )
    assert result.exit_code == ExitStatus.USAGE
    assert f"already in the data from this source, at {shorten_paths(known.where)}" in result.stderr
    assert digest(hand_file) == before


def test_a_file_that_does_not_parse_is_never_written(runner: CliRunner, hand_file: Path) -> None:
    hand_file.write_text(HAND_WRITTEN + '\n[[result]]\nregion = "53.71\n', encoding="utf-8")
    before = digest(hand_file)
    result = run(runner, *ADD_BELU, "--data", str(hand_file))
    assert result.exit_code == ExitStatus.INVALID_DATA
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"pelayanan: {hand_file}:15: error: TOML syntax")
    assert "nothing written" in line
    assert digest(hand_file) == before


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_gives_one_line(runner: CliRunner, hand_file: Path, what: str) -> None:
    before = digest(hand_file)
    locked = hand_file if what == "file" else hand_file.parent
    mode = locked.stat().st_mode
    locked.chmod(0o444 if what == "file" else 0o555)
    try:
        result = run(runner, *ADD_BELU, "--data", str(hand_file))
    finally:
        locked.chmod(mode)
    assert result.exit_code == ExitStatus.WRITE_FAILED
    (line,) = result.stderr.splitlines()
    assert "read-only; nothing written" in line
    assert digest(hand_file) == before


def test_a_second_writer_gives_up_after_the_timeout(runner: CliRunner, hand_file: Path) -> None:
    before = digest(hand_file)
    lock = hand_file.with_name(hand_file.name + ".lock")
    with lock.open("w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        result = run(
            runner,
            *ADD_BELU,
            "--data",
            str(hand_file),
            env={"PELAYANAN_LOCK_TIMEOUT": "0.2"},
        )
    assert result.exit_code == ExitStatus.WRITE_FAILED
    (line,) = result.stderr.splitlines()
    assert "is being written by another pelayanan" in line
    assert "gave up after 0.2 s" in line
    assert digest(hand_file) == before
    assert run(runner, *ADD_BELU, "--data", str(hand_file)).exit_code == 0  # lock released


def test_stale_temp_files_go_with_the_next_write(runner: CliRunner, hand_file: Path) -> None:
    stale = hand_file.with_name(f".{hand_file.name}.k1ll3d.tmp")
    stale.write_text("half a file", encoding="utf-8")
    assert run(runner, *ADD_BELU, "--data", str(hand_file)).exit_code == 0
    assert not stale.exists()
    assert sorted(p.name for p in hand_file.parent.iterdir()) == ["mine.toml", "mine.toml.lock"]


def test_a_symlinked_data_file_stays_a_symlink(runner: CliRunner, hand_file: Path) -> None:
    link = hand_file.with_name("link.toml")
    link.symlink_to(hand_file)
    assert run(runner, *ADD_BELU, "--data", str(link)).exit_code == 0
    assert link.is_symlink()
    assert hand_file.read_text(encoding="utf-8").endswith(BELU_2023)


def installed_as_wheel() -> bool:
    """The bundled data sits inside the package (pip install .), not in a checkout's data/."""
    from pelayanan_cli.core import writing

    return bundled_dir().resolve() == Path(writing.__file__).resolve().parent.parent / "data"


def test_the_bundled_file_as_data_is_read_once(runner: CliRunner) -> None:
    """`--data` naming the bundled file (a checkout's data/evaluations.toml): no self-duplicates;
    `add` writes there only in a checkout, never into an installed package."""
    bundled = bundled_file("evaluations.toml")
    before = digest(bundled)
    assert user_paths([bundled]) == []
    result = run(runner, *ADD_BELU, "--data", str(bundled), "--dry-run")
    if installed_as_wheel():
        assert result.exit_code == 2
        assert "is the data installed with pelayanan" in result.stderr
    else:
        assert result.exit_code == 0, result.stderr
        assert result.stdout == BELU_2023
    shown = run(runner, "show", "53.04", "-y", "2024", "-f", "tsv", "--data", str(bundled))
    assert len(shown.stdout.splitlines()) == 2
    assert digest(bundled) == before


def test_several_files_in_pelayanan_data_need_a_choice(runner: CliRunner, tmp_path: Path) -> None:
    both = os.pathsep.join(str(tmp_path / name) for name in ("a.toml", "b.toml"))
    result = run(runner, *ADD_BELU, env={"PELAYANAN_DATA": both})
    assert result.exit_code == 2
    assert "choose the one to write to with --data" in result.stderr
    assert list(tmp_path.glob("*.toml")) == []


# ---------------------------------------------------------------- import

# As a spreadsheet in Indonesian locale saves "CSV UTF-8": BOM, `;`, decimal comma, CRLF.
CSV_ID = (
    "\ufeffregion;instrument;year;unit;score;grade;source;rank\r\n"
    f"Kota Kupang;skm;2024;Puskesmas Oepoi;86,62;Baik;{TEST_URL}/skm-oepoi-2024;\r\n"
    f"Kabupaten Belu;ombudsman;2023;;78,9;zona hijau;{TEST_URL}/belu-2023;\r\n"
    f"TTU;ipp;2024;;3,12;;{TEST_URL}/ttu-ipp-2024;12 dari 22 kabupaten/kota\r\n"
)


def write_rows(tmp_path: Path, text: str, name: str = "rows.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_import_of_an_indonesian_locale_csv(runner: CliRunner, tmp_path: Path) -> None:
    rows = write_rows(tmp_path, CSV_ID)
    target = tmp_path / "mine.toml"
    result = run(runner, "import", str(rows), "--data", str(target))
    assert result.exit_code == 0, result.stderr
    assert "disagreement" not in result.stderr
    assert "warning" not in result.stderr
    assert result.stderr.startswith(f"added 3 results to {target}")
    added = entries(target)
    assert [(e["region"], e["instrument"], e["year"], str(e["score"])) for e in added] == [
        ("53.71", "skm", 2024, "86.62"),
        ("53.04", "ombudsman", 2023, "78.9"),
        ("53.03", "ipp", 2024, "3.12"),
    ]
    assert [e["source"] for e in added] == [
        [{"url": f"{TEST_URL}/skm-oepoi-2024", "printed": "86,62", "stated": "Baik"}],
        [{"url": f"{TEST_URL}/belu-2023", "printed": "78,9", "stated": "zona hijau"}],
        [
            {
                "url": f"{TEST_URL}/ttu-ipp-2024",
                "printed": "3,12",
                "rank": "12 dari 22 kabupaten/kota",
            }
        ],
    ]
    check_passes(runner, target)
    again = run(runner, "import", str(rows), "--data", str(target))
    assert again.exit_code == ExitStatus.INVALID_DATA
    assert again.stderr.count("already in the data from this source") == 3


def test_import_with_one_bad_row_adds_none_and_names_its_line(
    runner: CliRunner, hand_file: Path, tmp_path: Path
) -> None:
    bad = CSV_ID.replace("78,9", "tujuh puluh")
    rows = write_rows(tmp_path, bad)
    before = digest(hand_file)
    result = run(runner, "import", str(rows), "--data", str(hand_file))
    assert result.exit_code == ExitStatus.INVALID_DATA
    assert result.stderr.splitlines() == [
        f"{rows}:3: 'tujuh puluh' is not a score: write a number such as 86.62 or 86,62",
        f"pelayanan: nothing imported: 1 of 3 rows of {rows} have problems",
    ]
    assert digest(hand_file) == before


def test_import_reports_every_bad_row(runner: CliRunner, hand_file: Path, tmp_path: Path) -> None:
    rows = write_rows(
        tmp_path,
        "region,instrument,year,score,source\n"
        f'Kota Kupang,skm,2024,"86,62",{TEST_URL}/a\n'
        f"kupang,ombudsman,2019,40,{TEST_URL}/b\n"
        f"Belu,ombudsman,2029,40,{TEST_URL}/c\n"
        f"Belu,ombudsman,2019,40,{TEST_URL}/d,extra\n"
        f"Belu,ombudsman,2021,,{TEST_URL}/e\n"
        f"Alor,ombudsman,2019,41,{TEST_URL}/f\n"
        f"Alor,ombudsman,2019,41,{TEST_URL}/f\n",
    )
    before = digest(hand_file)
    result = run(runner, "import", str(rows), "--data", str(hand_file))
    assert result.exit_code == ExitStatus.INVALID_DATA
    lines = result.stderr.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{rows}:3",
        f"{rows}:4",
        f"{rows}:5",
        f"{rows}:6",
        f"{rows}:8",
        "pelayanan",
    ]
    assert "'kupang' matches 2 regions" in lines[0]
    assert "no bands held for 2029" in lines[1]
    assert "6 cells but the header has 5 columns" in lines[2]
    assert "no score and no grade" in lines[3]
    assert f"the same result from the same source as {rows}:7" in lines[4]
    assert lines[5] == f"pelayanan: nothing imported: 5 of 7 rows of {rows} have problems"
    assert digest(hand_file) == before


def test_import_of_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    rows = write_rows(
        tmp_path,
        f'{{"region": "53.71", "instrument": "ipp", "year": 2023, "score": 3.55, "url": "{TEST_URL}/j1"}}\n'
        "\n"
        f'{{"wilayah": "Kabupaten Alor", "instrumen": "ombudsman", "tahun": "2019", "nilai": "55,3", "sumber": "{TEST_URL}/j2"}}\n',
        "rows.jsonl",
    )
    target = tmp_path / "mine.toml"
    result = run(runner, "import", str(rows), "--data", str(target))
    assert result.exit_code == 0, result.stderr
    added = entries(target)
    assert [(e["region"], str(e["score"]), e["source"][0]["printed"]) for e in added] == [  # type: ignore[index]
        ("53.71", "3.55", "3.55"),
        ("53.05", "55.3", "55,3"),
    ]
    check_passes(runner, target)


def test_import_dry_run_writes_nothing(runner: CliRunner, hand_file: Path, tmp_path: Path) -> None:
    rows = write_rows(tmp_path, CSV_ID)
    before = digest(hand_file)
    result = run(runner, "import", str(rows), "--data", str(hand_file), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("[[result]]") == 3
    assert result.stdout.startswith("# Kota Kupang · skm 2024\n")
    assert digest(hand_file) == before


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", ":1: the file is empty"),
        ("region;year\n53.71;2024\n", ":1: no column 'instrument', 'source'"),
        ("region;instrument;year;nilai;skor;source\n", "repeats the column 'score'"),
        ("region;tahun;instrument;source;colour\n", ":1: unknown column 'colour'"),
        ("region;instrument;year;source\n", ":1: no rows under the header"),
        ("[1, 2]\n", "a JSON array"),
    ],
)
def test_a_broken_import_file_is_one_line(
    runner: CliRunner, hand_file: Path, tmp_path: Path, text: str, words: str
) -> None:
    rows = write_rows(tmp_path, text)
    before = digest(hand_file)
    result = run(runner, "import", str(rows), "--data", str(hand_file))
    assert result.exit_code == ExitStatus.INVALID_DATA
    (line,) = result.stderr.splitlines()
    assert words in line
    assert digest(hand_file) == before


def test_import_of_a_latin1_file_says_how_to_save_it(
    runner: CliRunner, hand_file: Path, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_bytes(CSV_ID.replace("Oepoi", "Oépoi").lstrip("\ufeff").encode("latin-1"))
    result = run(runner, "import", str(rows), "--data", str(hand_file))
    assert result.exit_code == ExitStatus.INVALID_DATA
    assert result.stderr.startswith(f"pelayanan: {rows}:2: not UTF-8")
    assert "CSV UTF-8" in result.stderr


def test_the_data_installed_with_the_package_is_never_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In a wheel the bundled data sits inside the package: an upgrade would drop the user's
    results, so `add` refuses it (a checkout's data/evaluations.toml is writable)."""
    from pelayanan_cli.core import writing
    from pelayanan_cli.core.errors import UsageError

    installed = Path(writing.__file__).resolve().parent.parent / "data"
    monkeypatch.setattr(writing, "bundled_dir", lambda: installed)
    with pytest.raises(UsageError, match="is the data installed with pelayanan"):
        writing.write_target(installed / "evaluations.toml")
    monkeypatch.undo()
    if not installed_as_wheel():
        assert writing.write_target(bundled_file("evaluations.toml")) == bundled_file(
            "evaluations.toml"
        )


@pytest.mark.parametrize(
    ("old", "expected"),
    [
        ("", ("X\n", 1)),
        ("a = 1", ("a = 1\n\nX\n", 3)),
        ("a = 1\n", ("a = 1\n\nX\n", 3)),
        ("a = 1\n\n", ("a = 1\n\nX\n", 3)),
        ("a = 1\r\n", ("a = 1\r\n\r\nX\r\n", 3)),
    ],
)
def test_joined_sets_the_addition_off_by_one_blank_line(
    old: str, expected: tuple[str, int]
) -> None:
    from pelayanan_cli.core.writing import joined

    assert joined(old, "X\n") == expected
