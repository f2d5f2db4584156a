"""One name per unit (OPD, puskesmas): the aliases sources print, from data/units.toml."""

from __future__ import annotations

from functools import cache

from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.records import record


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


@record
class UnitName:
    name: str
    aliases: tuple[str, ...]
    regions: tuple[str, ...]  # empty: every region
    note: str


@record
class UnitNames:
    entries: tuple[UnitName, ...]

    def canonical(self, name: str, region: str) -> str:
        """The name the data uses for a unit a source printed as `name` in `region`."""
        wanted = _key(name)
        for entry in self.entries:
            if entry.regions and region not in entry.regions:
                continue
            if wanted == _key(entry.name) or wanted in {_key(a) for a in entry.aliases}:
                return entry.name
        return name

    def names_of(self, name: str, region: str) -> set[str]:
        """Every name (compared without case) that stands for the unit `name` in `region`."""
        canonical = self.canonical(name, region)
        found = {_key(name), _key(canonical)}
        for entry in self.entries:
            if entry.name == canonical and (not entry.regions or region in entry.regions):
                found |= {_key(a) for a in entry.aliases}
        return found


def parse_units(data: dict[str, object]) -> UnitNames:
    entries = []
    for raw in data.get("unit", []):  # type: ignore[attr-defined]
        entries.append(
            UnitName(
                str(raw["name"]),
                tuple(str(a) for a in raw.get("aliases", [])),
                tuple(str(r) for r in raw.get("regions", [])),
                str(raw.get("note", "")),
            )
        )
    return UnitNames(tuple(entries))


@cache
def load_units() -> UnitNames:
    from pelayanan_cli.core.tomlmemo import load_table

    return parse_units(load_table(bundled_file("units.toml")))
