"""The bundled reference tables (scales.toml, aliases.toml, regions.csv), read once and
remembered.

Every command reads the grade bands and the regions with their lookup keys; parsing them (with
tomllib's import) and deriving the keys costs ~8 ms a run, a third of what pelayanan may add to
Typer's start-up. What was read is kept in the cache folder as `marshal` data with a CRC-32 and
the status of every file it was read from (device, inode, size, modification and change times),
the reading code's included; it is read again whenever a status differs, changed too recently to
tell, or the memo does not verify.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from pelayanan_cli.core.paths import cache_dir

_RACY_NS = 2_000_000_000
T = TypeVar("T")


def load_table(path: Path) -> dict[str, Any]:
    """tomllib.load(path), from the memo when the file is as it was when it was parsed."""

    def parse() -> dict[str, Any]:
        import tomllib

        with open(path, "rb") as handle:
            return tomllib.load(handle)

    return remembered(f"{path.stem}", [path], parse)


def remembered(name: str, paths: Sequence[Path | str], make: Callable[[], T]) -> T:
    """`make()`, a pure function of the files at `paths` and the code calling it, from the memo
    when none of them changed since; `make` returns what marshal can store."""
    folder = cache_dir()
    caller = sys._getframe(1).f_code.co_filename
    statuses = [_status(path) for path in [*paths, caller]]
    memo = None
    if folder is not None and None not in statuses:
        where = "\0".join(os.path.realpath(path) for path in paths)
        memo = (
            folder
            / f"pelayanan-{name}-{zlib.crc32(where.encode('utf-8', 'surrogateescape')):08x}.marshal"
        )
        found = _recall(memo, statuses)
        if found is not None:
            return cast(T, found)
    now = time.time_ns()
    value = make()
    if memo is not None and all(now - max(s[3], s[4]) > _RACY_NS for s in statuses if s):
        _remember(memo, statuses, value)
    return value


def _status(path: Path | str) -> tuple[int, int, int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _key(statuses: list[Any]) -> tuple[object, ...]:
    return (tuple(sys.version_info[:2]), tuple(statuses))


def _recall(memo: Path, statuses: list[Any]) -> Any:
    try:
        data = memo.read_bytes()
        crc, payload = int(data[:8], 16), data[8:]
        if zlib.crc32(payload) != crc:
            return None
        key, table = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return table if key == _key(statuses) else None


def _remember(memo: Path, statuses: list[Any], table: object) -> None:
    """Best effort: a memo that cannot be written only means parsing again next time."""
    import tempfile

    try:
        payload = marshal.dumps(cast(Any, (_key(statuses), table)))
        memo.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=memo.name + ".", suffix=".tmp", dir=memo.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(f"{zlib.crc32(payload):08x}".encode() + payload)
        os.replace(name, memo)
    except (OSError, ValueError):
        return
