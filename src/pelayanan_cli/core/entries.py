"""New results from the user (`pelayanan add`, `pelayanan import`): typed, checked exactly as
`pelayanan check` checks a file, and rendered as TOML to append.

The check reads the file as it will be after the write (the old text, then the new entries)
with the same reader as `check`, plus the findings across files against the bundled data, so
nothing is written that `check` would refuse.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pelayanan_cli.core.datafile import read_data_text
from pelayanan_cli.core.dataset import Dataset, cross_findings
from pelayanan_cli.core.errors import DataError, ExitStatus, NotFoundError, UsageError
from pelayanan_cli.core.findings import Code, Finding, shown
from pelayanan_cli.core.model import Result, ResultKey, Source, consistent
from pelayanan_cli.core.numbers import parse_decimal
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.queries import resolve_region
from pelayanan_cli.core.regions import Region, Regions, load_regions
from pelayanan_cli.core.scales import Scales, load_scales
from pelayanan_cli.core.writing import (
    Waiting,
    WriteError,
    append,
    decode,
    default_data_file,
    read_existing,
    separator,
)

NEW_FILE_HEADER = (
    "# pelayanan data file: results added with `pelayanan add` and `pelayanan import`.\n"
    "# It is only ever appended to; check it with `pelayanan check FILE`.\n\n"
)

# Column names of an import file (CSV header or JSON key), English and Indonesian.
COLUMNS: dict[str, str] = {
    "region": "region",
    "wilayah": "region",
    "daerah": "region",
    "instrument": "instrument",
    "instrumen": "instrument",
    "year": "year",
    "tahun": "year",
    "unit": "unit",
    "score": "score",
    "nilai": "score",
    "skor": "score",
    "grade": "stated",
    "stated": "stated",
    "predikat": "stated",
    "source": "source",
    "url": "source",
    "sumber": "source",
    "rank": "rank",
    "peringkat": "rank",
    "printed": "printed",
}
REQUIRED_COLUMNS = ("region", "instrument", "year", "source")
_COLUMN_LIST = (
    "region, instrument, year, unit, score, grade (or stated), source (or url), rank, printed"
)
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class Draft:
    """One new result as the user gave it: typed, not yet checked against the data."""

    region: Region
    instrument: str
    year: int
    unit: str | None
    score: Decimal | None
    printed: str | None
    stated: str | None
    rank: str | None
    url: str
    origin: str = ""  # where it came from, e.g. "rows.csv:3"; empty for `add`
    notes: tuple[str, ...] = ()  # what was changed in what the user typed (trimmed whitespace)

    @property
    def key(self) -> ResultKey:
        return (self.region.code, self.instrument, self.year, self.unit or "")

    def as_result(self) -> Result:
        source = Source(self.url, self.printed, self.stated, self.rank)
        return Result(
            self.region.code,
            self.instrument,
            self.year,
            self.unit,
            self.score,
            False,
            False,
            None,
            (source,),
            self.origin,
            0,
        )

    def describe(self) -> str:
        unit = f" · {self.unit}" if self.unit else ""
        value = self.printed or (str(self.score) if self.score is not None else self.stated)
        return f"{self.region.name} ({self.region.code}) · {self.instrument} {self.year}{unit}: {value}"


def _text(fields: Mapping[str, object], key: str) -> str | None:
    value = fields.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise UsageError(f"{key} must be text, not {shown(value)}")
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{key} {shown(value)} is not valid UTF-8 text") from None
    return text.strip() or None


def _trimmed(fields: Mapping[str, object]) -> tuple[str, ...]:
    """What the user should hear about text that was trimmed: leading or trailing whitespace
    (spaces, tabs, line or paragraph separators) is not kept, and says so."""
    notes = []
    for key in ("unit", "stated", "rank", "printed", "source", "region"):
        value = fields.get(key)
        if isinstance(value, str) and value.strip() and value != value.strip():
            notes.append(
                f"{key} {shown(value)}: whitespace at its ends removed, kept as {shown(value.strip())}"
            )
    return tuple(notes)


def draft_from_fields(
    fields: Mapping[str, object], regions: Regions, scales: Scales, *, origin: str = ""
) -> Draft:
    """A Draft from the user's values (text as typed; numbers from JSON), or one clear error.

    Region names resolve as in every command; a name meaning several regions is refused.
    """
    query = _text(fields, "region")
    if query is None:
        raise UsageError("no region: give a name or a Kemendagri code, e.g. 53.71")
    matches = resolve_region(regions, query)
    if len(matches) > 1:
        names = ", ".join(f"'{m.name}' ({m.code})" for m in matches)
        raise NotFoundError(
            f"{query!r} matches {len(matches)} regions: {names}; give its code, e.g. {matches[-1].code}"
        )
    instrument = (_text(fields, "instrument") or "").casefold()
    if not instrument:
        raise UsageError(f"no instrument: use one of {', '.join(scales.instruments)}")
    if instrument not in scales.instruments:
        raise UsageError(
            f"unknown instrument {instrument!r}: use one of {', '.join(scales.instruments)}"
        )
    raw_year = fields.get("year")
    year_text = _text(fields, "year")
    if isinstance(raw_year, int) and not isinstance(raw_year, bool):
        year = raw_year
    elif year_text is not None and _YEAR.match(year_text):
        year = int(year_text)
    else:
        raise UsageError(f"year {shown(raw_year)} is not a year such as 2024")
    score_text = _text(fields, "score")
    score: Decimal | None = None
    if score_text is not None:
        score = parse_decimal(score_text)
        if score is None:
            raise UsageError(
                f"{shown(score_text)} is not a score: write a number such as 86.62 or 86,62"
            )
        if score.adjusted() > 5:
            raise UsageError(
                f"score {shown(score_text, 24)} is outside the scale of every instrument"
            )
    stated = _text(fields, "stated")
    if score is None and stated is None:
        raise UsageError(
            "no score and no grade: give the score, or the grade words the source printed"
        )
    url = _text(fields, "source")
    if url is None:
        raise UsageError("no source: every result needs the URL of the publication that printed it")
    return Draft(
        region=matches[0],
        instrument=instrument,
        year=year,
        unit=_text(fields, "unit"),
        score=score,
        printed=_text(fields, "printed") or score_text,
        stated=stated,
        rank=_text(fields, "rank"),
        url=url,
        origin=origin,
        notes=_trimmed(fields),
    )


@dataclass(frozen=True)
class Context:
    """What new entries are checked against: the index of the bundled data and the target file
    as it was when the write began (`base` bytes of it, with SHA-256 `base_sha`). Under the lock
    only what was appended since is read (`plan`)."""

    target: Path
    regions: Regions
    scales: Scales
    paths: tuple[Path, ...]
    dataset: Dataset
    base: int
    base_sha: str

    @property
    def origin(self) -> str:
        """The target as its results are named in the index (file:line)."""
        return str(self.paths[-1]) if self.holds_target else str(self.target)

    @property
    def holds_target(self) -> bool:
        return os.path.realpath(self.paths[-1]) == os.path.realpath(self.target)


def context_for(target: Path) -> Context:
    """The index the new entries are checked against: the bundled data and the target, opened
    (or built) outside the lock; an index of an earlier state of the target will do."""
    from pelayanan_cli.core.files import regular_or_absent

    regions, scales = load_regions(), load_scales()
    bundled = bundled_file("evaluations.toml")
    is_bundled = os.path.realpath(target) == os.path.realpath(bundled)
    exists = regular_or_absent(target) is not None
    paths = (bundled,) if is_bundled or not exists else (bundled, target)
    try:
        try:
            from pelayanan_cli.core.cache import open_store

            store = open_store(paths, regions, scales, prefix_of_last=exists)
        except ImportError:  # a Python without sqlite3
            return _context_in_memory(target, regions, scales, paths, exists)
    except DataError as exc:
        raise DataError(
            f"{exc}; a data file must pass `pelayanan check` before anything is added to it, "
            "nothing written"
        ) from None
    base, base_sha = store.indexed(len(paths) - 1) if exists else (0, "")
    return Context(
        target, regions, scales, paths, Dataset(files=store.files, store=store), base, base_sha
    )


def _context_in_memory(
    target: Path, regions: Regions, scales: Scales, paths: tuple[Path, ...], exists: bool
) -> Context:
    import hashlib

    from pelayanan_cli.core.dataset import read_dataset

    data = read_existing(target)[0] if exists else b""
    dataset = read_dataset(paths, regions, scales)
    return Context(
        target, regions, scales, paths, dataset, len(data), hashlib.sha256(data).hexdigest()
    )


@dataclass(frozen=True, slots=True)
class Note:
    """A problem, dispute or warning about one new entry (`index` into the drafts; None: all)."""

    index: int | None
    message: str


class Refused(DataError):
    """The new entries would not pass `check`: every problem, nothing written.

    The user's input is at fault, not a data file: a usage error."""

    status = ExitStatus.USAGE

    def __init__(self, problems: Sequence[Note]) -> None:
        self.problems = list(problems)
        super().__init__(
            "refused: " + "; ".join(p.message for p in self.problems) + "; nothing written"
        )


