"""A derived index of the loaded data: SQLite under the user's cache folder, keyed on content.

Parsing a national panel of 100k results from TOML takes seconds; answering `show kupang` from
an index takes milliseconds. The index holds nothing but what the data files say, read and
validated exactly as `load_dataset` reads them, so it can always be thrown away:

- it belongs to a set of data files by their resolved paths (a "slot": a relative --data or
  another working directory finds the same index) and to their content by its SHA-256, together
  with the region and scale tables and the reading code;
- whether a file is still what was indexed is proved cheaply by its status (device, inode,
  size, modification and change times), as git proves its index: only a file whose status
  changed, or changed too recently to tell (within two seconds of being looked at), is hashed
  again; the proofs live in a small file per slot (`pelayanan-SLOT.proof`);
- each index file carries the CRC-32 of its bytes in its name and is verified before it is
  read: a flipped byte or a torn page is never served, the index is rebuilt once and answers;
- it is written to a temporary file and renamed into place, so a reader sees a whole index or
  none, and two processes building at once each answer from a complete one;
- a build that fails on an error in the data is remembered with the proofs, so the next run
  reports the same error at once instead of reading everything again;
- an append by `pelayanan add` derives the next index from the last one (`derive_appended`)
  instead of reading the whole file again.

Reading a large file streams it: a line scanner for the plain subset of TOML data files use
(keys, strings, numbers, booleans), with tomllib reading any entry outside that subset, and the
whole file read the slow, exact way (`read_data_text`) when anything at all is wrong with it, so
every problem is reported exactly as before.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import zlib
from collections.abc import Callable, Collection, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pelayanan_cli.core.dataset import Counts, DataFile, cross_findings, file_error
from pelayanan_cli.core.errors import DataError
from pelayanan_cli.core.findings import Finding
from pelayanan_cli.core.model import Result, ResultKey, Source
from pelayanan_cli.core.paths import CACHE_ENV, bundled_file, cache_dir
from pelayanan_cli.core.regions import Regions
from pelayanan_cli.core.scales import Scales

if TYPE_CHECKING:
    import sqlite3

    from pelayanan_cli.core.tomllines import Located

__all__ = ["CACHE_ENV", "cache_dir"]

# Bump when the tables below change meaning; the code's own files are part of the key too.
SCHEMA = 4
# Indexes kept in the folder: one per set of data files in use, the least recently built go.
KEEP = 8
# A rebuild reading more than this many bytes shows its progress on a terminal.
PROGRESS_BYTES = 4_000_000
# A file changed less than this long before its status was taken may change again without its
# status showing it (file times tick coarsely): its content is hashed until it is older.
RACY_NS = 2_000_000_000
_REFERENCE = ("regions.csv", "aliases.toml", "scales.toml")
_CHUNK = 1 << 20

Progress = Callable[[int, int], None]
# Given the bytes a rebuild will read, how to show its progress (None: not at all). The core
# only reports numbers; the CLI decides whether and how a person sees them.
ProgressFactory = Callable[[int], Progress | None]
Signature = tuple[int, int, int, int, int]
_T = TypeVar("_T")


class _Slow(Exception):
    """This file needs the exact reading: a TOML error, a finding, or an unusual construct."""


# --- which files, and proof that they are what was indexed ------------------------------------


def _signature(path: str) -> Signature | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _code_fingerprint() -> str:
    """The reading code: an edited checkout or another install reads differently."""
    parts = []
    with os.scandir(Path(__file__).parent) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                info = entry.stat()
                parts.append(f"{entry.name} {info.st_size} {info.st_mtime_ns}")
    return "\n".join(parts)


def _slot(real: Sequence[str]) -> tuple[str, str]:
    """The slot of a set of resolved data paths read by this code: a short name and its text."""
    from pelayanan_cli import __version__

    text = f"pelayanan index {SCHEMA} {__version__}\n{_code_fingerprint()}\n" + "\n".join(real)
    data = text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}", text


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def _unescape(text: str) -> str:
    out, pos = [], 0
    while True:
        found = text.find("\\", pos)
        if found < 0 or found + 1 >= len(text):
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos:found])
        out.append({"n": "\n", "t": "\t", "r": "\r"}.get(text[found + 1], text[found + 1]))
        pos = found + 2


class Proof:
    """What a slot's proof file says: the content key and index of the files as they were last
    seen, each file's status and SHA-256, and an error when they failed to build."""

    def __init__(self, key: str = "", index: str = "", error: str = "") -> None:
        self.key = key
        self.index = index
        self.error = error
        # The status of the index file when its CRC-32 last verified (None: verify it).
        self.checked: Signature | None = None
        self.origins: list[str] = []
        # resolved path -> (sha256, trusted, signature)
        self.files: dict[str, tuple[str, bool, Signature]] = {}

    def text(self) -> str:
        lines = ["pelayanan-proof 2", f"key {self.key}", f"index {self.index or '-'}"]
        if self.checked is not None:
            lines.append("checked " + " ".join(str(n) for n in self.checked))
        if self.error:
            lines.append(f"error {_escape(self.error)}")
        lines += [f"origin {_escape(origin)}" for origin in self.origins]
        for path, (sha, trusted, sig) in self.files.items():
            numbers = " ".join(str(n) for n in sig)
            lines.append(f"file {sha} {int(trusted)} {numbers} {_escape(path)}")
        body = "\n".join(lines) + "\n"
        crc = zlib.crc32(body.encode("utf-8", "surrogateescape"))
        return body + f"end {crc:08x}\n"

    @classmethod
    def parse(cls, text: str) -> Proof | None:
        body, _, end = text.rpartition("end ")
        if not body.startswith("pelayanan-proof 2\n") or end.strip() != (
            f"{zlib.crc32(body.encode('utf-8', 'surrogateescape')):08x}"
        ):
            return None
        proof = cls()
        try:
            for line in body.splitlines()[1:]:
                word, _, rest = line.partition(" ")
                if word == "key":
                    proof.key = rest
                elif word == "index":
                    proof.index = "" if rest == "-" else rest
                elif word == "error":
                    proof.error = _unescape(rest)
                elif word == "checked":
                    v, w, x, y, z = (int(n) for n in rest.split())
                    proof.checked = (v, w, x, y, z)
                elif word == "origin":
                    proof.origins.append(_unescape(rest))
                elif word == "file":
                    sha, trusted, a, b, c, d, e, path = rest.split(" ", 7)
                    sig = (int(a), int(b), int(c), int(d), int(e))
                    proof.files[_unescape(path)] = (sha, trusted == "1", sig)
        except ValueError:
            return None
        return proof


