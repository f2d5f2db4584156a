"""The data model: a result is one reported value for a region, instrument and year, with its sources."""

from __future__ import annotations

from decimal import Decimal

from pelayanan_cli.core.records import record

# A result's identity: the same region, instrument, year and unit is the same result, whatever
# the value. Two values for one key are a disagreement between sources, kept side by side.
ResultKey = tuple[str, str, int, str]


@record
class Source:
    """A publication that reported the result, with the figure and grade words exactly as printed."""

    url: str
    printed: str | None = None
    stated: str | None = None
    rank: str | None = None


@record
class Result:
    code: str
    instrument: str
    year: int
    unit: str | None
    score: Decimal | None
    approximate: bool
    disputed: bool
    note: str | None
    sources: tuple[Source, ...]
    origin: str
    line: int

    @property
    def key(self) -> ResultKey:
        return (self.code, self.instrument, self.year, self.unit or "")

    @property
    def stated(self) -> str | None:
        """The grade words of the first source that printed any."""
        return next((s.stated for s in self.sources if s.stated), None)

    @property
    def rank(self) -> str | None:
        return next((s.rank for s in self.sources if s.rank), None)

    @property
    def where(self) -> str:
        return f"{self.origin}:{self.line}"


def consistent(a: Result, b: Result) -> bool:
    """Whether two reports of one result agree: same value, or an approximate one that fits.

    "sekitar 86 poin" fits 86,62; grade-only reports carry no value to disagree with.
    """
    if a.score is None or b.score is None or a.score == b.score:
        return True
    if a.approximate or b.approximate:
        return abs(a.score - b.score) < 1
    return False
