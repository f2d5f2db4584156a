"""Where the bundled data lives: inside the installed package, or beside a source checkout."""

from __future__ import annotations

import os
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


# --- the user's folders -----------------------------------------------------------------------
# Hand-written rather than platformdirs: it costs ~10 ms to import on every run (measured), a
# third of what pelayanan may add to Typer's start-up, for two folders.

CACHE_ENV = "PELAYANAN_CACHE_DIR"


def _xdg(variable: str, *fallback: str) -> Path | None:
    """$VARIABLE when it is an absolute path (the XDG spec says to ignore a relative one), else
    %LOCALAPPDATA% on Windows, else ~/<fallback>; None when there is no home folder."""
    base = os.environ.get(variable, "")
    if base and os.path.isabs(base):
        return Path(base)
    local = os.environ.get("LOCALAPPDATA", "") if os.name == "nt" else ""
    if local and os.path.isabs(local):
        return Path(local)
    try:
        return Path.home().joinpath(*fallback)
    except RuntimeError:
        return None


def default_data_file() -> Path:
    """The user's own data file: $XDG_DATA_HOME/pelayanan/evaluations.toml, else under
    ~/.local/share (%LOCALAPPDATA% on Windows)."""
    folder = _xdg("XDG_DATA_HOME", ".local", "share")
    return (folder or Path(".")) / "pelayanan" / "evaluations.toml"


def cache_dir() -> Path | None:
    """$PELAYANAN_CACHE_DIR, else $XDG_CACHE_HOME/pelayanan, else ~/.cache/pelayanan
    (%LOCALAPPDATA%\\pelayanan\\cache on Windows); None when there is none."""
    explicit = os.environ.get(CACHE_ENV, "")
    if explicit:
        return Path(explicit)
    folder = _xdg("XDG_CACHE_HOME", ".cache")
    if folder is None:
        return None
    return folder / "pelayanan" / "cache" if folder == _local_app_data() else folder / "pelayanan"


def _local_app_data() -> Path | None:
    local = os.environ.get("LOCALAPPDATA", "") if os.name == "nt" else ""
    return Path(local) if local else None
