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

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def summary(self) -> str:
        return (
            f"checked {len(self.files)} file(s): {self.results} results, {self.regions} regions, "
            f"{self.sources} sources; {len(self.errors)} errors, {len(self.warnings)} warnings"
        )


def default_check_paths() -> list[Path]:
    return [bundled_file("evaluations.toml"), *user_paths(())]


def check_files(paths: Sequence[Path]) -> CheckReport:
    """Every finding in `paths`, each read with the bundled data (whose own findings are
    reported only when it is among them). NotFoundError or UsageError for a named file that is
    missing or not a readable regular file (core.files)."""
    from pelayanan_cli.core.files import read_input

    regions, scales = load_regions(), load_scales()
    report = CheckReport([str(p) for p in paths])
    bundled = bundled_file("evaluations.toml")
    named = [os.path.realpath(p) for p in paths]
    context = [] if os.path.realpath(bundled) in named else [bundled]
    contents = [(str(p), read_input(p)) for p in [*context, *paths]]
    db = _scratch()
    try:
        findings = _read_all(db, contents, regions, scales)
        checked = range(len(context), len(contents))
        for position in checked:
            own = findings[position]
            report.findings.extend(own)
            if not any(f.code in _UNPARSED for f in own):
                report.parsed += 1
        report.findings.extend(
            f for f in _cross(db, [o for o, _ in contents]) if f.file in report.files
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


def _scratch() -> sqlite3.Connection:
    """A temporary database on disk (its memory stays small), else in memory."""
    import sqlite3
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix="pelayanan-check-", suffix=".sqlite")
        os.close(handle)
        db = sqlite3.connect(name)
        os.unlink(name)  # gone when closed (where an open file can be unlinked)
        return db
    except (OSError, sqlite3.Error):
        return sqlite3.connect(":memory:")


def _read_all(
    db: sqlite3.Connection, contents: list[tuple[str, bytes]], regions: Regions, scales: Scales
) -> list[list[Finding]]:
    """Every file's results into `db`, and each file's own findings (grade words included)."""
    from pelayanan_cli.core.cache import _INDEXES, _TABLES, fill_checked

    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_TABLES)
    found: list[list[Finding]] = []
    next_id = 1
    for position, (origin, data) in enumerate(contents):
        findings: list[Finding] = []
        next_id += fill_checked(db, position, origin, data, next_id, regions, scales, findings)
        found.append(findings)
    db.executescript(_INDEXES)
    return found


def _cross(db: sqlite3.Connection, origins: list[str]) -> list[Finding]:
    """The findings across reports of one result, on the results that have several."""
    from pelayanan_cli.core.cache import several_reports

    return cross_findings(several_reports(db, origins, disputed=True))
