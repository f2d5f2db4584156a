"""`check`: every finding in a set of data files, and a summary of what they hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pelayanan_cli.core.dataset import cross_findings, read_file, user_paths
from pelayanan_cli.core.findings import Code, Finding
from pelayanan_cli.core.model import Result
from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.regions import load_regions
from pelayanan_cli.core.scales import load_scales
from pelayanan_cli.core.scope import is_scope_file, read_scope_file

_UNPARSED = {Code.TOML_SYNTAX, Code.NOT_UTF8, Code.UNREADABLE}


@dataclass
class CheckReport:
    files: list[str]
    results: list[Result] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    parsed: int = 0
    scope_entries: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def summary(self) -> str:
        regions = len({r.code for r in self.results})
        sources = len({s.url for r in self.results for s in r.sources})
        scope = f", {self.scope_entries} scope entries" if self.scope_entries else ""
        return (
            f"checked {len(self.files)} file(s): {len(self.results)} results, {regions} regions, "
            f"{sources} sources{scope}; {len(self.errors)} errors, {len(self.warnings)} warnings"
        )


def default_check_paths() -> list[Path]:
    return [bundled_file("evaluations.toml"), *user_paths(())]


def check_files(paths: Sequence[Path]) -> CheckReport:
    regions, scales = load_regions(), load_scales()
    report = CheckReport([str(p) for p in paths])
    for path in paths:
        if is_scope_file(path):
            # A file of [[scope]] entries (data/scope.toml): who was assessed, with its sources.
            scope = read_scope_file(path, regions, scales)
            report.findings.extend(scope.findings)
            report.scope_entries += len(scope.entries)
            if not any(f.code in _UNPARSED for f in scope.findings):
                report.parsed += 1
            continue
        reading = read_file(path, regions, scales)
        report.findings.extend(reading.findings)
        report.results.extend(reading.results)
        if not any(f.code in _UNPARSED for f in reading.findings):
            report.parsed += 1
    report.findings.extend(cross_findings(report.results, scales))
    report.findings.sort(
        key=lambda f: (report.files.index(f.file) if f.file in report.files else 0, f.line)
    )
    return report
