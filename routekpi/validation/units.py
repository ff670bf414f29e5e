"""Amounts kept in a larger unit than the yen (trial 48 L1: an accounting export's 金額(千円)).

A header that says its unit (売上(千円), 金額[百万円], 金額 千円単位, Sales (JPY thousands),
Amount (k¥)) is read as the amount in that unit and multiplied back into yen; a file whose
header says nothing may have its unit typed on its Sources row (単位). Kept free of heavy
imports: ``validation.headers`` runs on the workbook reader's fast path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from routekpi.contract import lazy_pattern

# The scaled units, by the word that names them (folded: NFKC, lower case, no spaces).
_FACTORS: dict[str, int] = {
    "千": 1_000,
    "千円": 1_000,
    "万": 10_000,
    "万円": 10_000,
    "百万": 1_000_000,
    "百万円": 1_000_000,
    "億": 100_000_000,
    "億円": 100_000_000,
    "thousand": 1_000,
    "thousands": 1_000,
    "k": 1_000,
    "000": 1_000,
    "'000": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
}
# The unit's name on Checks, by factor.
UNIT_NAMES: dict[int, tuple[str, str]] = {
    1_000: ("千円", "thousands of yen"),
    10_000: ("万円", "ten-thousands of yen"),
    1_000_000: ("百万円", "millions of yen"),
    100_000_000: ("億円", "hundred-millions of yen"),
}
_OPEN = r"[(\[【]"
_CLOSE = r"[)\]】]"
_YEN = r"(?:jpy|yen|¥|円)"
_JA_UNIT = r"(百万|千|万|億)"
_EN_UNIT = r"(thousands?|millions?|k|mn|m|'?000)"
# The unit at the end of a header: in brackets (金額(千円), 金額[千円単位], 金額(単位:千円),
# 金額(千), Sales (JPY thousands), Amount (k¥), Amount (¥000)) or bare when it cannot be
# anything else (金額千円, 金額 単位:千円, 金額 千円単位, Sales in thousands).
_UNIT_AT_END = lazy_pattern(
    rf"\s*(?:"
    rf"{_OPEN}\s*(?:単位\s*:?\s*)?{_JA_UNIT}\s*円?\s*(?:単位)?\s*{_CLOSE}"
    rf"|(?:単位\s*:?\s*)?{_JA_UNIT}円(?:\s*単位)?"
    rf"|{_OPEN}\s*(?:in\s+)?{_YEN}?\s*{_EN_UNIT}\s*(?:of\s+)?{_YEN}?\s*{_CLOSE}"
    rf"|(?:in\s+)?{_YEN}?\s*(thousands|millions)\s*(?:of\s+)?{_YEN}?"
    rf")\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AmountUnit:
    """A unit amounts are kept in: as it was written (the header's 千円, a Sources cell's
    "thousand"), and how many yen one of it is."""

    text: str
    factor: int

    @property
    def name(self) -> str:
        """The unit's Japanese name (千円)."""
        return UNIT_NAMES.get(self.factor, (self.text, ""))[0] if self.factor != 1 else "円"

    @property
    def name_en(self) -> str:
        """The unit's English name (thousands of yen)."""
        return UNIT_NAMES.get(self.factor, ("", self.text))[1] if self.factor != 1 else "yen"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("￥", "¥")


def header_unit(header: object) -> tuple[str, AmountUnit] | None:
    """(the header without its unit, the unit) for a header that names a scaled unit at its
    end ("金額(千円)" → ("金額", 千円 ×1,000)); None for a plain or yen header."""
    if not isinstance(header, str):
        return None
    text = _fold(header)
    m = _UNIT_AT_END.search(text)
    if m is None:
        return None
    word = next(g for g in m.groups() if g)
    factor = _FACTORS.get(word.lower())
    rest = text[: m.start()].strip()
    if factor is None or not rest:
        return None
    return rest, AmountUnit(m.group(0).strip(), factor)


# A header that says its amounts are in yen: 金額(円), 売上金額(税抜・円), Amount (JPY).
_YEN_AT_END = lazy_pattern(
    rf"{_OPEN}[^()\[\]【】]*?(?<![千万億])(?:{_YEN}){_CLOSE}\s*$", re.IGNORECASE
)


def header_says_yen(header: object) -> bool:
    """A header naming yen as its unit at its end (金額(円), Amount (JPY)): review48, a
    Sources row's 千円 must not scale a column whose header says 円 (the header wins)."""
    if not isinstance(header, str) or header_unit(header) is not None:
        return False
    return _YEN_AT_END.search(_fold(header)) is not None


# The amounts' unit as a Sources row types it, and that row (sources.sheet).
SourceUnit = tuple[AmountUnit, int]

# What a Sources row's unit cell may say: the unit's name (千円, 千円単位, 千, 万円, 百万円, 円,
# thousands, JPY thousands, k¥), or the yen one unit stands for, as a user types it (1000,
# 1,000, ×1000, 1000円, 1,000円, ¥1,000, 単位:1000円; fix49b: 「1000円」 stopped the run).
_YEN_WORDS = frozenset({"円", "yen", "jpy", "¥", "1", "×1", "x1"})
_UNIT_WORD = re.compile(r"^単位:?|単位$")
_NUMBER = re.compile(r"\d+(?:\.0*)?")


def typed_unit(cell: object) -> AmountUnit | None:
    """The unit a Sources row's 単位 cell names; ``AmountUnit("円", 1)`` for plain yen. None
    when the cell names no unit routekpi knows (the caller says so)."""
    shown = str(cell).strip()
    if isinstance(cell, float) and cell.is_integer():
        shown = str(int(cell))  # a number cell: 1000.0 is 1000
    text = _fold(shown).strip().lower()
    text = re.sub(r"\s+", "", text)
    for _ in range(2):  # (単位:千円), 単位(千円), 【1000円単位】
        text = _UNIT_WORD.sub("", text).strip("()[]【】")
    if text in _YEN_WORDS:
        return AmountUnit(shown, 1)
    number = text
    for prefix in ("×", "x", "*", "¥", "jpy", "yen"):
        number = number.removeprefix(prefix)
    for suffix in ("円", "yen", "jpy", "¥"):
        number = number.removesuffix(suffix)
    number = number.replace(",", "")
    if _NUMBER.fullmatch(number):
        factor = int(float(number))
        if factor == 1:
            return AmountUnit(shown, 1)
        return AmountUnit(shown, factor) if factor in UNIT_NAMES else None
    for prefix in ("jpy", "yen", "¥", "in"):
        text = text.removeprefix(prefix)
    for suffix in ("ofyen", "yen", "jpy", "¥", "円"):
        text = text.removesuffix(suffix)
    factor = _FACTORS.get(text) or _FACTORS.get(text + "円")
    return None if factor is None else AmountUnit(shown, factor)


def scaled(values: object, factor: int) -> object:
    """Amounts in a unit ×``factor`` as yen, to a millionth (12.3 千円 is 12,300 yen, not
    12,300.000000000002)."""
    import numpy as np

    return np.round(np.asarray(values, dtype=np.float64) * factor, 6)
