"""A customer ordering in the same few months every year (a school buying March–April) is
off the Daily list outside its season and the month before it, and due from then on, never at
risk for its silent months (core.daily_season; trial 53 M1: schools 「要注意: 245日訪問なし」
at the head of December's list and in the important-overdue flags).

Rep A, orders and visits every Friday (``orders_as_contacts``: each order day a visit):

- SCHOOL: every Friday of March and April 2024, 2025 and 2026 (its usual gap 7 days), nothing
  since 2026-04-24.
- REG: every Friday all year from 2024-01-05.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from routekpi.core.daily import order_account_days, orders_as_contacts
from routekpi.core.daily_season import due_months, season_starts, seasonal_months
from routekpi.core.history import History
from routekpi.render_daily import stop_reason
from tests.test_daily_orders import _accounts, _orders, _weekly_in, week_plan

ALL_YEAR = tuple(range(1, 13))


def _history(last: date) -> History:
    days = {
        "SCHOOL": _weekly_in((3, 4), date(2024, 1, 5), last),
        "REG": _weekly_in(ALL_YEAR, date(2024, 1, 5), last),
    }
    return orders_as_contacts(
        History(orders=_orders(days, "A"), accounts=_accounts(list(days), "A"))
    )


def _stops(plan: object) -> list[tuple[date, str, tuple[str, ...], int]]:
    s = plan.stops  # type: ignore[attr-defined]
    s = s[s["kind"] == "visit"]
    return list(
        zip(s["date"], s["account"], s["reasons"], s["overdue_days"].astype(int), strict=True)
    )


def test_the_season_is_read_from_two_years_of_orders() -> None:
    as_of = date(2026, 12, 4)
    history = _history(as_of)
    seasons = seasonal_months(order_account_days(history.orders, as_of), as_of)
    # REG orders in 12 months: no season. SCHOOL: March and April, both years.
    assert seasons == {"SCHOOL": frozenset({3, 4})}
    assert due_months(frozenset({3, 4})) == frozenset({2, 3, 4})
    assert due_months(frozenset({1})) == frozenset({12, 1})
    # A list 1/25–2/5: off in January (its ordinal), listed from 2/1, next orders in March.
    days = [date(2027, 1, 25), date(2027, 1, 29), date(2027, 2, 1), date(2027, 2, 5)]
    off, listed = season_starts(seasons, days)
    january = (2027 - 1970) * 12
    assert off == {"SCHOOL": frozenset({january})}
    assert listed == {"SCHOOL": (date(2027, 2, 1), 3)}


def test_a_school_is_off_the_december_list_and_not_at_risk() -> None:
    # As of Fri 2026-12-04, silent since 04-24 (224 days, usual gap 7): before, it was at risk
    # and first on the list. December is neither its season nor the month before it.
    as_of = date(2026, 12, 4)
    plan = week_plan(_history(as_of), as_of)
    stops = _stops(plan)
    assert {a for _, a, _, _ in stops} == {"REG"}
    assert stops[0][:2] == (date(2026, 12, 11), "REG")  # 12-04 + 7 days
    assert plan.off_season == {"A": 1}  # type: ignore[attr-defined]


def test_a_school_is_due_in_february_with_its_next_season_said() -> None:
    # As of Fri 2027-02-05 (REG ordering on): the list from Mon 02-08 has SCHOOL due on its
    # first day A works (Fridays: his order days), 0 days overdue, not at risk, and its row
    # names March (before: at risk, 「要注意: 294日訪問なし」).
    as_of = date(2027, 2, 5)
    plan = week_plan(_history(as_of), as_of)
    school = [s for s in _stops(plan) if s[1] == "SCHOOL"]
    assert len(school) == 1
    day, _, reasons, late = school[0]
    assert day == date(2027, 2, 12) and late == 0
    assert reasons[0] == "due" and "season:3" in reasons and "at_risk" not in reasons
    row = plan.stops[plan.stops["account"] == "SCHOOL"].iloc[0].to_dict()  # type: ignore[attr-defined]
    assert "季節の取引先: 次の注文期 3月" in stop_reason(row, "ja")
    assert "seasonal customer: next orders in March" in stop_reason(row, "en")


def test_a_school_seen_in_february_keeps_its_rhythm_from_then() -> None:
    # Visited (an order day) on Fri 2027-02-05, the list from 02-08 (five days to 02-12):
    # due on 02-12 by its 7-day rhythm, not again at once.
    as_of = date(2027, 2, 5)
    history = _history(as_of)
    more = _orders({"SCHOOL": [date(2027, 2, 5)]}, "A")
    history = orders_as_contacts(
        History(
            orders=pd.concat([history.orders, more], ignore_index=True).sort_values("date"),
            accounts=history.accounts,
        )
    )
    plan = week_plan(history, as_of, days=10)
    school = [(d, late) for d, a, _, late in _stops(plan) if a == "SCHOOL"]
    assert school == [(date(2027, 2, 12), 0), (date(2027, 2, 19), 0)]
