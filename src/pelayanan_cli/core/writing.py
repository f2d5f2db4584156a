"""Writing a data file without ever losing what it held.

Every write appends: the old bytes stay exactly as they were (comments, blank lines, order)
and the new entries follow. A write holds an exclusive lock on a sidecar file, so concurrent
writers queue instead of overwriting each other, and holds it only to read the file, append and
rename: everything that can be checked beforehand is checked before the lock. The new content
goes to a temporary file in the same folder, is flushed to disk and then renamed over the
original, so a reader, or a writer killed at any moment, sees either the old file or the new
one, never a mix. Only regular files are written: a FIFO, a device or a folder is refused
before any lock is taken.

Only this module needs a POSIX (or Windows) locking call, and imports it only when it locks:
every read-only command runs where neither exists.
"""

from __future__ import annotations

import errno
import math
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pelayanan_cli.core.errors import DataError, UsageError, WriteFailed
from pelayanan_cli.core.files import kind_of, os_problem, regular_or_absent
from pelayanan_cli.core.paths import bundled_dir
from pelayanan_cli.core.paths import default_data_file as default_data_file

DATA_ENV = "PELAYANAN_DATA"
LOCK_TIMEOUT_ENV = "PELAYANAN_LOCK_TIMEOUT"
# Writers queue; a real give-up comes only after this long (a writer holds the lock for
# milliseconds: ten minutes of waiting means a writer is stuck, not busy).
DEFAULT_LOCK_TIMEOUT = 600.0
# A writer that has waited this long says so once on stderr.
WAIT_NOTICE_AFTER = 1.0
_TEMP_SUFFIX = ".tmp"

Waiting = Callable[[str], None]


class WriteError(WriteFailed):
    """The file cannot be written (read-only, locked too long, folder missing): nothing changed."""


def write_target(explicit: Path | None) -> Path:
    """The one file a write goes to: --data, else $PELAYANAN_DATA, else the default file.

    Never the data installed with the package: an upgrade would silently drop the user's results.
    In a checkout (editable install) data/evaluations.toml is the bundled file and may be written.
    The target must be a regular file or not exist yet: anything else is refused here, before
    any lock is taken.
    """
    if explicit is not None:
        target = explicit
    else:
        named = [p for p in os.environ.get(DATA_ENV, "").split(os.pathsep) if p]
        if len(named) > 1:
            raise UsageError(
                f"${DATA_ENV} names {len(named)} files; choose the one to write to with --data PATH"
            )
        target = Path(named[0]) if named else default_data_file()
    refuse_irregular(target)
    installed = Path(__file__).resolve().parent.parent / "data"
    if bundled_dir().resolve() == installed and os.path.realpath(target) == os.path.realpath(
        installed / "evaluations.toml"
    ):
        raise UsageError(
            f"{target} is the data installed with pelayanan and is replaced on upgrade; "
            f"add to your own file instead (default {default_data_file()})"
        )
    return target


def refuse_irregular(target: Path) -> None:
    """WriteError unless `target` is a regular file or absent (a FIFO, a device, a folder)."""
    try:
        regular_or_absent(target)
    except UsageError as exc:
        raise WriteError(f"{exc}; nothing written") from None


def lock_timeout() -> float:
    """Seconds a writer waits for another one: $PELAYANAN_LOCK_TIMEOUT, else 600."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "")
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise UsageError(
            f"${LOCK_TIMEOUT_ENV} must be a number of seconds (0 or more), not {raw!r}"
        )
    return value


def read_existing(path: Path) -> tuple[bytes, str]:
    """The file's bytes and text; empty when it does not exist yet."""
    data = _read_locked(path)
    return data, decode(data, path)


def decode(data: bytes, path: Path | str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"{path}:{line}: not valid UTF-8; nothing written (save the file as UTF-8)"
        ) from None


def newline_of(old: bytes) -> bytes:
    """The file's own line ending, from its first line."""
    first_line, found, _ = old.partition(b"\n")
    return b"\r\n" if found and first_line.endswith(b"\r") else b"\n"


def joined(old: str, addition: str) -> tuple[str, int]:
    """The new text (the old text, unchanged, then `addition`) and the line where `addition` starts.

    The addition is set off by a blank line and takes the old text's line endings.
    """
    data = old.encode("utf-8", "surrogatepass")
    gap, first_line = separator(data)
    newline = newline_of(data).decode()
    body = addition.replace("\n", newline) if newline != "\n" else addition
    return old + gap.decode() + body, first_line


def separator(old: bytes) -> tuple[bytes, int]:
    """What goes between the old bytes and an addition (a blank line, in the file's line
    endings), and the line number where the addition starts."""
    newline = newline_of(old)
    gap = b""
    if old and not old.endswith(b"\n"):
        gap += newline
    if old and not (old + gap).endswith((b"\n\n", b"\r\n\r\n")):
        gap += newline
    return gap, old.count(b"\n") + gap.count(b"\n") + 1


def encoded(old: bytes, addition: str) -> bytes:
    """The addition as bytes to write after `old`: separated, in the file's line endings."""
    gap, _ = separator(old)
    newline = newline_of(old)
    body = addition.encode("utf-8")
    if newline != b"\n":
        body = body.replace(b"\n", newline)
    return gap + body