class _Moved(Exception):
    """The target no longer begins with the bytes its index was made of: check again."""


@dataclass
class Plan:
    """What a write appends, and what the user should hear about it."""

    text: str
    first_line: int
    added: list[Result] = field(default_factory=list)
    disputes: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    # The results of what others appended since the index was made (for the next index).
    appended: list[Result] = field(default_factory=list)


def _toml_number(value: Decimal) -> int | Decimal:
    """86 stays 86 (tomli-w would write 86.0, a precision the source did not print)."""
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else value


def render(draft: Draft, *, disputed: bool) -> str:
    """One entry in the house style: a comment, [[result]], then its [[result.source]].

    tomli-w renders every key and value; the two headers are written out because tomli-w
    would put short tables inline (`source = [{ … }]`).
    """
    head, source = _rendered(draft)
    return head + (_DISPUTED if disputed else "") + source


_DISPUTED = "disputed = true\n"


def _rendered(draft: Draft) -> tuple[str, str]:
    """The entry's text up to where `disputed = true` goes, and the rest."""
    import tomli_w

    entry: dict[str, object] = {
        "region": draft.region.code,
        "instrument": draft.instrument,
        "year": draft.year,
    }
    if draft.unit:
        entry["unit"] = draft.unit
    if draft.score is not None:
        entry["score"] = _toml_number(draft.score)
    source: dict[str, object] = {"url": draft.url}
    for key, value in (("printed", draft.printed), ("stated", draft.stated), ("rank", draft.rank)):
        if value:
            source[key] = value
    return (
        f"# {draft.region.name} · {draft.instrument} {draft.year}\n"
        f"[[result]]\n{tomli_w.dumps(entry)}",
        f"[[result.source]]\n{tomli_w.dumps(source)}",
    )


