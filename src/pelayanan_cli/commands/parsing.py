"""How the command line is read: a negative number is a value where a value is expected."""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperCommand

_NEGATIVE = re.compile(r"-\d+(?:[.,]\d*)?|-[.,]\d+")


class Command(TyperCommand):
    """`pelayanan grade -5` reads -5 as the score (then refuses it as out of range) instead of
    failing with "No such option: -5"; options that really are named like a number still win.
    Help names values in words (REGION, YEAR, FILE), never by Python type (<str>, <int range>).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is not None or getattr(param, "is_flag", False):
                continue
            kind = getattr(param.type, "name", "")
            if kind == "choice":
                continue
            param.metavar = "FILE" if kind in ("path", "file") else (param.name or "value").upper()

    def make_parser(self, ctx: Any) -> Any:
        parser = super().make_parser(ctx)
        process_opts = parser._process_opts
        known = set(parser._short_opt) | set(parser._long_opt)

        def values_too(arg: str, state: Any) -> None:
            if _NEGATIVE.fullmatch(arg) and arg not in known:
                state.largs.append(arg)
                return
            process_opts(arg, state)

        parser._process_opts = values_too
        return parser
