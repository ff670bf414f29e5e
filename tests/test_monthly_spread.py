"""Monthly targets a manager believes (new-user trial, session 16): counts follow each plan
month's working days, active accounts run from the starting book to the plan's end, and a
nearly empty last day does not close its month.

Calendar fiscal year, company holidays 12/29–1/3 and 8/13–15, planning FY2027. Hand counts:
May 2027 has 21 weekdays less 5/3, 5/4, 5/5 = 18 working days; June 2027 has 22 weekdays
and no holiday = 22.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from history_helpers import accounts_frame

from routekpi.core.baselines import build_evidence
from routekpi.core.calendar import BusinessCalendar, month_span
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.month_spread import (
    account_path,
    follows_working_days,
    per_day_index,
    shares_by_working_days,
)
from routekpi.validation.period import decide_period, default_as_of_checks
from routekpi.validation.settings import SettingValues

YEARS = (2024, 2025, 2026, 2027)


def _company_holidays() -> frozenset[dt.date]:
    days = set()
    for y in YEARS:
        days |= {dt.date(y, 12, d) for d in (29, 30, 31)} | {dt.date(y, 1, d) for d in (1, 2, 3)}
        days |= {dt.date(y, 8, d) for d in (13, 14, 15)}
    return frozenset(days)


CALENDAR = BusinessCalendar(_company_holidays())


def test_working_days_of_golden_week_and_june_counted_by_hand() -> None:
    months = [pd.Period("2027-05", freq="M"), pd.Period("2027-06", freq="M")]
    assert CALENDAR.month_counts(months).tolist() == [18.0, 22.0]


# --- month_spread by hand --------------------------------------------------------------------


def test_per_day_index_and_shares() -> None:
    """Two months of 10 and 20 working days with 100 and 300 sold: 10 and 15 a day, 400 over
    30 days = 13.33 a day, so the indices are 0.75 and 1.125. A plan of 20 and 20 days:
    weights 15 and 22.5, shares 0.4 and 0.6."""
    index = per_day_index(np.array([100.0, 300.0]), np.array([10.0, 20.0]))
    assert index is not None
    assert index.tolist() == pytest.approx([0.75, 1.125])
    assert shares_by_working_days(index, np.array([20.0, 20.0])).tolist() == pytest.approx(
        [0.4, 0.6]
    )
    # A month without a working day, or a year without a sale, says nothing.
    assert per_day_index(np.array([100.0, 300.0]), np.array([0.0, 20.0])) is None
    assert per_day_index(np.array([0.0, 0.0]), np.array([10.0, 20.0])) is None


def test_which_tells_the_years_better() -> None:
    """Two months, two years. Sales 100 and 100 in 10 and 10 days, then 100 and 100 in 10 and
    20: the same shares whatever the days (monthly routes) — per month wins. Then 100 and
    200 in 10 and 20: the same 10 a day — per working day wins. One year alone cannot tell:
    last year's shares, as before."""
    d1, d2 = np.array([10.0, 10.0]), np.array([10.0, 20.0])
    same = np.array([100.0, 100.0])
    assert not follows_working_days([same, same], [d1, d2])
    assert follows_working_days([same, np.array([100.0, 200.0])], [d1, d2])
    assert not follows_working_days([same], [d2])


def test_account_path_from_the_start_averages_the_target() -> None:
    """Start 343, year average 354: month-end k is 343 + 11k/6.5 (345 after January, 363.3
    after December); a target under half the start (a line below 0) stays flat."""
    path = account_path(np.array([343.0, 10.0, 0.0]), np.array([354.0, 4.0, 13.0]))
    assert path[0, 0] == pytest.approx(343 + 11 / 6.5)
    assert path[0, -1] == pytest.approx(343 + 11 * 12 / 6.5)
    assert path[0].mean() == pytest.approx(354.0, rel=1e-12)
    assert path[1].tolist() == [4.0] * 12  # 10 + (4 − 10) × 12 / 6.5 < 0
    assert path[2, 0] == pytest.approx(2.0) and path[2].mean() == pytest.approx(13.0)


def test_month_span_says_one_month_once() -> None:
    assert month_span("2026-12", "2026-12") == "2026-12"
    assert month_span("2026-04", "2027-03") == "2026-04 – 2027-03"


# --- the engine on a history that sells the same every working day -----------------------------


def _steady_history(first: dt.date, last: dt.date, orders_a_day: int = 2) -> History:
    """One rep, 10 accounts held throughout; every working day 4 visits and ``orders_a_day``
    orders of ¥10,000 (so revenue, orders and visits per working day never change)."""
    days = CALENDAR.working_days(first, last)
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime([d for d in days for _ in range(orders_a_day)]),
            "account": [f"A{i % 10}" for i in range(len(days) * orders_a_day)],
            "rep": "R1",
            "amount": 10_000.0,
            "quantity": 1.0,
        }
    )
    visits = pd.DataFrame(
        {
            "date": pd.to_datetime([d for d in days for _ in range(4)]),
            "rep": "R1",
            "account": [f"A{i % 10}" for i in range(len(days) * 4)],
            "kind": "visit",
            "outcome": None,
        }
    )
    accounts = accounts_frame([f"A{i}" for i in range(10)], "R1", start="2023-01-01", suffix="")
    holidays = pd.DataFrame(
        {"date": pd.to_datetime(sorted(CALENDAR.company_holidays)), "name": "休業"}
    )
    return History(orders=orders, visits=visits, accounts=accounts, holidays=holidays)


