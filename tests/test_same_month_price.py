"""Under two years of history, the unit price's pace on the months a year apart
(core.levers.same_month_trend), carried as far as it stands out from its scatter.

Every number is worked out on paper: each account orders once a month, so a rep's monthly
unit price is the price he charges that month and the team's is the orders-weighted mean.
"""

from __future__ import annotations

import itertools
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import SAME_MONTH_PAIRS, same_month_trend
from routekpi.core.measure import TEAM
from routekpi.messages import text

START = pd.Period("2024-01", freq="M")


def _facts(prices: dict[str, list[float]], orders: float = 10.0) -> tuple[pd.DataFrame, list]:
    """Monthly facts (revenue, orders) per rep and the team, ``orders`` orders a rep-month."""
    n = len(next(iter(prices.values())))
    months = [START + i for i in range(n)]
    rows = []
    for rep, series in prices.items():
        rows += [(rep, m, p * orders, orders) for m, p in zip(months, series, strict=True)]
    frame = pd.DataFrame(rows, columns=["rep", "month", "revenue", "orders"])
    team = frame.groupby("month", as_index=False)[["revenue", "orders"]].sum().assign(rep=TEAM)
    frame = pd.concat([frame, team], ignore_index=True).set_index(["rep", "month"])
    return frame, months


def test_a_steady_rise_on_every_rep_is_carried_whole() -> None:
    # 18 months: months 12 – 17 have a month a year before; each rep's price is 2% higher on
    # each of them (rep A 100 → 102, rep B 200 → 204): every change is log 1.02, no scatter.
    a = [100.0] * 12 + [102.0] * 6
    b = [200.0] * 12 + [204.0] * 6
    facts, months = _facts({"A": a, "B": b})
    carried, pace, pairs = same_month_trend(facts, months)
    assert pairs == 6 == SAME_MONTH_PAIRS
    assert pace == pytest.approx(math.log(1.02), abs=1e-12)
    assert carried == pytest.approx(math.log(1.02), abs=1e-12)


def test_months_that_scatter_are_carried_in_part() -> None:
    # One rep (the reps' term needs two): the six changes are +4%, −2%, +4%, −2%, +4%, −2% in
    # log. Mean m = 0.01; each deviates by 0.03, so the variance (n − 1) is 6 × 0.0009 ÷ 5 =
    # 0.00108 and the mean's squared error e² = 0.00108 ÷ 6 = 0.00018. Carried: m × m² ÷
    # (m² + e²) = 0.01 × 0.0001 ÷ 0.00028 = 0.0035714…
    logs = [0.04, -0.02] * 3
    prices = [100.0] * 12 + [100.0 * math.exp(x) for x in logs]
    facts, months = _facts({"A": prices})
    carried, pace, pairs = same_month_trend(facts, months)
    assert pairs == 6
    assert pace == pytest.approx(0.01, abs=1e-12)
    assert carried == pytest.approx(0.01 * 0.0001 / 0.00028, abs=1e-12)


def test_reps_that_move_apart_are_no_team_price_trend() -> None:
    # Rep A +6% every month, rep B −2% (same orders, same starting price 100): the team's price
    # is (106 + 98) ÷ 2 = 102, +2% on every month (no scatter across months), but the reps'
    # changes log 1.06 and log 0.98 scatter: variance (n − 1) = (log 1.06 − log 0.98)² ÷ 2,
    # squared error that ÷ 2. Carried: m³ ÷ (m² + e²) with m = log 1.02.
    a = [100.0] * 12 + [106.0] * 6
    b = [100.0] * 12 + [98.0] * 6
    facts, months = _facts({"A": a, "B": b})
    carried, pace, _ = same_month_trend(facts, months)
    m = math.log(1.02)
    e2 = (math.log(1.06) - math.log(0.98)) ** 2 / 2 / 2
    assert pace == pytest.approx(m, abs=1e-12)
    assert carried == pytest.approx(m**3 / (m**2 + e2), rel=1e-9)
    assert carried < 0.25 * m  # a fifth of the team's +2%: the reps did not move together


def test_fewer_than_half_a_year_of_months_a_year_apart_read_nothing() -> None:
    a = [100.0] * 12 + [102.0] * (SAME_MONTH_PAIRS - 1)
    facts, months = _facts({"A": a, "B": a})
    assert same_month_trend(facts, months) is None


def _orders(months: int, first: str, yearly: float) -> History:
    """Two reps of five accounts, each ordering once a month at 1,000 × ``yearly`` ^ (month
    index ÷ 12): every month is ``yearly`` times the same month a year before."""
    start = pd.Period(first, freq="M")
    rows = []
    for rep in ("R1", "R2"):
        for k in range(5):
            for i in range(months):
                day = (start + i).start_time + pd.Timedelta(days=9)
                rows.append((day, f"{rep}{k}", rep, 1000.0 * yearly ** (i / 12), 1))
    o = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    return History(orders=o)


@pytest.mark.parametrize(("months", "first"), [(20, "2024-08"), (12, "2025-04")])
def test_the_plan_carries_the_price_pace_only_from_half_a_year_of_pairs(
    months: int, first: str
) -> None:
    # Planning FY2026 (April) on 31 March 2026: 20 months give 8 months a year apart, each
    # +2% (read, carried whole, said on Plan); 12 months give none (no price trend).
    history = _orders(months, first, 1.02)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    ev = build_evidence(history, settings)
    read = ev.lever_evidence.same_months_read
    trend = float(ev.trend.at[TEAM, "unit_price"])
    notes = [n for n in ev.notes if n.code == "price_same_months_held"]
    if months == 20:
        assert read is not None and read[2] == 8
        assert read[0] == pytest.approx(math.log(1.02), abs=1e-9)
        assert trend == pytest.approx(math.log(1.02), abs=1e-9)
        assert len(notes) == 1 and notes[0].params["pace"] == "+2.0%"
        said = text("price_same_months_held", "en", **notes[0].params)
        assert "8 months" in said and "+2.0% a year is carried" in said
        assert "highest counted as the second highest" in said
    else:
        assert read is None and trend == 0.0 and not notes


def test_a_higher_kgi_never_lowers_the_unit_price_with_the_pace_read() -> None:
    history = _orders(20, "2024-08", 1.02)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    ev = build_evidence(history, settings)
    base = float(ev.base.at[TEAM, "revenue"])
    prices = []
    for factor in np.linspace(0.9, 1.2, 7):
        _, targets = plan_for(ev, base * factor)
        fy = targets[(targets["kpi"] == "unit_price") & (targets["rep"] != TEAM)]
        prices.append(fy.groupby("rep")["target"].max().to_numpy())
    for low, high in itertools.pairwise(prices):
        assert (high >= low - 1e-9).all()
