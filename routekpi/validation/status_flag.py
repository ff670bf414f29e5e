"""A customer master's status column read as its closure flag (trial 52 M7).

A 販売管理 master says whether it still trades with a customer in a status column (取引区分:
取引中 / 取引停止), not in a flag of its own (休止 = 1). Only its words are read: a cell
naming a closure (取引停止, 休止, 解約 …) marks the account closed, anything else (取引中,
a code such as 1 or 2, which a flag column would read as "on") leaves it as its dates say.

休眠 ("dormant", trial 53 M2) says neither: a manager marks a closed shop 休眠 as often as
one resting. The sales decide (``dormant_of``): a 休眠 account with no sale in the last
``DORMANT_DAYS`` days is closed (as 取引停止: ended after its last sale), one still buying
stays open and is named on Checks as a status to correct.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

import pandas as pd

from routekpi.contract import Check
from routekpi.schema import ACCOUNTS, STATUS_FLAG_HEADERS, normalize_label

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
# The word of a status cell that may say closed or resting (休眠): read by the sales.
DORMANT_WORDS = ("休眠", "dormant")
# A 休眠 account with no sale in this many days to the as-of date is closed: a quarter,
# longer than any weekly or monthly customer's gap, short enough that a shop closed
# three months ago leaves the visit lists (trial 53: 駅前店, closed 2026-08-31).
DORMANT_DAYS = 90
# The 休眠 accounts still buying named on Checks.
DORMANT_EXAMPLES = 3
# The flag value core.lapse.flag_set reads as closed.
CLOSED_FLAG = "取引停止"
_STATUS = frozenset(normalize_label(h) for h in STATUS_FLAG_HEADERS)


def is_status_header(header: object) -> bool:
    """Whether the closure flag was found under a status header (取引区分), not a flag's."""
    return normalize_label(str(header).split(" ", 1)[-1]) in _STATUS


def _folded(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


def _closed(value: object) -> bool:
    folded = _folded(value)
    return bool(folded) and any(w in folded for w in CLOSED_WORDS)


def _dormant(value: object) -> bool:
    folded = _folded(value)
    return any(w in folded for w in DORMANT_WORDS) and not _closed(value)


@dataclass(frozen=True)
class Dormant:
    """The 休眠 accounts of a status column: those read as closed (no sale in
    ``DORMANT_DAYS``) and those still buying (left open), as codes."""

    closed: frozenset[str]
    buying: tuple[str, ...]
    names: dict[str, str]  # code → the master's name, for the Checks examples


def dormant_of(
    accounts: pd.DataFrame, header: object, last: pd.Series, as_of: date
) -> Dormant | None:
    """The 休眠 accounts of a status column (``header``) told apart by their sales: ``last``
    per account code (as text) its last sale; none, or before ``as_of`` − ``DORMANT_DAYS``,
    is closed. None when the column is no status column or says no 休眠."""
    if "inactive" not in accounts.columns or not is_status_header(header):
        return None
    hit = accounts["inactive"].map(_dormant).to_numpy(dtype=bool)
    if not hit.any():
        return None
    codes = accounts["account"].astype(str).to_numpy()[hit]
    since = pd.Timestamp(as_of) - pd.Timedelta(days=DORMANT_DAYS)
    sold = pd.to_datetime(last.reindex(codes)).to_numpy()
    buying = pd.notna(sold) & (sold > since.to_datetime64())
    names = {}
    if "name" in accounts.columns:
        named = accounts.loc[hit, "name"].tolist()
        names = {c: str(n) for c, n in zip(codes, named, strict=True) if isinstance(n, str)}
    return Dormant(
        frozenset(str(c) for c in codes[~buying]), tuple(str(c) for c in codes[buying]), names
    )


def dormant_checks(found: Dormant | None, column: str, sheet: str = ACCOUNTS.name) -> list[Check]:
    """The Checks lines of ``dormant_of``: the 休眠 accounts read as closed (info), those
    still buying left open (warn: a status to correct, a few named)."""
    if found is None:
        return []
    out: list[Check] = []
    base: dict[str, object] = {"column": column, "days": DORMANT_DAYS}
    if found.closed:
        params = {**base, "count": len(found.closed)}
        out.append(Check(sheet, None, column, None, "accounts_dormant_closed", params, "info"))
    if found.buying:
        shown = [f"{c} {found.names.get(c, '')}".strip() for c in found.buying[:DORMANT_EXAMPLES]]
        more = len(found.buying) - DORMANT_EXAMPLES
        params = {
            **base,
            "count": len(found.buying),
            "examples": "、".join(shown) + (f" ほか{more}件" if more > 0 else ""),
            "examples_en": ", ".join(shown) + (f" and {more} more" if more > 0 else ""),
        }
        out.append(Check(sheet, None, column, None, "accounts_dormant_buying", params, "warn"))
    return out


def status_flags(values: pd.Series, closed: pd.Series | None = None) -> pd.Series:
    """Per row: the closure flag a status cell says (``CLOSED_FLAG``), else blank;
    ``closed``: per row, a 休眠 cell the sales read as closed (``dormant_of``)."""
    out = values.map(lambda v: CLOSED_FLAG if _closed(v) else None).astype(object)
    if closed is not None:
        out = out.mask(closed.to_numpy(dtype=bool), CLOSED_FLAG)
    return out


def with_status_flag(
    accounts: pd.DataFrame, header: object, dormant: Dormant | None = None
) -> pd.DataFrame:
    """``accounts`` with its ``inactive`` column read by words when it is a status column;
    the 休眠 accounts ``dormant`` reads as closed flagged closed too."""
    if "inactive" not in accounts.columns or not is_status_header(header):
        return accounts
    closed = None
    if dormant is not None and dormant.closed:
        closed = accounts["account"].astype(str).isin(list(dormant.closed))
        closed = closed & accounts["inactive"].map(_dormant)
    return accounts.assign(inactive=status_flags(accounts["inactive"], closed))
