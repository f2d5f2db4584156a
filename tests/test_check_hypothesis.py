"""`check` never crashes: arbitrary bytes and arbitrary well-formed TOML of every shape.

Whatever a user's file holds, the answer is findings at file:line and exit 0 or 1. The core's
`check_files` takes most examples (fast); the CLI takes some, to cover the command's output too.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pelayanan_cli.cli import app
from pelayanan_cli.core.errors import ExitStatus
from pelayanan_cli.core.validation import check_files

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLI_SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SUMMARY = re.compile(
    r"^checked \d+ file\(s\): \d+ results, \d+ regions, \d+ sources; \d+ errors, \d+ warnings$"
)


@pytest.fixture(scope="module")
def data_file() -> Iterator[Path]:
    """One file rewritten by every example (function-scoped tmp_path does not mix with @given)."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "data.toml"


def finding_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(str(path))}:(\d+): (error|warning): \S")


def assert_core_answers(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    report = check_files([path])
    pattern = finding_pattern(path)
    last_line = data.count(b"\n") + 1
    for finding in report.findings:
        text = str(finding)
        match = pattern.match(text)
        assert match, text
        assert 1 <= int(match.group(1)) <= last_line, text
        assert not _CONTROL.search(text), text
    assert _SUMMARY.match(report.summary())


def assert_cli_answers(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, ExitStatus.INVALID_DATA)
    assert result.stdout == ""
    text = result.stderr_bytes.decode("utf-8")
    assert "Traceback" not in text
    lines = text.splitlines()
    assert lines, "check says nothing"
    pattern = finding_pattern(path)
    for line in lines[:-1]:
        assert pattern.match(line), line
        assert not _CONTROL.search(line), line
    assert _SUMMARY.match(lines[-1]) or pattern.match(lines[-1]), lines[-1]
    has_error = any(": error: " in line for line in lines)
    assert result.exit_code == (ExitStatus.INVALID_DATA if has_error else 0)


# ---- arbitrary bytes, plain and salted with the words of a data file --------------------------

TOKENS = [
    b"[[result]]\n",
    b"[[result.source]]\n",
    b"[result]\n",
    b'region = "53.71"\n',
    b'instrument = "ombudsman"\n',
    b"year = 2024\n",
    b"score = 86.62\n",
    b'url = "https://example.org/a"\n',
    b'printed = "86,62"\n',
    b'"""',
    b"'''",
    b"=",
    b"[",
    b"]",
    b"{",
    b"}",
    b'"',
    b"\n",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xff",
    "é\u2028\u0085".encode(),
]
salted_bytes = st.lists(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=8)), max_size=30).map(
    b"".join
)
any_bytes = st.one_of(st.binary(max_size=400), salted_bytes)


@SETTINGS
@given(data=any_bytes)
def test_core_on_arbitrary_bytes(data_file: Path, data: bytes) -> None:
    assert_core_answers(data_file, data)


@CLI_SETTINGS
@given(data=any_bytes)
def test_cli_on_arbitrary_bytes(data_file: Path, data: bytes) -> None:
    assert_cli_answers(data_file, data)


# ---- well-formed TOML of every shape, written by tomli_w -------------------------------------

