"""A customer master's status column read as its closure flag (trial 52 M7).

A 販売管理 master says whether it still trades with a customer in a status column (取引区分:
取引中 / 取引停止), not in a flag of its own (休止 = 1). Only its words are read: a cell
naming a closure (取引停止, 休止, 解約 …) marks the account closed, anything else (取引中,
a code such as 1 or 2, which a flag column would read as "on") leaves it as its dates say.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from routekpi.schema import STATUS_FLAG_HEADERS, normalize_label

# The words of a status cell that say the account is closed (folded NFKC, lower case).
CLOSED_WORDS = (
    "停止",
    "休止",
    "解約",
    "中止",
    "廃業",
    "閉店",
    "閉院",
    "終了",
    "inactive",
    "closed",
)
# The flag value core.lapse.flag_set reads as closed.
CLOSED_FLAG = "取引停止"
_STATUS = frozenset(normalize_label(h) for h in STATUS_FLAG_HEADERS)


def is_status_header(header: object) -> bool:
    """Whether the closure flag was found under a status header (取引区分), not a flag's."""
    return normalize_label(str(header).split(" ", 1)[-1]) in _STATUS


def _closed(value: object) -> bool:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return False
    folded = unicodedata.normalize("NFKC", str(value)).strip().lower()
    return any(w in folded for w in CLOSED_WORDS)


def status_flags(values: pd.Series) -> pd.Series:
    """Per row: the closure flag a status cell says (``CLOSED_FLAG``), else blank."""
    return values.map(lambda v: CLOSED_FLAG if _closed(v) else None).astype(object)


def with_status_flag(accounts: pd.DataFrame, header: object) -> pd.DataFrame:
    """``accounts`` with its ``inactive`` column read by words when it is a status column."""
    if "inactive" not in accounts.columns or not is_status_header(header):
        return accounts
    return accounts.assign(inactive=status_flags(accounts["inactive"]))
