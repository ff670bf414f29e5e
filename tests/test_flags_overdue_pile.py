"""Important accounts piling up overdue, per rep (trial 43 M3).

A rep who visited the same six accounts every day for four weeks left ten 重要顧客 three to
four intervals overdue; the flags showed three info rows and the team's warnings fell 14 → 4.
One warn flag per rep names how many important accounts are how many days overdue and the
most at stake, read from the Daily list's own stops (deadline, interval, stake).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from routekpi.core.daily import STOP_COLUMNS
from routekpi.core.flags import (
    PILE_INTERVALS,
    PILE_MIN_ACCOUNTS,
    overdue_pile_flags,
    with_overdue_piles,
)
from routekpi.render import flag_message

FIRST = date(2026, 11, 30)  # the list's first day (a Monday)


def _stop(rep: str, account: str, late: int, stake: float, important: bool = True, **kw: object):
    """A Daily stop on the list's first day whose deadline was ``late`` days before it."""
    row: dict[str, object] = dict.fromkeys(STOP_COLUMNS)
    reasons = ("overdue", "high_value") if important else ("overdue",)
    row.update(
        rep=rep,
        date=FIRST,
        kind="visit",
        account=account,
        name=f"{account}商事",
        reasons=reasons,
        due=FIRST - timedelta(days=late),
        interval=7.0,
        stake=stake,
    )
    row.update(kw)
    return row


def _stops() -> pd.DataFrame:
    """Yamamoto: four important weekly accounts 14, 15, 21 and 13 days past the deadline (the
    last below 2 × 7), one ordinary account 30 days; Ito: two important 20 days (below 3);
    Yamamoto's A2 listed again a week later (read at its first row)."""
    rows = [
        _stop("Yamamoto", "A1", 14, 100_000.0),
        _stop("Yamamoto", "A2", 15, 300_000.0),
        _stop("Yamamoto", "A3", 21, 200_000.0),
        _stop("Yamamoto", "A4", 13, 900_000.0),
        _stop("Yamamoto", "A5", 30, 500_000.0, important=False),
        _stop("Yamamoto", "A2", 22, 400_000.0, date=FIRST + timedelta(days=7)),
        _stop("Ito", "B1", 20, 50_000.0),
        _stop("Ito", "B2", 20, 60_000.0),
    ]
    return pd.DataFrame(rows, columns=list(STOP_COLUMNS))


def test_a_rep_with_three_important_accounts_two_intervals_late_is_flagged() -> None:
    assert PILE_INTERVALS == 2.0 and PILE_MIN_ACCOUNTS == 3  # the numbers below assume them
    [flag] = overdue_pile_flags(_stops(), FIRST)
    assert (flag["severity"], flag["code"], flag["rep"], flag["period"]) == (
        "warn",
        "important_overdue",
        "Yamamoto",
        "2026-11",
    )
    p = flag["params"]
    assert (p["count"], p["low"], p["high"], p["times"]) == (3, 14, 21, 3.0)
    assert p["stake"] == 600_000.0  # A1 + A2 (first row) + A3; not A4 (13 < 14) nor A5
    assert [t["name"] for t in p["top"]] == ["A2商事", "A3商事"]  # most at stake first
    msg, action = flag_message(pd.Series(flag), "ja")
    assert msg == (
        "Yamamotoさんの重要顧客 3 件が訪問間隔を 14〜21日超過しています(前回訪問から通常の間隔の"
        "3倍以上、影響額 計 ¥600,000): A2商事 15日超過、A3商事 21日超過 ほか 1 件"
    )
    assert "A2商事 から訪問の予定" in action
    assert "{" not in "".join(flag_message(pd.Series(flag), "en"))


def test_the_flag_joins_the_list_ranked_and_nothing_without_a_pile() -> None:
    flags = pd.DataFrame(
        [("info", "at_risk_account", "", "Ito", "2026-11", "B1", {})],
        columns=["severity", "code", "kpi", "rep", "period", "account", "params"],
    )
    added = with_overdue_piles(flags, _stops(), FIRST)
    assert added["code"].tolist() == ["important_overdue", "at_risk_account"]  # warn first
    calm = _stops().assign(due=FIRST)  # every deadline today: nothing overdue
    assert with_overdue_piles(flags, calm, FIRST) is flags
    assert overdue_pile_flags(_stops(), None) == []
