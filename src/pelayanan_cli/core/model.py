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
    # The unit as this source named it, where that differs from the result's unit (an office
    # printed under an older or longer name, joined to one series by data/units.toml).
    unit: str | None = None


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


def near(approximate: Decimal, value: Decimal) -> bool:
    """Whether `value` fits a figure printed as approximate: within one unit of its last printed
    digit ("sekitar 86" fits 86,62; "sekitar 88,77" does not fit 88,70)."""
    exponent = approximate.as_tuple().exponent
    unit = Decimal(1).scaleb(exponent) if isinstance(exponent, int) else Decimal(1)
    return abs(approximate - value) < unit


def consistent(a: Result, b: Result) -> bool:
    """Whether two reports of one result agree: same value, or an approximate one that fits.

    "sekitar 86 poin" fits 86,62; grade-only reports carry no value to disagree with.
    """
    if a.score is None or b.score is None or a.score == b.score:
        return True
    if a.approximate and b.approximate:
        return near(a.score, b.score) or near(b.score, a.score)
    if a.approximate:
        return near(a.score, b.score)
    if b.approximate:
        return near(b.score, a.score)
    return False
