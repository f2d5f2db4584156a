"""JSON: the contract for scripts (keys documented in the README and tested)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TextIO

from pelayanan_cli.render.view import View


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        # A short figure (almost every score) is told by its length, the cheaper test.
        return (
            float(value)
            if len(str(value)) < 16 or value == value.to_integral_value()
            else str(value)
        )
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_default)


def write_json(view: View, out: TextIO) -> int:
    """Write the view's JSON; the number of rows. A list of rows is written one row per line,
    as the rows come (json's C encoder, no indentation inside a row), so an export of any size
    streams in flat memory; any other value is indented."""
    if view.json is not None:
        out.write(to_json(view.json) + "\n")
        return len(view.json) if isinstance(view.json, list) else 1
    encode = json.JSONEncoder(ensure_ascii=False, default=_default).encode
    write = out.write
    count = 0
    for row in view.iter_rows():
        write(",\n  " if count else "[\n  ")
        write(encode(row))
        count += 1
    write("\n]\n" if count else "[]\n")
    return count
