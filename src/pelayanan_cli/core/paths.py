"""Where the bundled data lives: inside the installed package, or beside a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def bundled_dir() -> Path:
    """The folder holding evaluations.toml, regions.csv, aliases.toml and scales.toml.

    A wheel carries it as pelayanan_cli/data; an editable install of a checkout reads the
    repository's data/ folder, so maintainers edit one file.
    """
    installed = _PACKAGE_DIR / "data"
    if (installed / "regions.csv").is_file():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / "data"
    if (checkout / "regions.csv").is_file():
        return checkout
    return installed


def bundled_file(name: str) -> Path:
    return bundled_dir() / name