@dataclass
class _Checked:
    """The drafts read as `check` reads them, before the lock: each entry's text, its own
    findings (lines within the entry), its result, and what the index holds for its key."""

    heads: list[str]
    tails: list[str]
    findings: list[tuple[int, int, Finding]]  # (draft, line within its entry, finding)
    results: dict[int, Result]
    warnings: list[Note]
    known: dict[ResultKey, list[Result]]


def _check_drafts(drafts: Sequence[Draft], context: Context) -> _Checked:
    """Everything about the drafts that does not depend on what others append meanwhile."""
    from bisect import bisect_right

    heads, tails, chunks, starts = [], [], [], []
    line = 1
    for draft in drafts:
        head, tail = _rendered(draft)
        heads.append(head)
        tails.append(tail)
        chunks.append(head + tail)
        starts.append(line)
        line += (head + tail).count("\n") + 1
    text = "\n".join(chunks)
    origin = context.origin
    reading = read_data_text(text, origin, context.regions, context.scales)
    findings = []
    for finding in reading.findings:
        owner = max(bisect_right(starts, finding.line) - 1, 0)
        findings.append((owner, finding.line - starts[owner], finding))
    results = {bisect_right(starts, r.line) - 1: r for r in reading.results}
    warnings: list[Note] = []
    keys = {draft.key for draft in drafts}
    known = {key: list(context.dataset.reports(key)) for key in keys}
    return _Checked(heads, tails, findings, results, warnings, known)