def _proof_path(folder: Path, slot: str) -> Path:
    return folder / f"pelayanan-{slot}.proof"


def _read_proof(folder: Path | None, slot: str) -> Proof | None:
    if folder is None:
        return None
    try:
        data = _proof_path(folder, slot).read_bytes()
    except OSError:
        return None
    return Proof.parse(data.decode("utf-8", "surrogateescape"))


def _write_proof(folder: Path | None, slot: str, proof: Proof) -> None:
    """Best effort: a proof that cannot be written only means hashing again next time."""
    if folder is None:
        return
    target = _proof_path(folder, slot)
    temporary = _temporary(folder, target)
    if temporary is None:
        return
    try:
        temporary.write_bytes(proof.text().encode("utf-8", "surrogateescape"))
        os.replace(temporary, target)
    except OSError:
        _remove(temporary)


class _Inputs:
    """The files an index is made of: the reference tables, then the data files in order.

    `digest(path)` is each file's SHA-256, from the proof when its status proves it unchanged,
    else by reading it (the bytes of data files are kept for a build)."""

    def __init__(self, paths: Sequence[Path], proof: Proof | None) -> None:
        self.origins = [str(path) for path in paths]
        self.real = [os.path.realpath(path) for path in paths]
        self.references = [os.path.realpath(bundled_file(name)) for name in _REFERENCE]
        self.every = [*self.references, *self.real]
        self.proof = proof
        self.digests: dict[str, str] = {}
        self.trusted: dict[str, bool] = {}
        self.signatures: dict[str, Signature | None] = {}
        self.contents: dict[str, bytes] = {}
        for path in self.every:
            sig = self.signatures[path] = _signature(path)
            known = proof.files.get(path) if proof is not None else None
            if known is not None and known[1] and sig == known[2]:
                self.digests[path] = known[0]
                self.trusted[path] = True

    @property
    def proven(self) -> bool:
        return len(self.digests) == len(self.every)

    def read(self, path: str) -> bytes:
        """The bytes of one input (as they are now), remembered, and their digest."""
        from pelayanan_cli.core.files import read_input

        if path in self.contents:
            return self.contents[path]
        import hashlib

        now = time.time_ns()
        before = _signature(path)
        data = read_input(path)
        after = _signature(path)
        self.contents[path] = data
        self.digests[path] = hashlib.sha256(data).hexdigest()
        self.signatures[path] = after
        self.trusted[path] = (
            before is not None and before == after and now - max(before[3], before[4]) > RACY_NS
        )
        return data

    def hash_all(self) -> None:
        for path in self.every:
            if path not in self.digests:
                self.read(path)

    def key(self, slot_text: str) -> str:
        import hashlib

        key = hashlib.sha256(slot_text.encode("utf-8", "surrogateescape"))
        for path in self.every:
            key.update(f"\n{self.digests[path]}".encode())
        return key.hexdigest()

    def proof_for(
        self, key: str, index: str, error: str = "", checked: Signature | None = None
    ) -> Proof:
        proof = Proof(key, index, error)
        proof.checked = checked
        proof.origins = list(self.origins)
        for path in self.every:
            sig = self.signatures.get(path)
            if sig is not None and path in self.digests:
                proof.files[path] = (self.digests[path], self.trusted.get(path, False), sig)
        return proof


