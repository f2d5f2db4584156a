"""Fixtures shared by the test modules: the reference folder beside the repo and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

# CI clones the repository with shared/ beside it, as on the development machine.
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (reference facts and test data); tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    return SHARED


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A runner whose results keep stdout and stderr apart, with no user data file in play
    (neither $PELAYANAN_DATA nor a file `pelayanan add` wrote under $XDG_DATA_HOME)."""
    monkeypatch.delenv("PELAYANAN_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data-home"))
    return CliRunner()


@pytest.fixture(autouse=True, scope="session")
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read the user's own data nor write into the user's cache: the whole session
    gets its own data home and its own index folder (subprocesses inherit them)."""
    import os

    home = tmp_path_factory.mktemp("user")
    os.environ.pop("PELAYANAN_DATA", None)
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["PELAYANAN_CACHE_DIR"] = str(home / "cache")
