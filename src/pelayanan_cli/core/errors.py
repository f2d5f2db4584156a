"""Errors the core raises, and the one exit-status table every command answers by.

The table is data: `pelayanan help exit-codes`, the README and the tests read it from here, so a
status means the same in every command.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit statuses of every command (meanings in EXIT_MEANINGS)."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    CONTRADICTED = 3
    DISPUTED = 4
    INVALID_DATA = 5
    WRITE_FAILED = 6
    INTERNAL = 70
    INTERRUPTED = 130


EXIT_MEANINGS: dict[ExitStatus, str] = {
    ExitStatus.OK: "answered (verify: the claim is supported by every source)",
    ExitStatus.NOT_FOUND: (
        "the data holds nothing for that: no result, an unknown region, a year without bands, "
        "a named file that does not exist (verify: not in the data)"
    ),
    ExitStatus.USAGE: (
        "usage error: a bad option or value, an impossible year, a score outside the scale, "
        "a claim that cannot be read, an entry to add or import that would not pass check, "
        "a file to read that is not a regular file or is over 1 GiB, an argument that is not "
        "UTF-8, an invalid $PELAYANAN_LOCK_TIMEOUT"
    ),
    ExitStatus.CONTRADICTED: "verify: the data holds the result and it says otherwise",
    ExitStatus.DISPUTED: "verify: sources disagree; some support the claim and some do not",
    ExitStatus.INVALID_DATA: "a data file has errors (check lists them with file:line)",
    ExitStatus.WRITE_FAILED: (
        "nothing was written: the target is not a regular file, the disk is full, a write "
        "failed midway, or another writer held the lock past $PELAYANAN_LOCK_TIMEOUT (600 s); "
        "the old file is unchanged. Also: stdout could not be written"
    ),
    ExitStatus.INTERNAL: "internal error: a bug in pelayanan (run with --debug and report it)",
    ExitStatus.INTERRUPTED: "interrupted (Ctrl-C)",
}


class PelayananError(Exception):
    """An expected failure: one line for the user, with what to do next."""

    status: ExitStatus = ExitStatus.NOT_FOUND


class NotFoundError(PelayananError):
    """A region, result, year or file the user asked for is not there."""


class DataError(PelayananError):
    """A data file is invalid; the message starts with `file:line:`."""

    status = ExitStatus.INVALID_DATA


class UsageError(PelayananError):
    """The user's input is malformed (a score outside the scale, a bad option value)."""

    status = ExitStatus.USAGE


class WriteFailed(PelayananError):
    """A write was refused or failed; the target is as it was before."""

    status = ExitStatus.WRITE_FAILED
