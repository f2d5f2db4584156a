"""Line numbers for the entries and keys of a data file, which tomllib does not report.

A light line scanner: it knows array-of-table headers, table headers, `key =` lines and
multi-line strings, which is all a data file holds. Where it cannot tell, callers fall back to
the entry's header line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*(?:\.|=)""")


@dataclass
class Located:
    line: int
    keys: dict[str, int] = field(default_factory=dict)
    children: list[Located] = field(default_factory=list)

    def key_line(self, key: str) -> int:
        return self.keys.get(key, self.line)


@dataclass
class LineMap:
    """Where each [[result]] entry and each of its [[result.source]] tables start."""

    root: Located
    results: list[Located]

    def result(self, index: int) -> Located:
        return self.results[index] if index < len(self.results) else self.root

    def source(self, index: int, source_index: int) -> Located:
        entry = self.result(index)
        if source_index < len(entry.children):
            return entry.children[source_index]
        return Located(entry.key_line("source"))


def _unquote(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


def map_lines(text: str) -> LineMap:
    root = Located(1)
    results: list[Located] = []
    current: Located | None = root
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        array = _ARRAY_HEADER.match(line)
        if array:
            name = _unquote(array.group(1))
            if name == "result":
                current = Located(number)
                results.append(current)
            elif name == "result.source" and results:
                current = Located(number)
                results[-1].children.append(current)
            else:
                current = None
            continue
        if _TABLE_HEADER.match(line):
            current = None
            continue
        key = _KEY.match(line)
        if key and current is not None:
            current.keys.setdefault(key.group(1).strip("\"'"), number)
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_string = quote
                break
    return LineMap(root, results)
