"""Regions by Kemendagri code, and lookup of what people type ("kab. kupang", "NTT", "53.71")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Literal

from pelayanan_cli.core.paths import bundled_file
from pelayanan_cli.core.records import record

Level = Literal["provinsi", "kabupaten", "kota"]
LEVELS: tuple[Level, ...] = ("provinsi", "kabupaten", "kota")

# Words in front of a name that say which level is meant (after normalising).
_LEVEL_WORDS: dict[str, Level] = {
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "pemkab": "kabupaten",
    "kabupatenadministrasi": "kabupaten",
    "kota": "kota",
    "kot": "kota",
    "pemkot": "kota",
    "kotaadministrasi": "kota",
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    "prov": "provinsi",
    "pemprov": "provinsi",
}
_CODE = re.compile(r"^(\d{2})(?:[.\s]?(\d{2}))?$")
_SEPARATORS = re.compile(r"[\s.\-_'’,()/]+")


@record
class Region:
    code: str
    name: str
    level: Level
    province_code: str

    @property
    def is_province(self) -> bool:
        return self.level == "provinsi"


@record
class FormerName:
    name: str
    code: str
    act: str
    source: str


@record
class Lookup:
    """Every region a query could mean; several is normal ("kupang"), none comes with suggestions."""

    query: str
    candidates: tuple[Region, ...]
    suggestions: tuple[Region, ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.candidates)

    @property
    def unique(self) -> Region | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


def _words(text: str) -> list[str]:
    return [w for w in _SEPARATORS.split(text.casefold()) if w]


def _squash(words: Iterable[str]) -> str:
    return "".join(words)


def _split_level(words: list[str]) -> tuple[Level | None, list[str]]:
    """Take a leading level word ("kab", "kota administrasi") off a name."""
    if not words:
        return None, words
    level = _LEVEL_WORDS.get(words[0])
    if level is None:
        return None, words
    rest = words[1:]
    if rest and rest[0] == "administrasi":
        rest = rest[1:]
    return level, rest


def _base_key(words: list[str]) -> str:
    """A name's key without its level word: "kep" spelled out, no spaces ("Bau Bau" = "Baubau")."""
    return _squash("kepulauan" if w == "kep" else w for w in words)


class Regions:
    """The Kemendagri list with indexes for lookup."""

    def __init__(
        self,
        by_code: dict[str, Region],
        abbreviations: dict[str, str],
        former_names: tuple[FormerName, ...],
        keys: tuple[dict[str, list[str]], dict[str, str]] | None = None,
    ) -> None:
        self.by_code = by_code
        self.abbreviations = abbreviations
        self.former_names = former_names
        by_key, by_full = keys if keys is not None else lookup_keys(by_code, former_names)
        self._by_key = {key: [by_code[c] for c in codes] for key, codes in by_key.items()}
        self._by_full = {key: by_code[code] for key, code in by_full.items()}

    def get(self, code: str) -> Region | None:
        return self.by_code.get(code)

    def province_of(self, region: Region) -> Region:
        return self.by_code[region.province_code]

    def in_province(self, province_code: str) -> list[Region]:
        return [
            r
            for r in self.by_code.values()
            if r.province_code == province_code and not r.is_province
        ]

    def lookup(self, query: str, *, within: str | None = None) -> Lookup:
        """Every region `query` may name, optionally only those in province `within`."""
        candidates = self._match(query)
        if within is not None:
            candidates = [r for r in candidates if r.province_code == within]
        if candidates:
            return Lookup(query, tuple(sorted(set(candidates), key=lambda r: r.code)))
        return Lookup(query, (), self._suggest(query, within))

    def _match(self, query: str) -> list[Region]:
        code = _CODE.match(query.strip())
        if code:
            key = code.group(1) + (f".{code.group(2)}" if code.group(2) else "")
            return [self.by_code[key]] if key in self.by_code else []
        words = _words(query)
        if not words:
            return []
        abbreviation = self.abbreviations.get(_squash(words))
        if abbreviation:
            return [self.by_code[abbreviation]]
        level, rest = _split_level(words)
        if level is not None:
            exact = self._by_full.get(level_key(level, rest))
            if exact is not None:
                return [exact]
            short = self.abbreviations.get(_squash(rest))
            if short is not None and self.by_code[short].level == level:
                return [self.by_code[short]]
            if level == "provinsi":
                return []
            return [r for r in self._by_key.get(_base_key(rest), []) if r.level == level]
        return list(self._by_key.get(_base_key(rest), []))

    def _suggest(self, query: str, within: str | None) -> tuple[Region, ...]:
        import difflib

        _, rest = _split_level(_words(query))
        key = _base_key(rest)
        if not key:
            return ()
        keys = difflib.get_close_matches(key, list(self._by_key), n=3, cutoff=0.75)
        found = [r for k in keys for r in self._by_key[k]]
        if within is not None:
            found = [r for r in found if r.province_code == within]
        return tuple(found)


def level_key(level: str, words: list[str]) -> str:
    return f"{level}:{_base_key(words)}"


def lookup_keys(
    by_code: dict[str, Region], former_names: Sequence[FormerName]
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The lookup keys of every region and former name: codes by base key, code by full key."""
    by_key: dict[str, list[str]] = {}
    by_full: dict[str, str] = {}
    for region in by_code.values():
        _, rest = _split_level(_words(region.name))
        by_key.setdefault(_base_key(rest), []).append(region.code)
        by_full[level_key(region.level, rest)] = region.code
    for former in former_names:
        level, rest = _split_level(_words(former.name))
        target = by_code[former.code]
        by_full[level_key(level or target.level, rest)] = target.code
        by_key.setdefault(_base_key(rest), []).append(target.code)
    return by_key, by_full


@cache
def load_regions() -> Regions:
    """The bundled list (552 rows of Kepmendagri 300.2.2-2138/2025) plus the project's aliases,
    with their lookup keys (remembered between runs: core.tomlmemo)."""
    from pelayanan_cli.core.tomlmemo import remembered

    rows, abbreviations, formers, keys = remembered(
        "regions", [bundled_file("regions.csv"), bundled_file("aliases.toml")], _read_regions
    )
    by_code = {row[0]: Region(*row) for row in rows}  # type: ignore[arg-type]
    former_names = tuple(FormerName(*former) for former in formers)
    return Regions(by_code, abbreviations, former_names, keys)


def _read_regions() -> tuple[
    list[tuple[str, str, str, str]],
    dict[str, str],
    list[tuple[str, str, str, str]],
    tuple[dict[str, list[str]], dict[str, str]],
]:
    import tomllib

    rows = []
    text = bundled_file("regions.csv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        code, name, level, province_code = line.split(",")
        rows.append((code, name, level, province_code))
    with bundled_file("aliases.toml").open("rb") as handle:
        aliases = tomllib.load(handle)
    abbreviations = {_squash(_words(k)): v for k, v in aliases.get("abbreviations", {}).items()}
    formers = [
        (f["name"], f["code"], f["act"], f["source"]) for f in aliases.get("former_name", [])
    ]
    by_code = {row[0]: Region(*row) for row in rows}  # type: ignore[arg-type]
    keys = lookup_keys(by_code, [FormerName(*former) for former in formers])
    return rows, abbreviations, formers, keys
