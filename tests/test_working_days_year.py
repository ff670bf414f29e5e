"""A plan year with more working days than the baseline's orders more per account for that
alone, when the history's months follow working days (trial 34 M3: orders per account planned
×0.982 on the history's fall, the plan year 241 working days against the baseline's 239).
Days counted by hand on the Japanese calendar, Monday to Friday."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence, working_days_change
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM

ACCOUNTS = ("A1", "A2", "B1", "B2")


def _history(every_working_day: bool) -> History:
    """2024-01 – 2026-12, four accounts (two per rep) ordering ¥1,000 on every working day
    (``every_working_day``) or once a month on the 10th."""
    calendar = BusinessCalendar()
    if every_working_day:
        days = calendar.working_days(date(2024, 1, 1), date(2026, 12, 31))
    else:
        days = [m.start_time.date().replace(day=10) for m in pd.period_range("2024-01", "2026-12")]
    rows = [(pd.Timestamp(d), code, code[0], 1000.0, 1) for d in days for code in ACCOUNTS]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    accounts = pd.DataFrame(
        [(c, c, c[0], pd.Timestamp("2020-01-01"), pd.NaT) for c in ACCOUNTS],
        columns=["account", "name", "rep", "start", "end"],
    )
    return History(orders=orders, accounts=accounts)


SETTINGS = PlanSettings(kgi=1.0, plan_year=2027, fiscal_start_month=1, as_of=date(2026, 12, 31))


def test_the_years_working_days_by_hand() -> None:
    """2026: 261 weekdays less 17 national holidays on weekdays (1/1, 1/12, 2/11, 2/23, 3/20,
    4/29, 5/4, 5/5, 5/6, 7/20, 8/11, 9/21, 9/22, 9/23, 10/12, 11/3, 11/23) = 244; 2027: 261
    less 16 (1/1, 1/11, 2/11, 2/23, 3/22, 4/29, 5/3, 5/4, 5/5, 7/19, 8/11, 9/20, 9/23, 10/11,
    11/3, 11/23) = 245: log(245 ÷ 244)."""
    base = list(pd.period_range("2026-01", "2026-12", freq="M"))
    plan = list(pd.period_range("2027-01", "2027-12", freq="M"))
    days = working_days_change(BusinessCalendar(), base, plan)
    assert days is not None
    assert days[:2] == (245.0, 244.0)
    assert days[2] == pytest.approx(math.log(245 / 244))
    assert working_days_change(BusinessCalendar(), base[1:], plan) is None  # not 12 months


def test_orders_per_account_carries_the_plan_years_extra_working_day() -> None:
    """Every account orders on every working day: the months follow working days, so the
    plan year's orders per account expects log(245 ÷ 244) (+0.4%) on top of its measured
    trend, for the team and every rep; a note says so."""
    ev = build_evidence(_history(True), SETTINGS)
    notes = [n for n in ev.notes if n.code == "working_days_year"]
    assert len(notes) == 1
    assert notes[0].params == {
        "plan": 245,
        "base": 244,
        "kpi_key": "orders_per_account",
        "change": "+0.4%",
    }
    lev = ev.lever_evidence
    for rep in (TEAM, "A", "B"):
        measured = float(lev.trend.at[rep, "orders_per_account"])
        assert float(ev.trend.at[rep, "orders_per_account"]) == pytest.approx(
            measured + math.log(245 / 244)
        )
        # The other levers are as measured (unit price) or the flows' (accounts).
        assert float(ev.trend.at[rep, "unit_price"]) == pytest.approx(
            float(lev.trend.at[rep, "unit_price"])
        )


def test_months_that_do_not_follow_working_days_carry_nothing() -> None:
    """One order a month per account: each month the same, told better as shares of the
    year than per working day, so the days are not counted and no note is made."""
    ev = build_evidence(_history(False), SETTINGS)
    assert not [n for n in ev.notes if n.code == "working_days_year"]
    lev = ev.lever_evidence
    assert float(ev.trend.at[TEAM, "orders_per_account"]) == pytest.approx(
        float(lev.trend.at[TEAM, "orders_per_account"])
    )
