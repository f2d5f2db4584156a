"""Scores as exact decimals: sources print "86,62" or "86.62", and band edges must not wobble."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# A space after the decimal separator occurs in print ("60, 45 persen").
_NUMBER = re.compile(r"^[+-]?(\d+([.,] ?\d*)?|[.,]\d+)$")


def parse_decimal(text: str) -> Decimal | None:
    """Read a number written with a decimal comma or point; None when it is not one."""
    cleaned = text.strip()
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", ".").replace(" ", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def to_decimal(value: object) -> Decimal | None:
    """Turn a TOML value (int, float or Decimal) into a Decimal; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return None


def format_score(value: Decimal | None, *, decimal_comma: bool = False) -> str:
    """Two decimals, as the evaluations publish them; more only when the source printed more."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    if exponent == 0:
        # Printed as a whole number ("sekitar 86 poin"): adding ",00" would claim a precision
        # the source did not give.
        text = f"{value:f}"
    else:
        places = -exponent if isinstance(exponent, int) and exponent < -2 else 2
        text = f"{value:.{places}f}"
    return text.replace(".", ",") if decimal_comma else text


def same_figure(printed: str, value: Decimal) -> bool:
    """Whether a figure as printed ("86,62", "86.62") is the same number as `value`."""
    number = parse_decimal(printed)
    return number is not None and number == value
