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


def _scan(line: str, quote: str | None, depth: int) -> tuple[str | None, int]:
    """Follow one line: whether it ends inside a multi-line string, and how deep in brackets.

    Strings and comments are skipped, so a note holding three quote marks or a "[" moves no
    line number.
    """
    i, n = 0, len(line)
    while i < n:
        if quote is not None:
            end = _close(line, i, quote)
            if end < 0:
                return quote, depth
            i, quote = end, None
            continue
        char = line[i]
        if char == "#":
            break
        if line.startswith(('"""', "'''"), i):
            quote, i = line[i : i + 3], i + 3
        elif char in "\"'":
            i += 1
            while i < n and line[i] != char:
                i += 2 if char == '"' and line[i] == "\\" else 1
            i += 1
        else:
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth = max(depth - 1, 0)
            i += 1
    return quote, depth


def _close(line: str, start: int, quote: str) -> int:
    """Where a multi-line string closes on this line (just past its quote marks), or -1."""
    i, n = start, len(line)
    while i < n:
        if quote == '"""' and line[i] == "\\":
            i += 2
        elif line.startswith(quote, i):
            end = i + 3
            # Up to two more quote marks right at the delimiter belong to the string.
            while end < n and end - i < 5 and line[end] == quote[0]:
                end += 1
            return end
        else:
            i += 1
    return -1


def map_lines(text: str, entry: str = "result") -> LineMap:
    """Lines of each [[result]] (or [[`entry`]]) table, its keys and its [[….source]] tables."""
    root = Located(1)
    results: list[Located] = []
    current: Located | None = root
    in_string: str | None = None
    depth = 0
    # TOML lines end at "\n" only; str.splitlines() would also split at "\x0c", "\u2028" and
    # the like, which may sit inside strings and comments, and shift every line number after them.
    for number, line in enumerate(text.split("\n"), start=1):
        if in_string is not None or depth:
            # Inside a multi-line string or array: no header or key starts on this line.
            in_string, depth = _scan(line, in_string, depth)
            continue
        in_string, depth = _scan(line, None, 0)
        array = _ARRAY_HEADER.match(line)
        if array:
            name = _unquote(array.group(1))
            if name == entry:
                current = Located(number)
                results.append(current)
            elif name == f"{entry}.source" and results:
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
    return LineMap(root, results)
