"""The backtest plans each rep on the book he held at its planning moment, not on today's
Accounts sheet (core.handover.accounts_on; trial 19: 佐藤's April 2026 transfer scored
FY2024 on the 札幌 book he took over 18 months later).

Calendar fiscal years, one order a month on the 10th and one visit on the 12th, January
2024 – June 2026. A sells a1 ¥100; B sells b1 ¥200; x ¥50 is A's until ``moves``, B's from
then. The Accounts sheet, exported today, gives x to B. FY2025 is backtested, planned on
its eve (2024-12-31): the baseline is 2024, the KGI the realised 2025, both 4,200 (×1.0).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.backtest import backtest
from routekpi.core.handover import accounts_on
from routekpi.core.history import ACCOUNT_COLUMNS, History, PlanSettings

T = pd.Timestamp
SHEET = {"a1": "A", "b1": "B", "x": "B"}


def _history(moves: str) -> History:
    orders, visits = [], []
    for m in pd.date_range("2024-01-01", "2026-06-01", freq="MS"):
        for account, amount in {"a1": 100.0, "b1": 200.0, "x": 50.0}.items():
            rep = SHEET[account] if account != "x" else ("A" if m < T(moves) else "B")
            orders.append((m + pd.Timedelta(days=9), account, rep, amount, 1.0))
            visits.append((m + pd.Timedelta(days=11), rep, account, "visit", None))
    accounts = pd.DataFrame(
        [(a, a, r, T("2020-01-01"), pd.NaT, None, None, "") for a, r in SHEET.items()],
        columns=list(ACCOUNT_COLUMNS),
    )
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=accounts,
    )


def _revenue(history: History) -> dict[str, tuple[float, float]]:
    """rep → (realised, routekpi's target) of revenue in the FY2025 backtest."""
    settings = PlanSettings(kgi=1.0, plan_year=2026, fiscal_start_month=1)
    rows = backtest(history, settings, 2025).rows
    rev = rows[rows["kpi"] == "revenue"]
    return {
        str(r): (float(a), float(t))
        for r, a, t in zip(rev["rep"], rev["realised"], rev["routekpi"], strict=True)
    }


def test_an_account_that_moved_after_the_year_is_planned_and_scored_with_its_holder_then() -> None:
    history = _history(moves="2026-01-01")  # after FY2025
    # The sheet as it stood: x was A's on the eve of FY2025 and at its end, B's now.
    for day, rep in (
        (date(2024, 12, 31), "A"),
        (date(2025, 12, 31), "A"),
        (date(2026, 6, 30), "B"),
    ):
        acc = accounts_on(history, day)
        assert dict(zip(acc["account"], acc["rep"], strict=True))["x"] == rep
    # A: a1 12 × 100 + x 12 × 50 = 1,800 planned (2024) and realised (2025); B: b1 2,400.
    # With today's sheet both would be A 1,200 and B 3,000: a book B did not have then.
    got = _revenue(history)
    assert got["A"] == pytest.approx((1800, 1800))
    assert got["B"] == pytest.approx((2400, 2400))


def test_an_account_handed_over_in_the_years_first_month_is_planned_with_the_new_rep() -> None:
    """x is B's from 2025-01-10, the year's first order, A has no line on it in FY2025: the
    plan on its eve gives x's 2024 to B, as recalc plans such a handover (core.handover)."""
    history = _history(moves="2025-01-01")
    acc = accounts_on(history, date(2024, 12, 31))
    assert dict(zip(acc["account"], acc["rep"], strict=True))["x"] == "A"  # no year given
    acc = accounts_on(history, date(2024, 12, 31), year_start=date(2025, 1, 1))
    assert dict(zip(acc["account"], acc["rep"], strict=True))["x"] == "B"
    got = _revenue(history)
    assert got["A"] == pytest.approx((1200, 1200))
    assert got["B"] == pytest.approx((3000, 3000))
