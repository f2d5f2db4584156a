"""The loaded panel: every result of the bundled data and the user's files, indexed for queries."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pelayanan_cli.core.datafile import FileReading, read_data_bytes
from pelayanan_cli.core.errors import DataError
from pelayanan_cli.core.findings import Code, Finding
from pelayanan_cli.core.model import Result, ResultKey, consistent
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.regions import Regions, load_regions
from pelayanan_cli.core.scales import Scales, load_scales

DATA_ENV = "PELAYANAN_DATA"


@dataclass(frozen=True, slots=True)
class DataFile:
    path: str
    sha256: str
    results: int


@dataclass
class Dataset:
    results: list[Result]
    files: list[DataFile] = field(default_factory=list)
    _by_key: dict[ResultKey, list[Result]] = field(default_factory=dict, repr=False)
    _by_code: dict[str, list[Result]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_key: dict[ResultKey, list[Result]] = defaultdict(list)
        by_code: dict[str, list[Result]] = defaultdict(list)
        for result in self.results:
            by_key[result.key].append(result)
            by_code[result.code].append(result)
        self._by_key = dict(by_key)
        self._by_code = dict(by_code)

    def for_codes(self, codes: Iterable[str]) -> list[Result]:
        return [r for code in codes for r in self._by_code.get(code, [])]

    def reports(self, key: ResultKey) -> list[Result]:
        """Every report of one result: usually one, several where sources disagree."""
        return self._by_key.get(key, [])

    def keys(self) -> list[ResultKey]:
        return list(self._by_key)

    def conflicts(self, result: Result) -> list[Decimal]:
        """Other values reported for the same result that do not fit this one."""
        return sorted(
            {
                other.score
                for other in self._by_key.get(result.key, [])
                if other is not result and other.score is not None and not consistent(result, other)
            }
        )

    def primary(self, key: ResultKey) -> Result:
        """The report a ranking uses: an exact score before an approximate one before grade-only,
        then the one most sources printed, then the first in the data. The others stay visible
        as `conflicts`."""
        reports = self._by_key[key]
        return min(
            reports,
            key=lambda r: (r.score is None, r.approximate, -len(r.sources), reports.index(r)),
        )

    def years(self, instrument: str | None = None) -> list[int]:
        return sorted({r.year for r in self.results if instrument in (None, r.instrument)})

    @property
    def source_count(self) -> int:
        return len({s.url for r in self.results for s in r.sources})


def cross_findings(results: Sequence[Result]) -> list[Finding]:
    """Findings that need several entries: one source twice for one result, undeclared disputes."""
    findings: list[Finding] = []
    by_key: dict[ResultKey, list[Result]] = defaultdict(list)
    for result in results:
        by_key[result.key].append(result)
    for reports in by_key.values():
        seen: dict[str, Result] = {}
        for report in reports:
            for source in report.sources:
                first = seen.get(source.url)
                if first is not None and first is not report:
                    findings.append(
                        Finding(
                            "error",
                            Code.DUPLICATE_SOURCE,
                            report.origin,
                            report.line,
                            f"the same result from the same source twice (also at {first.where}): {source.url}",
                        )
                    )
                seen.setdefault(source.url, report)
        for report in reports:
            disagrees = any(
                not consistent(report, other) for other in reports if other is not report
            )
            if disagrees and not report.disputed:
                others = ", ".join(
                    str(o.score) for o in reports if o is not report and not consistent(report, o)
                )
                findings.append(
                    Finding(
                        "error",
                        Code.UNDECLARED_DISPUTE,
                        report.origin,
                        report.line,
                        f"sources disagree on this result ({report.score} vs {others}): keep both and mark each disputed = true",
                    )
                )
            elif report.disputed and not disagrees:
                findings.append(
                    Finding(
                        "warning",
                        Code.NEEDLESS_DISPUTE,
                        report.origin,
                        report.line,
                        "disputed = true but no other source gives a different value",
                    )
                )
    return findings


def user_paths(explicit: Sequence[Path]) -> list[Path]:
    """The user's own data files: --data options, else PELAYANAN_DATA (paths joined by os.pathsep)."""
    if explicit:
        return list(explicit)
    env = os.environ.get(DATA_ENV, "")
    return [Path(p) for p in env.split(os.pathsep) if p]


def read_file(path: Path, regions: Regions, scales: Scales, *, grades: bool = True) -> FileReading:
    try:
        data = path.read_bytes()
    except OSError as exc:
        reading = FileReading(str(path))
        reading.findings.append(
            Finding("error", Code.UNREADABLE, str(path), 1, f"cannot read: {exc.strerror or exc}")
        )
        return reading
    return read_data_bytes(data, str(path), regions, scales, grades=grades)


def load_dataset(extra: Sequence[Path] = (), *, bundled: bool = True) -> Dataset:
    """The bundled results plus the user's files; the first error in any file stops the load."""
    import hashlib

    regions, scales = load_regions(), load_scales()
    paths = ([bundled_file("evaluations.toml")] if bundled else []) + list(user_paths(extra))
    results: list[Result] = []
    files: list[DataFile] = []
    for path in paths:
        if not path.exists() and path != bundled_file("evaluations.toml"):
            # A user's data file that was never written yet holds no results.
            continue
        reading = read_file(path, regions, scales, grades=False)
        if reading.errors:
            first = reading.errors[0]
            more = len(reading.errors) - 1
            extra_note = (
                f" (and {more} more; run `pelayanan check {path}`)"
                if more
                else f" (run `pelayanan check {path}`)"
            )
            raise DataError(f"{first}{extra_note}")
        results.extend(reading.results)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        files.append(DataFile(str(path), digest, len(reading.results)))
    errors = [f for f in cross_findings(results) if f.severity == "error"]
    if errors:
        raise DataError(f"{errors[0]} (run `pelayanan check`)")
    return Dataset(results, files)
