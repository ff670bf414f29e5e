"""A new hire building his book gets the daily capacity of his last 3 months (trial 44 L9).

N starts on 2026-04-01 and makes 1 visit a working day in April–May, 2 in June–July, 3 in
August–September, 4 in October to 11-27 and 5 from Monday 11-30, each to an account he sees
every week (his book grows 5 → 25 accounts). Working days to Fri 12-18 (Japanese holidays
off): 176 from 04-01, 15 of them with 5 visits, under a tenth: the 90th percentile of his
visits per day is 4 (np.quantile at 0.9 × 175 = 157.5, the 5s from 161 on). His last 3 months
(from Thu 09-24, after the holidays of 09-21 … 09-23: 5 days of 3, 39 of 4 and 15 of 5, 59
days): at 0.9 × 58 = 52.2, the 5s from 44 on: 5. V, at work the whole year, makes 3 a day.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from history_helpers import accounts_frame

from routekpi.core.calendar import BusinessCalendar, fiscal_months
from routekpi.core.daily import DailyPlan, plan_daily
from routekpi.core.history import History
from routekpi.render_daily import daily_rows

AS_OF = date(2026, 12, 18)  # a Friday: the list is Mon 12-21 … Fri 12-25
NO_TARGETS = pd.DataFrame(columns=["period", "rep", "kpi", "target"])
PER_DAY = {4: 1, 5: 1, 6: 2, 7: 2, 8: 3, 9: 3, 10: 4, 11: 4}  # N's visits a day
FIVE_FROM = date(2026, 11, 30)  # ... and 5 from here
CALENDAR = BusinessCalendar()  # Mon–Fri, Japanese holidays


def _weekdays(first: date, last: date) -> list[date]:
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in days if CALENDAR.is_working_day(d)]


def _history() -> History:
    rows: list[dict[str, object]] = []
    # N: on each weekday k visits, to the accounts of that weekday's slot (N{5j + weekday}):
    # every account weekly, on the same weekday.
    for day in _weekdays(date(2026, 4, 1), AS_OF):
        for j in range(5 if day >= FIVE_FROM else PER_DAY[day.month]):
            rows.append({"date": day, "rep": "N", "account": f"N{5 * j + day.weekday():02d}"})
    # V: 3 visits every weekday since 2025-01-06, 15 accounts weekly.
    for day in _weekdays(date(2025, 1, 6), AS_OF):
        for j in range(3):
            rows.append({"date": day, "rep": "V", "account": f"V{5 * j + day.weekday():02d}"})
    v = pd.DataFrame(rows).assign(date=lambda f: pd.to_datetime(f["date"]), kind="visit")
    o = v[["date", "account", "rep"]].assign(amount=10_000.0, quantity=1.0)
    accounts = [f"N{i:02d}" for i in range(25)] + [f"V{i:02d}" for i in range(15)]
    acc = accounts_frame(accounts, ["N"] * 25 + ["V"] * 15)
    return History(orders=o, visits=v.assign(outcome=None), accounts=acc)


def _plan(**kw: object) -> DailyPlan:
    return plan_daily(
        _history(),
        NO_TARGETS,
        calendar=CALENDAR,
        plan_year=2026,
        plan_months=fiscal_months(2026),
        as_of=AS_OF,
        reps=["N", "V"],
        days=5,
        **kw,  # type: ignore[arg-type]
    )


def test_a_new_hire_gets_his_last_three_months_capacity_and_his_accounts_are_planned() -> None:
    plan = _plan()
    # N: 5 a day from his last 3 months, not the 4 his 9 months give; V keeps his 3.
    assert plan.capacity == {"N": 5, "V": 3}
    assert plan.capacity_young == {"N": 4}
    n_days = plan.days[plan.days["rep"] == "N"]
    assert n_days["capacity"].tolist() == [5] * 5
    # His 25 weekly accounts, 5 due on each day of the list: every one planned.
    n = plan.stops[plan.stops["rep"] == "N"]
    assert (n["kind"] == "not_scheduled").sum() == 0
    visits = n[n["kind"] == "visit"]
    assert sorted(visits["account"]) == [f"N{i:02d}" for i in range(25)]
    assert n_days["visits"].tolist() == [5] * 5
    # The Daily sheet says where his limit comes from, once, and not for V.
    said = [str(getattr(c, "value", c)) for row in daily_rows(plan, "ja") for c in row if c]
    note = "1日の訪問上限 5件は直近3か月の実績から"
    assert sum(note in s and "12か月の実績では 4件" in s for s in said) == 1
    assert not any("1日の訪問上限 3件" in s for s in said)


def test_with_the_twelve_months_capacity_his_due_accounts_would_be_left_unplanned() -> None:
    # The same book with the limit fixed at 4 (what the 12 months gave him): one due account
    # a day finds no room — the 未計画 rows trial 44 found — and no note is said.
    plan = _plan(capacity=4)
    n = plan.stops[plan.stops["rep"] == "N"]
    assert (n["kind"] == "not_scheduled").sum() >= 1
    assert plan.capacity_young == {}