# --- opening or building ----------------------------------------------------------------------


def open_store(
    paths: Sequence[Path],
    regions: Regions,
    scales: Scales,
    progress: ProgressFactory | None = None,
    *,
    prefix_of_last: bool = False,
) -> SqliteStore:
    """The index of these data files: opened when a current one exists, else built.

    With `prefix_of_last`, an index of an earlier state of the last file (a state that the
    file's bytes now begin with, as after appends) will do: `pelayanan add` reads what was
    appended since under its lock. Raises OSError or a PelayananError when a data file cannot be
    read, DataError when one holds an error.
    """
    folder = cache_dir()
    real = [os.path.realpath(path) for path in paths]
    slot, slot_text = _slot(real)
    proof = _read_proof(folder, slot)
    inputs = _Inputs(paths, proof)
    if proof is not None and inputs.proven:
        if proof.error:
            raise DataError(_replayed(proof.error, proof.origins, inputs.origins))
        if folder is not None and proof.index:
            store = _open_existing(folder / proof.index, proof.key, inputs, proof.checked)
            if store is not None:
                if store.checked != proof.checked:
                    proof.checked = store.checked
                    _write_proof(folder, slot, proof)
                return _guarded(store, paths, regions, scales, progress)
    inputs.hash_all()
    key = inputs.key(slot_text)
    if proof is not None and proof.key == key and proof.error:
        _write_proof(folder, slot, inputs.proof_for(key, "", proof.error))
        raise DataError(_replayed(proof.error, proof.origins, inputs.origins))
    if folder is not None:
        for candidate in _indexes(folder, slot, key[:24]):
            store = _open_existing(candidate, key, inputs)
            if store is not None:
                _write_proof(folder, slot, inputs.proof_for(key, candidate.name, "", store.checked))
                return _guarded(store, paths, regions, scales, progress)
        if prefix_of_last and real:
            store = _prefix_index(folder, slot, inputs)
            if store is not None:
                return _guarded(store, paths, regions, scales, progress)
    store = _build_and_record(folder, slot, key, inputs, regions, scales, progress)
    return _guarded(store, paths, regions, scales, progress)


def _replayed(message: str, before: Sequence[str], now: Sequence[str]) -> str:
    """A remembered error, with the files named as this run names them."""
    for old, new in sorted(zip(before, now, strict=False), key=lambda pair: -len(pair[0])):
        if old != new:
            message = message.replace(old, new)
    return message


def _build_and_record(
    folder: Path | None,
    slot: str,
    key: str,
    inputs: _Inputs,
    regions: Regions,
    scales: Scales,
    progress: ProgressFactory | None,
) -> SqliteStore:
    import sqlite3

    try:
        try:
            store = _build(inputs, slot, key, regions, scales, folder, progress)
        except sqlite3.Error:
            # The index vanished between writing and opening it: answer from memory.
            store = _build(inputs, slot, key, regions, scales, None, progress)
    except DataError as exc:
        _write_proof(folder, slot, inputs.proof_for(key, "", str(exc)))
        raise
    _write_proof(folder, slot, inputs.proof_for(key, store.path.name if store.path else ""))
    return store


def _guarded(
    store: SqliteStore,
    paths: Sequence[Path],
    regions: Regions,
    scales: Scales,
    progress: ProgressFactory | None,
) -> SqliteStore:
    """Give the store a way to rebuild itself once, should SQLite fail while answering."""

    def rebuild() -> SqliteStore:
        if store.path is not None:
            _remove(store.path)
        folder = cache_dir()
        real = [os.path.realpath(path) for path in paths]
        slot, slot_text = _slot(real)
        inputs = _Inputs(paths, None)
        inputs.hash_all()
        return _build_and_record(
            folder, slot, inputs.key(slot_text), inputs, regions, scales, progress
        )

    store.rebuild = rebuild
    return store


_NAME = re.compile(r"pelayanan-([0-9a-f]{16})-([0-9a-f]{24})-([0-9a-f]{8})\.sqlite")
# Every file this module names (the folder may be one the user shares), old layouts included.
_OURS = (
    r"pelayanan-(?:[0-9a-f]{40}\.sqlite|[0-9a-f]{16}(?:-[0-9a-f]{24}-[0-9a-f]{8}\.sqlite|\.proof)"
    r"|[a-z]+-[0-9a-f]{8}\.marshal"
    r"|.+\.tmp)"
)


