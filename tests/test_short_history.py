"""A baseline of other than 12 months (a short history, or BaselineMonths ≠ 12) is scaled to a
year, so the rep revenue targets still sum to the KGI and the stated months are those used.

Hand-built: every account orders once a month on the 10th; rep A holds 10 accounts at ¥1,000
an order, rep B 5 at ¥2,000, so the team sells ¥20,000 a month. No visits: the tree is active
accounts × orders per account × unit price × 12.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.landing import landing
from routekpi.core.measure import TEAM
from routekpi.messages import text

BOOKS = {"A": (10, 1000.0), "B": (5, 2000.0)}


def _history(first: str, months: int) -> History:
    start = pd.Period(first, "M")
    orders, accounts = [], []
    for rep, (n, price) in BOOKS.items():
        for i in range(n):
            acc = f"{rep}{i:02d}"
            # Customers since before the history (the ERP export starts later than them).
            since = min(start, pd.Period("2024-01", "M")).start_time
            accounts.append((acc, acc, rep, since, pd.NaT))
            for m in range(months):
                day = (start + m).start_time + pd.Timedelta(days=9)
                orders.append((day, acc, rep, price, 1))
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _fy(targets: pd.DataFrame, kpi: str, year: int) -> pd.Series:
    rows = targets[(targets["period"] == f"FY{year}") & (targets["kpi"] == kpi)]
    return rows.set_index("rep")["target"]


def test_ten_months_of_history_are_scaled_to_a_year_and_targets_sum_to_the_kgi() -> None:
    """History 2025-01 … 2025-10 (10 complete months, planned on 2025-11-27 for the calendar
    year 2026): the window 2024-11 … 2025-10 has 10 months in the history.

    Team: ¥20,000 × 10 = ¥200,000, scaled to a year ¥240,000; A ¥120,000, B ¥120,000. A KGI
    of ¥264,000 is +10%. Before, the baseline was the ¥200,000 sum (+32% read) while the
    levers (per month × 12) made a year: the targets summed to ¥264,000 × 12/10 = ¥316,800.
    """
    h = _history("2025-01", 11)
    h = History(h.orders[h.orders["date"] <= "2025-11-27"], accounts=h.accounts)
    settings = PlanSettings(
        kgi=264_000, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 11, 27)
    )
    ev = build_evidence(h, settings)
    plan, targets = plan_for(ev, 264_000)
    assert [str(m) for m in ev.baseline_months] == [f"2025-{m:02d}" for m in range(1, 11)]
    assert plan.baseline_revenue == pytest.approx(240_000)
    assert ev.base.at["A", "revenue"] == pytest.approx(120_000)
    assert ev.base.at["B", "orders"] == pytest.approx(5 * 12)  # 50 orders in 10 months
    revenue = _fy(targets, "revenue", 2026)
    assert revenue[TEAM] == 264_000
    assert revenue["A"] + revenue["B"] == 264_000
    monthly = targets[
        (targets["kpi"] == "revenue") & (targets["rep"] == TEAM) & (targets["period"] != "FY2026")
    ]
    assert len(monthly) == 12 and monthly["target"].sum() == 264_000
    codes = {n.code: n.params for n in ev.notes}
    assert codes["short_baseline"] == {"months": 10, "wanted": 12}
    assert codes["baseline_part_year"] == {"months": 10}
    trailing = codes["baseline_trailing"]
    assert (trailing["first"], trailing["last"], trailing["months"]) == ("2025-01", "2025-10", 10)
    said = text("baseline_trailing", "ja", **trailing)
    assert "直近10か月の確定月(2025-01〜2025-10)" in said
    assert "12か月分に換算" in text("baseline_part_year", "ja", months=10)


@pytest.mark.parametrize("months", [6, 24])
def test_a_baseline_setting_other_than_twelve_months_still_sums_to_the_kgi(months: int) -> None:
    """Three steady years, BaselineMonths 6 or 24: the window's ¥20,000 a month is ¥240,000 a
    year either way (before: ¥120,000 and ¥480,000, and the targets summed to 2× and ½× the
    KGI). A flat history has no room to grow: the KGI is 5% below it."""
    h = _history("2023-01", 36)
    settings = PlanSettings(
        kgi=228_000,
        plan_year=2026,
        fiscal_start_month=1,
        as_of=date(2025, 12, 31),
        baseline_months=months,
    )
    ev = build_evidence(h, settings)
    plan, targets = plan_for(ev, 228_000)
    assert len(ev.baseline_months) == months
    assert plan.baseline_revenue == pytest.approx(240_000)
    assert plan.uplift == pytest.approx(0.95)
    revenue = _fy(targets, "revenue", 2026)
    assert revenue[TEAM] == 228_000 and revenue["A"] + revenue["B"] == 228_000


def test_the_running_years_landing_reads_ten_months_as_ten() -> None:
    """The same 10-month history: FY2025 has ¥200,000 in Jan–Oct; November and December are
    expected at the window's pace, ¥200,000 ÷ (10/12) ÷ 12 = ¥20,000 a month (flat seasons,
    no trend), so the landing is ¥240,000 — not the 10-month sum spread as a year (¥16,667 a
    month)."""
    h = _history("2025-01", 11)
    h = History(h.orders[h.orders["date"] <= "2025-11-27"], accounts=h.accounts)
    settings = PlanSettings(
        kgi=264_000, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 11, 27)
    )
    ev = build_evidence(h, settings)
    land = landing(ev)
    assert land is not None
    assert land.table.at[TEAM, "actual"] == pytest.approx(200_000)
    assert land.table.at[TEAM, "expected"] == pytest.approx(40_000, abs=1)
    assert land.table.at["B", "landing"] == pytest.approx(120_000, abs=1)
