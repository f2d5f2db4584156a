"""A derived index of the loaded data: SQLite under the user's cache folder, keyed on content.

Parsing a national panel of 100k results from TOML takes seconds; answering `show kupang` from
an index takes milliseconds. The index holds nothing but what the data files say, read and
validated exactly as `load_dataset` reads them, so it can always be thrown away:

- its name is a hash of every input's bytes (the data files, the region and scale tables, the
  reading code), computed on every run, so it is never served stale, whatever a file's size and
  mtime say;
- it is written to a temporary file and renamed into place, so a reader sees a whole index or
  none, and two processes building at once each answer from a complete one;
- missing, corrupt or unwritable, it is rebuilt, or built in memory, without a word.

Reading a large file streams it: a line scanner for the plain subset of TOML data files use
(keys, strings, numbers, booleans), with tomllib reading any entry outside that subset, and the
whole file read the slow, exact way (`read_data_text`) when anything at all is wrong with it, so
every problem is reported exactly as before.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from collections.abc import Callable, Collection, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pelayanan_cli.core.dataset import Counts, DataFile, cross_findings, file_error
from pelayanan_cli.core.errors import DataError
from pelayanan_cli.core.model import Result, ResultKey, Source
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.regions import Regions
from pelayanan_cli.core.scales import Scales

if TYPE_CHECKING:
    import sqlite3

    from pelayanan_cli.core.tomllines import Located

CACHE_ENV = "PELAYANAN_CACHE_DIR"
# Bump when the tables below change meaning; the code's own files are part of the key too.
SCHEMA = 2
# Indexes kept in the folder: one per set of data files in use, the least recently built go.
KEEP = 8
# A rebuild reading more than this many bytes shows its progress on a terminal.
PROGRESS_BYTES = 4_000_000
_REFERENCE = ("regions.csv", "aliases.toml", "scales.toml")

Progress = Callable[[int, int], None]
# Given the bytes a rebuild will read, how to show its progress (None: not at all). The core
# only reports numbers; the CLI decides whether and how a person sees them.
ProgressFactory = Callable[[int], Progress | None]


class _Slow(Exception):
    """This file needs the exact reading: a TOML error, a finding, or an unusual construct."""


# --- where, and under which name --------------------------------------------------------------


def cache_dir() -> Path | None:
    """$PELAYANAN_CACHE_DIR, else $XDG_CACHE_HOME/pelayanan, else ~/.cache/pelayanan."""
    explicit = os.environ.get(CACHE_ENV, "")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    if base and os.path.isabs(base):
        return Path(base) / "pelayanan"
    try:
        return Path.home() / ".cache" / "pelayanan"
    except RuntimeError:
        return None


def file_sha256(path: Path) -> str:
    import hashlib

    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def index_key(files: Sequence[tuple[str, str]]) -> str:
    """The name of the index of these (path, sha256) files, read by this code with these tables."""
    import hashlib

    from pelayanan_cli import __version__

    key = hashlib.sha256(f"pelayanan index {SCHEMA} {__version__}\n".encode())
    for name in _REFERENCE:
        key.update(hashlib.sha256(bundled_file(name).read_bytes()).digest())
    # The reading code: an edited checkout or another install reads differently.
    here = Path(__file__).parent
    with os.scandir(here) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                info = entry.stat()
                key.update(f"{entry.name} {info.st_size} {info.st_mtime_ns}\n".encode())
    for path, digest in files:
        key.update(f"{path}\0{digest}\n".encode("utf-8", "surrogateescape"))
    return key.hexdigest()


# --- opening or building ----------------------------------------------------------------------


def open_store(
    paths: Sequence[Path],
    regions: Regions,
    scales: Scales,
    progress: ProgressFactory | None = None,
) -> SqliteStore:
    """The index of these data files: opened when a current one exists, else built.

    Raises OSError when a data file cannot be read (the caller reports it the usual way) and
    DataError when one holds an error.
    """
    digests = [(str(path), file_sha256(path)) for path in paths]
    key = index_key(digests)
    folder = cache_dir()
    if folder is not None:
        store = _open_existing(folder / _name(key), key, digests)
        if store is not None:
            return store
    import sqlite3

    try:
        return _build(paths, regions, scales, folder, progress)
    except sqlite3.Error:
        # The index vanished between writing and opening it: answer from memory.
        return _build(paths, regions, scales, None, progress)


def _name(key: str) -> str:
    return f"pelayanan-{key[:40]}.sqlite"


_OURS = r"pelayanan-[0-9a-f]{40}\.(sqlite|.+\.tmp)"


def _connect_readonly(path: Path) -> sqlite3.Connection:
    import sqlite3

    # immutable: the file never changes once renamed into place (a new index is a new file).
    uri = path.absolute().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True)


def _open_existing(path: Path, key: str, digests: list[tuple[str, str]]) -> SqliteStore | None:
    """The index at `path` if it is whole and is the one for `key`; None otherwise."""
    import sqlite3

    try:
        size = path.stat().st_size
    except OSError:
        return None
    try:
        db = _connect_readonly(path)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        if meta.get("key") != key or meta.get("complete") != "1" or pages * page_size != size:
            db.close()
            return None
        return SqliteStore(db, meta, digests, path)
    except (sqlite3.Error, ValueError, TypeError):
        db.close()
        return None


def _build(
    paths: Sequence[Path],
    regions: Regions,
    scales: Scales,
    folder: Path | None,
    progress: ProgressFactory | None,
) -> SqliteStore:
    """Read every file, validate, index; write the index to `folder` when it can be written."""
    import hashlib
    import sqlite3

    contents = [(path, path.read_bytes()) for path in paths]
    digests = [(str(path), hashlib.sha256(data).hexdigest()) for path, data in contents]
    # The key of what was read: a file that changed since it was hashed is indexed as it is now.
    key = index_key(digests)
    if folder is not None:
        target = folder / _name(key)
        temporary = _temporary(folder, target)
        meta = (
            _fill_file_index(temporary, contents, key, regions, scales, progress)
            if temporary
            else None
        )
        if temporary is not None and meta is not None:
            try:
                os.replace(temporary, target)
            except OSError:
                # Another process's index is open on a system that forbids replacing it:
                # answer from this one, and leave it to be pruned.
                return SqliteStore(_connect_readonly(temporary), meta, digests, temporary)
            _prune(folder, keep=target)
            return SqliteStore(_connect_readonly(target), meta, digests, target)
    db = sqlite3.connect(":memory:")
    return SqliteStore(db, _fill(db, contents, key, regions, scales, progress), digests, None)


def _fill_file_index(
    path: Path,
    contents: list[tuple[Path, bytes]],
    key: str,
    regions: Regions,
    scales: Scales,
    progress: ProgressFactory | None,
) -> dict[str, str] | None:
    """Build the index in the file at `path`; None (and no file) when SQLite cannot write it:
    the disk filled up, or the file went away."""
    import sqlite3

    try:
        db = sqlite3.connect(path)
    except sqlite3.Error:
        _remove(path)
        return None
    try:
        meta = _fill(db, contents, key, regions, scales, progress)
    except sqlite3.Error:
        meta = None
    except BaseException:
        db.close()
        _remove(path)
        raise
    db.close()
    if meta is None:
        _remove(path)
    return meta


def _temporary(folder: Path, target: Path) -> Path | None:
    """A new file beside `target`, or None when the folder cannot be written."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=target.stem + ".", suffix=".tmp", dir=folder)
        os.close(handle)
        return Path(name)
    except OSError:
        return None


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _prune(folder: Path, keep: Path) -> None:
    """Keep the most recent indexes; drop temporary files a killed process left an hour ago."""
    import time

    try:
        entries = [(p, p.stat().st_mtime) for p in folder.iterdir()]
    except OSError:
        return
    # Only files named as this module names them: the folder may be one the user shares.
    ours = [(p, mtime) for p, mtime in entries if re.fullmatch(_OURS, p.name)]
    now = time.time()
    indexes = sorted(
        ((p, mtime) for p, mtime in ours if p.suffix == ".sqlite" and p != keep),
        key=lambda item: -item[1],
    )
    for path, _ in indexes[KEEP - 1 :]:
        _remove(path)
    for path, mtime in ours:
        if path.suffix == ".tmp" and now - mtime > 3600:
            _remove(path)


_TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE file (position INTEGER PRIMARY KEY, path TEXT NOT NULL, results INTEGER NOT NULL);
CREATE TABLE result (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    instrument TEXT NOT NULL,
    year INTEGER NOT NULL,
    unit TEXT,
    score TEXT,
    approximate INTEGER NOT NULL,
    disputed INTEGER NOT NULL,
    note TEXT,
    file INTEGER NOT NULL,
    line INTEGER NOT NULL,
    reports INTEGER NOT NULL DEFAULT 1,
    graded INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE source (
    result INTEGER NOT NULL,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    printed TEXT,
    stated TEXT,
    rank TEXT,
    unit TEXT,
    PRIMARY KEY (result, position)
) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX result_key ON result (code, instrument, year, unit);
CREATE INDEX result_slot ON result (instrument, year);
"""


def _fill(
    db: sqlite3.Connection,
    contents: list[tuple[Path, bytes]],
    key: str,
    regions: Regions,
    scales: Scales,
    progress_for: ProgressFactory | None,
) -> dict[str, str]:
    """Write every file's results into `db`; DataError at the first error, as load_dataset."""
    # A fresh file that is renamed into place only when complete needs no journal.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_TABLES)
    total = sum(len(data) for _, data in contents)
    progress = progress_for(total) if progress_for and total >= PROGRESS_BYTES else None
    done = 0
    next_id = 1
    try:
        for position, (path, data) in enumerate(contents):
            count = _fill_file(db, position, path, data, next_id, regions, scales, progress, done)
            db.execute(
                "INSERT INTO file (position, path, results) VALUES (?, ?, ?)",
                (position, str(path), count),
            )
            next_id += count
            done += len(data)
    finally:
        if progress is not None:
            progress(total, total)  # erased, also before an error is reported
    db.executescript(_INDEXES)
    _check_reports(db, [str(path) for path, _ in contents], scales)
    sources = db.execute("SELECT COUNT(DISTINCT url) FROM source").fetchone()[0]
    meta = {"key": key, "schema": str(SCHEMA), "results": str(next_id - 1)}
    meta["sources"] = str(sources)
    meta["complete"] = "1"
    db.executemany("INSERT INTO meta (name, value) VALUES (?, ?)", meta.items())
    db.commit()
    return meta


def _fill_file(
    db: sqlite3.Connection,
    position: int,
    path: Path,
    data: bytes,
    first_id: int,
    regions: Regions,
    scales: Scales,
    progress: Progress | None,
    done: int,
) -> int:
    """Index one file's results from id `first_id` on; how many there are."""
    origin = str(path)
    try:
        text = data.decode("utf-8")
        return _insert(
            db, position, _stream(text, origin, regions, scales, progress, done), first_id, scales
        )
    except (_Slow, UnicodeDecodeError):
        pass
    db.execute("DELETE FROM source WHERE result >= ?", (first_id,))
    db.execute("DELETE FROM result WHERE id >= ?", (first_id,))
    # The exact reading, with every finding at its file:line.
    from pelayanan_cli.core.datafile import read_data_bytes

    reading = read_data_bytes(data, origin, regions, scales, grades=False)
    if reading.errors:
        raise file_error(path, reading)
    return _insert(db, position, iter(reading.results), first_id, scales)


def _stream(
    text: str,
    origin: str,
    regions: Regions,
    scales: Scales,
    progress: Progress | None,
    done: int,
) -> Iterator[Result]:
    from pelayanan_cli.core.datafile import EntryReader

    reader = EntryReader(origin, regions, scales)
    step = max(len(text) // 50, 1)
    mark = step
    for entry, where, offset in scan_entries(text):
        result = reader.read(entry, where)
        if result is None or reader.findings:
            raise _Slow
        yield result
        if progress is not None and offset >= mark:
            mark = offset + step
            progress(done + offset, 0)


def _insert(
    db: sqlite3.Connection,
    position: int,
    results: Iterator[Result],
    first_id: int,
    scales: Scales,
) -> int:
    from pelayanan_cli.core.agreement import graded

    rows: list[tuple[Any, ...]] = []
    sources: list[tuple[Any, ...]] = []
    next_id = first_id
    for result in results:
        score = result.score
        rows.append(
            (
                next_id,
                result.code,
                result.instrument,
                result.year,
                result.unit,
                None if score is None else str(score),
                result.approximate,
                result.disputed,
                result.note,
                position,
                result.line,
                # Tells a grade or zone (a score, or words the bands know): what coverage counts.
                result.score is not None or graded(result, scales),
            )
        )
        for number, source in enumerate(result.sources):
            sources.append(
                (
                    next_id,
                    number,
                    source.url,
                    source.printed,
                    source.stated,
                    source.rank,
                    source.unit,
                )
            )
        next_id += 1
        if len(rows) >= 5000:
            _flush(db, rows, sources)
    _flush(db, rows, sources)
    return next_id - first_id


def _flush(
    db: sqlite3.Connection, rows: list[tuple[Any, ...]], sources: list[tuple[Any, ...]]
) -> None:
    db.executemany("INSERT INTO result VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)", rows)
    db.executemany("INSERT INTO source VALUES (?, ?, ?, ?, ?, ?, ?)", sources)
    rows.clear()
    sources.clear()


def _check_reports(db: sqlite3.Connection, origins: list[str], scales: Scales) -> None:
    """The checks across reports of one result (cross_findings), on the results that have
    several; mark how many reports each has."""
    several = db.execute(
        "SELECT r.id, g.n FROM (SELECT code, instrument, year, unit, COUNT(*) AS n FROM result"
        " GROUP BY code, instrument, year, unit HAVING n > 1) AS g JOIN result r"
        " ON r.code = g.code AND r.instrument = g.instrument AND r.year = g.year"
        " AND r.unit IS g.unit ORDER BY r.id"
    ).fetchall()
    if not several:
        return
    db.executemany("UPDATE result SET reports = ? WHERE id = ?", [(n, i) for i, n in several])
    results = _materialise(
        db.execute(_SELECT + " WHERE r.reports > 1 ORDER BY r.id, s.position"), origins, _Interner()
    )
    errors = [f for f in cross_findings(results, scales) if f.severity == "error"]
    if errors:
        raise DataError(f"{errors[0]} (run `pelayanan check`)")


# --- the fast reading -------------------------------------------------------------------------

# One line of the plain subset: a [[result]] or [[result.source]] header, or a bare key set to a
# string without escapes, a decimal number without exponent or underscores, or a boolean; then
# an optional comment. Anything else is read by tomllib.
_LINE = r"""[ \t]*(?:
        \[\[[ \t]*(result|result\.source)[ \t]*\]\]
      | ([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:
            "([^"\\\x00-\x08\x0a-\x1f\x7f]*)"
          | '([^'\x00-\x08\x0a-\x1f\x7f]*)'
          | (-?(?:0|[1-9][0-9]{0,17})\.[0-9]+)
          | (-?(?:0|[1-9][0-9]{0,17}))
          | (true|false)
        )
    )?[ \t]*(?:\#[^\x00-\x08\x0a-\x1f\x7f]*)?(?:\r?\n|\Z)"""
_RESULT_HEADER = r"^[ \t]*\[\[[ \t]*result[ \t]*\]\]"


def scan_entries(text: str) -> Iterator[tuple[dict[str, Any], Located, int]]:
    """Each [[result]] entry of a data file as tomllib reads it, with its lines (as map_lines
    finds them) and where it starts in `text`. Raises _Slow where only the exact reading will do.
    """
    from pelayanan_cli.core.tomllines import Located

    match = re.compile(_LINE, re.VERBOSE).match
    next_header = re.compile(_RESULT_HEADER, re.MULTILINE).search
    size = len(text)
    pos = 0
    number = 0
    entry: dict[str, Any] | None = None
    table: dict[str, Any] = {}
    located = current = Located(1)
    start = start_line = 0
    while pos < size:
        found = match(text, pos)
        if found is not None:
            header, key, basic, literal, decimal, integer, boolean = found.groups()
            if key is not None:
                if entry is None or key in table:
                    found = None
                else:
                    if basic is not None:
                        table[key] = basic
                    elif literal is not None:
                        table[key] = literal
                    elif decimal is not None:
                        table[key] = Decimal(decimal)
                    elif integer is not None:
                        table[key] = int(integer)
                    else:
                        table[key] = boolean == "true"
                    current.keys[key] = number + 1
            elif header == "result":
                if entry is not None:
                    yield entry, located, start
                entry = table = {}
                located = current = Located(number + 1)
                start, start_line = pos, number + 1
            elif header is not None:
                if entry is None:
                    raise _Slow
                sources = entry.setdefault("source", [])
                if not isinstance(sources, list):
                    found = None
                else:
                    table = {}
                    sources.append(table)
                    current = Located(number + 1)
                    located.children.append(current)
        if found is None:
            if entry is None:
                raise _Slow
            # This entry, from its header to the next one, read by tomllib.
            line_end = text.find("\n", pos)
            after = next_header(text, line_end + 1) if line_end >= 0 else None
            end = after.start() if after is not None else size
            entry, located = _read_entry(text[start:end], start_line)
            yield entry, located, start
            number = start_line - 1 + text.count("\n", start, end)
            pos, entry = end, None
            continue
        pos = found.end()
        number += 1
    if entry is not None:
        yield entry, located, start


def _read_entry(chunk: str, first_line: int) -> tuple[dict[str, Any], Located]:
    """One entry's text, parsed alone: the same as in the whole file, since it starts at a
    header outside any string or array (or tomllib would fail on it)."""
    try:
        document = tomllib.loads(chunk, parse_float=Decimal)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        raise _Slow from None
    entries = document.get("result")
    if (
        len(document) != 1
        or not isinstance(entries, list)
        or len(entries) != 1
        or not isinstance(entries[0], dict)
    ):
        raise _Slow
    from pelayanan_cli.core.tomllines import map_lines

    lines = map_lines(chunk)
    if len(lines.results) != 1:
        raise _Slow
    return entries[0], _shift(lines.results[0], first_line - 1)


def _shift(where: Located, by: int) -> Located:
    from pelayanan_cli.core.tomllines import Located

    return Located(
        where.line + by,
        {key: line + by for key, line in where.keys.items()},
        [_shift(child, by) for child in where.children],
    )


# --- answering --------------------------------------------------------------------------------

_SELECT = (
    "SELECT r.id, r.code, r.instrument, r.year, r.unit, r.score, r.approximate, r.disputed,"
    " r.note, r.file, r.line, r.reports, s.url, s.printed, s.stated, s.rank, s.unit"
    " FROM result r JOIN source s ON s.result = r.id"
)


class _Interner:
    """One object per distinct text and score: a national panel repeats the same region codes,
    units, URLs and figures many times over."""

    def __init__(self) -> None:
        self.decimals: dict[str, Decimal] = {}
        self.strings: dict[str, str] = {}
        self.numbers: dict[int, int] = {}

    def decimal(self, text: str) -> Decimal:
        value = self.decimals.get(text)
        if value is None:
            value = self.decimals[text] = Decimal(text)
        return value


def _materialise(
    rows: Iterator[tuple[Any, ...]] | sqlite3.Cursor, origins: list[str], shared: _Interner
) -> list[Result]:
    """Results from rows of _SELECT, one row per source, a result's rows side by side."""
    return list(_results(rows, origins, shared))


def _results(
    rows: Iterator[tuple[Any, ...]] | sqlite3.Cursor, origins: list[str], shared: _Interner
) -> Iterator[Result]:
    # The hot loop of every query: locals only, and one lookup per text (None maps to None).
    text = shared.strings.setdefault
    number = shared.numbers.setdefault
    decimal = shared.decimal
    last = None
    head: tuple[Any, ...] = ()
    sources: list[Source] = []
    for row in rows:
        if row[0] != last:
            if last is not None:
                yield _make(head, sources)
            last, code, instrument, year, unit, score, approximate, disputed, note, file, line = (
                row[:11]
            )
            head = (
                text(code, code),
                text(instrument, instrument),
                number(year, year),
                text(unit, unit),
                None if score is None else decimal(score),
                bool(approximate),
                bool(disputed),
                text(note, note),
                origins[file],
                line,
            )
            sources = []
        url, printed, stated, rank, named = row[12:]
        sources.append(
            Source(
                text(url, url),
                text(printed, printed),
                text(stated, stated),
                text(rank, rank),
                text(named, named),
            )
        )
    if last is not None:
        yield _make(head, sources)


def _make(head: tuple[Any, ...], sources: list[Source]) -> Result:
    code, instrument, year, unit, score, approximate, disputed, note, origin, line = head
    return Result(
        code,
        instrument,
        year,
        unit,
        score,
        approximate,
        disputed,
        note,
        tuple(sources),
        origin,
        line,
    )


class SqliteStore:
    """Queries on an index; every answer reads only the rows it needs, through an index."""

    def __init__(
        self,
        db: sqlite3.Connection,
        meta: dict[str, str],
        digests: list[tuple[str, str]],
        path: Path | None,
    ) -> None:
        self.db = db
        self.path = path
        self.meta = meta
        counts = dict(db.execute("SELECT position, results FROM file"))
        self.origins = [name for name, _ in digests]
        self.files = [
            DataFile(name, digest, counts.get(position, 0))
            for position, (name, digest) in enumerate(digests)
        ]
        self._shared = _Interner()
        self._reports: dict[ResultKey, list[Result]] = {}
        self._several: set[ResultKey] | None = None
        self._all: list[Result] | None = None

    def _select(self, where: str, params: Sequence[Any]) -> list[Result]:
        cursor = self.db.execute(f"{_SELECT} WHERE {where} ORDER BY r.id, s.position", params)
        return _materialise(cursor, self.origins, self._shared)

    def all(self) -> list[Result]:
        if self._all is None:
            self._all = self._select("1", ())
        return self._all

    def count(self) -> int:
        return int(self.meta["results"])

    def source_count(self) -> int:
        return int(self.meta["sources"])

    def for_code(self, code: str) -> list[Result]:
        return self._select("r.code = ?", (code,))

    def reports(self, key: ResultKey) -> list[Result]:
        found = self._reports.get(key)
        if found is None:
            code, instrument, year, unit = key
            found = self._select(
                "r.code = ? AND r.instrument = ? AND r.year = ? AND r.unit IS ?",
                (code, instrument, year, unit or None),
            )
            self._reports[key] = found
        return found

    def several(self, key: ResultKey) -> bool:
        """Whether more than one report gives this result (most have one)."""
        if self._several is None:
            self._several = {
                (code, instrument, year, unit or "")
                for code, instrument, year, unit in self.db.execute(
                    "SELECT code, instrument, year, unit FROM result WHERE reports > 1"
                )
            }
        return key in self._several

    def keys(self) -> list[ResultKey]:
        return [
            (code, instrument, year, unit or "")
            for code, instrument, year, unit in self.db.execute(
                "SELECT code, instrument, year, unit FROM result"
                " GROUP BY code, instrument, year, unit ORDER BY MIN(id)"
            )
        ]

    def select(
        self,
        instrument: str | None,
        year: int | None,
        units: bool | None,
        codes: Collection[str] | None,
    ) -> list[Result]:
        where, params = _conditions(instrument, year, units, codes)
        return self._select(where, params)

    def ordered(self, instrument: str | None, instruments: Sequence[str]) -> Iterator[Result]:
        where, params = _conditions(instrument, None, None, None)
        rank = " ".join(f"WHEN ? THEN {n}" for n in range(len(instruments)))
        cursor = self.db.execute(
            f"{_SELECT} WHERE {where} ORDER BY r.code, CASE r.instrument {rank} ELSE"
            f" {len(instruments)} END, r.year, IFNULL(r.unit, ''), r.approximate, r.id, s.position",
            [*params, *instruments],
        )
        return _results(cursor, self.origins, self._shared)

    def years(
        self, instrument: str | None, units: bool | None, codes: Collection[str] | None
    ) -> list[int]:
        where, params = _conditions(instrument, None, units, codes)
        sql = f"SELECT DISTINCT year FROM result r WHERE {where} ORDER BY year"
        return [year for (year,) in self.db.execute(sql, params)]

    def coverage(
        self, codes: Collection[str] | None, instrument: str | None
    ) -> dict[tuple[str, int], Counts]:
        where, params = _conditions(instrument, None, None, codes)
        sql = (
            "SELECT instrument, year, COUNT(*), SUM(unit IS NULL), SUM(unit IS NULL AND scored),"
            " SUM(unit IS NOT NULL), SUM(unit IS NULL AND graded) FROM (SELECT instrument, year,"
            " unit, MAX(score IS NOT NULL) AS scored, MAX(graded) AS graded FROM result r"
            f" WHERE {where} GROUP BY code, instrument, year, unit) GROUP BY instrument, year"
        )
        return {
            (instrument, year): Counts(results, regions, scored, units, held)
            for instrument, year, results, regions, scored, units, held in self.db.execute(
                sql, params
            )
        }


def _conditions(
    instrument: str | None, year: int | None, units: bool | None, codes: Collection[str] | None
) -> tuple[str, list[Any]]:
    where = ["1"]
    params: list[Any] = []
    if instrument is not None:
        where.append("r.instrument = ?")
        params.append(instrument)
    if year is not None:
        where.append("r.year = ?")
        params.append(year)
    if units is not None:
        where.append("r.unit IS NOT NULL" if units else "r.unit IS NULL")
    if codes is not None:
        listed = sorted(set(codes))
        where.append(f"r.code IN ({', '.join('?' * len(listed))})")
        params.extend(listed)
    return " AND ".join(where), params