def _indexes(folder: Path, slot: str, key: str = "") -> list[Path]:
    """The slot's index files (of one content key, if given), the newest first."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                named = _NAME.fullmatch(entry.name)
                if named and named.group(1) == slot and (not key or named.group(2) == key):
                    with contextlib.suppress(OSError):
                        found.append((entry.stat().st_mtime_ns, Path(entry.path)))
    except OSError:
        return []
    return [path for _, path in sorted(found, reverse=True)]


def _crc_of(path: Path) -> tuple[int, int] | None:
    """CRC-32 and size of a file, read in chunks."""
    crc = size = 0
    try:
        with path.open("rb", buffering=0) as handle:
            while chunk := handle.read(_CHUNK):
                crc = zlib.crc32(chunk, crc)
                size += len(chunk)
    except OSError:
        return None
    return crc, size


def _intact(path: Path) -> bool:
    """Whether the index file's bytes are the ones it was written with (CRC-32 in its name)."""
    named = _NAME.fullmatch(path.name)
    found = _crc_of(path)
    return named is not None and found is not None and f"{found[0]:08x}" == named.group(3)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    import sqlite3

    # immutable: the file never changes once renamed into place (a new index is a new file).
    uri = path.absolute().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True)


def _open_existing(
    path: Path, key: str, inputs: _Inputs, checked: Signature | None = None
) -> SqliteStore | None:
    """The index at `path` if it is intact and is the one for `key`; None (and the file gone,
    when it is damaged) otherwise.

    Intact: its CRC-32 is the one in its name, verified unless its status is still the one it
    had when it last verified (`checked`): an index file never changes once written, so any
    write to it, a flipped byte included, changes its status.
    """
    import sqlite3

    status = _signature(str(path))
    if status is None or status != checked:
        now = time.time_ns()
        if not _intact(path):
            if path.exists():
                _remove(path)
            return None
        racy = now - max(status[3], status[4]) <= RACY_NS if status else True
        status = None if racy else status
    try:
        db = _connect_readonly(path)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        if meta.get("key") != key or meta.get("complete") != "1":
            db.close()
            return None
        store = SqliteStore(db, meta, inputs.origins, path)
        store.checked = status
        return store
    except (sqlite3.Error, ValueError, TypeError):
        db.close()
        return None


def _prefix_index(folder: Path, slot: str, inputs: _Inputs) -> SqliteStore | None:
    """The newest index of this slot whose files are the current ones, but for the last, whose
    indexed bytes the last file now begins with."""
    import hashlib
    import sqlite3

    last = inputs.real[-1]
    data = inputs.read(last)
    for candidate in _indexes(folder, slot)[:KEEP]:
        if not _intact(candidate):
            continue
        try:
            db = _connect_readonly(candidate)
        except sqlite3.Error:
            continue
        try:
            meta = dict(db.execute("SELECT name, value FROM meta"))
            files = db.execute(
                "SELECT position, size, sha256 FROM file ORDER BY position"
            ).fetchall()
            references = meta.get("references", "").split()
            sizes_ok = len(files) == len(inputs.real) and meta.get("complete") == "1"
            same = references == [inputs.digests[p] for p in inputs.references] and all(
                sha == inputs.digests[inputs.real[position]] for position, _, sha in files[:-1]
            )
            if sizes_ok and same:
                _, size, sha = files[-1]
                if size <= len(data) and hashlib.sha256(data[:size]).hexdigest() == sha:
                    return SqliteStore(db, meta, inputs.origins, candidate)
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            pass
        db.close()
    return None


def _build(
    inputs: _Inputs,
    slot: str,
    key: str,
    regions: Regions,
    scales: Scales,
    folder: Path | None,
    progress: ProgressFactory | None,
) -> SqliteStore:
    """Read every file, validate, index; write the index to `folder` when it can be written."""
    import sqlite3

    contents = [
        (origin, inputs.read(path))
        for origin, path in zip(inputs.origins, inputs.real, strict=True)
    ]
    files = [
        (origin, len(data), inputs.digests[path])
        for (origin, data), path in zip(contents, inputs.real, strict=True)
    ]
    references = " ".join(inputs.digests[path] for path in inputs.references)
    if folder is not None:
        temporary = _temporary(folder, folder / f"pelayanan-{slot}-{key[:24]}.sqlite")
        meta = (
            _fill_file_index(temporary, contents, files, key, references, regions, scales, progress)
            if temporary
            else None
        )
        if temporary is not None and meta is not None:
            placed = _place(temporary, slot, key)
            if placed is not None:
                _prune(folder, keep=placed)
                return SqliteStore(_connect_readonly(placed), meta, inputs.origins, placed)
            # Another process's index is open on a system that forbids replacing it: answer
            # from this one, and leave it to be pruned.
            return SqliteStore(_connect_readonly(temporary), meta, inputs.origins, None)
    db = sqlite3.connect(":memory:")
    meta = _fill(db, contents, files, key, references, regions, scales, progress)
    return SqliteStore(db, meta, inputs.origins, None)


def _place(temporary: Path, slot: str, key: str) -> Path | None:
    """Rename a finished index to its name, which carries the CRC-32 of its bytes."""
    found = _crc_of(temporary)
    if found is None:
        return None
    target = temporary.with_name(f"pelayanan-{slot}-{key[:24]}-{found[0]:08x}.sqlite")
    try:
        os.replace(temporary, target)
    except OSError:
        return None
    return target


