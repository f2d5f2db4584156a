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


def write_json(view: View, out: TextIO) -> None:
    payload = view.json if view.json is not None else view.rows
    out.write(to_json(payload) + "\n")
