"""`check`: every finding in a set of data files, and a summary of what they hold.

A file is checked together with what it will be read with: the bundled data (a file that
clashes with it, say the same source twice, must not pass `check` and then break every query).
Files are read as the index is built (core.cache: a streaming reader, the exact reading where
anything is unusual) into a temporary SQLite table, so a national panel is checked in about the
time of a cold index build, in memory that does not grow with the number of results.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pelayanan_cli.core.dataset import cross_findings, user_paths
from pelayanan_cli.core.findings import Code, Finding
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.regions import Regions, load_regions
from pelayanan_cli.core.scales import Scales, load_scales
from pelayanan_cli.core.scope import is_scope_data, read_scope_data

if TYPE_CHECKING:
    import sqlite3

_UNPARSED = {Code.TOML_SYNTAX, Code.NOT_UTF8, Code.UNREADABLE}


@dataclass
class CheckReport:
    files: list[str]
    findings: list[Finding] = field(default_factory=list)
    parsed: int = 0
    results: int = 0
    regions: int = 0
    sources: int = 0
    scope_entries: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def summary(self) -> str:
        scope = f", {self.scope_entries} scope entries" if self.scope_entries else ""
        return (
            f"checked {len(self.files)} file(s): {self.results} results, {self.regions} regions, "
            f"{self.sources} sources{scope}; {len(self.errors)} errors, {len(self.warnings)} warnings"
        )


def default_check_paths() -> list[Path]:
    """The bundled results and scope, and the user's own file when there is one."""
    return [bundled_file("evaluations.toml"), bundled_file("scope.toml"), *user_paths(())]


def check_files(paths: Sequence[Path], *, with_bundled: bool = True) -> CheckReport:
    """Every finding in `paths`, each read with the bundled data (whose own findings are
    reported only when it is among them; `with_bundled=False` for a file that will replace it). NotFoundError or UsageError for a named file that is
    missing or not a readable regular file (core.files)."""
    from pelayanan_cli.core.files import read_input

    regions, scales = load_regions(), load_scales()
    report = CheckReport([str(p) for p in paths])
    named = [(str(p), read_input(p)) for p in paths]
    for origin, data in [(o, d) for o, d in named if is_scope_data(d)]:
        # A file of [[scope]] entries (data/scope.toml): who was assessed, with its sources.
        scope = read_scope_data(data, origin, regions, scales)
        report.findings.extend(scope.findings)
        report.scope_entries += len(scope.entries)
        if not any(f.code in _UNPARSED for f in scope.findings):
            report.parsed += 1
    named = [(o, d) for o, d in named if not is_scope_data(d)]
    bundled = bundled_file("evaluations.toml")
    context = (
        []
        if not with_bundled
        or any(os.path.realpath(o) == os.path.realpath(bundled) for o, _ in named)
        else [str(bundled)]
    )
    contents = [*((origin, b"") for origin in context), *named]
    db = _scratch(_bundled_tables(bundled, regions, scales) if context else None)
    try:
        findings = _read_all(db, named, regions, scales, first=len(context))
        for own in findings:
            report.findings.extend(own)
            if not any(f.code in _UNPARSED for f in own):
                report.parsed += 1
        report.findings.extend(
            f for f in _cross(db, [o for o, _ in contents], scales) if f.file in report.files
        )
        first = len(context)
        report.results, report.regions, report.sources = db.execute(
            "SELECT COUNT(DISTINCT r.id), COUNT(DISTINCT r.code), COUNT(DISTINCT s.url)"
            " FROM result r JOIN source s ON s.result = r.id WHERE r.file >= ?",
            (first,),
        ).fetchone()
    finally:
        db.close()
    report.findings.sort(
        key=lambda f: (report.files.index(f.file) if f.file in report.files else 0, f.line)
    )
    return report


def _scratch(seed: sqlite3.Connection | None = None) -> sqlite3.Connection:
    """A temporary database on disk (its memory stays small), else in memory; a copy of `seed`
    when given (copied before the file is unlinked: SQLite cannot copy into it after)."""
    import sqlite3
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix="pelayanan-check-", suffix=".sqlite")
        os.close(handle)
        db = sqlite3.connect(name)
        try:
            if seed is not None:
                seed.backup(db)
        finally:
            os.unlink(name)  # gone when closed (where an open file can be unlinked)
        return db
    except (OSError, sqlite3.Error):
        db = sqlite3.connect(":memory:")
        if seed is not None:
            seed.backup(db)
        return db


def _read_all(
    db: sqlite3.Connection,
    contents: list[tuple[str, bytes]],
    regions: Regions,
    scales: Scales,
    *,
    first: int = 0,
) -> list[list[Finding]]:
    """Every file's results into `db` (after the `first` files already there), and each file's
    own findings (grade words included)."""
    from pelayanan_cli.core.cache import _INDEXES, _TABLES, fill_checked

    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    if not first:
        db.executescript(_TABLES)
    found: list[list[Finding]] = []
    next_id = db.execute("SELECT IFNULL(MAX(id), 0) + 1 FROM result").fetchone()[0]
    for position, (origin, data) in enumerate(contents, start=first):
        findings: list[Finding] = []
        next_id += fill_checked(db, position, origin, data, next_id, regions, scales, findings)
        found.append(findings)
    db.executescript(_INDEXES)
    return found


# The bundled data as `check` reads it beside a user's file, read once per process: a process
# that checks many files (a test suite, a long-running tool) reads it once, not for each.
_BUNDLED: dict[tuple[str, int, int], sqlite3.Connection] = {}


def _bundled_tables(path: Path, regions: Regions, scales: Scales) -> sqlite3.Connection:
    """An in-memory database of the bundled results, without indexes; copied, never changed."""
    import sqlite3

    from pelayanan_cli.core.cache import _TABLES, fill_checked
    from pelayanan_cli.core.files import read_input

    status = os.stat(path)
    key = (os.path.realpath(path), status.st_size, status.st_mtime_ns)
    if key not in _BUNDLED:
        db = sqlite3.connect(":memory:")
        db.executescript(_TABLES)
        fill_checked(db, 0, str(path), read_input(path), 1, regions, scales, [])
        db.commit()
        _BUNDLED.clear()
        _BUNDLED[key] = db
    return _BUNDLED[key]


def _cross(db: sqlite3.Connection, origins: list[str], scales: Scales) -> list[Finding]:
    """The findings across reports of one result, on the results that have several."""
    from pelayanan_cli.core.cache import several_reports

    return cross_findings(several_reports(db, origins, disputed=True), scales)
