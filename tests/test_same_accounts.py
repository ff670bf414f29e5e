"""The unit price on the same customers (levers.same_account_sums / same_account_changes /
same_account_trend): a customer won or lost at another price moves the team's booked unit
price but is no price change.

The hand-computed case: two years, January 2024 – December 2025, the first year's orders in
January 2024 and the second's in December 2025 (one window end with two full years). A orders
10 times a year at ¥1,000 and then ¥1,100 (+10 %), B 20 times at ¥500 both years, L (lost) 10
times at ¥5,000 in 2024 only, N (new) 10 times at ¥100 in 2025 only.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from history_helpers import sql_views

from routekpi.core.baselines import build_evidence
from routekpi.core.compact import build_facts, compact_history
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import (
    MIN_ORDERS,
    SAME_ACCOUNTS_STEADIER,
    same_account_changes,
    same_account_sums,
    same_account_trend,
)
from routekpi.core.measure import TEAM
from routekpi.sources.sqltext import facts_from_sql

MONTHS = list(pd.period_range("2024-01", "2025-12", freq="M"))


def _sums(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    """same_account_sums of (account, month, revenue, orders) rows."""
    f = pd.DataFrame(rows, columns=["account", "month", "revenue", "orders"])
    return same_account_sums(
        f["account"], f["month"].map(lambda m: pd.Period(m, "M")), f["revenue"], f["orders"]
    )


def _two_years(b_orders: int = 20) -> list[tuple[str, str, float, float]]:
    return [
        ("A", "2024-01", 10 * 1_000, 10),
        ("A", "2025-12", 10 * 1_100, 10),
        ("B", "2024-01", b_orders * 500, b_orders),
        ("B", "2025-12", b_orders * 500, b_orders),
        ("L", "2024-01", 10 * 5_000, 10),
        ("N", "2025-12", 10 * 100, 10),
    ]


def test_lost_and_new_customers_are_no_price_change() -> None:
    sums = _sums(_two_years())
    # One window end with two full windows: December 2025 (2025 against 2024).
    assert list(sums["month"]) == [pd.Period("2025-12", "M")]
    row = sums.iloc[0]
    # A: log(1,100 / 1,000) weighted by its 10 + 10 orders; B: log 1 = 0 by its 20 + 20.
    assert row["weighted"] == pytest.approx(20 * math.log(1.1), rel=1e-12)
    assert (row["weight"], row["orders_now"], row["orders_then"]) == (60.0, 30.0, 30.0)
    changes = same_account_changes(sums, MONTHS)
    assert np.isnan(changes[:-1]).all()
    assert changes[-1] == pytest.approx(math.log(1.1) / 3, abs=1e-12)  # +3.2 %
    # The team's unit price as booked falls 70,000 / 40 → 22,000 / 40: log −1.157.
    booked = math.log((22_000 / 40) / (70_000 / 40))
    assert booked == pytest.approx(-1.1575, abs=1e-4)


def test_too_few_orders_on_the_same_customers_is_no_evidence() -> None:
    # A and B hold 10 + 19 = 29 orders a year, one short of MIN_ORDERS.
    assert MIN_ORDERS == 30
    changes = same_account_changes(_sums(_two_years(b_orders=19)), MONTHS)
    assert np.isnan(changes).all()


def test_the_steadier_reading_of_the_price_is_the_trend() -> None:
    ends = 14
    steady = np.full(ends, 0.03)
    steady[-1] = 0.05  # the last 12: eleven at 3 % and one at 5 %: mean 3.1667 %
    swinging = np.array([0.10, -0.08] * (ends // 2))
    # Like-for-like varies less than the booked price: its mean over the last 12 window ends.
    assert same_account_trend(steady, swinging, 0.01) == pytest.approx((11 * 0.03 + 0.05) / 12)
    # Booked steadier (the like-for-like swings, as on the sample generator's per-rep prices).
    assert same_account_trend(swinging, steady, 0.01) == 0.01
    # Steadier by less than the margin (variance 0.64 of the booked's): the booked price's trend.
    assert SAME_ACCOUNTS_STEADIER == 0.5
    assert same_account_trend(0.8 * swinging, swinging, 0.01) == 0.01
    assert same_account_trend(0.7 * swinging, swinging, 0.01) != 0.01  # 0.49 of it
    # Fewer than MIN_TEAM_CHANGES window ends with both: the booked price's trend.
    short = np.where(np.arange(ends) < ends - 5, np.nan, steady)
    assert same_account_trend(short, swinging, 0.01) == 0.01


def _mix_history() -> History:
    """36 months, April 2023 – March 2026, one order per account on the 10th of every month.
    A–D: ¥1,000 × 1.03^(months since April 2023 ÷ 12), the price on the same customers +3 % a
    year; E, a ¥20,000 customer lost after March 2024, and F, a ¥200 customer from April 2025,
    never order in both of two windows a year apart that end in the history's last year, yet
    the team's booked unit price swings with them."""
    rows = []
    first = pd.Period("2023-04", "M")
    for m in range(36):
        month = first + m
        day = month.start_time + pd.Timedelta(days=9)
        for acc in "ABCD":
            rows.append((day, acc, "R1" if acc in "AB" else "R2", 1_000 * 1.03 ** (m / 12), 1))
        if month <= pd.Period("2024-03", "M"):
            rows.append((day, "E", "R1", 20_000.0, 1))
        if month >= pd.Period("2025-04", "M"):
            rows.append((day, "F", "R2", 200.0, 1))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    return History(orders=orders)


def test_the_trend_reads_the_same_customers_on_every_path() -> None:
    history = _mix_history()
    as_of = date(2026, 3, 31)
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=as_of)
    raw = build_evidence(history, settings).lever_evidence
    # A–D's windows all hold 48 orders, each +3 % on the year before: every change is log 1.03.
    carry = float(raw.team_carry["unit_price"])
    assert raw.trend.at[TEAM, "unit_price"] == pytest.approx(carry * math.log(1.03), abs=1e-11)
    booked = raw.changes.xs(TEAM, level="rep")["unit_price"].dropna()
    assert booked.var() > 0.01  # E's loss and F's arrival swing the booked price
    compact = build_evidence(compact_history(history, as_of), settings).lever_evidence
    pd.testing.assert_frame_equal(raw.trend, compact.trend, check_exact=True)
    con = sql_views(history.orders)
    facts = facts_from_sql(lambda sql: con.execute(sql).df(), as_of)
    want = build_facts(history.orders, history.visits, as_of).same_accounts
    got = facts.same_accounts
    assert list(got.sort_values("month")["month"]) == list(want["month"])
    got = got.sort_values("month").reset_index(drop=True)
    for col in ("weight", "orders_now", "orders_then"):
        assert (got[col] == want[col]).all()
    assert np.allclose(got["weighted"], want["weighted"], rtol=1e-12, atol=1e-13)
    months = list(pd.period_range("2023-04", "2026-03", freq="M"))
    assert np.array_equal(
        same_account_changes(got, months), same_account_changes(want, months), equal_nan=True
    )
