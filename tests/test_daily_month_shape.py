"""The Daily's pace follows the remaining months' target shape (trial 37 L2).

A heating-oil round's months differ threefold, and the pace spread what was left of the year
evenly over the working days left (鈴木 ¥235,927 a day from 12/5 to 3/31 while his month
targets ran ¥198,886 a day in December and ¥135,505 in March). What is left is now spread in
proportion to each remaining month's target per working day. Hand-computed on test_leave's
small history: P has ¥5,000 of revenue booked (May 2026) against ¥12,000 for the year.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.calendar import BusinessCalendar, fiscal_months
from routekpi.core.daily import plan_daily
from tests.test_leave import _weekly_history

AS_OF = date(2027, 2, 24)  # a Wednesday: the list starts Thursday 2/25
# February 2027: 18 working days (2/11 and 2/23 are holidays), two of them left from 2/25;
# March: 22 (3/22 is the substitute holiday).
FEB_DAYS, MAR_DAYS = 18, 22


def _targets(feb: float, mar: float) -> pd.DataFrame:
    """P's revenue: ¥12,000 for the year; February and March as given (the other months
    share the rest: they are over, only the shape of the months left counts)."""
    rows = [("FY2026", "P", "revenue", 12000.0), ("FY2026", "P", "orders", 120.0)]
    other = (12000.0 - feb - mar) / 10
    for m in fiscal_months(2026):
        label = f"{m.year:04d}-{m.month:02d}"
        value = feb if m.month == 2 else mar if m.month == 3 else other
        rows.append((label, "P", "revenue", value))
    return pd.DataFrame(rows, columns=["period", "rep", "kpi", "target"])


def _days(targets: pd.DataFrame, as_of: date = AS_OF) -> pd.DataFrame:
    plan = plan_daily(
        _weekly_history(),
        targets,
        calendar=BusinessCalendar(),
        plan_year=2026,
        plan_months=fiscal_months(2026),
        as_of=as_of,
        reps=["P"],
        days=3,
        start=date(2027, 2, 25),
    )
    return plan.days.set_index("date")


def test_the_rest_is_spread_by_the_month_targets() -> None:
    """February ¥1,800 (¥100 a working day), March ¥1,100 (¥50 a day). ¥7,000 left over
    2 February days and 22 March days: weight 2 × 100 + 22 × 50 = 1,300. On 2/25 the pace
    asks ¥7,000 × 100 / 1,300 = ¥538.46 (the even spread: ¥7,000 / 24 = ¥291.67); so does
    2/26, and 3/1 ¥7,000 × 50 / 1,300 = ¥269.23: the list's earlier days are taken as meeting
    their own pace (trial 51 M5: taken as selling nothing, ¥7,000 × 100 / 1,200 on 2/26 and
    ¥7,000 × 50 / 1,100 on 3/1, the pace rose through the list)."""
    days = _days(_targets(FEB_DAYS * 100.0, MAR_DAYS * 50.0))
    assert days.loc[date(2027, 2, 25), "pace_revenue"] == pytest.approx(7000 * 100 / 1300)
    assert days.loc[date(2027, 2, 26), "pace_revenue"] == pytest.approx(7000 * 100 / 1300)
    assert days.loc[date(2027, 3, 1), "pace_revenue"] == pytest.approx(7000 * 50 / 1300)
    # Orders have no month targets: spread evenly over the 24 days left, the same each day.
    assert days.loc[date(2027, 2, 25), "pace_orders"] == pytest.approx(115 / 24)
    assert days.loc[date(2027, 3, 1), "pace_orders"] == pytest.approx(115 / 24)


def test_flat_month_targets_give_the_even_spread() -> None:
    """The same target per working day in both months: ¥7,000 / 24 days on each listed day."""
    days = _days(_targets(FEB_DAYS * 60.0, MAR_DAYS * 60.0))
    assert days.loc[date(2027, 2, 25), "pace_revenue"] == pytest.approx(7000 / 24)
    assert days.loc[date(2027, 2, 26), "pace_revenue"] == pytest.approx(7000 / 24)


def test_the_sales_days_still_to_come_take_their_months_weight() -> None:
    """As of 2/22 (Monday), the list from 2/25: 2/24 has no sales known yet either (2/23 is
    a holiday), so the sales pace spreads over it too: weight 100 more, ¥7,000 × 100 / 1,400
    = ¥500 on 2/25."""
    days = _days(_targets(FEB_DAYS * 100.0, MAR_DAYS * 50.0), as_of=date(2027, 2, 22))
    assert days.loc[date(2027, 2, 25), "pace_revenue"] == pytest.approx(7000 * 100 / 1400)
