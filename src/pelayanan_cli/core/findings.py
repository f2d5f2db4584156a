"""Validation findings as records with stable codes, so scripts and tests can rely on them."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pelayanan_cli.core.records import record

Severity = Literal["error", "warning"]


class Code(StrEnum):
    """Stable identifiers of every kind of finding `pelayanan check` reports."""

    NOT_UTF8 = "not-utf8"
    TOML_SYNTAX = "toml-syntax"
    UNREADABLE = "unreadable"
    UNKNOWN_KEY = "unknown-key"
    MISSING_KEY = "missing-key"
    WRONG_TYPE = "wrong-type"
    UNKNOWN_REGION = "unknown-region"
    UNKNOWN_INSTRUMENT = "unknown-instrument"
    NO_ASSESSMENT = "no-assessment"
    SCORE_OUT_OF_RANGE = "score-out-of-range"
    MISSING_SOURCE = "missing-source"
    BAD_URL = "bad-url"
    PRINTED_MISMATCH = "printed-mismatch"
    PRINTED_WITHOUT_SCORE = "printed-without-score"
    SCORE_NOT_PRINTED = "score-not-printed"
    DUPLICATE_SOURCE = "duplicate-source"
    UNDECLARED_DISPUTE = "undeclared-dispute"
    UNDECLARED_GRADE_DISPUTE = "undeclared-grade-dispute"
    NEEDLESS_DISPUTE = "needless-dispute"
    STATED_GRADE_MISMATCH = "stated-grade-mismatch"
    BAD_VALUE = "bad-value"
    UNREADABLE_STATED = "unreadable-stated"


@record
class Finding:
    severity: Severity
    code: Code
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


def shown(value: object, limit: int = 60) -> str:
    """A value from a data file as safe one-line text: quoted, control characters escaped."""
    text = repr(value)
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean(text: str) -> str:
    """Parser messages may quote input characters: keep them printable."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
