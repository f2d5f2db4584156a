"""Whole-process benchmarks of the installed `pelayanan`, as ratios measured in the same run.

    python benchmarks/run.py            # every measure, markdown table on stdout
    python benchmarks/run.py --quick    # fewer runs, a smaller panel: a smoke test

Standard library only. Runs the `pelayanan` next to sys.executable (the installed CLI) and,
alternating with it, a baseline in the same venv: a do-nothing Typer app with the same kinds of
parameters (start-up), the same command on the bundled data (a national panel, warm), or a bare
`tomllib` parse of the same file (the first run after the file changed). Each pair of runs gives
one ratio; the table shows the median ratio, because absolute times on a shared machine say
little. Peak memory is each child's own maxrss (os.wait4).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[1]

# The do-nothing app: the commands' kinds of parameters (a region argument with completion, int,
# str, bool, enum and repeatable path options), and no work. Its time is Typer's floor.
BARE_APP = '''
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class Format(str, Enum):
    table = "table"
    tsv = "tsv"
    json = "json"


def complete(incomplete: str) -> list[str]:
    return [n for n in ("kupang", "Kabupaten Kupang", "Kota Kupang") if n.startswith(incomplete)]


app = typer.Typer(name="bare", no_args_is_help=True, rich_markup_mode=None)


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", is_eager=True)] = False,
    debug: Annotated[bool, typer.Option("--debug")] = False,
) -> None:
    """Do nothing, with options."""


@app.command()
def show(
    region: Annotated[str, typer.Argument(help="Region.", autocompletion=complete)],
    year: Annotated[int | None, typer.Option("--year", "-y")] = None,
    instrument: Annotated[str | None, typer.Option("--instrument", "-i")] = None,
    units: Annotated[bool, typer.Option("--units")] = False,
    format: Annotated[Format | None, typer.Option("--format", "-f")] = None,
    data: Annotated[list[Path] | None, typer.Option("--data", dir_okay=False)] = None,
) -> None:
    """Show a region."""


@app.command()
def rank(
    year: Annotated[int | None, typer.Option("--year", "-y")] = None,
    instrument: Annotated[str | None, typer.Option("--instrument", "-i")] = "ombudsman",
    top: Annotated[int | None, typer.Option("--top", "-n", min=1)] = None,
    units: Annotated[bool, typer.Option("--units")] = False,
    format: Annotated[Format | None, typer.Option("--format", "-f")] = None,
    data: Annotated[list[Path] | None, typer.Option("--data", dir_okay=False)] = None,
) -> None:
    """Rank regions."""


@app.command()
def grade(
    score: Annotated[str, typer.Argument(help="The score.")],
    year: Annotated[int | None, typer.Option("--year", "-y")] = None,
    instrument: Annotated[str, typer.Option("--instrument", "-i")] = "ombudsman",
    format: Annotated[Format | None, typer.Option("--format", "-f")] = None,
) -> None:
    """Grade a score."""


if __name__ == "__main__":
    app(prog_name="bare")
'''

# Kinds of option the padding cycles through, as the real commands mix them.
_OPTION_KINDS = (
    'Annotated[int | None, typer.Option("--{flag}")] = None',
    'Annotated[str | None, typer.Option("--{flag}")] = None',
    'Annotated[bool, typer.Option("--{flag}")] = False',
    'Annotated[Format | None, typer.Option("--{flag}")] = None',
    'Annotated[list[Path] | None, typer.Option("--{flag}", dir_okay=False)] = None',
)
_SPEC = (
    "import inspect, json\n"
    "from pelayanan_cli.cli import COMMANDS, command_function\n"
    "print(json.dumps([[name, len(inspect.signature(command_function(name)).parameters)]"
    " for name in COMMANDS]))\n"
)


def bare_app(commands: Sequence[tuple[str, int]]) -> str:
    """BARE_APP grown to pelayanan's shape: as many commands, each with as many parameters.

    Typer builds every command at start-up, so a 14-command CLI has a higher floor than a
    3-command one; matching the shape leaves only what pelayanan itself adds.
    """
    source = BARE_APP
    counts = dict(commands)
    own = {"show": 6, "rank": 6, "grade": 4}
    for name, docstring in (("show", "Show a region."), ("rank", "Rank regions.")):
        extra = "".join(
            f"    extra{n}: {_OPTION_KINDS[n % len(_OPTION_KINDS)].format(flag=f'extra{n}')},\n"
            for n in range(counts.get(name, own[name]) - own[name])
        )
        marker = f') -> None:\n    """{docstring}"""'
        source = source.replace(marker, extra + marker)
    more = []
    for name, size in commands:
        if name in own:
            continue
        options = "".join(
            f"    option{n}: {_OPTION_KINDS[n % len(_OPTION_KINDS)].format(flag=f'option{n}')},\n"
            for n in range(size)
        )
        function = name.replace("-", "_") + "_"
        more.append(
            f'@app.command("{name}")\ndef {function}(\n{options}) -> None:\n    """Do nothing."""\n'
        )
    main = 'if __name__ == "__main__":'
    return source.replace(main, "\n\n".join(more) + "\n\n" + main)


BARE_TOMLLIB = "import sys, tomllib\nwith open(sys.argv[1], 'rb') as f:\n    tomllib.load(f)\n"

UNITS = (
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kesehatan",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Sosial",
    "Rumah Sakit Umum Daerah",
    "Puskesmas Kota",
    "Dinas Perhubungan",
    "Badan Pendapatan Daerah",
)
OUTLETS = ("antaranews.com", "detik.com", "kompas.com", "ombudsman.go.id", "menpan.go.id")


# --- the synthetic panel -------------------------------------------------------------------


@dataclass(frozen=True)
class _Band:
    lower: Decimal
    words: str


@dataclass(frozen=True)
class _Scale:
    instrument: str
    years: tuple[int, ...]
    minimum: Decimal
    maximum: Decimal
    bands: tuple[_Band, ...]


def _scales(data: Path) -> list[_Scale]:
    """Every instrument and year that has bands, read from the package's own scales.toml."""
    with (data / "scales.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    found = []
    for scale in raw["scale"]:
        bands = tuple(
            _Band(
                Decimal(str(b["lower"]).replace(",", ".")),
                " ".join(
                    part
                    for part in (
                        f"zona {b['zone']}" if b["zone"] else "",
                        f"kategori {b['grade']}" if b["grade"] else "",
                        b["label"].lower(),
                    )
                    if part
                ),
            )
            for b in scale["band"]
        )
        found.append(
            _Scale(
                scale["instrument"],
                tuple(scale["years"]),
                Decimal(str(scale["minimum"])),
                Decimal(str(scale["maximum"])),
                bands,
            )
        )
    return found


def write_panel(path: Path, results: int, data: Path, seed: int = 7) -> int:
    """A realistic national panel of about `results` results: real Kemendagri codes, every
    instrument and year with bands, governments and their units, one to three sources each
    (publications shared by many results, as a news report lists a province's scores), scores
    inside each scale and printed as the source printed them, some grade-only, approximate and
    disputed results. Returns how many [[result]] entries it wrote."""
    rng = random.Random(seed)
    codes = [
        line.split(",")[0]
        for line in (data / "regions.csv").read_text(encoding="utf-8").splitlines()[1:]
    ]
    slots = [(s, year) for s in _scales(data) for year in s.years]
    # Results the bundled data holds are left out: their sources would disagree with ours.
    with (data / "evaluations.toml").open("rb") as handle:
        held = {
            (r["region"], r["instrument"], r["year"], r.get("unit", ""))
            for r in tomllib.load(handle).get("result", [])
        }
    per_slot = max(1, -(-results // (len(codes) * len(slots))))  # government + its units
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("# Synthetic national panel written by benchmarks/run.py (not real data).\n\n")
        for code in codes:
            province = code.split(".")[0]
            for scale, year in slots:
                for slot in range(per_slot):
                    if written >= results:
                        return written
                    unit = None if slot == 0 else UNITS[(slot - 1) % len(UNITS)]
                    if slot > len(UNITS):
                        unit = f"{unit} {slot}"
                    if (code, scale.instrument, year, unit or "") in held:
                        continue
                    written += _write_result(out, rng, code, province, scale, year, unit)
    return written


def _write_result(
    out: TextIO,
    rng: random.Random,
    code: str,
    province: str,
    scale: _Scale,
    year: int,
    unit: str | None,
) -> int:
    score = (scale.minimum + (scale.maximum - scale.minimum) * Decimal(rng.random())).quantize(
        Decimal("0.01")
    )
    kind = rng.random()
    header = [f'region = "{code}"', f'instrument = "{scale.instrument}"', f"year = {year}"]
    if unit:
        header.append(f'unit = "{unit}"')
    outlet = OUTLETS[rng.randrange(len(OUTLETS))]
    urls = [
        f"https://{outlet}/{year}/{scale.instrument}/{province}/laporan-{n}"
        for n in rng.sample(range(1, 9), rng.choice((1, 1, 1, 2, 2, 3)))
    ]
    entries: list[tuple[list[str], list[str]]]
    if kind < 0.03:  # grade-only: the source gave words, no figure
        words = _band(scale, score).words
        entries = [(header, [f'url = "{url}"\nstated = "{words}"' for url in urls])]
    elif kind < 0.04:  # two sources disagree: both reports kept, each marked disputed
        delta = ((scale.maximum - scale.minimum) * Decimal("0.0317")).quantize(Decimal("0.01"))
        other = score + delta if score + delta <= scale.maximum else score - delta
        entries = [
            ([*header, f"score = {value}", "disputed = true"], [_source(url, value, scale)])
            for url, value in ((urls[0], score), (urls[0].replace("laporan", "berita"), other))
        ]
    elif kind < 0.05:  # "sekitar 86 poin": a whole number, marked approximate
        whole = score.quantize(Decimal(1))
        entries = [
            (
                [*header, f"score = {whole}", "approximate = true"],
                [_source(u, whole, scale) for u in urls],
            )
        ]
    else:
        note = ['note = "Semester I"'] if kind > 0.98 else []
        entries = [([*header, f"score = {score}", *note], [_source(u, score, scale) for u in urls])]
    for keys, sources in entries:
        out.write("[[result]]\n" + "\n".join(keys) + "\n")
        for source in sources:
            out.write("[[result.source]]\n" + source + "\n")
        out.write("\n")
    return len(entries)


def _band(scale: _Scale, score: Decimal) -> _Band:
    return next(b for b in scale.bands if score >= b.lower)


def _source(url: str, score: Decimal, scale: _Scale) -> str:
    """One source: the figure printed with a decimal comma or point, and its grade words."""
    printed = str(score).replace(".", ",") if len(url) % 2 else str(score)
    return f'url = "{url}"\nprinted = "{printed}"\nstated = "{_band(scale, score).words}"'


# --- running and timing ---------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    cpu: float
    peak_kb: int


def run_once(argv: Sequence[str], env: dict[str, str], out: Path) -> Sample:
    """One whole process: wall time, and its own peak RSS (os.wait4, not RUSAGE_CHILDREN's
    running maximum). Fails loudly when the command fails: a fast error is no measurement."""
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = out.with_suffix(".err").read_text(errors="replace")[-2000:]
        raise SystemExit(f"{' '.join(argv)} exited {process.returncode}:\n{error}")
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Sample(seconds, usage.ru_utime + usage.ru_stime, peak)


@dataclass
class Measure:
    name: str
    target: float | None  # None: informative, no target
    a: list[Sample] = field(default_factory=list)
    b: list[Sample] = field(default_factory=list)
    # A target in seconds for ours alone (the median), besides or instead of the ratio.
    seconds: float | None = None

    @property
    def ratio(self) -> float:
        return statistics.median(x.seconds / y.seconds for x, y in zip(self.a, self.b, strict=True))

    @property
    def cpu_ratio(self) -> float:
        """The same ratio in CPU time (user + system): steadier on a busy machine."""
        return statistics.median(x.cpu / y.cpu for x, y in zip(self.a, self.b, strict=True))

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.a)

    @property
    def met(self) -> bool:
        ratio_ok = self.target is None or self.ratio <= self.target
        return ratio_ok and (self.seconds is None or self.median <= self.seconds)


def pairs(
    measure: Measure,
    runs: int,
    a: Callable[[], Sample],
    b: Callable[[], Sample],
    before: Callable[[], None] | None = None,
) -> Measure:
    """`runs` pairs, alternating which goes first, so drift on the machine hits both."""
    for number in range(runs):
        if before is not None:
            before()
        if number % 2:
            y = b()
            if before is not None:
                before()
            x = a()
        else:
            x = a()
            if before is not None:
                before()
            y = b()
        measure.a.append(x)
        measure.b.append(y)
        print(f"  {measure.name}: {x.seconds:.3f}s / {y.seconds:.3f}s", file=sys.stderr)
    return measure


def cli_path() -> Path:
    """The installed CLI: the `pelayanan` next to this interpreter."""
    folder = Path(sys.executable).parent
    for name in ("pelayanan", "pelayanan.exe"):
        if (folder / name).exists():
            return folder / name
    found = shutil.which("pelayanan")
    if found is None:
        raise SystemExit(f"no pelayanan beside {sys.executable}: install the package first")
    return Path(found)


# --- the measures ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="pairs per start-up/warm measure")
    parser.add_argument("--cold-runs", type=int, default=3, help="pairs per cold measure")
    parser.add_argument("--results", type=int, default=100_000, help="size of the panel")
    parser.add_argument("--quick", action="store_true", help="3 pairs, 1 cold, 20k results")
    parser.add_argument(
        "--only", choices=("startup", "warm", "cold"), action="append", help="some measures"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.cold_runs, args.results = 3, 1, 20_000
    only = set(args.only or ("startup", "warm", "cold"))
    pelayanan = str(cli_path())
    python = sys.executable
    data = _data_dir()

    with tempfile.TemporaryDirectory(prefix="pelayanan-bench-") as scratch:
        tmp = Path(scratch)
        env = {k: v for k, v in os.environ.items() if k != "PELAYANAN_DATA"}
        # A cache of its own, and no data file `pelayanan add` may have written.
        env.update(
            PELAYANAN_CACHE_DIR=str(tmp / "cache"),
            XDG_DATA_HOME=str(tmp / "data-home"),
            PYTHONDONTWRITEBYTECODE="",
        )
        shape = subprocess.run(
            [python, "-c", _SPEC], env=env, capture_output=True, text=True, check=True
        )
        commands = [(name, size) for name, size in json.loads(shape.stdout)]
        (tmp / "bare.py").write_text(bare_app(commands), encoding="utf-8")
        (tmp / "bare_tomllib.py").write_text(BARE_TOMLLIB, encoding="utf-8")
        out = tmp / "out.txt"
        panel = tmp / "panel.toml"
        written = write_panel(panel, args.results, data)
        size_mb = panel.stat().st_size / 1e6

        def ours(*words: str, extra: dict[str, str] | None = None) -> Callable[[], Sample]:
            return lambda: run_once([pelayanan, *words], {**env, **(extra or {})}, out)

        def bare(*words: str, extra: dict[str, str] | None = None) -> Callable[[], Sample]:
            return lambda: run_once(
                [python, str(tmp / "bare.py"), *words], {**env, **(extra or {})}, out
            )

        big = ("--data", str(panel))
        # Warm both indexes before timing warm runs.
        ours("show", "kupang")()
        ours("show", "kupang", *big)()
        measures: list[Measure] = []
        runs = args.runs

        def python_pass() -> Sample:
            return run_once([python, "-c", "pass"], env, out)

        adds = iter(range(1, 1_000_000))

        def add_to(target: Path, tag: str) -> Callable[[], Sample]:
            """One `add` of a new unit result (its own source) to `target`."""

            def run() -> Sample:
                number = next(adds)
                argv = [pelayanan, "add", "--data", str(target), "--region", "53.71"]
                argv += ["-i", "skm", "-y", "2025", "--unit", f"Unit {tag} {number}"]
                argv += [
                    "--score",
                    "80,50",
                    "--source",
                    f"https://example.org/bench/{tag}/{number}",
                ]
                return run_once(argv, env, out)

            return run

        if "startup" in only:
            complete = {"COMP_WORDS": "pelayanan show kup", "COMP_CWORD": "2"}
            for label, words, extra in (
                ("show kupang", ("show", "kupang"), None),
                ("rank", ("rank",), None),
                ("grade 86.62", ("grade", "86.62"), None),
                ("--help", ("--help",), None),
                ("completion (show kup<Tab>)", (), complete),
                ("export", ("export",), None),
            ):
                mine = {**(extra or {}), "_PELAYANAN_COMPLETE": "complete_bash"} if extra else None
                theirs = (
                    {"COMP_WORDS": "bare show kup", "COMP_CWORD": "2"}
                    | {"_BARE_COMPLETE": "complete_bash"}
                    if extra
                    else None
                )
                # export writes every bundled result (517 rows): work, not start-up alone.
                target = None if label == "export" else 1.25
                measures.append(
                    pairs(
                        Measure(f"start-up: `{label}` vs do-nothing Typer app", target),
                        runs,
                        ours(*words, extra=mine),
                        bare(*words, extra=theirs),
                    )
                )
            measures.append(
                pairs(
                    Measure(
                        "start-up: do-nothing Typer app (`show`) vs bare `python -c pass`", None
                    ),
                    runs,
                    bare("show", "kupang"),
                    python_pass,
                )
            )
            for label, words in (
                ("show kupang", ("show", "kupang")),
                ("rank", ("rank",)),
                ("grade 86.62", ("grade", "86.62")),
                ("export", ("export",)),
            ):
                measures.append(
                    pairs(
                        Measure(f"start-up: `{label}` vs bare `python -c pass`", None),
                        runs,
                        ours(*words),
                        python_pass,
                    )
                )
            mine_file = tmp / "mine.toml"
            add_to(mine_file, "warm-up")()
            measures.append(
                pairs(
                    Measure("write: `add` to your own file vs `show kupang`", 1.5),
                    runs,
                    add_to(mine_file, "small"),
                    ours("show", "kupang"),
                )
            )
        if "warm" in only:
            for label, words in (
                ("show kupang", ("show", "kupang")),
                ("rank --year 2024", ("rank", "--year", "2024")),
                ("diff 2023 2024", ("diff", "2023", "2024")),
                ("export", ("export",)),
            ):
                measures.append(
                    pairs(
                        Measure(f"warm: `{label}` on {written:,} results vs bundled data", 1.5),
                        runs,
                        ours(*words, *big),
                        ours(*words),
                    )
                )
            measure = Measure(f"warm: `export --format csv` of {written:,} results", None)
            measure.seconds = 1.0
            measures.append(
                pairs(measure, runs, ours("export", "--format", "csv", *big), ours("export"))
            )
        if "cold" in only:
            counter = iter(range(1, 1_000_000))

            def touch() -> None:
                """A new last line: new content, so the next run of ours is a first run."""
                with panel.open("a", encoding="utf-8") as handle:
                    handle.write(f"# edit {next(counter)}\n")

            measures.append(
                pairs(
                    Measure("cold: `show kupang` after the file changed vs bare tomllib.load", 1.2),
                    args.cold_runs,
                    ours("show", "kupang", *big),
                    lambda: run_once([python, str(tmp / "bare_tomllib.py"), str(panel)], env, out),
                    before=touch,
                )
            )
            measures.append(
                pairs(
                    Measure(f"cold: `check` of {written:,} results vs a cold index build", 1.5),
                    args.cold_runs,
                    ours("check", str(panel)),
                    ours("show", "kupang", *big),
                    before=touch,
                )
            )
            # `add` to the national panel: a copy, so the panel above stays as it was.
            copy = tmp / "panel-copy.toml"
            shutil.copyfile(panel, copy)
            ours("show", "kupang", "--data", str(copy))()
            measure = Measure(
                f"write: `add` to a file of {written:,} results vs `show` on it", None
            )
            measure.seconds = 1.0
            measures.append(
                pairs(
                    measure,
                    args.runs,
                    add_to(copy, "big"),
                    ours("show", "kupang", "--data", str(copy)),
                )
            )
            rows = {n: tmp / f"rows-{n}.csv" for n in (1_000, 10_000)}
            for n, path in rows.items():
                write_rows(path, n, data)
            imports = iter(range(1, 1_000_000))

            def import_rows(n: int) -> Callable[[], Sample]:
                def run() -> Sample:
                    target = tmp / f"imported-{n}-{next(imports)}.toml"
                    return run_once(
                        [pelayanan, "import", str(rows[n]), "--data", str(target)], env, out
                    )

                return run

            measures.append(
                pairs(
                    Measure("write: `import` of 10,000 rows vs 1,000 rows", 10.0),
                    args.cold_runs,
                    import_rows(10_000),
                    import_rows(1_000),
                )
            )
        print(report(measures, written, size_mb, runs, args.cold_runs, _typer_version(python, env)))
    return 0 if all(m.met and _peak_mb(m.a) <= 150 for m in measures) else 1


def _typer_version(python: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [python, "-c", "import importlib.metadata as m; print(m.version('typer'))"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "?"


def write_rows(path: Path, rows: int, data: Path) -> None:
    """An import file of `rows` unit results (real region codes, one source each)."""
    codes = [
        line.split(",")[0]
        for line in (data / "regions.csv").read_text(encoding="utf-8").splitlines()[1:]
        if "." in line.split(",")[0]
    ]
    with path.open("w", encoding="utf-8") as out:
        out.write("region;instrument;year;unit;score;source\n")
        for n in range(rows):
            out.write(
                f"{codes[n % len(codes)]};skm;2025;Unit {n // len(codes)};"
                f"{70 + n % 30},{n % 100:02d};https://example.org/import/{n}\n"
            )


def _data_dir() -> Path:
    """The package's data: the installed copy, else the checkout's data/ folder."""
    import importlib.util

    spec = importlib.util.find_spec("pelayanan_cli")
    if spec is not None and spec.origin is not None:
        installed = Path(spec.origin).parent / "data"
        if (installed / "regions.csv").is_file():
            return installed
    return ROOT / "data"


def _peak_mb(samples: Sequence[Sample]) -> float:
    return max(s.peak_kb for s in samples) / 1024


def report(
    measures: Sequence[Measure], written: int, size_mb: float, runs: int, cold: int, typer: str
) -> str:
    lines = [
        f"Python {sys.version.split()[0]}, Typer {typer}, {os.cpu_count()} CPUs; panel: "
        f"{written:,} results, {size_mb:.1f} MB TOML; {runs} pairs per start-up/warm measure, "
        f"{cold} per cold one; ratio = median over pairs of (ours / baseline), each pair run "
        "back to back.",
        "",
        "| Measure | ours, median | baseline, median | ratio | target | CPU-time ratio "
        "| peak MB (ours / baseline) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        targets = []
        if m.target is not None:
            targets.append(f"≤ {m.target}×")
        if m.seconds is not None:
            targets.append(f"≤ {m.seconds:g} s")
        if not targets:
            verdict = "—"
        elif m.met:
            verdict = " and ".join(targets) + " met"
        else:
            verdict = " and ".join(targets) + " **missed**"
        memory = f"{_peak_mb(m.a):.0f} / {_peak_mb(m.b):.0f}"
        if _peak_mb(m.a) > 150:
            memory += " **over 150**"
        lines.append(
            f"| {m.name} | {m.median:.3f} s "
            f"| {statistics.median(s.seconds for s in m.b):.3f} s | {m.ratio:.2f}× "
            f"| {verdict} | {m.cpu_ratio:.2f}× | {memory} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