def _appended_since(old: bytes, context: Context) -> list[Result]:
    """The results others appended to the target after the state its index holds; _Moved when
    the file no longer begins with that state; DataError when what was appended is invalid."""
    import hashlib

    base = context.base
    if len(old) < base or (base and hashlib.sha256(old[:base]).hexdigest() != context.base_sha):
        raise _Moved
    rest = old[base:]
    if not rest.strip():
        return []
    text = decode(rest, context.target)
    if not _ENTRY_START.match(text):
        raise _Moved  # not whole entries: read the whole file again
    offset = old.count(b"\n", 0, base)
    reading = read_data_text(text, context.origin, context.regions, context.scales, grades=False)
    if reading.errors:
        first = reading.errors[0]
        raise DataError(
            f"{context.origin}:{first.line + offset}: error: {first.message}; a data file must "
            f"pass `pelayanan check {context.target}` before anything is added to it, nothing written"
        )
    results = [_moved(result, offset) for result in reading.results]
    keys = {result.key for result in results}
    around = [r for key in keys for r in context.dataset.reports(key)]
    broken = [f for f in cross_findings([*around, *results]) if f.severity == "error"]
    if broken:
        raise DataError(f"{broken[0]} (run `pelayanan check`); nothing written")
    return results


# What others append always starts a new entry (after blank lines and comments).
_ENTRY_START = re.compile(
    r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*(?:[ \t]*\[\[[ \t]*result[ \t]*\]\]|\s*\Z)"
)


def _moved(result: Result, by: int, *, disputed: bool | None = None) -> Result:
    return Result(
        result.code,
        result.instrument,
        result.year,
        result.unit,
        result.score,
        result.approximate,
        result.disputed if disputed is None else disputed,
        result.note,
        result.sources,
        result.origin,
        result.line + by,
    )


def plan(
    old: bytes, drafts: Sequence[Draft], context: Context, checked: _Checked | None = None
) -> Plan:
    """The text to append for `drafts` to a file now holding `old`, or Refused.

    A new value differing from a reported one is written with disputed = true; the reports
    already in the data keep their bytes (a dispute marked on any report covers them all).
    Linear in the number of drafts; reads only what was appended since the index was made.
    """
    checked = checked or _check_drafts(drafts, context)
    appended = _appended_since(old, context)
    reported: dict[ResultKey, list[Result]] = {key: list(v) for key, v in checked.known.items()}
    for result in appended:
        if result.key in reported:
            reported[result.key].append(result)

    problems: list[Note] = []
    flagged: set[int] = set()
    news = [d.as_result() for d in drafts]
    first_of: dict[tuple[ResultKey, str], int] = {}
    by_key: dict[ResultKey, list[int]] = defaultdict(list)
    for index, draft in enumerate(drafts):
        by_key[draft.key].append(index)
        known = next(
            (r for r in reported[draft.key] if any(s.url == draft.url for s in r.sources)), None
        )
        twin = first_of.setdefault((draft.key, draft.url), index)
        if known is not None:
            value = known.score if known.score is not None else known.stated
            problems.append(
                Note(index, f"already in the data from this source, at {known.where} ({value})")
            )
            flagged.add(index)
        elif twin != index:
            twin_origin = drafts[twin].origin or "above"
            problems.append(Note(index, f"the same result from the same source as {twin_origin}"))
            flagged.add(index)

    disputes: list[Note] = []
    chunks: list[str] = []
    disputed: list[bool] = []
    for index, (draft, new) in enumerate(zip(drafts, news, strict=True)):
        earlier = [r for r in reported[draft.key] if not consistent(new, r)]
        fellow = [
            (drafts[j], news[j])
            for j in by_key[draft.key]
            if j != index and not consistent(new, news[j])
        ]
        if earlier or fellow:
            against = [f"{r.score} ({r.where})" for r in earlier]
            against += [f"{n.score} ({d.origin or 'another new entry'})" for d, n in fellow]
            disputes.append(
                Note(
                    index,
                    f"{draft.describe()} disagrees with {', '.join(against)}: written with "
                    "disputed = true, both values kept",
                )
            )
        disputed.append(bool(earlier or fellow))
        chunks.append(
            checked.heads[index] + (_DISPUTED if disputed[-1] else "") + checked.tails[index]
        )

    header = NEW_FILE_HEADER if not old.strip() else ""
    addition = header + "\n".join(chunks)
    _, first_line = separator(old)
    starts: list[int] = []
    line = first_line + header.count("\n")
    for chunk in chunks:
        starts.append(line)
        line += chunk.count("\n") + 1
    origin = context.origin

    def placed(index: int, within: int) -> int:
        """The file line of line `within` (from 0) of entry `index`."""
        head_lines = checked.heads[index].count("\n")
        return starts[index] + within + (1 if disputed[index] and within >= head_lines else 0)

    warnings: list[Note] = []
    for index, _, finding in checked.findings:
        message = finding.message
        if finding.severity == "warning":
            warnings.append(Note(index, message))
        else:
            problems.append(Note(index, message))
    added = [
        _moved(result, placed(index, 1) - result.line, disputed=disputed[index])
        for index, result in sorted(checked.results.items())
    ]
    affected = [r for key in by_key for r in reported[key]]
    owner_of = {(r.line): index for index, r in zip(sorted(checked.results), added, strict=True)}
    for finding in cross_findings([*affected, *added]):
        if finding.file != origin or finding.line < first_line:
            continue
        entry = owner_of.get(finding.line)
        if finding.severity == "warning":
            warnings.append(Note(entry, finding.message))
        elif not (entry in flagged and finding.code is Code.DUPLICATE_SOURCE):
            problems.append(Note(entry, finding.message))
    if problems:
        problems.sort(key=lambda p: -1 if p.index is None else p.index)
        raise Refused(list(dict.fromkeys(problems)))
    warnings += checked.warnings
    warnings += [Note(index, note) for index, draft in enumerate(drafts) for note in draft.notes]
    warnings.sort(key=lambda note: -1 if note.index is None else note.index)
    return Plan(addition, first_line, added, disputes, warnings, appended)


