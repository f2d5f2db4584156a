"""The loaded panel: every result of the bundled data and the user's files, indexed for queries."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pelayanan_cli.core.errors import DataError, NotFoundError
from pelayanan_cli.core.model import Result, ResultKey, consistent
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.records import record
from pelayanan_cli.core.regions import Regions, load_regions
from pelayanan_cli.core.scales import Scales, load_scales

if TYPE_CHECKING:
    from pelayanan_cli.core.cache import ProgressFactory, SqliteStore

    # Reading files is for cold loads and `check`; a warm load answers from the index.
    from pelayanan_cli.core.datafile import FileReading
    from pelayanan_cli.core.findings import Finding

DATA_ENV = "PELAYANAN_DATA"


@record
class DataFile:
    path: str
    sha256: str
    results: int


class Store(Protocol):
    """Where a Dataset's results live: a list in memory, or core.cache's SQLite index."""

    def all(self) -> list[Result]: ...
    def count(self) -> int: ...
    def source_count(self) -> int: ...
    def for_code(self, code: str) -> list[Result]: ...
    def reports(self, key: ResultKey) -> list[Result]: ...
    def several(self, key: ResultKey) -> bool: ...
    def keys(self) -> list[ResultKey]: ...
    def select(
        self,
        instrument: str | None,
        year: int | None,
        units: bool | None,
        codes: Collection[str] | None,
    ) -> list[Result]: ...
    def ordered(self, instrument: str | None, instruments: Sequence[str]) -> Iterator[Result]: ...
    def years(
        self, instrument: str | None, units: bool | None, codes: Collection[str] | None
    ) -> list[int]: ...
    def coverage(
        self, codes: Collection[str] | None, instrument: str | None
    ) -> dict[tuple[str, int], Counts]: ...


@record
class Counts:
    """One instrument and year in `coverage`: distinct results, governments with a result,
    of those with a score, unit results, and governments with a score or a grade (a result
    that tells neither, award- or rank-only, is not held as a result)."""

    results: int
    regions: int
    scored: int
    units: int
    held: int = 0


class Dataset:
    """The results and the files they came from, with the queries the commands ask.

    Every query returns results in the order of the data (file by file, entry by entry); a
    loaded dataset answers from the cache's index, reading only the rows a query needs.
    """

    def __init__(
        self,
        results: Sequence[Result] = (),
        files: Sequence[DataFile] = (),
        *,
        store: Store | None = None,
    ) -> None:
        self.files = list(files)
        self._store: Store = store if store is not None else ListStore(list(results))

    @property
    def results(self) -> list[Result]:
        """Every result (all of them in memory: queries below read only what they need)."""
        return self._store.all()

    @property
    def count(self) -> int:
        """How many results (without reading them)."""
        return self._store.count()

    def for_codes(self, codes: Iterable[str]) -> list[Result]:
        return [r for code in codes for r in self._store.for_code(code)]

    def reports(self, key: ResultKey) -> list[Result]:
        """Every report of one result: usually one, several where sources disagree."""
        return self._store.reports(key)

    def keys(self) -> list[ResultKey]:
        return self._store.keys()

    def several(self, key: ResultKey) -> bool:
        """Whether more than one report gives this result (most have one)."""
        return self._store.several(key)

    def select(
        self,
        instrument: str | None = None,
        year: int | None = None,
        *,
        units: bool | None = None,
        codes: Collection[str] | None = None,
    ) -> list[Result]:
        """The results of one instrument and/or year, of units only (True) or governments only
        (False), of some regions only; None means any."""
        return self._store.select(instrument, year, units, codes)

    def ordered(
        self, instrument: str | None = None, *, instruments: Sequence[str] = ()
    ) -> Iterator[Result]:
        """Every result (of one instrument) by region code, instrument in the order given, year,
        unit and approximate last, then in the order of the data; made as they are read, so a
        national panel is never in memory twice."""
        return self._store.ordered(instrument, instruments)

    @property
    def index(self) -> SqliteStore | None:
        """The SQLite index the results are answered from; None when they are in memory."""
        from pelayanan_cli.core.cache import SqliteStore

        return self._store if isinstance(self._store, SqliteStore) else None

    def conflicts(self, result: Result) -> list[Decimal]:
        """Other values reported for the same result that do not fit this one."""
        if not self._store.several(result.key):
            return []
        return sorted(
            {
                other.score
                for other in self._store.reports(result.key)
                if other is not result and other.score is not None and not consistent(result, other)
            }
        )

    def primary(self, key: ResultKey) -> Result:
        """The report a ranking uses (see `primary_of`); KeyError for a result not held."""
        reports = self._store.reports(key)
        if not reports:
            raise KeyError(key)
        return primary_of(reports)

    def years(
        self,
        instrument: str | None = None,
        *,
        units: bool | None = None,
        codes: Collection[str] | None = None,
    ) -> list[int]:
        return self._store.years(instrument, units, codes)

    def coverage(
        self, codes: Collection[str] | None = None, instrument: str | None = None
    ) -> dict[tuple[str, int], Counts]:
        """Counts per instrument and year of the results of `codes` (None: every region)."""
        return self._store.coverage(codes, instrument)

    @property
    def source_count(self) -> int:
        return self._store.source_count()


def primary_of(reports: Sequence[Result]) -> Result:
    """The report a ranking uses: an exact score before an approximate one before grade-only,
    then the one most sources printed, then the first in the data. The others stay visible
    as `conflicts`."""
    return min(
        enumerate(reports),
        key=lambda item: (
            item[1].score is None,
            item[1].approximate,
            -len(item[1].sources),
            item[0],
        ),
    )[1]


class ListStore:
    """Results held in a list, indexed in dictionaries (a Dataset built from results)."""

    def __init__(self, results: list[Result]) -> None:
        self._results = results
        by_key: dict[ResultKey, list[Result]] = defaultdict(list)
        by_code: dict[str, list[Result]] = defaultdict(list)
        for result in results:
            by_key[result.key].append(result)
            by_code[result.code].append(result)
        self._by_key = dict(by_key)
        self._by_code = dict(by_code)

    def all(self) -> list[Result]:
        return self._results

    def count(self) -> int:
        return len(self._results)

    def source_count(self) -> int:
        return len({s.url for r in self._results for s in r.sources})

    def for_code(self, code: str) -> list[Result]:
        return self._by_code.get(code, [])

    def reports(self, key: ResultKey) -> list[Result]:
        return self._by_key.get(key, [])

    def several(self, key: ResultKey) -> bool:
        return len(self._by_key.get(key, ())) > 1

    def keys(self) -> list[ResultKey]:
        return list(self._by_key)

    def select(
        self,
        instrument: str | None,
        year: int | None,
        units: bool | None,
        codes: Collection[str] | None,
    ) -> list[Result]:
        return [
            r
            for r in self._results
            if (instrument is None or r.instrument == instrument)
            and (year is None or r.year == year)
            and (units is None or (r.unit is not None) == units)
            and (codes is None or r.code in codes)
        ]

    def ordered(self, instrument: str | None, instruments: Sequence[str]) -> Iterator[Result]:
        def position(name: str) -> int:
            return instruments.index(name) if name in instruments else len(instruments)

        return iter(
            sorted(
                self.select(instrument, None, None, None),
                key=lambda r: (r.code, position(r.instrument), r.year, r.unit or "", r.approximate),
            )
        )

    def years(
        self, instrument: str | None, units: bool | None, codes: Collection[str] | None
    ) -> list[int]:
        return sorted({r.year for r in self.select(instrument, None, units, codes)})

    def coverage(
        self, codes: Collection[str] | None, instrument: str | None
    ) -> dict[tuple[str, int], Counts]:
        from pelayanan_cli.core.agreement import graded

        scales = load_scales()
        keys: dict[tuple[str, int], set[ResultKey]] = defaultdict(set)
        regions: dict[tuple[str, int], set[str]] = defaultdict(set)
        scored: dict[tuple[str, int], set[str]] = defaultdict(set)
        held: dict[tuple[str, int], set[str]] = defaultdict(set)
        units: dict[tuple[str, int], set[ResultKey]] = defaultdict(set)
        for result in self.select(instrument, None, None, codes):
            slot = (result.instrument, result.year)
            keys[slot].add(result.key)
            if result.unit is not None:
                units[slot].add(result.key)
                continue
            regions[slot].add(result.code)
            if result.score is not None:
                scored[slot].add(result.code)
            if result.score is not None or graded(result, scales):
                held[slot].add(result.code)
        return {
            slot: Counts(
                len(found),
                len(regions[slot]),
                len(scored[slot]),
                len(units[slot]),
                len(held[slot]),
            )
            for slot, found in keys.items()
        }


def cross_findings(results: Sequence[Result], scales: Scales | None = None) -> list[Finding]:
    """Findings that need several entries: one source twice for one result, undeclared disputes
    (an error for values that differ; a warning for grades that differ, e.g. "A-" beside "A")."""
    from pelayanan_cli.core.agreement import any_disagreement, said_by
    from pelayanan_cli.core.findings import Code, Finding

    tables = scales if scales is not None else load_scales()

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
        # A dispute is declared when any report of the result says disputed = true: a file only
        # ever grows by appending (`pelayanan add`), so the report added later carries the mark
        # for the earlier ones, whose bytes stay as they were.
        declared = any(report.disputed for report in reports)
        grades = {id(r): _report_bands(r, tables) for r in reports}
        for report in reports:
            disagrees = any(
                not consistent(report, other) for other in reports if other is not report
            )
            apart = [
                other
                for other in reports
                if other is not report
                and grades[id(report)] is not None
                and grades[id(other)] is not None
                and not (grades[id(report)] & grades[id(other)])  # type: ignore[operator]
            ]
            if disagrees and not declared:
                others = ", ".join(
                    dict.fromkeys(
                        str(o.score)
                        for o in reports
                        if o is not report and not consistent(report, o)
                    )
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
            elif apart and not declared:
                findings.append(
                    Finding(
                        "warning",
                        Code.UNDECLARED_GRADE_DISPUTE,
                        report.origin,
                        report.line,
                        f"sources disagree on the grade of this result (also at {apart[0].where}): keep both and mark each disputed = true",
                    )
                )
            elif (
                report.disputed
                and not disagrees
                and not apart
                and not any_disagreement(said_by(reports, tables))
            ):
                findings.append(
                    Finding(
                        "warning",
                        Code.NEEDLESS_DISPUTE,
                        report.origin,
                        report.line,
                        "disputed = true but no other source gives a different value or grade",
                    )
                )
    return findings


def _report_bands(report: Result, scales: Scales) -> frozenset[object] | None:
    """The bands one report allows: its exact score's band, else what its sources' words have
    in common; None when it says nothing about a grade."""
    from pelayanan_cli.core.scales import stated_bands

    scale = scales.find(report.instrument, report.year)
    if scale is None:
        return None
    if report.score is not None:
        if report.approximate:
            return None
        band = scale.band_for(report.score)
        return frozenset({band}) if band is not None else None
    found: frozenset[object] | None = None
    for source in report.sources:
        bands = stated_bands(source.stated, scale)
        if bands is None:
            continue
        found = frozenset(bands) if found is None else found & bands
    return found


def user_paths(explicit: Sequence[Path]) -> list[Path]:
    """The user's own data files: --data options, else PELAYANAN_DATA (paths joined by
    os.pathsep), else the default file `pelayanan add` writes to, when it exists.

    The bundled file is never among them: in a checkout `--data data/evaluations.toml` names
    the bundled file itself, and reading it twice would report every result twice.
    """
    from pelayanan_cli.core.paths import default_data_file

    if explicit:
        paths = list(explicit)
    else:
        env = os.environ.get(DATA_ENV, "")
        paths = [Path(p) for p in env.split(os.pathsep) if p]
        if not paths and default_data_file().is_file():
            paths = [default_data_file()]
    bundled = os.path.realpath(bundled_file("evaluations.toml"))
    return [p for p in paths if os.path.realpath(p) != bundled]


def read_file(path: Path, regions: Regions, scales: Scales, *, grades: bool = True) -> FileReading:
    """One file read whole; NotFoundError or UsageError (core.files) when it is not a readable
    regular file within the size limit."""
    from pelayanan_cli.core.datafile import read_data_bytes
    from pelayanan_cli.core.files import read_input

    return read_data_bytes(read_input(path), str(path), regions, scales, grades=grades)


def load_dataset(
    extra: Sequence[Path] = (),
    *,
    bundled: bool = True,
    progress: ProgressFactory | None = None,
) -> Dataset:
    """The bundled results plus the user's files; the first error in any file stops the load.

    Answered from core.cache's index of exactly these files' contents (built on the first run
    after any of them changed); read into memory when no index can be used.
    """
    regions, scales = load_regions(), load_scales()
    home = bundled_file("evaluations.toml")
    paths = ([home] if bundled else []) + list(user_paths(extra))
    for path in paths[1 if bundled else 0 :]:
        # A file the user named must be there: a typo must not quietly leave results out.
        from pelayanan_cli.core.files import regular_or_absent

        if regular_or_absent(path) is None:
            raise NotFoundError(
                f"{path}: no such data file (named by {'--data' if extra else '$' + DATA_ENV})"
            )
    try:
        from pelayanan_cli.core.cache import open_store

        store = open_store(paths, regions, scales, progress)
    except (OSError, ImportError):
        # A file that cannot be read is reported by the exact reading; a Python without
        # sqlite3 reads everything into memory.
        return read_dataset(paths, regions, scales)
    return Dataset(files=store.files, store=store)


def read_dataset(paths: Sequence[Path], regions: Regions, scales: Scales) -> Dataset:
    """Every file read into memory, without the cache: what the index is built to answer."""
    import hashlib

    results: list[Result] = []
    files: list[DataFile] = []
    for path in paths:
        reading = read_file(path, regions, scales, grades=False)
        if reading.errors:
            raise file_error(path, reading)
        results.extend(reading.results)
        from pelayanan_cli.core.files import read_input

        digest = hashlib.sha256(read_input(path)).hexdigest()
        files.append(DataFile(str(path), digest, len(reading.results)))
    errors = [f for f in cross_findings(results, scales) if f.severity == "error"]
    if errors:
        raise DataError(f"{errors[0]} (run `pelayanan check`)")
    return Dataset(results, files)


def file_error(path: Path, reading: FileReading) -> DataError:
    """A file's first error, and how to see the others."""
    first = reading.errors[0]
    more = len(reading.errors) - 1
    note = (
        f" (and {more} more; run `pelayanan check {path}`)"
        if more
        else f" (run `pelayanan check {path}`)"
    )
    return DataError(f"{first}{note}")