def _fill_file_index(
    path: Path,
    contents: list[tuple[str, bytes]],
    files: list[tuple[str, int, str]],
    key: str,
    references: str,
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
        meta = _fill(db, contents, files, key, references, regions, scales, progress)
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
    """Keep the most recent indexes and proofs; drop temporary files a killed process left an
    hour ago."""
    try:
        entries = [(p, p.stat().st_mtime) for p in folder.iterdir() if re.fullmatch(_OURS, p.name)]
    except OSError:
        return
    now = time.time()
    for suffix, keep_count in ((".sqlite", KEEP), (".proof", KEEP * 4)):
        kind = sorted(
            ((p, mtime) for p, mtime in entries if p.suffix == suffix and p != keep),
            key=lambda item: -item[1],
        )
        for path, _ in kind[keep_count - 1 :]:
            _remove(path)
    for path, mtime in entries:
        if path.suffix == ".tmp" and now - mtime > 3600:
            _remove(path)


# --- deriving the index of a file after an append ---------------------------------------------


def derive_appended(
    store: SqliteStore,
    paths: Sequence[Path],
    new_bytes: bytes,
    appended: Sequence[Result],
    scales: Scales,
) -> None:
    """Write the index of the files as they are after an append to the last one: the last
    index (of a state `new_bytes` begins with) plus `appended`, the results of the bytes added
    since. Best effort: without it the next run builds the index from the files."""
    import hashlib
    import shutil
    import sqlite3

    folder = cache_dir()
    if folder is None or store.path is None or not paths:
        return
    real = [os.path.realpath(path) for path in paths]
    slot, slot_text = _slot(real)
    inputs = _Inputs(paths, _read_proof(folder, slot) or _read_proof(folder, _slot(real[:-1])[0]))
    last = real[-1]
    for path in inputs.every:
        if path != last and path not in inputs.digests:
            inputs.read(path)
    now = time.time_ns()
    inputs.contents[last] = new_bytes
    inputs.digests[last] = hashlib.sha256(new_bytes).hexdigest()
    sig = _signature(last)
    inputs.signatures[last] = sig
    inputs.trusted[last] = False if sig is None else now - max(sig[3], sig[4]) > RACY_NS
    key = inputs.key(slot_text)
    temporary = _temporary(folder, folder / f"pelayanan-{slot}-{key[:24]}.sqlite")
    if temporary is None:
        return
    try:
        shutil.copyfile(store.path, temporary)
        db = sqlite3.connect(temporary)
        try:
            _append_rows(
                db,
                len(real) - 1,
                inputs.origins,
                len(new_bytes),
                inputs.digests[last],
                key,
                appended,
                scales,
            )
        finally:
            db.close()
    except (OSError, sqlite3.Error, DataError):
        _remove(temporary)
        return
    placed = _place(temporary, slot, key)
    if placed is None:
        _remove(temporary)
        return
    _prune(folder, keep=placed)
    _write_proof(folder, slot, inputs.proof_for(key, placed.name))


def _append_rows(
    db: sqlite3.Connection,
    position: int,
    origins: list[str],
    size: int,
    sha: str,
    key: str,
    appended: Sequence[Result],
    scales: Scales,
) -> None:
    """Add the results of an append to a copy of the last index, as a build would have."""
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    first = db.execute("SELECT IFNULL(MAX(id), 0) + 1 FROM result").fetchone()[0]
    added = _insert(db, position, iter(appended), first, scales)
    held = db.execute("SELECT results FROM file WHERE position = ?", (position,)).fetchone()
    if held is None:
        db.execute(
            "INSERT INTO file (position, path, results, size, sha256) VALUES (?, ?, ?, ?, ?)",
            (position, origins[position], added, size, sha),
        )
    else:
        db.execute(
            "UPDATE file SET results = results + ?, size = ?, sha256 = ? WHERE position = ?",
            (added, size, sha, position),
        )
    keys = {(r.code, r.instrument, r.year, r.unit) for r in appended}
    for code, instrument, year, unit in keys:
        db.execute(
            "UPDATE result SET reports = (SELECT COUNT(*) FROM result WHERE code = ?1 AND"
            " instrument = ?2 AND year = ?3 AND unit IS ?4) WHERE code = ?1 AND instrument = ?2"
            " AND year = ?3 AND unit IS ?4",
            (code, instrument, year, unit),
        )
    results = db.execute("SELECT COUNT(*) FROM result").fetchone()[0]
    sources = db.execute("SELECT COUNT(DISTINCT url) FROM source").fetchone()[0]
    db.executemany(
        "UPDATE meta SET value = ? WHERE name = ?",
        [(key, "key"), (str(results), "results"), (str(sources), "sources")],
    )
    db.commit()


_TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE file (
    position INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    results INTEGER NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
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
    graded INTEGER NOT NULL DEFAULT 0,
    -- What a row of `export` shows without reading the sources (core.export): how many, the
    -- first words and rank printed, what all of them say when they say it alike (1: no
    -- figure, 2: a figure, each with those words; 0: they differ, read them), and the band
    -- the score falls in (its position in the scale; -1: none; NULL: no score).
    sources INTEGER NOT NULL DEFAULT 0,
    stated TEXT,
    rank TEXT,
    said INTEGER NOT NULL DEFAULT 0,
    band INTEGER
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
-- The few results several sources report (SqliteStore.several), without scanning them all.
CREATE INDEX result_several ON result (code, instrument, year, unit) WHERE reports > 1;
"""


def _fill(
    db: sqlite3.Connection,
    contents: list[tuple[str, bytes]],
    files: list[tuple[str, int, str]],
    key: str,
    references: str,
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
        for position, ((origin, data), (_, size, sha)) in enumerate(
            zip(contents, files, strict=True)
        ):
            count = _fill_file(db, position, origin, data, next_id, regions, scales, progress, done)
            db.execute(
                "INSERT INTO file (position, path, results, size, sha256) VALUES (?, ?, ?, ?, ?)",
                (position, origin, count, size, sha),
            )
            next_id += count
            done += len(data)
    finally:
        if progress is not None:
            progress(total, total)  # erased, also before an error is reported
    db.executescript(_INDEXES)
    # The order of `ordered`, read from an index instead of sorted (export reads it whole),
    # and the results export reads whole (SqliteStore.ordered_whole) in that order.
    order = f"code, {_ranked(list(scales.instruments))}, year, IFNULL(unit, ''), approximate, id"
    db.execute(f"CREATE INDEX result_order ON result ({order})")
    db.execute(f"CREATE INDEX result_whole ON result ({order}) WHERE reports != 1 OR said = 0")
    _check_reports(db, [origin for origin, _ in contents], scales)
    sources = db.execute("SELECT COUNT(DISTINCT url) FROM source").fetchone()[0]
    meta = {"key": key, "schema": str(SCHEMA), "results": str(next_id - 1)}
    meta["sources"] = str(sources)
    meta["references"] = references
    meta["complete"] = "1"
    db.executemany("INSERT INTO meta (name, value) VALUES (?, ?)", meta.items())
    db.commit()
    return meta


def _fill_file(
    db: sqlite3.Connection,
    position: int,
    origin: str,
    data: bytes,
    first_id: int,
    regions: Regions,
    scales: Scales,
    progress: Progress | None,
    done: int,
) -> int:
    """Index one file's results from id `first_id` on; how many there are."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
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
        raise file_error(Path(origin), reading)
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
                len(result.sources),
                result.stated,
                result.rank,
                _said(result.sources),
                _band(result, scales),
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


def _said(sources: Sequence[Source]) -> int:
    """The `said` column: 1 when every source printed no figure, 2 when every one printed a
    figure, and all of them the same words (or none); 0 when they differ."""
    if not sources:
        return 0
    printed, words = bool(sources[0].printed), sources[0].stated or None
    if any(bool(s.printed) != printed or (s.stated or None) != words for s in sources):
        return 0
    return 2 if printed else 1


def _band(result: Result, scales: Scales) -> int | None:
    """The `band` column: the position in its scale of the band the score falls in; -1 when
    none holds it (or the year has no bands); None without a score."""
    if result.score is None:
        return None
    scale = scales.find(result.instrument, result.year)
    band = scale.band_for(result.score) if scale is not None else None
    if scale is None or band is None:
        return -1
    return next(n for n, held in enumerate(scale.bands) if held is band)


def _flush(
    db: sqlite3.Connection, rows: list[tuple[Any, ...]], sources: list[tuple[Any, ...]]
) -> None:
    db.executemany(
        "INSERT INTO result VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)", rows
    )
    db.executemany("INSERT INTO source VALUES (?, ?, ?, ?, ?, ?, ?)", sources)
    rows.clear()
    sources.clear()


def several_reports(
    db: sqlite3.Connection, origins: list[str], *, disputed: bool = False
) -> list[Result]:
    """Mark how many reports each result has; the results that have several (and, with
    `disputed`, those marked disputed), read back."""
    several = db.execute(
        "SELECT r.id, g.n FROM (SELECT code, instrument, year, unit, COUNT(*) AS n FROM result"
        " GROUP BY code, instrument, year, unit HAVING n > 1) AS g JOIN result r"
        " ON r.code = g.code AND r.instrument = g.instrument AND r.year = g.year"
        " AND r.unit IS g.unit ORDER BY r.id"
    ).fetchall()
    if not several and not disputed:
        return []
    db.executemany("UPDATE result SET reports = ? WHERE id = ?", [(n, i) for i, n in several])
    where = "r.reports > 1 OR r.disputed" if disputed else "r.reports > 1"
    return _materialise(
        db.execute(f"{_SELECT} WHERE {where} ORDER BY r.id, s.position"), origins, _Interner()
    )


def _check_reports(db: sqlite3.Connection, origins: list[str], scales: Scales) -> None:
    """The checks across reports of one result (cross_findings), on the results that have
    several; mark how many reports each has."""
    errors = [
        f for f in cross_findings(several_reports(db, origins), scales) if f.severity == "error"
    ]
    if errors:
        raise DataError(f"{errors[0]} (run `pelayanan check`)")


def fill_checked(
    db: sqlite3.Connection,
    position: int,
    origin: str,
    data: bytes,
    first_id: int,
    regions: Regions,
    scales: Scales,
    findings: list[Finding],
) -> int:
    """`check`'s reading of one file into `db`: as a build reads it, grade words checked too,
    every finding kept in `findings` instead of stopping at the first; how many results."""
    from pelayanan_cli.core.datafile import EntryReader, read_data_bytes

    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        reader = EntryReader(origin, regions, scales, grades=True)

        def results() -> Iterator[Result]:
            for entry, where, _ in scan_entries(text):
                result = reader.read(entry, where)
                findings.extend(reader.findings)
                reader.findings.clear()
                if result is not None:
                    yield result

        return _insert(db, position, results(), first_id, scales)
    except (_Slow, UnicodeDecodeError):
        pass
    findings.clear()
    db.execute("DELETE FROM source WHERE result >= ?", (first_id,))
    db.execute("DELETE FROM result WHERE id >= ?", (first_id,))
    reading = read_data_bytes(data, origin, regions, scales)
    findings.extend(reading.findings)
    return _insert(db, position, iter(reading.results), first_id, scales)


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
    import tomllib

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

# One row per source, its result's columns first (SqliteStore.ordered_rows gives them raw).
_SELECT = (
    "SELECT r.id, r.code, r.instrument, r.year, r.unit, r.score, r.approximate, r.disputed,"
    " r.note, r.file, r.line, r.reports, s.url, s.printed, s.stated, s.rank, s.unit"
    " FROM result r JOIN source s ON s.result = r.id"
)


# One row per result for `export` (SqliteStore.ordered_heads): the `sources`, `stated`, `rank`
# and `said` columns tell what a row shows of its sources.
HEAD_FIELDS = [
    "id",
    "code",
    "instrument",
    "year",
    "unit",
    "score",
    "approximate",
    "disputed",
    "note",
    "reports",
    "sources",
    "stated",
    "rank",
    "said",
    "band",
]
_HEADS = f"SELECT {', '.join('r.' + name for name in HEAD_FIELDS)} FROM result r"


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
        origins: list[str],
        path: Path | None,
    ) -> None:
        self.db = db
        self.path = path
        self.meta = meta
        self.origins = list(origins)
        self.files = [
            DataFile(origins[position], sha, results)
            for position, results, sha in db.execute(
                "SELECT position, results, sha256 FROM file ORDER BY position"
            )
            if position < len(origins)
        ]
        # Set by open_store: build the index again, should SQLite fail while answering.
        self.rebuild: Callable[[], SqliteStore] | None = None
        # The index file's status when its CRC-32 verified (None: not verified at rest yet).
        self.checked: Signature | None = None
        self._shared = _Interner()
        self._reports: dict[ResultKey, list[Result]] = {}
        self._several: set[ResultKey] | None = None
        self._all: list[Result] | None = None

    def _safe(self, answer: Callable[[], _T]) -> _T:
        """`answer()`, and once more from a rebuilt index when SQLite fails: a page damaged
        after the index was verified, a disk error."""
        import sqlite3

        try:
            return answer()
        except sqlite3.DatabaseError as exc:
            if self.rebuild is None:
                raise DataError(
                    f"the index of the data cannot be read ({exc}); run again"
                ) from None
            fresh, self.rebuild = self.rebuild(), None
            self.db.close()
            self.db, self.meta, self.path = fresh.db, fresh.meta, fresh.path
            self._reports.clear()
            self._several = self._all = None
            return answer()

    def _select(self, where: str, params: Sequence[Any]) -> list[Result]:
        def answer() -> list[Result]:
            cursor = self.db.execute(f"{_SELECT} WHERE {where} ORDER BY r.id, s.position", params)
            return _materialise(cursor, self.origins, self._shared)

        return self._safe(answer)

    def indexed(self, position: int) -> tuple[int, str]:
        """The size and SHA-256 of the file at `position` as the index holds it."""
        found = self._safe(
            lambda: self.db.execute(
                "SELECT size, sha256 FROM file WHERE position = ?", (position,)
            ).fetchone()
        )
        return (int(found[0]), str(found[1])) if found else (0, "")

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
        if found is None and not -(2**63) <= key[2] < 2**63:
            return []  # a year beyond SQLite's integers: no result has it
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
            self._several = self._safe(
                lambda: {
                    (code, instrument, year, unit or "")
                    for code, instrument, year, unit in self.db.execute(
                        "SELECT code, instrument, year, unit FROM result WHERE reports > 1"
                    )
                }
            )
        return key in self._several

    def keys(self) -> list[ResultKey]:
        return self._safe(
            lambda: [
                (code, instrument, year, unit or "")
                for code, instrument, year, unit in self.db.execute(
                    "SELECT code, instrument, year, unit FROM result"
                    " GROUP BY code, instrument, year, unit ORDER BY MIN(id)"
                )
            ]
        )

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
        return _results(self.ordered_rows(instrument, instruments), self.origins, self._shared)

    def ordered_rows(
        self, instrument: str | None, instruments: Sequence[str]
    ) -> Iterator[tuple[Any, ...]]:
        """The rows `ordered` makes its results of, one per source (the columns of _SELECT),
        for a reader that needs only some of them (`core.export`)."""
        # CROSS JOIN keeps `result` the outer loop: SQLite walks result_order and looks each
        # result's sources up, instead of sorting every source row of the panel.
        select = _SELECT.replace(" JOIN source", " CROSS JOIN source")
        return self._in_order(select, instrument, instruments, ", s.position")

    def ordered_heads(
        self, instrument: str | None, instruments: Sequence[str]
    ) -> Iterator[tuple[Any, ...]]:
        """One row per result (the columns of HEAD_FIELDS), in the order of `ordered`, with
        what the index holds of its sources instead of the sources themselves."""
        # A result without sources is no row of `ordered` (its join finds none).
        return self._in_order(_HEADS, instrument, instruments, "", "r.sources > 0 AND ")

    def _in_order(
        self,
        select: str,
        instrument: str | None,
        instruments: Sequence[str],
        then: str,
        only: str = "",
    ) -> Iterator[tuple[Any, ...]]:
        # In the order of the index result_order, which the build makes with the scales'
        # order of instruments written out as here (an index on an expression serves a query
        # with the same expression).
        where, params = _conditions(instrument, None, None, None)
        where = only + where
        order = f"r.code, {_ranked(instruments, 'r.')}, r.year, IFNULL(r.unit, ''), r.approximate"
        return self._safe(
            lambda: self.db.execute(f"{select} WHERE {where} ORDER BY {order}, r.id{then}", params)
        )

    def ordered_whole(
        self, instrument: str | None, instruments: Sequence[str]
    ) -> Iterator[tuple[Any, ...]]:
        """The rows of `ordered_rows` of the results whose heads do not tell their rows: those
        reported several times and those whose sources say different things (`said` 0)."""
        select = _SELECT.replace(" JOIN source", " CROSS JOIN source")
        # The terms of the index result_whole, which holds just these.
        only = "(r.reports != 1 OR r.said = 0) AND "
        return self._in_order(select, instrument, instruments, ", s.position", only)

    def results_of(self, rows: Iterator[tuple[Any, ...]]) -> Iterator[Result]:
        """Results from rows of `ordered_rows` (a result's rows side by side)."""
        return _results(rows, self.origins, self._shared)

    def years(
        self, instrument: str | None, units: bool | None, codes: Collection[str] | None
    ) -> list[int]:
        where, params = _conditions(instrument, None, units, codes)
        sql = f"SELECT DISTINCT year FROM result r WHERE {where} ORDER BY year"
        return self._safe(lambda: [year for (year,) in self.db.execute(sql, params)])

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
        return self._safe(
            lambda: {
                (instrument, year): Counts(results, regions, scored, units, held)
                for instrument, year, results, regions, scored, units, held in self.db.execute(
                    sql, params
                )
            }
        )


def _ranked(instruments: Sequence[str], table: str = "") -> str:
    """The position of a result's instrument among `instruments`, as SQL with the names
    written out (last: any other)."""
    quoted = [name.replace("'", "''") for name in instruments]
    names = " ".join(f"WHEN '{name}' THEN {n}" for n, name in enumerate(quoted))
    return f"CASE {table}instrument {names} ELSE {len(instruments)} END"


def _conditions(
    instrument: str | None, year: int | None, units: bool | None, codes: Collection[str] | None
) -> tuple[str, list[Any]]:
    where = ["1"]
    params: list[Any] = []
    if instrument is not None:
        where.append("r.instrument = ?")
        params.append(instrument)
    if year is not None:
        # A year beyond SQLite's integers matches nothing (and must not overflow the binding).
        where.append("r.year = ?" if -(2**63) <= year < 2**63 else "0")
        if -(2**63) <= year < 2**63:
            params.append(year)
    if units is not None:
        where.append("r.unit IS NOT NULL" if units else "r.unit IS NULL")
    if codes is not None:
        listed = sorted(set(codes))
        where.append(f"r.code IN ({', '.join('?' * len(listed))})")
        params.extend(listed)
    return " AND ".join(where), params
