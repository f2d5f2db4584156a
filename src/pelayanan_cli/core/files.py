"""Reading the user's files: regular files only, bounded in size, every failure one clear line.

A FIFO or a device named as a data file would hang a read or never end (`/dev/zero`), a symlink
loop or a folder would raise from deep inside Python; here each becomes an error with a status
from the one table (errors.py): a file that is not there is "not found" (1), anything else that
is not a readable regular file within the limit is a usage error (2).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pelayanan_cli.core.errors import NotFoundError, UsageError

# The largest data or import file read: a national panel of a million results is ~330 MB.
MAX_INPUT_BYTES = 1 << 30
_CHUNK = 1 << 20


def kind_of(mode: int) -> str:
    """What a non-regular file is, in a word a user recognises."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def os_problem(exc: OSError) -> str:
    """An OSError as words: a symlink loop, a folder, permission."""
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if exc.errno == errno.EISDIR:
        return "a folder"
    if exc.errno == errno.ENAMETOOLONG:
        return "a name too long"
    return exc.strerror or str(exc)


def read_input(path: Path | str, *, limit: int | None = None, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Opened without blocking (a FIFO never waits for a writer) and checked on the open file, so
    nothing can be swapped in between the check and the read.
    """
    limit = MAX_INPUT_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such {what}") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        problem = os_problem(exc) if isinstance(exc, OSError) else "an impossible name"
        raise UsageError(f"cannot read {path}: {problem}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(
                f"{path} is {kind_of(info.st_mode)}, not a data file: name a regular file"
            )
        if info.st_size > limit:
            raise UsageError(
                f"{path} is {info.st_size:,} bytes; pelayanan reads files of at most {limit:,} bytes"
            )
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise UsageError(f"{path} grew past {limit:,} bytes while it was read")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {os_problem(exc)}") from None
    finally:
        os.close(fd)


def regular_or_absent(path: Path | str) -> os.stat_result | None:
    """The file's status when it is a regular file, None when nothing is there; UsageError for
    a folder, a device, a FIFO, a loop of links."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        problem = os_problem(exc) if isinstance(exc, OSError) else "an impossible name"
        raise UsageError(f"cannot use {path}: {problem}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{path} is {kind_of(info.st_mode)}, not a data file: name a regular file")
    return info
