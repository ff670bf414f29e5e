"""A newcomer given a colleague's accounts, with no prospecting log, has his wins paced over
the months he worked on the compact history too (files, a database, a large paste), as on
the raw rows (trial 26, from files: 14 wins in his 7 months were paced at 9 a year and
his new-accounts target was 7; paced over his months, 15 and 11).

Hand-built, calendar fiscal year, FY2026 planned on 2025-12-31 (window 2025-01 … 2025-12):

- A and B, there since 2024-01, each hold 10 accounts (¥1,000 ordered and one visit a
  month); no appointment attempts or meetings are logged;
- N joins on 2025-06-01 and is given five of A's accounts (A0 … A4: the Accounts sheet names
  him; their past lines move to him with the handover); from June he wins two accounts a
  month, 14 in his 7 months, each ordering ¥1,000 a month from its first month.

Acquisition per account-year held (flows.py), credibility n ÷ (n + 10). The team: N's 14
wins over the 20 accounts held at the window's start for a year (A's five moved to N with
their past) = 0.7 a year per account. N: 14 wins in his 7 months of the 5 accounts he holds
from the window's start, 14 ÷ (5 × 7/12) = 4.8 a year per account, so
(14/24) × 4.8 + (10/24) × 0.7 = 2.8 + 0.2917 = 3.0917, × 5 accounts = 15.458 wins a year.
Read over the whole window (what the compact history gave before): 14 ÷ 5 = 2.8,
(14/24) × 2.8 + (10/24) × 0.7 = 1.925, × 5 = 9.625.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence, handed_starts
from routekpi.core.compact import compact_history
from routekpi.core.flows import CREDIBILITY_EVENTS
from routekpi.core.handover import Handover
from routekpi.core.history import History, PlanSettings

FIRST = pd.Period("2024-01", "M")
JOINS = pd.Period("2025-06", "M")
LAST = pd.Period("2025-12", "M")
SETTINGS = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 12, 31))

PACE = (14 / 24 * 14 / (5 * 7 / 12) + 10 / 24 * 0.7) * 5  # 15.458
PACE_OVER_YEAR = (14 / 24 * 14 / 5 + 10 / 24 * 0.7) * 5  # 9.625


def _history() -> History:
    orders, visits, accounts = [], [], []

    def serve(acc: str, rep_of: object, since: pd.Period) -> None:
        for month in pd.period_range(since, LAST, freq="M"):
            who = rep_of(month)
            day = month.start_time
            orders.append((day + pd.Timedelta(days=9), acc, who, 1000.0, 1))
            visits.append((day + pd.Timedelta(days=8), who, acc, "visit", None))

    for rep in "AB":
        for i in range(10):
            acc = f"{rep}{i}"
            handed = rep == "A" and i < 5
            accounts.append((acc, acc, "N" if handed else rep, FIRST.start_time, pd.NaT))
            serve(acc, lambda m, r=rep, h=handed: "N" if h and m >= JOINS else r, FIRST)
    for k in range(14):  # two wins a month, June … December
        won = JOINS + k // 2
        acc = f"N{k:02d}"
        accounts.append((acc, acc, "N", won.start_time, pd.NaT))
        serve(acc, lambda m: "N", won)
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def test_the_rows_pace_a_newcomers_wins_on_his_own_months() -> None:
    ev = build_evidence(_history(), SETTINGS)
    assert ev.flows is not None
    assert CREDIBILITY_EVENTS == 10
    assert ev.flows.new_per_year["N"] == pytest.approx(PACE)
    # A kept five accounts and won none: the team's pace, 0.7 a year per account.
    assert ev.flows.new_per_year["A"] == pytest.approx(0.7 * 5)


def test_the_compact_history_paces_them_alike() -> None:
    """Summed and already handed over, the history has no own lines and no prospecting to
    show when N began: his first line on the accounts handed to him (June) does."""
    compact = compact_history(_history(), SETTINGS.as_of)
    assert compact.facts is not None and compact.handover is not None
    assert [(h, r, n) for h, r, n, _ in compact.handover.received] == [("N", "A", 5)]
    ev = build_evidence(compact, SETTINGS)
    assert ev.flows is not None
    assert ev.flows.new_per_year["N"] == pytest.approx(PACE)
    assert ev.flows.new_per_year["N"] != pytest.approx(PACE_OVER_YEAR)
    assert ev.flows.new_per_year["A"] == pytest.approx(0.7 * 5)
    assert ev.flows.new_per_year["B"] == pytest.approx(0.7 * 10)


def _facts(held: dict[tuple[str, str], float]) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples(
        [(rep, pd.Period(m, "M")) for rep, m in held], names=["rep", "month"]
    )
    return pd.DataFrame({"active_accounts": list(held.values())}, index=index)


def test_a_colleague_who_held_his_own_accounts_keeps_his_start() -> None:
    """C took over a leaver's 10 accounts in June but held 14 in May (his own 4 besides
    them): no newcomer. D held only the 10 handed to him: he began in June. A rep the own
    lines date keeps that date; with nothing before the handover's month, no start is read."""
    handed = Handover(
        gone=("X",),
        last_seen={},
        moved=20,
        to=("C", "D"),
        orphans=0,
        received=(
            ("C", "X", 10, date(2025, 6, 3)),
            ("D", "X", 6, date(2025, 6, 5)),
            ("D", "Y", 4, date(2025, 7, 1)),
            ("E", "X", 3, date(2025, 6, 5)),
            ("F", "X", 2, date(2025, 1, 7)),
        ),
    )
    facts = _facts(
        {
            ("C", "2025-05"): 14.0,
            ("D", "2025-05"): 10.0,
            ("E", "2025-05"): 3.0,
            ("F", "2025-01"): 2.0,
        }
    )
    since = {"E": pd.Period("2024-02", "M")}
    out = handed_starts(since, handed, facts)
    assert out == {"D": pd.Period("2025-06", "M"), "E": pd.Period("2024-02", "M")}
    assert handed_starts(since, None, facts) == since
