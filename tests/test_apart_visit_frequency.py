"""Orders apart from the visits: visit frequency at its own trend, the growth on orders per
visit (core.visit_days.hold_visit_frequency, trial 45 M1).

The book: one rep, 20 accounts, April 2023 – March 2026, a plan for FY2026 (April – March).
Account i is visited on every 5th weekday (from weekday i mod 5): a visit frequency that never
changes, so its trend is 0. Orders come on their own: every weekday, plus a second order on a
seeded share of the days that grows year to year, at a seeded price; so orders per account,
orders per visit and unit price move year to year and have a measured spread. Only the KGI
differs between the two plans compared.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import LeverEvidence
from routekpi.core.measure import TEAM
from routekpi.core.targets import spread_fill
from routekpi.core.visit_days import hold_visit_frequency, visit_link

ACCOUNTS = 20
DAYS = pd.bdate_range("2023-04-01", "2026-03-31")


def _history(tied: bool) -> History:
    """Apart: orders on every weekday (and a second one on some); tied: on the visit days."""
    rng = np.random.default_rng(45)
    orders, visits, accounts = [], [], []
    for i in range(ACCOUNTS):
        acc = f"C{i:02d}"
        accounts.append((acc, acc, "R", pd.Timestamp("2023-04-01"), pd.NaT))
        seen = {d for j, d in enumerate(DAYS) if j % 5 == i % 5}
        visits += [(d, "R", acc, "visit", None) for d in sorted(seen)]
        for j, d in enumerate(DAYS):
            if tied and d not in seen:
                continue
            extra = 0.05 + 0.1 * j / len(DAYS) + 0.05 * math.sin(j / 40)
            for _ in range(1 + int(rng.random() < extra)):
                price = 1000.0 * (1 + 0.03 * math.sin(j / 60)) * rng.uniform(0.9, 1.1)
                orders.append((d, acc, "R", price, 1.0))
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _team_year(history: History, growth: float) -> tuple[pd.Series, pd.Series, float, float]:
    """(the team's FY targets, its baseline, the KGI, visit frequency's trend: log, working
    days included) for a KGI of the baseline × ``growth``."""
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=pd.Timestamp("2026-03-31").date())
    base = run(history, settings).evidence.base.loc[TEAM]
    kgi = float(base["revenue"]) * growth
    result = run(history, PlanSettings(kgi=kgi, plan_year=2026, as_of=settings.as_of))
    assert visit_link(n.code for n in result.evidence.notes) == "apart"
    trend = float(result.evidence.trend.at[TEAM, "visits_per_account"])
    return result.plan.fy.loc[TEAM], base, kgi, trend


def test_holding_visit_frequency_keeps_its_trend_and_drops_its_spread() -> None:
    """``hold_visit_frequency``: visit frequency's trend as it was (every rep's and the
    team's), its measured spread, team spread and ceiling 0; a spread not measured (NaN)
    stays NaN; the other levers as they were; the input unchanged."""
    levers = ["visits_per_account", "orders_per_visit", "unit_price"]
    trend = pd.DataFrame([[0.01, 0.02, 0.03], [0.04, 0.05, 0.06]], index=["R", "ALL"])
    trend.columns = levers
    spread = pd.Series([0.1, 0.2, 0.3], index=levers)
    team = pd.Series([np.nan, 0.5, 0.6], index=levers)
    high = pd.Series([0.07, 0.08, 0.09], index=levers)
    empty = pd.Series(dtype=float)
    lev = LeverEvidence(pd.DataFrame(), trend, spread, team, high, empty, empty, empty, empty)
    held = hold_visit_frequency(lev)
    assert held.trend.equals(trend)
    assert held.spread.tolist() == [0.0, 0.2, 0.3]
    assert np.isnan(held.team_spread.iloc[0]) and held.team_spread.iloc[1:].tolist() == [0.5, 0.6]
    assert held.high.tolist() == [0.0, 0.08, 0.09]
    assert lev.spread.tolist() == [0.1, 0.2, 0.3]  # a copy, not in place


def test_the_goal_beyond_the_trends_goes_past_the_visits() -> None:
    """By hand: offsets (trends) accounts +1%, visits −1.2%, orders per visit +1.4%, unit
    price 0; held weights 0.02, 0, 0.03, 0.01; goal log 1.05 = 0.048790. The push d =
    (0.048790 − 0.012) ÷ 0.06 = 0.613168: accounts 0.022263, visits −0.012 (its trend),
    orders per visit 0.032395, unit price 0.006132; they add up to the goal."""
    x = spread_fill(
        math.log(1.05),
        np.array([0.01, -0.012, 0.014, 0.0]),
        np.array([0.02, 0.0, 0.03, 0.01]),
        np.full(4, -np.inf),
        np.full(4, np.inf),
    )
    assert x[1] == -0.012
    assert np.allclose(x, [0.022263, -0.012, 0.032395, 0.006132], atol=1e-6)
    assert math.isclose(x.sum(), math.log(1.05), abs_tol=1e-12)


def test_a_larger_kgi_asks_no_more_visits_when_orders_come_apart() -> None:
    """Apart, the same book at the baseline's revenue ×1.01 and ×1.035 (within its
    ceilings): visit frequency's
    target is the same, the baseline's 4.35 a month (every 5th of 261 weekdays, ÷ 12) at its
    own trend (−1.14%: the plan year's fewer working days, −0.82%, and the 12-month windows'
    −0.32%), orders per visit carries the difference, and the four targets multiply back to
    the KGI (× 12)."""
    history = _history(tied=False)
    low, base, kgi_low, trend = _team_year(history, 1.01)
    high, _, kgi_high, _ = _team_year(history, 1.035)
    assert math.isclose(base["visits_per_account"], 4.35, rel_tol=1e-9)
    assert math.isclose(trend, -0.011355, abs_tol=1e-6)
    assert math.isclose(high["visits_per_account"], low["visits_per_account"], rel_tol=1e-9)
    assert math.isclose(low["visits_per_account"], 4.35 * math.exp(trend), rel_tol=1e-9)
    assert high["orders_per_visit"] > low["orders_per_visit"] * 1.001
    keys = ["active_accounts", "visits_per_account", "orders_per_visit", "unit_price"]
    for fy, kgi in ((low, kgi_low), (high, kgi_high)):
        assert math.isclose(12 * float(np.prod([fy[k] for k in keys])), kgi, rel_tol=1e-6)
