"""Errors the core raises, each mapped by the CLI to one line on stderr and an exit status."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit statuses of every command: documented in the README, tested."""

    OK = 0
    NOT_FOUND_OR_INVALID = 1
    USAGE = 2
    # `pelayanan verify`: the data holds the result and it says otherwise.
    CONTRADICTED = 3


class PelayananError(Exception):
    """An expected failure: one line for the user, with what to do next."""

    status: ExitStatus = ExitStatus.NOT_FOUND_OR_INVALID


class NotFoundError(PelayananError):
    """A region, result or year the user asked for is not there."""


class DataError(PelayananError):
    """A data file is invalid; the message starts with `file:line:`."""


class UsageError(PelayananError):
    """The user's input is malformed (a score outside the scale, a bad option value)."""

    status = ExitStatus.USAGE
