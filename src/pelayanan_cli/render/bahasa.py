"""Notes of the data written in English (ranks as a researcher summed them up, the bands' basis),
in the Indonesian of the report and the map: the page is wholly in Bahasa Indonesia."""

from __future__ import annotations

# The few English words the data's notes use (ranks as "62 of 93 kota", the notes on the
# bands' basis in data/scales.toml), in the report's language.
_ENGLISH = (
    (
        r"bands as stated by Ombudsman representatives",
        "pita sebagaimana disampaikan perwakilan Ombudsman",
    ),
    (r"\bbands as stated by\b", "pita sebagaimana disampaikan"),
    (r"\bnew method\b", "metode baru"),
    (r"\be\.g\.", "mis."),
    (r"\b(\d+) of\b", r"\1 dari"),
    (r"\bnationally among\b", "secara nasional di antara"),
    (r"\bnationally\b", "secara nasional"),
    (r"\bnational\b", "nasional"),
    (r"\bamong\b", "di antara"),
    (r"\bin (\S+) list\b", r"dalam daftar \1"),
    (r"\bgreen pemda\b", "pemda zona hijau"),
    (r"\bnominees\b", "nominasi"),
    (r"\btop (\d+) (\S+)", r"\1 \2 teratas"),
    (r"\btop-(\d+) nominee\b", r"nominasi \1 besar"),
    (r"\bin this category\b", "dalam kategori ini"),
    (r"\bwith this predikat\b", "dengan predikat ini"),
    (r"\bwith high compliance\b", "dengan kepatuhan tinggi"),
    (r"\bhighest unit score\b", "skor unit tertinggi"),
    (r"\bhighest score\b", "skor tertinggi"),
    (r"\bsame article elsewhere says\b", "bagian lain artikel yang sama menyebut"),
    (r"\b(\d+)(?:st|nd|rd|th)-placed\b", r"peringkat ke-\1"),
    (r"\b(\d+)(?:st|nd|rd|th)\b", r"ke-\1"),
    (r"\bbottom two\b", "dua terbawah"),
    (r"\blisted after\b", "disebut setelah"),
    (r"\bas listed\b", "sesuai urutan daftar"),
    (r"\bas stated\b", "sebagaimana disebut"),
    (r"\bper article\b", "menurut artikel"),
    (r"\bup from\b", "naik dari"),
    (r"\bone of\b", "salah satu dari"),
    (r"\bin (.+?) list\b", r"dalam daftar \1"),
    (r"\bNorth Maluku\b", "Maluku Utara"),
    (r"\bSouth Kalimantan\b", "Kalimantan Selatan"),
    (r"\bsurveyed\b", "yang disurvei"),
    (r"\bonly\b", "satu-satunya"),
    (r"\blowest\b", "terendah"),
    (r"\bhighest\b", "tertinggi"),
    (r"\btop\b", "teratas"),
    (r"\bbelow\b", "di bawah"),
    (r"\bafter\b", "setelah"),
    (r"\(with\b", "(bersama"),
    (r"\bwith\b", "dengan"),
    (r"\band\b", "dan"),
    (r"\bis\b", "di"),
    (r"\bof\b", "dari"),
    (r"\bas in\b", "seperti dalam"),
    (r"\bbands\b", "pita"),
    (r"\bas\b", "sebagai"),
    (r"\bin\b", "di"),
)


def in_indonesian(text: str) -> str:
    """A data note's English words in Indonesian ("1 of 22 kabupaten/kota in NTT" ->
    "1 dari 22 kabupaten/kota di NTT")."""
    import re

    for pattern, replacement in _ENGLISH:
        text = re.sub(pattern, replacement, text)
    return text
