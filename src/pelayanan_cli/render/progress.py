"""Progress for people: a percentage on stderr while a large index is built, at a terminal only."""

from __future__ import annotations

import sys
from collections.abc import Callable


def terminal_progress(total: int) -> Callable[[int, int], None] | None:
    """Why the first run after a data file changed takes seconds; erased when the index is ready.
    Nothing when stderr is a pipe or a file."""
    stream = sys.stderr
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return None

    def show(done: int, _: int) -> None:
        if done >= total:
            stream.write("\r\x1b[K")
        else:
            percent = 100 * done // max(total, 1)
            stream.write(
                f"\rpelayanan: indexing the data (first run after it changed) {percent:3d}%"
            )
        stream.flush()

    return show