def test_counts_follow_the_plan_months_working_days() -> None:
    """The same sales every working day of 2024–2026: each FY2027 month's visits, orders and
    revenue are the year's × its working days ÷ the year's (May 18, June 22), within the
    rounding of whole visits; the year's totals are the FY targets."""
    history = _steady_history(dt.date(2024, 1, 1), dt.date(2026, 12, 28))
    settings = PlanSettings(
        kgi=1.0, plan_year=2027, fiscal_start_month=1, as_of=dt.date(2026, 12, 31)
    )
    ev = build_evidence(history, settings)
    days = ev.working_days
    assert days[4] == 18 and days[5] == 22
    assert ev.seasonality == pytest.approx(days / days.sum(), rel=1e-12)
    plan, _ = plan_for(ev, float(ev.base.at["ALL", "revenue"]) * 1.05)
    for key in ("visits", "orders", "revenue"):
        months = plan.monthly[key].loc["R1"].to_numpy(dtype=float)
        year = months.sum()
        assert year == pytest.approx(round(plan.fy.at["R1", key]), abs=1)
        # Whole visits and orders (whole yen): at most one unit from the exact share.
        assert np.abs(months - year * days / days.sum()).max() <= 1.0
    visits = plan.monthly["visits"].loc["R1"]
    may, june = visits.iloc[4] / 18, visits.iloc[5] / 22
    assert may == pytest.approx(june, abs=1 / 18 + 1 / 22)  # per working day, May ≈ June


def test_active_accounts_run_from_the_start_to_the_plans_end() -> None:
    """Monthly active accounts are the straight path from the starting book whose average is
    the FY target (a year average), not the FY target repeated; team = sum of the reps."""
    history = _steady_history(dt.date(2024, 1, 1), dt.date(2026, 12, 28))
    settings = PlanSettings(
        kgi=1.0, plan_year=2027, fiscal_start_month=1, as_of=dt.date(2026, 12, 31)
    )
    ev = build_evidence(history, settings)
    plan, _ = plan_for(ev, float(ev.base.at["ALL", "revenue"]) * 1.3)
    start = float(ev.start_accounts["R1"])
    target = float(plan.fy.at["R1", "active_accounts"])
    months = plan.monthly["active_accounts"].loc["R1"].to_numpy(dtype=float)
    k = np.arange(1, 13)
    assert months == pytest.approx(start + (target - start) * k / 6.5, rel=1e-12)
    assert months.mean() == pytest.approx(target, rel=1e-12)
    team = plan.monthly["active_accounts"].loc["ALL"].to_numpy(dtype=float)
    assert team == pytest.approx(months, rel=1e-12)


# --- a nearly empty last day ------------------------------------------------------------------


def _blank() -> SettingValues:
    return SettingValues({"FiscalStartMonth": 1, "PlanYear": None, "AsOf": None}, [])


def _with_stray_orders(history: History, day: dt.date, n: int) -> History:
    stray = history.orders.iloc[:n].assign(date=pd.Timestamp(day))
    orders = pd.concat([history.orders, stray], ignore_index=True)
    return History(
        orders=orders, visits=history.visits, accounts=history.accounts, holidays=history.holidays
    )


def test_two_stray_orders_on_the_last_day_do_not_close_the_month() -> None:
    """History to Fri 2026-11-27 with 24 orders and visits every working day, plus 2 orders
    dated Mon 11-30, November's last working day: 2 is under a tenth of 24, so the as-of date
    is 11-29, November is not complete, and a warning names the day and the counts."""
    busy = _steady_history(dt.date(2026, 8, 1), dt.date(2026, 11, 27), orders_a_day=20)
    period = decide_period(_blank(), _with_stray_orders(busy, dt.date(2026, 11, 30), 2))
    assert period.thin_day == dt.date(2026, 11, 30)
    assert (period.thin_events, period.usual_events) == (2, 24.0)
    assert period.covered_as_of == dt.date(2026, 11, 29)
    assert not CALENDAR.elapsed_fraction(pd.Period("2026-11", freq="M"), period.covered_as_of) >= 1
    (check,) = default_as_of_checks(period, busy, {"AsOf": (5, "B")})
    assert (check.problem, check.severity, check.row) == ("as_of_thin_last_day", "warn", 5)
    assert check.params["last"] == "2026-11-30" and check.params["as_of"] == "2026-11-29"
    assert check.params["month"] == "2026-11"

    # Not thin: the 2 are a third of a usual day of 6.
    quiet = _steady_history(dt.date(2026, 8, 1), dt.date(2026, 11, 27), orders_a_day=2)
    period = decide_period(_blank(), _with_stray_orders(quiet, dt.date(2026, 11, 30), 2))
    assert period.thin_day is None and period.covered_as_of is None

    # A thin day that does not close its month (Wed 11-25) is today's orders: left as it is.
    mid = _steady_history(dt.date(2026, 8, 1), dt.date(2026, 11, 24), orders_a_day=20)
    period = decide_period(_blank(), _with_stray_orders(mid, dt.date(2026, 11, 25), 2))
    assert period.thin_day is None

    # A typed AsOf wins.
    typed = SettingValues(
        {"FiscalStartMonth": 1, "PlanYear": None, "AsOf": dt.date(2026, 11, 30)}, []
    )
    period = decide_period(typed, _with_stray_orders(busy, dt.date(2026, 11, 30), 2))
    assert period.thin_day is None and period.covered_as_of == dt.date(2026, 11, 30)
    assert default_as_of_checks(period, busy, {}) == []
