"""Output files (`-o FILE`) written whole or not at all.

The new content goes to a temporary file in the target's folder, is flushed to disk and renamed
over the target, and the folder is synced: a full disk, a killed process or a failing writer
leaves the old file byte-identical. Only a regular file (or a name not yet taken) is replaced;
a directory, FIFO, device or socket is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pelayanan_cli.core.errors import WriteFailed
from pelayanan_cli.core.files import kind_of, os_problem


def refuse_unless_regular(path: Path) -> None:
    """WriteFailed when `path` exists and is not a regular file (followed through symlinks)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteFailed(f"cannot write {path}: {os_problem(exc)}; nothing written") from None
    if stat.S_ISREG(mode):
        return
    raise WriteFailed(
        f"will not write {path}: it is {kind_of(mode)}, not a regular file; nothing written "
        "(-o replaces a file: name a file)"
    )


def _fsync_folder(folder: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return  # Windows cannot open a folder; its rename is durable enough
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Batch:
    """Several files replaced together: each written to a temporary file beside its target,
    then, once every one is complete and synced, renamed over the targets in the order opened.
    A failure while writing leaves every target as it was."""

    def __init__(self) -> None:
        self._open: list[tuple[Path, Path, IO[str] | IO[bytes], int]] = []

    def open(self, path: Path, *, binary: bool = False) -> IO[str] | IO[bytes]:
        target = Path(os.path.realpath(path))  # a symlink stays; its target is replaced
        refuse_unless_regular(target)
        folder = target.parent
        if not folder.is_dir():
            raise WriteFailed(
                f"cannot write {path}: folder {folder} does not exist; nothing written"
            )
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise WriteFailed(
                f"cannot write {path}: {exc.strerror or exc}; nothing written"
            ) from None
        handle: IO[str] | IO[bytes] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        )
        self._open.append((target, Path(name), handle, mode))
        return handle

    def commit(self) -> None:
        """Sync every file, rename each over its target, sync the folders."""
        for _, temp, handle, mode in self._open:
            handle.flush()
            with contextlib.suppress(OSError, AttributeError):
                os.chmod(temp, mode)
            os.fsync(handle.fileno())
            handle.close()
        for target, temp, _, _ in self._open:
            os.replace(temp, target)
        for folder in dict.fromkeys(target.parent for target, _, _, _ in self._open):
            _fsync_folder(folder)
        self._open = []

    def abort(self) -> None:
        for _, temp, handle, _ in self._open:
            with contextlib.suppress(OSError):
                handle.close()
            temp.unlink(missing_ok=True)
        self._open = []


@contextlib.contextmanager
def batch(what: Path) -> Iterator[Batch]:
    """A Batch committed when the block ends without an error; WriteFailed names `what`."""
    files = Batch()
    try:
        yield files
        files.commit()
    except OSError as exc:
        files.abort()
        raise WriteFailed(
            f"cannot write {what}: {exc.strerror or exc}; nothing written, the old file is unchanged"
        ) from None
    except BaseException:
        files.abort()
        raise


@contextlib.contextmanager
def replaced(path: Path, *, binary: bool = False) -> Iterator[IO[str] | IO[bytes]]:
    """A handle whose content replaces `path` when the block ends without an error.

    The target keeps its permissions (a new file gets the umask's); on any failure the
    temporary file is removed and WriteFailed says nothing was written.
    """
    with batch(path) as files:
        yield files.open(path, binary=binary)
