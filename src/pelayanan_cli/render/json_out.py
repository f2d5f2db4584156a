"""JSON: the contract for scripts (keys documented in the README and tested)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TextIO

from pelayanan_cli.render.view import View


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return (
            float(value)
            if value == value.to_integral_value() or len(str(value)) < 16
            else str(value)
        )
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_default)


def write_json(view: View, out: TextIO) -> int:
    """Write the view's JSON; the number of rows. A list of rows is written row by row (the
    same text as one `to_json` of the list), so an export of any size streams."""
    if view.json is not None:
        out.write(to_json(view.json) + "\n")
        return len(view.json) if isinstance(view.json, list) else 1
    count = 0
    for row in view.iter_rows():
        out.write(",\n  " if count else "[\n  ")
        out.write(to_json(row).replace("\n", "\n  "))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count
