"""`pelayanan check`: every kind of bad record gives its exact message at its exact line.

Each case is a small data file in tmp_path; the expected findings are written out in full, so a
changed message or a line number that drifts fails here first.
"""

from __future__ import annotations

import json
import textwrap
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.errors import ExitStatus
from pelayanan_cli.core.paths import bundled_file

GOOD = """\
[[result]]
region = "53.71"
instrument = "ombudsman"
year = 2024
score = 86.62
[[result.source]]
url = "https://example.org/kupang-2024"
printed = "86,62"
"""

Expected = list[tuple[int, str, str]]


def write(tmp_path: Path, text: str, name: str = "data.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(runner: CliRunner, *args: str) -> tuple[int, list[str], str | None]:
    """Exit code, the finding lines, and the summary line (None when no file parsed)."""
    result = runner.invoke(app, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    summary = lines[-1] if lines and lines[-1].startswith("checked ") else None
    return result.exit_code, lines[: len(lines) - (summary is not None)], summary


def lines_of(path: Path, expected: Expected) -> list[str]:
    return [f"{path}:{line}: {severity}: {message}" for line, severity, message in expected]


def test_good_file_is_clean(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    code, findings, summary = run(runner, str(path))
    assert (code, findings) == (0, [])
    assert summary == "checked 1 file(s): 1 results, 1 regions, 1 sources; 0 errors, 0 warnings"


@pytest.mark.parametrize("printed", ["86,62", "86.62", " 86,62 "])
def test_printed_forms_of_the_same_figure_agree(
    runner: CliRunner, tmp_path: Path, printed: str
) -> None:
    path = write(tmp_path, GOOD.replace('printed = "86,62"', f"printed = {printed!r}"))
    assert run(runner, str(path))[:2] == (0, [])


CASES: dict[str, tuple[str, Expected]] = {
    "toml syntax error": (
        """\
        [[result]]
        region = "53.71"
        instrument = "ombudsman"
        year = = 2024
        """,
        [(4, "error", "TOML syntax: Invalid value (column 8)")],
    ),
    "unknown key at the root": (
        'title = "Kupang"\n' + GOOD,
        [(1, "error", "unknown key 'title' (a data file holds [[result]] entries)")],
    ),
    "unknown key in [[result]]": (
        GOOD.replace("score = 86.62", "score = 86.62\nkota = true"),
        [
            (
                6,
                "error",
                "unknown key 'kota' in [[result]]; known keys: approximate, disputed, instrument, "
                "note, region, score, source, unit, year",
            )
        ],
    ),
    "unknown key after strings that look like TOML": (
        GOOD.replace(
            "score = 86.62",
            "note = \"'''\\u2028 [x]\" # '''\nunit = '''\nDinas\u2028Sosial\n[[result]]\n'''\n"
            "score = 86.62\nkota = 1",
        ),
        [
            (
                11,
                "error",
                "unknown key 'kota' in [[result]]; known keys: approximate, disputed, instrument, "
                "note, region, score, source, unit, year",
            )
        ],
    ),
    "unknown key in [[result.source]]": (
        GOOD + 'link = "https://example.org/other"\n',
        [
            (
                9,
                "error",
                "unknown key 'link' in [[result.source]]; known keys: printed, rank, stated, unit, url",
            )
        ],
    ),
    "unknown region code": (
        GOOD.replace('"53.71"', '"53.99"'),
        [
            (
                2,
                "error",
                "unknown region code '53.99'; regions are named by Kemendagri code, "
                'e.g. "53.71" for Kota Kupang',
            )
        ],
    ),
    "region code without its dot": (
        GOOD.replace('"53.71"', '"5371"'),
        [
            (
                2,
                "error",
                "unknown region code '5371' (did you mean \"53.71\", Kota Kupang?); regions are "
                'named by Kemendagri code, e.g. "53.71" for Kota Kupang',
            )
        ],
    ),
    "unknown instrument": (
        GOOD.replace('"ombudsman"', '"ombudsmen"'),
        [(3, "error", "unknown instrument 'ombudsmen'; use one of ombudsman, ipp, skm")],
    ),
    "year with no assessment (ombudsman 2020)": (
        GOOD.replace("2024", "2020"),
        [
            (
                4,
                "error",
                "the Ombudsman held no assessment in 2020 (pandemic); years with bands: "
                "2015–2019, 2021–2025",
            )
        ],
    ),
    "assessed year without bands (ombudsman 2014)": (
        GOOD.replace("2024", "2014"),
        [
            (
                4,
                "error",
                "no bands held for 2014 (Ombudsman RI): the Ombudsman has assessed compliance "
                "since 2013, but no band table of 2013-2014 was found; years with bands: "
                "2015–2019, 2021–2025",
            )
        ],
    ),
    "year outside every period (ipp 2016)": (
        GOOD.replace('"ombudsman"', '"ipp"')
        .replace("2024", "2016")
        .replace("86.62", "4.02")
        .replace("86,62", "4,02"),
        [(4, "error", "no bands held for 2016 (KemenPANRB IPP); years with bands: 2017–2025")],
    ),
    "score above the ombudsman scale": (
        GOOD.replace("86.62", "101").replace("86,62", "101"),
        [(5, "error", "score 101 is outside the ombudsman 2024 scale (0–100)")],
    ),
    "score above the ipp scale": (
        GOOD.replace('"ombudsman"', '"ipp"').replace("86.62", "5.5").replace("86,62", "5,5"),
        [(5, "error", "score 5.5 is outside the ipp 2024 scale (0–5)")],
    ),
    "score below the skm scale": (
        GOOD.replace('"ombudsman"', '"skm"').replace("86.62", "20").replace("86,62", "20"),
        [(5, "error", "score 20 is outside the skm 2024 scale (25–100)")],
    ),
    "missing source": (
        GOOD.split("[[result.source]]")[0],
        [(1, "error", "[[result]] has no 'source'")],
    ),
    "empty source list": (
        GOOD.split("[[result.source]]")[0] + "source = []\n",
        [(6, "error", "a result needs at least one [[result.source]] with its url")],
    ),
    "source without url": (
        GOOD.replace('url = "https://example.org/kupang-2024"\n', ""),
        [(6, "error", "source has no url")],
    ),
    "bad url": (
        GOOD.replace("https://example.org/kupang-2024", "example.org/kupang-2024"),
        [(7, "error", "source url 'example.org/kupang-2024' is not an http(s) URL")],
    ),
    "url with a space": (
        GOOD.replace("kupang-2024", "kupang 2024"),
        [
            (
                7,
                "error",
                "source url 'https://example.org/kupang 2024' is not an http(s) URL",
            )
        ],
    ),
    "score differs from the printed figure": (
        GOOD.replace('"86,62"', '"86,63"'),
        [(8, "error", "score 86.62 differs from the figure this source printed, '86,63'")],
    ),
    "printed figure that is not a number": (
        GOOD.replace('"86,62"', '"delapan puluh"'),
        [
            (
                8,
                "error",
                "score 86.62 differs from the figure this source printed, 'delapan puluh'",
            )
        ],
    ),
    "printed without score": (
        GOOD.replace("score = 86.62\n", ""),
        [(7, "error", "source printed '86,62' but the result has no score")],
    ),
    "score that no source printed": (
        GOOD.replace('printed = "86,62"\n', ""),
        [
            (
                5,
                "error",
                'no source gives the printed figure of this score: add printed = "…" to the '
                "source that printed it",
            )
        ],
    ),
    "same source twice in one entry": (
        GOOD + GOOD.split("score = 86.62\n")[1],
        [
            (
                10,
                "error",
                "the same source is listed twice for this result: "
                "'https://example.org/kupang-2024'",
            )
        ],
    ),
    "same result from the same source twice": (
        GOOD + "\n" + GOOD,
        [
            (
                10,
                "error",
                "the same result from the same source twice (also at {path}:1): "
                "https://example.org/kupang-2024",
            )
        ],
    ),
    "dispute not marked on either report": (
        GOOD
        + "\n"
        + GOOD.replace("86.62", "86.63").replace("86,62", "86,63").replace("-2024", "-b"),
        [
            (
                1,
                "error",
                "sources disagree on this result (86.62 vs 86.63): keep both and mark each "
                "disputed = true",
            ),
            (
                10,
                "error",
                "sources disagree on this result (86.63 vs 86.62): keep both and mark each "
                "disputed = true",
            ),
        ],
    ),
    # A file grows by appending: the report added later may carry the mark for both.
    "dispute marked on one report only": (
        GOOD
        + "\n"
        + GOOD.replace("score = 86.62", "score = 86.63\ndisputed = true")
        .replace("86,62", "86,63")
        .replace("-2024", "-b"),
        [],
    ),
    "dispute marked where nothing disagrees": (
        GOOD.replace("score = 86.62", "score = 86.62\ndisputed = true"),
        [(1, "warning", "disputed = true but no other source gives a different value or grade")],
    ),
    "wrong types": (
        GOOD.replace('"53.71"', "53")
        .replace("year = 2024", 'year = "2024"')
        .replace("86.62", '"x"'),
        [
            (2, "error", "'region' must be a Kemendagri code in quotes, e.g. \"53.71\", not 53"),
            (4, "error", "'year' must be a whole number, not '2024'"),
            (5, "error", "'score' must be a number, not 'x'"),
        ],
    ),
    "boolean year and string flag": (
        GOOD.replace("2024", "true").replace("score = 86.62", 'score = 86.62\ndisputed = "yes"'),
        [
            (4, "error", "'year' must be a whole number, not True"),
            (6, "error", "'disputed' must be true or false, not 'yes'"),
        ],
    ),
    "result as a plain value": (
        "result = 5\n",
        [(1, "error", "'result' must be an array of tables: write each entry as [[result]]")],
    ),
    "stated grade words contradict the bands": (
        GOOD + 'stated = "zona merah"\n',
        [
            (
                9,
                "warning",
                "stated 'zona merah': zona merah but the 2022–2024 bands give hijau for 86.62",
            )
        ],
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_bad_record(runner: CliRunner, tmp_path: Path, text: str, expected: Expected) -> None:
    path = write(tmp_path, text)
    code, findings, summary = run(runner, str(path))
    want = [line.replace("{path}", str(path)) for line in lines_of(path, expected)]
    assert findings == want
    errors = sum(severity == "error" for _, severity, _ in expected)
    assert code == (ExitStatus.INVALID_DATA if errors else 0)
    if any(message.startswith("TOML syntax") for _, _, message in expected):
        assert summary is None  # nothing parsed, nothing to sum up
    else:
        assert summary is not None
        assert summary.endswith(f"; {errors} errors, {len(expected) - errors} warnings")


def test_findings_of_several_files_in_order(runner: CliRunner, tmp_path: Path) -> None:
    first = write(tmp_path, GOOD.replace('"53.71"', '"53.99"'), "first.toml")
    second = write(tmp_path, GOOD.replace("2024", "2020").replace("-2024", "-b"), "second.toml")
    code, findings, summary = run(runner, str(second), str(first))
    assert code == ExitStatus.INVALID_DATA
    assert [f.split(": ")[0] for f in findings] == [f"{second}:4", f"{first}:2"]
    assert summary == "checked 2 file(s): 0 results, 0 regions, 0 sources; 2 errors, 0 warnings"


def test_a_missing_file_is_not_found(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    code, findings, summary = run(runner, str(missing))
    assert code == ExitStatus.NOT_FOUND
    assert findings == [f"pelayanan: {missing}: no such file"]
    assert summary is None


def test_grade_words_the_bands_cannot_read_are_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[result]]\nregion = "53.71"\ninstrument = "ombudsman"\nyear = 2023\n'
        '[[result.source]]\nurl = "https://example.org/banana"\nstated = "banana"\n',
    )
    code, findings, _ = run(runner, str(path))
    assert code == 0
    assert findings == [
        f"{path}:7: warning: the grade words 'banana' name no grade, label or zone of the "
        "ombudsman 2023 bands: kept as the source's words, shown without a grade"
    ]


def test_json_format(runner: CliRunner, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD.replace("https://example.org/kupang-2024", "ftp://example.org/a")
        + 'stated = "zona merah"\n'
        + '\n[[result]]\nregion = "53.71"\ninstrument = "ombudsman"\nyear = 2024\nscore = 86.62\n'
        + '[[result.source]]\nurl = "https://example.org/b"\nprinted = "86,62"\n'
        + 'stated = "zona merah"\n',
    )
    result = runner.invoke(app, ["check", "--format", "json", str(path)])
    assert result.exit_code == ExitStatus.INVALID_DATA
    assert json.loads(result.stdout) == [
        {
            "file": str(path),
            "line": 7,
            "severity": "error",
            "code": "bad-url",
            "message": "source url 'ftp://example.org/a' is not an http(s) URL",
        },
        {
            "file": str(path),
            "line": 19,
            "severity": "warning",
            "code": "stated-grade-mismatch",
            "message": "stated 'zona merah': zona merah but the 2022–2024 bands give hijau for 86.62",
        },
    ]
    assert result.stderr.splitlines() == [
        "checked 1 file(s): 1 results, 1 regions, 1 sources; 1 errors, 1 warnings"
    ]


def test_json_format_clean_file_is_an_empty_list(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(write(tmp_path, GOOD))])
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def _expected_counts(path: Path) -> tuple[int, int, int]:
    """Results, regions and source URLs of a data file, read with tomllib alone."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle)["result"]
    regions = {e["region"] for e in entries}
    urls = {s["url"] for e in entries for s in e["source"]}
    return len(entries), len(regions), len(urls)


# The bundled data's only warnings: scores whose own source's grade words contradict the bands.
# Each (region, year, source) is named in the reference notes, except Bolmong's, a new finding.
SOURCE_WORDS_AGAINST_THE_BANDS = {
    # national_scores_notes.md, contradiction 5: Sumsel 2023 85,25 "Kategori A" (B by the bands).
    (
        "16",
        2023,
        "https://linggaupos.bacakoran.co/",
    ): "grade A but the 2022–2024 bands give B for 85.25",
    (
        "16",
        2023,
        "https://kingdomsriwijaya.id/",
    ): "grade A but the 2022–2024 bands give B for 85.25",
    # national_scores_notes.md, contradiction 11: Bali 2015 72,53 "hijau" (a stage-I observation).
    ("51", 2015, "https://metrobali.com/"): "zona hijau but the 2015 bands give kuning for 72.53",
    # scales.md §4.2 and more_scores_notes.md §4.1: timurtoday.id drops the IPP minus grades.
    ("53.14", 2025, "https://timurtoday.id/"): "grade B but the 2022–2025 bands give B- for 3.27",
    ("53.20", 2025, "https://timurtoday.id/"): "grade C but the 2022–2025 bands give C- for 2.43",
    ("53.71", 2025, "https://timurtoday.id/"): "grade A but the 2022–2025 bands give A- for 4.002",
    # Not in the notes: telegrafnews calls Bolaang Mongondow's 97,5 (2023) "Kualitas Tinggi".
    (
        "71.01",
        2023,
        "https://telegrafnews.co/",
    ): "'Kualitas Tinggi' but the 2022–2024 bands give 'Kualitas Tertinggi' for 97.5",
    # regional_scores_notes.md, internal inconsistencies: Gorontalo Utara 2023 76,24 "hijau … D".
    ("75.05", 2023, "https://kronologi.id/"): "grade D but the 2022–2024 bands give C for 76.24",
}


def test_bundled_data_is_clean(runner: CliRunner) -> None:
    """No errors; the only warnings are the source errors above, each at its source's line."""
    code, findings, summary = run(runner)
    assert code == 0
    results, regions, sources = _expected_counts(bundled_file("evaluations.toml"))
    with bundled_file("scope.toml").open("rb") as handle:
        scope_entries = len(tomllib.load(handle)["scope"])
    unreadable = [f for f in findings if "name no grade, label or zone of the" in f]
    assert summary == (
        f"checked 2 file(s): {results} results, {regions} regions, {sources} sources, "
        f"{scope_entries} scope entries; "
        f"0 errors, {len(SOURCE_WORDS_AGAINST_THE_BANDS) + len(unreadable)} warnings"
    )
    data = bundled_file("evaluations.toml").read_text(encoding="utf-8").split("\n")
    warned = {}
    for finding in findings:
        where, severity, message = finding.split(": ", 2)
        assert severity == "warning"
        line = int(where.rsplit(":", 1)[1])
        assert data[line - 1].startswith("stated = ")
        if finding in unreadable:
            # Grade words of a grade-only result that the bands cannot read, as `add` warns.
            words = tomllib.loads(data[line - 1])["stated"]
            shown = message.removeprefix("the grade words '").split(" name no grade")[0]
            assert words.startswith(shown.removesuffix("'").removesuffix("…"))
            continue
        # The source's url is a line or two above; the result's region and year further up.
        url = next(data[i] for i in range(line - 2, line - 5, -1) if data[i].startswith("url = "))
        head = max(i for i in range(line) if data[i] == "[[result]]")
        key = (
            data[head + 1].split('"')[1],
            int(data[head + 3].split(" = ")[1]),
            "/".join(url.split('"')[1].split("/")[:3]) + "/",
        )
        warned[key] = message.split(": ", 1)[1]
    assert warned == SOURCE_WORDS_AGAINST_THE_BANDS