@dataclass(frozen=True, slots=True)
class Row:
    """One row of an import file: its line, its values by field name, or why it is unusable."""

    line: int
    fields: dict[str, object]
    problem: str | None = None


def read_rows(data: bytes, name: str) -> list[Row]:
    """Rows of a CSV (`;`, `,` or tab, sniffed from the header; BOM allowed) or JSON-lines file.

    A problem with the whole file raises DataError at its line; a problem with one row is
    kept on that row, so every bad row can be reported at once.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"{name}:{line}: not UTF-8 (byte {data[exc.start]:#04x}); export it as "
            "'CSV UTF-8' (or save the file as UTF-8)"
        ) from None
    stripped = text.lstrip()
    if not stripped:
        raise DataError(f"{name}:1: the file is empty: nothing to import")
    if stripped.startswith("{"):
        return _json_rows(text, name)
    if stripped.startswith("["):
        raise DataError(
            f"{name}:1: a JSON array; write one JSON object per line (JSON lines) instead"
        )
    return _csv_rows(text, name)


def _field_name(raw: str) -> str | None:
    return COLUMNS.get(raw.strip().casefold().replace(" ", "_"))


def _json_rows(text: str, name: str) -> list[Row]:
    import json

    rows: list[Row] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            rows.append(Row(number, {}, f"not a JSON object: {exc.msg} (column {exc.colno})"))
            continue
        except (RecursionError, ValueError):
            # Nested deeper than Python reads, or a number of more digits than it converts.
            rows.append(
                Row(number, {}, "not a JSON object of fields: nested too deeply or too long")
            )
            continue
        if not isinstance(value, dict):
            rows.append(Row(number, {}, "not a JSON object: write one {…} per line"))
            continue
        fields: dict[str, object] = {}
        problem = None
        for key, item in value.items():
            known = _field_name(key)
            if known is None:
                problem = f"unknown field {shown(key)}; fields: {_COLUMN_LIST}"
            elif known in fields and fields[known] not in (None, ""):
                problem = f"{shown(key)} repeats the field {known!r}"
            else:
                fields[known] = item
        missing = [c for c in REQUIRED_COLUMNS if c not in fields]
        if problem is None and missing:
            problem = f"no {', '.join(missing)}; fields: {_COLUMN_LIST}"
        rows.append(Row(number, fields, problem))
    return rows


def _csv_rows(text: str, name: str) -> list[Row]:
    import csv
    import io

    header_text = next(line for line in text.splitlines() if line.strip())
    counts = {sep: header_text.count(sep) for sep in (";", ",", "\t")}
    delimiter = max(counts, key=lambda sep: counts[sep])
    if counts[delimiter] == 0:
        raise DataError(
            f"{name}:1: one column only; a CSV needs the columns {_COLUMN_LIST}, "
            "separated by ; or ,"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    header: list[str | None] | None = None
    header_line = 0
    try:
        start = 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, header_line = _header(cells, name, line), line
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                rows.append(
                    Row(line, {}, f"{len(cells)} cells but the header has {len(header)} columns")
                )
                continue
            fields: dict[str, object] = {
                key: cell for key, cell in zip(header, cells, strict=False) if key is not None
            }
            rows.append(Row(line, fields))
    except csv.Error as exc:
        raise DataError(f"{name}:{reader.line_num}: CSV: {exc}") from None
    if header is None or not rows:
        raise DataError(f"{name}:{header_line or 1}: no rows under the header: nothing to import")
    return rows


def _header(cells: list[str], name: str, line: int) -> list[str | None]:
    fields: list[str | None] = []
    for cell in cells:
        if not cell.strip():
            fields.append(None)
            continue
        known = _field_name(cell)
        if known is None:
            raise DataError(f"{name}:{line}: unknown column {shown(cell)}; columns: {_COLUMN_LIST}")
        if known in fields:
            raise DataError(f"{name}:{line}: column {shown(cell)} repeats the column {known!r}")
        fields.append(known)
    missing = [c for c in REQUIRED_COLUMNS if c not in fields]
    if missing:
        raise DataError(
            f"{name}:{line}: no column {', '.join(repr(m) for m in missing)}; columns: {_COLUMN_LIST}"
        )
    return fields


def add_results(
    drafts: Sequence[Draft],
    context: Context,
    *,
    dry_run: bool = False,
    waiting: Waiting | None = None,
) -> Plan:
    """Check `drafts` against the index, then append them under the write lock, reading only
    what others appended meanwhile; then derive the next index from this one.

    With dry_run the same check runs on the file as it is now, and nothing is written.
    """
    target = context.target
    for _ in range(3):
        try:
            return _add_once(drafts, context, dry_run=dry_run, waiting=waiting)
        except _Moved:
            # The file was rewritten, not appended to, since its index was made.
            context = context_for(target)
    raise WriteError(
        f"{target} kept changing while results were added to it; nothing written: try again"
    )


def _add_once(
    drafts: Sequence[Draft], context: Context, *, dry_run: bool, waiting: Waiting | None
) -> Plan:
    target = context.target
    checked = _check_drafts(drafts, context)
    if dry_run:
        return plan(read_existing(target)[0], drafts, context, checked)
    plans: list[Plan] = []

    def prepare(old: bytes) -> str:
        plans.append(plan(old, drafts, context, checked))
        return plans[-1].text

    written = append(target, prepare, create_folder=target == default_data_file(), waiting=waiting)
    done = plans[-1]
    if written is not None:
        _derive_index(context, written, [*done.appended, *done.added])
    return done


def check_drafts(drafts: Sequence[Draft], context: Context) -> Plan:
    """`add_results` without writing: Refused with every problem, else what would be added."""
    return add_results(drafts, context, dry_run=True)


def _derive_index(context: Context, written: bytes, appended: Sequence[Result]) -> None:
    """The next run's index, from this one and what was appended (best effort)."""
    from pelayanan_cli.core.cache import SqliteStore, derive_appended

    store = context.dataset._store
    if not isinstance(store, SqliteStore):
        return
    paths = context.paths if context.holds_target else (*context.paths, context.target)
    derive_appended(store, paths, written, appended, context.scales)
