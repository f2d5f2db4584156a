"""Names of instruments and zones for readers, in Bahasa Indonesia (id) or English (en)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pelayanan_cli.core.numbers import format_score

Lang = Literal["id", "en"]

# (instrument, method) -> (publisher, name in Indonesian, name in English)
_TITLES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("ombudsman", "kepatuhan"): ("Ombudsman RI", "Penilaian Kepatuhan", "Compliance Assessment"),
    ("ombudsman", "opini"): ("Ombudsman RI", "Opini Ombudsman", "Ombudsman Opinion"),
    ("ipp", "pekppp"): ("KemenPANRB", "Indeks Pelayanan Publik", "Public Service Index"),
    ("skm", "ikm"): ("", "Survei Kepuasan Masyarakat", "Community Satisfaction Survey"),
}
_ZONES_EN = {"hijau": "green", "kuning": "yellow", "merah": "red", "hitam": "black"}


def instrument_title(instrument: str, method: str | None, lang: Lang = "id") -> str:
    """'Ombudsman RI, Penilaian Kepatuhan'; in English the Indonesian name follows in brackets."""
    entry = _TITLES.get((instrument, method or ""))
    if entry is None:
        return instrument
    publisher, name_id, name_en = entry
    name = name_id if lang == "id" else f"{name_en} ({name_id})"
    return f"{publisher}, {name}" if publisher else name


def zone_words(zone: str, lang: Lang = "id") -> str:
    """'zona hijau', or 'green zone' in English."""
    english = _ZONES_EN.get(zone)
    return f"{english} zone" if lang == "en" and english else f"zona {zone}"


def number(value: Decimal | None, lang: Lang = "id") -> str:
    """A score as the evaluations print it: decimal comma in Indonesian."""
    return format_score(value, decimal_comma=lang == "id")


def signed(value: Decimal, lang: Lang = "id") -> str:
    text = number(value, lang)
    return f"+{text}" if value > 0 else text.replace("-", "−")
