"""Writing a data file without ever losing what it held.

Every write appends: the old bytes stay exactly as they were (comments, blank lines, order)
and the new entries follow. A write holds an exclusive lock on a sidecar file, so concurrent
writers queue instead of overwriting each other; the new content goes to a temporary file in
the same folder, is flushed to disk and then renamed over the original, so a reader, or a
writer killed at any moment, sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pelayanan_cli.core.errors import DataError, UsageError, WriteFailed
from pelayanan_cli.core.paths import bundled_dir

DATA_ENV = "PELAYANAN_DATA"
LOCK_TIMEOUT_ENV = "PELAYANAN_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0
_TEMP_SUFFIX = ".tmp"


class WriteError(WriteFailed):
    """The file cannot be written (read-only, locked too long, folder missing): nothing changed."""


def default_data_file() -> Path:
    """The user's own data file: $XDG_DATA_HOME/pelayanan/evaluations.toml, else under ~/.local/share."""
    base = os.environ.get("XDG_DATA_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    folder = Path(base) if base and os.path.isabs(base) else Path.home() / ".local" / "share"
    return folder / "pelayanan" / "evaluations.toml"


def write_target(explicit: Path | None) -> Path:
    """The one file a write goes to: --data, else $PELAYANAN_DATA, else the default file.

    Never the data installed with the package: an upgrade would silently drop the user's results.
    In a checkout (editable install) data/evaluations.toml is the bundled file and may be written.
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
    installed = Path(__file__).resolve().parent.parent / "data"
    if (
        bundled_dir().resolve() == installed
        and target.resolve() == (installed / "evaluations.toml").resolve()
    ):
        raise UsageError(
            f"{target} is the data installed with pelayanan and is replaced on upgrade; "
            f"add to your own file instead (default {default_data_file()})"
        )
    return target


def lock_timeout() -> float:
    """Seconds a writer waits for another one: $PELAYANAN_LOCK_TIMEOUT, else 10."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "")
    try:
        value = float(raw) if raw else DEFAULT_LOCK_TIMEOUT
    except ValueError:
        raise UsageError(f"${LOCK_TIMEOUT_ENV} must be a number of seconds, not {raw!r}") from None
    return max(value, 0.0)


def read_existing(path: Path) -> tuple[bytes, str]:
    """The file's bytes and text; empty when it does not exist yet."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return b"", ""
    except OSError as exc:
        raise WriteError(f"cannot read {path}: {exc.strerror or exc}; nothing written") from None
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"{path}:{line}: not valid UTF-8; nothing written (save the file as UTF-8)"
        ) from None


def joined(old: str, addition: str) -> tuple[str, int]:
    """The new text (the old text, unchanged, then `addition`) and the line where `addition` starts.

    The addition is set off by a blank line and takes the old text's line endings.
    """
    first_line, found, _ = old.partition("\n")
    newline = "\r\n" if found and first_line.endswith("\r") else "\n"
    prefix = old
    if prefix and not prefix.endswith("\n"):
        prefix += newline
    if prefix and not prefix.endswith(("\n\n", "\r\n\r\n")):
        prefix += newline
    body = addition.replace("\n", newline) if newline != "\n" else addition
    return prefix + body, prefix.count("\n") + 1


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


@contextmanager
def locked(path: Path, timeout: float) -> Iterator[None]:
    """Hold the exclusive lock of `path` (an flock on PATH.lock); waits up to `timeout` seconds.

    The lock file stays in place: deleting it would let two writers lock two different files.
    The kernel drops the lock when its holder exits, even by SIGKILL.
    """
    lock = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise WriteError(f"cannot create the lock file {lock}: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + timeout
        pause = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise WriteError(f"cannot lock {lock}: {exc.strerror or exc}") from None
            if time.monotonic() >= deadline:
                raise WriteError(
                    f"{path} is being written by another pelayanan (lock {lock}); gave up after "
                    f"{timeout:g} s, nothing written: try again"
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _temp_files(path: Path) -> list[Path]:
    prefix = f".{path.name}."
    return [
        p
        for p in path.parent.iterdir()
        if p.name.startswith(prefix) and p.name.endswith(_TEMP_SUFFIX)
    ]


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, sync it, rename it over `path`, sync the folder."""
    import tempfile

    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    folder_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(folder_fd)
    finally:
        os.close(folder_fd)


def append(
    path: Path,
    prepare: Callable[[str], str],
    *,
    timeout: float | None = None,
    create_folder: bool = False,
) -> bool:
    """Append what `prepare` returns for the file's current text; True when something was written.

    `prepare` runs under the lock with the text as it is now, so it validates against what
    concurrent writers added before; it raises to refuse, and then nothing is written.
    Temporary files left by writers killed earlier are removed after the write succeeds.
    """
    path = Path(os.path.realpath(path))  # a symlink stays a symlink; its target is written
    folder = path.parent
    if not folder.is_dir():
        if not create_folder:
            raise WriteError(f"folder {folder} does not exist; nothing written")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"cannot create {folder}: {exc.strerror or exc}") from None
    _check_writable(path, folder)
    with locked(path, lock_timeout() if timeout is None else timeout):
        old_bytes, old_text = read_existing(path)
        addition = prepare(old_text)
        if not addition:
            return False
        new_text, _ = joined(old_text, addition)
        try:
            _replace(path, old_bytes + new_text[len(old_text) :].encode("utf-8"))
        except OSError as exc:
            raise WriteError(
                f"cannot write {path}: {exc.strerror or exc}; nothing written"
            ) from None
        for stale in _temp_files(path):
            # Only writers holding this lock create temporary files: these are from killed ones.
            stale.unlink(missing_ok=True)
    return True
