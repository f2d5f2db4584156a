"""What several commands do before they answer: load the data, check an instrument name."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pelayanan_cli.core.dataset import Dataset
    from pelayanan_cli.core.regions import Regions
    from pelayanan_cli.core.scales import Scales


def load(data: Sequence[Path] | None) -> tuple[Dataset, Regions, Scales]:
    from pelayanan_cli.core.dataset import load_dataset
    from pelayanan_cli.core.regions import load_regions
    from pelayanan_cli.core.scales import load_scales
    from pelayanan_cli.render.progress import terminal_progress

    return load_dataset(data or (), progress=terminal_progress), load_regions(), load_scales()


def instrument_name(scales: Scales, instrument: str | None) -> str | None:
    """Validate --instrument (exit 2 with the valid names when unknown)."""
    if instrument is None:
        return None
    key = instrument.casefold()
    scales.instrument(key)
    return key