def _writable(path: Path) -> bool:
    """Write permission, judged by the mode bits too: root may write anything, but a file
    someone made read-only (chmod a-w) is meant to stay as it is."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _check_writable(path: Path, folder: Path) -> None:
    if path.exists() and not _writable(path):
        raise WriteError(f"{path} is read-only; nothing written (make it writable or use --data)")
    if not _writable(folder):
        raise WriteError(
            f"folder {folder} is read-only; nothing written (a write needs a temporary file "
            "and a lock file beside the data file)"
        )


def _try_lock(fd: int) -> bool:
    """Take the exclusive lock without waiting; False when another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 1 << 30, os.SEEK_SET)  # a byte past the pid, so the pid stays readable
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        import fcntl
    except ImportError:
        raise WriteError(
            "this system has no file locking pelayanan knows (fcntl or msvcrt); nothing written"
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _holder(fd: int) -> str:
    """' (pid N)' for the process holding the lock, as it wrote itself into the lock file."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except (OSError, AttributeError):
        return ""
    return f" (pid {text})" if text.isdigit() else ""


@contextmanager
def locked(path: Path, timeout: float, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the exclusive lock of `path` (PATH.lock); wait in line up to `timeout` seconds,
    saying once through `waiting` when the wait passes a second.

    The lock file stays in place: deleting it would let two writers lock two different files.
    The kernel drops the lock when its holder exits, even by SIGKILL.
    """
    lock = path.with_name(path.name + ".lock")
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock, flags | getattr(os, "O_NONBLOCK", 0), 0o666)
    except OSError as exc:
        raise WriteError(
            f"cannot create the lock file {lock}: {os_problem(exc)}; nothing written"
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise WriteError(f"the lock file {lock} is {kind_of(mode)}; nothing written")
        started = time.monotonic()
        pause = 0.002
        told = False
        while True:
            try:
                if _try_lock(fd):
                    break
            except OSError as exc:
                raise WriteError(
                    f"cannot lock {lock}: {os_problem(exc)}; nothing written"
                ) from None
            waited = time.monotonic() - started
            if waited >= timeout:
                raise WriteError(
                    f"{path} is being written by another pelayanan{_holder(fd)}: gave up after "
                    f"{timeout:g} s, nothing written; if no pelayanan is running, try again "
                    f"(${LOCK_TIMEOUT_ENV} sets how long to wait)"
                )
            if waiting is not None and not told and waited >= WAIT_NOTICE_AFTER:
                told = True
                waiting(f"waiting for another pelayanan{_holder(fd)} writing {path}")
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        except (OSError, AttributeError):
            pass  # the pid is a courtesy to whoever waits
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _temp_files(path: Path) -> list[Path]:
    prefix = f".{path.name}."
    try:
        return [
            p
            for p in path.parent.iterdir()
            if p.name.startswith(prefix) and p.name.endswith(_TEMP_SUFFIX)
        ]
    except OSError:
        return []


def _replace(path: Path, old: bytes, addition: bytes) -> None:
    """Write old + addition to a temporary file beside `path`, sync it, rename it over `path`,
    sync the folder (core.outfile, as every output file is written); OSError when it fails."""
    from pelayanan_cli.core.outfile import Batch

    files = Batch()
    try:
        handle = files.open(path, binary=True)
        handle.write(old)  # type: ignore[arg-type]
        handle.write(addition)  # type: ignore[arg-type]
        files.commit()
    except BaseException:
        files.abort()
        raise


def _read_locked(path: Path) -> bytes:
    """The file's bytes as they are under the lock (empty when it does not exist yet)."""
    from pelayanan_cli.core.errors import NotFoundError
    from pelayanan_cli.core.files import read_input

    try:
        return read_input(path)
    except NotFoundError:
        return b""
    except UsageError as exc:
        raise WriteError(f"{exc}; nothing written") from None


def append(
    path: Path,
    prepare: Callable[[bytes], str],
    *,
    timeout: float | None = None,
    create_folder: bool = False,
    waiting: Waiting | None = None,
) -> bytes | None:
    """Append what `prepare` returns for the file's current bytes; the file's new bytes, or
    None when nothing was written.

    `prepare` runs under the lock with the bytes as they are now, so it sees what concurrent
    writers added before; it must be quick (the lock is held for it) and raises to refuse, and
    then nothing is written. Temporary files left by writers killed earlier are removed after
    the write succeeds.
    """
    path = Path(os.path.realpath(path))  # a symlink stays a symlink; its target is written
    refuse_irregular(path)
    folder = path.parent
    if not folder.is_dir():
        if not create_folder:
            raise WriteError(f"folder {folder} does not exist; nothing written")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"cannot create {folder}: {os_problem(exc)}") from None
    _check_writable(path, folder)
    with locked(path, lock_timeout() if timeout is None else timeout, waiting):
        old = _read_locked(path)
        addition = prepare(old)
        if not addition:
            return None
        extra = encoded(old, addition)
        try:
            _replace(path, old, extra)
        except OSError as exc:
            raise WriteError(f"cannot write {path}: {os_problem(exc)}; nothing written") from None
        for stale in _temp_files(path):
            # Only writers holding this lock create temporary files: these are from killed ones.
            stale.unlink(missing_ok=True)
    return old + extra
