"""How a table fits a terminal: which columns, in what form, on how many lines per row.

At a terminal narrower than the table, in this order until it fits: headers take their short
form, cells their abbreviated form (least important column first), wordy columns wrap onto a
second line (least important first); and before any of that is given up, the least important
columns are dropped, so the ones kept fit in their most compact form. Then each step is undone
while the table still fits. A word is never broken inside a cell and no row is taller than two
lines. Without a width (piped, a file, --wide) every column is shown whole on one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pelayanan_cli.render.view import Column

GAP = 2  # spaces between two columns
MAX_LINES = 2


def two_line_width(text: str) -> int:
    """The narrowest width at which `text` takes at most two lines, broken between words."""
    if " " not in text:
        return len(text)
    best = len(text)
    for index, char in enumerate(text):
        if char == " ":
            left, right = text[:index].rstrip(), text[index + 1 :].lstrip()
            best = min(best, max(len(left), len(right)))
    return best


def wrap_words(text: str, width: int) -> list[str]:
    """Greedy wrap at spaces; a word longer than `width` stays whole on its own line."""
    if len(text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


@dataclass
class _State:
    column: Column
    full: list[str]
    abbreviated: list[str]
    short_header: bool = False
    abbreviate: bool = False
    wrap: bool = False
    dropped: bool = False
    width: int = 0

    @property
    def header(self) -> str:
        return self.column.short if self.short_header and self.column.short else self.column.header

    @property
    def texts(self) -> list[str]:
        return self.abbreviated if self.abbreviate else self.full

    def natural(self) -> int:
        return max([len(self.header), *(len(t) for t in self.texts)])

    def needed(self) -> int:
        if not self.wrap:
            return self.natural()
        return max([len(self.header), *(two_line_width(t) for t in self.texts)])


@dataclass
class Layout:
    """The columns shown, their widths, headers and the cell texts chosen, row by row."""

    columns: list[Column]
    headers: list[str]
    widths: list[int]
    cells: list[list[str]]  # per row, per shown column
    dropped: list[Column]
    abbreviated: list[Column]

    @property
    def width(self) -> int:
        return sum(self.widths) + GAP * max(len(self.widths) - 1, 0)

    def header_line(self) -> list[str]:
        return [self._pad(h, i) for i, h in enumerate(self.headers)]

    def row_lines(self, index: int) -> list[list[str]]:
        """One row as its lines (one or two), each a list of padded cells."""
        wrapped = [wrap_words(text, self.widths[i]) for i, text in enumerate(self.cells[index])]
        height = max((len(w) for w in wrapped), default=1)
        return [
            [self._pad(w[line] if line < len(w) else "", i) for i, w in enumerate(wrapped)]
            for line in range(height)
        ]

    def _pad(self, text: str, index: int) -> str:
        width = self.widths[index]
        return text.rjust(width) if self.columns[index].numeric else text.ljust(width)


def fit(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int | None) -> Layout:
    """Lay out `rows` (the full text of each cell, by column) in at most `width` characters."""
    states = [
        _State(
            column,
            full=[row[i] for row in rows],
            abbreviated=[
                column.abbreviate(row[i]) if column.abbreviate is not None else row[i]
                for row in rows
            ],
        )
        for i, column in enumerate(columns)
    ]
    if width is not None:
        applied: list[tuple[_State, str]] = []
        for state, step in _steps(states):
            if _total(states) <= width:
                break
            setattr(state, step, True)
            applied.append((state, step))
        # A later step may have made an earlier one needless: undo what still fits undone,
        # the most important first. Columns come back in order of importance only: once one
        # does not fit, no less important one is shown in its place.
        restoring = True
        for state, step in reversed(applied):
            if step == "dropped" and not restoring:
                continue
            if step == "abbreviate" and any(s.wrap for s in states):
                continue  # a shorter name is better than a second line for a row
            setattr(state, step, False)
            if _total(states) > width:
                setattr(state, step, True)
                restoring = restoring and step != "dropped"
    kept = [s for s in states if not s.dropped]
    for state in kept:
        state.width = state.needed()
    if width is not None:
        _spend_spare(kept, width)
    return Layout(
        columns=[s.column for s in kept],
        headers=[s.header for s in kept],
        widths=[s.width for s in kept],
        cells=[[s.texts[r] for s in kept] for r in range(len(rows))],
        dropped=[s.column for s in states if s.dropped],
        abbreviated=[s.column for s in kept if s.abbreviate and s.abbreviated != s.full],
    )


def _total(states: Sequence[_State]) -> int:
    kept = [s for s in states if not s.dropped]
    return sum(s.needed() for s in kept) + GAP * max(len(kept) - 1, 0)


def _steps(states: Sequence[_State]) -> list[tuple[_State, str]]:
    """The compaction steps in the order they are taken: short headers; abbreviations, from
    the least important column (of equal ones, the rightmost); then, from the least important
    level of priority up, wrapping that level's columns and, if that is not enough, dropping
    them, so a row takes a second line only for a column that matters more than every column
    left out. Columns of priority 1 are never dropped."""
    by_least = sorted(states, key=lambda s: (-s.column.priority, -list(states).index(s)))
    steps: list[tuple[_State, str]] = [(s, "short_header") for s in states if s.column.short]
    steps += [(s, "abbreviate") for s in by_least if s.column.abbreviate is not None]
    for level in sorted({s.column.priority for s in states}, reverse=True):
        same = [s for s in by_least if s.column.priority == level]
        steps += [(s, "wrap") for s in same if s.column.wrap]
        if level > 1:
            steps += [(s, "dropped") for s in same]
    return steps


def _spend_spare(kept: Sequence[_State], width: int) -> None:
    """Width left over goes to wrapped columns, most important first, so fewer cells wrap."""
    spare = width - sum(s.width for s in kept) - GAP * max(len(kept) - 1, 0)
    for state in sorted(kept, key=lambda s: s.column.priority):
        if spare <= 0:
            break
        if state.wrap and state.width < state.natural():
            extra = min(spare, state.natural() - state.width)
            state.width += extra
            spare -= extra
