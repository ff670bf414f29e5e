"""Important accounts overdue: the clock does not run on the rep's leave (small44, item 1).

Reproduced on the sample book: Sato on leave 2026-10-05 … 10-30 (his visits then removed)
got 「重要顧客 16 件が訪問間隔を 24〜38日超過」 on 11-02, the 26 days of his leave counted as
neglect; with the leave over the list's first day (cover Ito), Ito got the same 17 accounts
as his own pile. The leave's calendar days between the deadline and the first day are not
counted, and a colleague's accounts on a cover's list (reason ``cover``) are no pile of his.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from routekpi.core.daily import STOP_COLUMNS
from routekpi.core.flags import overdue_pile_flags, with_overdue_piles

FIRST = date(2026, 11, 30)  # the list's first day (a Monday)


def _stop(rep: str, account: str, late: int, cover: bool = False) -> dict[str, object]:
    """An important weekly account on the first day, its deadline ``late`` days before it."""
    row: dict[str, object] = dict.fromkeys(STOP_COLUMNS)
    reasons = ("overdue", "high_value", "cover") if cover else ("overdue", "high_value")
    row.update(
        rep=rep,
        date=FIRST,
        kind="visit",
        account=account,
        name=f"{account}商事",
        reasons=reasons,
        due=FIRST - timedelta(days=late),
        interval=7.0,  # two intervals: 14 days
        stake=100_000.0,
    )
    return row


def _stops() -> pd.DataFrame:
    rows = [_stop("Yamamoto", f"A{i}", late) for i, late in enumerate((20, 25, 30, 16), 1)]
    rows += [_stop("Ito", f"B{i}", 30, cover=True) for i in range(1, 4)]  # Sato's, covered
    return pd.DataFrame(rows, columns=list(STOP_COLUMNS))


# Yamamoto away 11-25 … 11-26 (typed as two touching rows: one absence, 2 days) and in
# October (before every deadline: nothing to take off); Sato's leave is no clock of his.
LEAVE = (
    ("Yamamoto", date(2026, 10, 1), date(2026, 10, 5)),
    ("Yamamoto", date(2026, 11, 25), date(2026, 11, 25)),
    ("Yamamoto", date(2026, 11, 25), date(2026, 11, 26)),
    ("Sato", date(2026, 11, 2), date(2026, 12, 11)),
)


def test_leave_days_are_not_counted_overdue() -> None:
    [flag] = overdue_pile_flags(_stops(), FIRST, LEAVE)
    assert flag["rep"] == "Yamamoto"
    p = flag["params"]
    # 20 − 2, 25 − 2, 30 − 2, 16 − 2 = 18, 23, 28, 14: all ≥ 14, the lowest just so.
    assert (p["count"], p["low"], p["high"]) == (4, 14, 28)
    assert [t["days"] for t in p["top"]] == [28, 23]


def test_a_leave_that_explains_the_gap_leaves_no_flag() -> None:
    # Away 11-14 … 11-23: 10, 15, 20, 7 days late (A4 due 11-14: 9 leave days after it),
    # two accounts at 14 or more: below three.
    leave = (("Yamamoto", date(2026, 11, 14), date(2026, 11, 23)),)
    assert [f["rep"] for f in overdue_pile_flags(_stops(), FIRST, leave)] == []
    # Without the leave the same stops pile up (the flag the sample book showed).
    assert [f["rep"] for f in overdue_pile_flags(_stops(), FIRST)] == ["Yamamoto"]


def test_a_cover_gets_no_pile_of_a_colleagues_accounts() -> None:
    flags = pd.DataFrame(columns=["severity", "code", "kpi", "rep", "period", "account", "params"])
    added = with_overdue_piles(flags, _stops(), FIRST, LEAVE)
    assert added["rep"].tolist() == ["Yamamoto"]  # not Ito: B1 … B3 are 代行 (Sato's)
