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
