"""The "same visit" key: what tells one visit row from another, for ``share.collect`` (a
rep's log row already on the master) and ``sources.assemble`` (a collected row the visits
source holds too, counted once at recalc). One rule, so a row collect calls "already there"
is never counted twice at recalc, nor the other way round.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pandas as pd

VisitKey = tuple[date, str, str, str, str, str]


def cell_text(value: object) -> str:
    """A cell as text for comparing rows: blank for None/NaN, 12.0 as 12, NFKC-folded
    (full-width letters, digits and spaces as half-width) and runs of spaces as one."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip()


def visit_key(
    day: object, rep: object, account: object, kind: object, outcome: object, memo: object = None
) -> VisitKey:
    """Day, rep, account, kind, outcome and memo as compared. The rep without spaces: a pasted
    「山田 太郎」 (or 山田　太郎) is the copy's 山田太郎, as recalc reads them."""
    return (
        pd.Timestamp(day).date(),
        cell_text(rep).replace(" ", ""),
        cell_text(account),
        cell_text(kind),
        cell_text(outcome),
        cell_text(memo),
    )
