"""Return lines marked by a kind column: a positive amount on a 返品 line is a return.

Many sales exports (販売管理's 売上区分 / 伝票区分 / 取引区分 = 返品) keep every amount and
quantity positive and put the sign in a kind column. Read as they are, the returns are added
to revenue instead of taken off it, and each return slip counts as an order (trial 39 H6: a
bakery's 7.5% of returns made the baseline +15.5%, orders per account 15.26 instead of
10.58 — with only an 「使いません」 note on Checks). A line whose kind says return, red slip or
discount (``is_return_kind``) and whose amount is positive has its amount and a positive
quantity negated; an export that already signs its returns is read as it is (a negative
amount stays). One info line on Checks says how many lines and yen. The sheet reader
(validation.tables) and the SQL reader (sources.tabular) map each distinct kind cell with
``is_return_kind``, so the two agree.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from routekpi.contract import Check

RETURNS_PROBLEM: Final = "returns_signed"
# Folded words (NFKC, case-folded, no spaces) of a return line; a cancelled return
# (返品取消) is a sale again, so the cancel words win.
_RETURN_WORDS: Final = ("返品", "赤伝", "赤黒", "値引", "返金", "return", "credit", "refund")
_CANCEL_WORDS: Final = ("取消", "取り消", "キャンセル", "cancel")


def _fold(value: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


def is_return_kind(value: object) -> bool:
    """A kind cell that says the line is a return (返品, 赤伝, 値引, return, credit …)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return False
    word = _fold(value)
    if any(w in word for w in _CANCEL_WORDS):
        return False
    return any(w in word for w in _RETURN_WORDS)


def return_kinds(values: Sequence[object]) -> list[object]:
    """The distinct cells of ``values`` that say return (each read once)."""
    return [v for v in pd.unique(pd.Series(values, dtype=object)) if is_return_kind(v)]


@dataclass(frozen=True)
class Flipped:
    """What the kind column turned: lines, their yen as typed (positive), the first word,
    and the lines per kind cell, the most first (trial 53 L2: 「返品」2,221行・「値引」54行, not
    「値引」などの 2,275行 when 値引 is 2% of them)."""

    lines: int
    yen: float
    word: str
    counts: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(
        cls,
        lines: int,
        yen: float,
        words: Sequence[object],
        counts: Mapping[object, int] | None = None,
    ) -> Flipped:
        """The lines and yen turned, named by the first of the return ``words`` found;
        ``counts``: the lines turned per kind cell."""
        per: dict[str, int] = {}
        for value, n in (counts or {}).items():
            key = str(value).strip()
            per[key] = per.get(key, 0) + int(n)
        ranked = tuple(sorted(per.items(), key=lambda kv: (-kv[1], kv[0])))
        return cls(lines, yen, min((str(w) for w in words), default="").strip(), ranked)


def signed_amounts(
    amount: np.ndarray, quantity: np.ndarray | None, kinds: Sequence[object]
) -> tuple[np.ndarray, np.ndarray | None, Flipped]:
    """``amount`` and ``quantity`` with each return line's positive values negated."""
    words = return_kinds(kinds)
    marked = pd.Series(kinds, dtype=object).isin(words).to_numpy(dtype=bool)
    flip = marked & (amount > 0)
    out = np.where(flip, -amount, amount)
    qty = quantity
    if quantity is not None:
        qty = np.where(flip & (quantity > 0), -quantity, quantity)
    counts = pd.Series(kinds, dtype=object)[flip].value_counts().to_dict() if flip.any() else {}
    return out, qty, Flipped.of(int(flip.sum()), float(amount[flip].sum()), words, counts)


def flipped_check(sheet: str, row: int | None, column: str, header: object, done: Flipped) -> Check:
    """The info line on Checks for the return lines signed (at the kind column's header)."""
    counts = done.counts or ((done.word, done.lines),)
    params = {
        "column": column,
        "word": done.word,
        "kinds": "・".join(f"「{w}」{n:,}行" for w, n in counts),
        "kinds_en": ", ".join(f"'{w}' {n:,}" for w, n in counts),
        "lines": f"{done.lines:,}",
        "yen": f"¥{done.yen:,.0f}",
    }
    return Check(sheet, row, column, header, RETURNS_PROBLEM, params, "info")