text = st.text(max_size=20)  # any code point but surrogates, control characters included
scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**300), max_value=2**300),
    st.sampled_from([2**63 - 1, -(2**63), 10**40]),
    st.floats(),  # nan and inf too
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    text,
    st.dates(),
    st.datetimes(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=12,
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the plausible value, sometimes anything at all."""
    return st.one_of(strategy, strategy, values)


source = st.fixed_dictionaries(
    {},
    optional={
        "url": maybe(st.sampled_from(["https://example.org/a", "https://example.org/b", "x"])),
        "printed": maybe(st.sampled_from(["86,62", "86.62", "86,63", "4,02", "", "abc"])),
        "stated": maybe(st.sampled_from(["zona hijau", "zona merah", "kategori B", "(A-)"])),
        "rank": maybe(text),
        "extra": values,
    },
)
entry = st.fixed_dictionaries(
    {},
    optional={
        "region": maybe(st.sampled_from(["53.71", "53.01", "74.72", "5371", "99.99", ""])),
        "instrument": maybe(st.sampled_from(["ombudsman", "ipp", "skm", "sakip"])),
        "year": maybe(st.sampled_from([2015, 2019, 2020, 2021, 2024, 2025, 2026])),
        "unit": maybe(text),
        "score": maybe(
            st.one_of(
                st.sampled_from([Decimal("86.62"), Decimal("4.02"), Decimal("101")]),
                st.floats(),
                st.integers(),
            )
        ),
        "approximate": maybe(st.booleans()),
        "disputed": maybe(st.booleans()),
        "note": maybe(text),
        "source": st.one_of(st.lists(source, max_size=3), values),
        "typo": values,
    },
)
# Entries that are often valid, so the dispute, duplicate and stated-grade checks run too.
plausible_source = st.fixed_dictionaries(
    {"url": st.sampled_from(["https://example.org/a", "https://example.org/b"])},
    optional={
        "printed": st.sampled_from(["86,62", "86.62", "86,63", "4,02"]),
        "stated": st.sampled_from(["zona hijau", "zona merah", "kategori B", "Sangat Baik (A-)"]),
    },
)
plausible_entry = st.fixed_dictionaries(
    {
        "region": st.sampled_from(["53.71", "53.01"]),
        "instrument": st.sampled_from(["ombudsman", "ipp", "skm"]),
        "year": st.sampled_from([2024, 2025]),
        "source": st.lists(plausible_source, min_size=1, max_size=2),
    },
    optional={
        "score": st.sampled_from([Decimal("86.62"), Decimal("86.63"), Decimal("4.02")]),
        "approximate": st.booleans(),
        "disputed": st.booleans(),
        "unit": st.sampled_from(["Dinas Sosial", "\u2028 ''' [x]"]),
    },
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "result": st.one_of(
            st.lists(st.one_of(entry, *[plausible_entry] * 4), min_size=1, max_size=4),
            st.lists(st.one_of(entry, *[plausible_entry] * 4), min_size=1, max_size=4),
            values,
        ),
        "title": values,
    },
)


def toml_bytes(document: dict[str, Any], multiline: bool) -> bytes:
    return tomli_w.dumps(document, multiline_strings=multiline).encode("utf-8")


@SETTINGS
@given(document=documents, multiline=st.booleans())
def test_core_on_well_formed_toml(
    data_file: Path, document: dict[str, Any], multiline: bool
) -> None:
    assert_core_answers(data_file, toml_bytes(document, multiline))


@CLI_SETTINGS
@given(document=documents, multiline=st.booleans())
def test_cli_on_well_formed_toml(
    data_file: Path, document: dict[str, Any], multiline: bool
) -> None:
    assert_cli_answers(data_file, toml_bytes(document, multiline))


# A few shapes named in the brief, always run.
SHAPES: list[dict[str, Any]] = [
    {"result": 5},
    {"result": [1, 2]},
    {"result": {"region": "53.71"}},
    {"result": [{"region": "53.71", "source": "x"}]},
    {"result": [{"source": [{"url": {"nested": {"deep": [1]}}}]}]},
    {"result": [{"year": 10**4000, "score": 10**4000}]},
    {"result": [{"region": "\x00\x1b[31m\u202e", "note": "'''\n[[result]]\n"}]},
    {"result": [{"region": "53.71", "instrument": "ombudsman", "year": 2024}] * 2},
    {"result": [{"score": datetime(2024, 1, 1), "year": date(2024, 1, 1), "unit": time()}]},
]


@pytest.mark.parametrize("document", SHAPES, ids=range(len(SHAPES)))
def test_named_shapes(data_file: Path, document: dict[str, Any]) -> None:
    data = toml_bytes(document, multiline=False)
    assert_core_answers(data_file, data)
    assert_cli_answers(data_file, data)


def test_too_long_integer_and_too_deep_nesting(data_file: Path) -> None:
    """Two ways tomllib fails without a TOMLDecodeError: both are still one finding at a line."""
    for data, line in (
        (b"a = 1\nb = " + b"7" * 5000 + b"\n", 2),
        (b"a = 1\n\nb = " + b"[" * 5000 + b"]" * 5000 + b"\n", 3),
    ):
        data_file.write_bytes(data)
        report = check_files([data_file])
        assert [(f.code, f.line) for f in report.findings] == [("toml-syntax", line)]
        assert_cli_answers(data_file, data)
