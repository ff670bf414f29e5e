"""The Daily list in working days and on the rep's own weekdays (trial14 I4, I5).

Hand-computed cases: a part-timer working Monday, Wednesday and Friday; an account seen every
day, last on a Friday; a deadline on a national and a company holiday; a flag whose day to
visit by is already past when the list starts.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from history_helpers import accounts_frame

from routekpi.core.calendar import BusinessCalendar, fiscal_months
from routekpi.core.daily import plan_daily, rep_week, rep_weekdays
from routekpi.core.flags import account_status, with_visit_dates
from routekpi.core.history import History, empty_frame
from routekpi.render_daily import daily_rows, flag_action

MONTHS = fiscal_months(2026)
NO_TARGETS = pd.DataFrame(columns=["period", "rep", "kpi", "target"])


def _visit(day: date, account: str, rep: str = "P") -> dict[str, object]:
    return {"date": pd.Timestamp(day), "rep": rep, "account": account, "kind": "visit"}


def _history(
    visits: list[dict[str, object]],
    accounts: list[str],
    orders: dict[str, float] | None = None,
    holidays: list[date] = (),  # type: ignore[assignment]
) -> History:
    acc = accounts_frame(accounts, "P")
    o = pd.DataFrame(
        [
            {"date": pd.Timestamp("2025-10-10"), "account": a, "rep": "P", "amount": v}
            for a, v in (orders or {}).items()
        ],
        columns=["date", "account", "rep", "amount", "quantity"],
    )
    v = pd.DataFrame(visits).assign(outcome=None)
    hol = empty_frame(("date", "name"))
    if holidays:
        hol = pd.DataFrame({"date": pd.to_datetime(list(holidays)), "name": "company"})
    return History(orders=o, visits=v, accounts=acc, holidays=hol)


def _plan(history: History, as_of: date, days: int, **kw: object) -> object:
    cal = BusinessCalendar(frozenset(d.date() for d in history.holidays["date"]))
    return plan_daily(
        history,
        NO_TARGETS,
        calendar=cal,
        plan_year=2026,
        plan_months=MONTHS,
        as_of=as_of,
        reps=["P"],
        days=days,
        **kw,  # type: ignore[arg-type]
    )


def _days(first: date, last: date, weekdays: set[int]) -> list[date]:
    out, day = [], first
    while day <= last:
        if day.weekday() in weekdays:
            out.append(day)
        day += timedelta(days=1)
    return out


# --- A part-timer: Monday, Wednesday, Friday ------------------------------------------------


def test_a_weekday_a_rep_does_not_work_is_his_day_off_and_capacity_counts_his_days() -> None:
    # Fri 2026-02-20 … Fri 2026-05-29: from his first visit, 13 working Tuesdays (05-05 is a
    # holiday) and 14 Thursdays. Three visits on each Monday, Wednesday and Friday that is a
    # working day; none on Tuesday or Thursday.
    cal = BusinessCalendar()
    worked = [d for d in _days(date(2026, 2, 20), date(2026, 5, 29), {0, 2, 4})]
    worked = [d for d in worked if cal.is_working_day(d)]
    rows = [_visit(d, f"K{i}") for d in worked for i in range(3)]
    visits = pd.DataFrame(rows).assign(outcome=None)
    as_of = date(2026, 5, 29)
    # The 25th percentile of his days (all 3) is 3. Counting Tuesdays and Thursdays (≈ 2 of
    # every 5 days at 0) it would be 0, raised to 1: the capacity of a rep who does nothing.
    assert rep_week(visits, "P", as_of, cal, 0.25) == (3, frozenset({0, 2, 4}))
    # One Tuesday covered for a colleague (1 in 13, under one in five) keeps Tuesday off;
    # three of them (3 ≥ 13 / 5 = 2.6) make Tuesday one of his days.
    tuesdays = [d for d in _days(date(2026, 2, 24), as_of, {1}) if cal.is_working_day(d)]
    assert len(tuesdays) == 13
    one = pd.concat([visits, pd.DataFrame([_visit(tuesdays[0], "K0")]).assign(outcome=None)])
    assert rep_week(one, "P", as_of, cal, 0.25)[1] == frozenset({0, 2, 4})
    three = pd.concat(
        [visits, pd.DataFrame([_visit(t, "K0") for t in tuesdays[:3]]).assign(outcome=None)]
    )
    assert rep_week(three, "P", as_of, cal, 0.25)[1] == frozenset({0, 1, 2, 4})


def test_rep_weekdays_judges_a_weekday_only_after_thirteen_of_them() -> None:
    # Twelve weeks of Mondays only: too short to call Tuesday … Friday days off.
    weekdays = np.array([d % 5 for d in range(60)])
    counts = np.where(weekdays == 0, 4.0, 0.0)
    assert rep_weekdays(counts, weekdays) == frozenset(range(5))
    weekdays = np.array([d % 5 for d in range(65)])  # thirteen of each
    counts = np.where(weekdays == 0, 4.0, 0.0)
    assert rep_weekdays(counts, weekdays) == frozenset({0})


def _part_timer() -> History:
    """Rep P works Mon/Wed/Fri since Mon 2026-02-02 (18 weeks to Fri 06-05).

    D: every day he works (gaps 2, 2, 3: usual 2 days), last on Fri 06-05.
    G: Mon 05-25, Fri 05-29, Mon 06-01, Fri 06-05 (gaps 4, 3, 4: usual 4 days).
    """
    cal = BusinessCalendar()
    days = [d for d in _days(date(2026, 2, 2), date(2026, 6, 5), {0, 2, 4})]
    visits = [_visit(d, "D") for d in days if cal.is_working_day(d)]
    visits += [_visit(d, "G") for d in (date(2026, 5, 25), date(2026, 5, 29), date(2026, 6, 1))]
    visits.append(_visit(date(2026, 6, 5), "G"))
    return _history(visits, ["D", "G"], {"D": 3_000_000.0, "G": 600_000.0})


def test_a_part_timer_gets_no_list_on_his_days_off() -> None:
    plan = _plan(_part_timer(), date(2026, 6, 5), 5, capacity=10)
    days = plan.days.set_index("date")
    # Mon 06-08 … Fri 06-12: Tuesday and Thursday are his days off, no room and no visit.
    assert days["off"].tolist() == [False, True, False, True, False]
    assert days["capacity"].tolist() == [10, 0, 10, 0, 10]
    assert days["visits"].tolist() == [2, 0, 1, 0, 2]
    visits = plan.stops[plan.stops["kind"] == "visit"]
    by_day = visits.groupby("date")["account"].apply(sorted).to_dict()
    # D: Fri 06-05 + 2 = Sunday → due Monday 06-08; then Mon + 2 = Wed, Wed + 2 = Fri.
    # G: Fri 06-05 + 4 = Tuesday 06-09, his day off: due on the Monday before (his next
    # list day, Wednesday, would be late); then Mon 06-08 + 4 = Friday 06-12.
    assert by_day == {
        date(2026, 6, 8): ["D", "G"],
        date(2026, 6, 10): ["D"],
        date(2026, 6, 12): ["D", "G"],
    }
    # D, visited on every Mon/Wed/Fri for 18 weeks, is a route account read from its visit
    # days (core.route_days.route_rows): due on its weekdays, said as 「月・水・金 訪問日」.
    firsts = visits.groupby("account")["reasons"].agg(lambda r: {x[0] for x in r}).to_dict()
    assert firsts == {"D": {"route_visit:024"}, "G": {"due"}}
    assert visits["overdue_days"].tolist() == [0] * 5
    # The sheet says why Tuesday has no list.
    said = [str(getattr(c, "value", c)) for row in daily_rows(plan, "ja") for c in row if c]
    assert sum("休み(直近12か月、火曜日の訪問はほぼなし)" in s for s in said) == 1
    assert sum("休み(直近12か月、木曜日の訪問はほぼなし)" in s for s in said) == 1


# --- An account seen every working day, last on a Friday ------------------------------------


def _daily_account() -> History:
    """A1, ¥1,200,000 a year, visited every working day of five weeks to Fri 2026-06-05
    (gaps 1, 1, 1, 1, 3: usual 1 day); rep P works every weekday (B on each of them too)."""
    cal = BusinessCalendar()
    days = [d for d in _days(date(2026, 2, 2), date(2026, 6, 5), {0, 1, 2, 3, 4})]
    days = [d for d in days if cal.is_working_day(d)]
    visits = [_visit(d, "A1") for d in days[-25:]] + [_visit(d, "B") for d in days[::5]]
    return _history(visits, ["A1", "B"], {"A1": 1_200_000.0})


def test_a_daily_account_seen_on_friday_is_due_on_monday_not_overdue() -> None:
    plan = _plan(_daily_account(), date(2026, 6, 5), 1, capacity=10)
    a1 = plan.stops[plan.stops["account"] == "A1"].iloc[0]
    assert a1["date"] == date(2026, 6, 8)
    # Fri 06-05 + 1 = Saturday → deadline Monday 06-08: due, 0 days overdue. Seen on every
    # weekday for five weeks, A1 is a route account of its visit days (route_days.route_rows),
    # said with its weekdays instead of 「期限」.
    assert a1["reasons"][0] == "route_visit:01234" and a1["due"] == date(2026, 6, 8)
    assert a1["overdue_days"] == 0
    # One working day since the last visit of a one-working-day interval: urgency 1, not at
    # risk: one day of ¥1,200,000 a year (before: 3 calendar days, capped at 2, × a third).
    assert a1["share"] == pytest.approx(1 / 365)
    assert a1["stake"] == pytest.approx(1_200_000 / 365)


def test_a_weekend_does_not_make_an_account_neglected() -> None:
    # A daily account not seen since Friday is not neglected on Tuesday: neglect needs four
    # weeks at least (NEGLECT_MIN_DAYS; before: 3 days > 2 × 1 was).
    tuesday = account_status(_daily_account(), date(2026, 6, 5), date(2026, 6, 9))
    assert not tuesday.at["A1", "neglected"] and tuesday.at["A1", "days"] == 4
    # S, seen every 6 days to Fri 06-05: 5 × 6 = 30 days → Sun 07-05 → Mon 07-06, the last
    # day before neglect; Monday is not past it, Tuesday is.
    visits = [_visit(date(2026, 6, 5) - timedelta(days=6 * k), "S") for k in range(5)]
    history = _history(visits, ["S"], {"S": 1_200_000.0})
    monday = account_status(history, date(2026, 6, 5), date(2026, 7, 6))
    assert monday.at["S", "usual"] == 6 and not monday.at["S", "neglected"]
    assert monday.at["S", "days"] == 31  # the calendar days the flag's text says
    assert account_status(history, date(2026, 6, 5), date(2026, 7, 7)).at["S", "neglected"]


# --- Holidays -------------------------------------------------------------------------------


def test_a_deadline_on_holidays_moves_to_the_next_working_day() -> None:
    # 2026-07-20 (Mon) is Marine Day; the company also closes on Tue 07-21.
    # H: weekly on Mondays, last 07-13: 07-13 + 7 = 07-20 → 07-21 → Wed 07-22, its deadline.
    # L: weekly on Mondays, last 07-06: deadline Mon 07-13; on Wed 07-22 it is 5 working
    #    days overdue (07-14 … 07-17 and 07-22; 9 calendar days), and 10 working days since
    #    its last visit ÷ 5 in its interval = urgency 2: two weeks of its orders at stake.
    visits = [_visit(date(2026, 7, 13) - timedelta(days=7 * k), "H") for k in range(5)]
    visits += [_visit(date(2026, 7, 6) - timedelta(days=7 * k), "L") for k in range(5)]
    history = _history(visits, ["H", "L"], {"H": 900_000.0, "L": 300_000.0}, [date(2026, 7, 21)])
    plan = _plan(history, date(2026, 7, 17), 1, capacity=10)
    assert plan.days["date"].tolist() == [date(2026, 7, 22)]  # the first working day
    stops = plan.stops.set_index("account")
    assert stops.at["H", "due"] == date(2026, 7, 22)
    assert stops.at["H", "reasons"][0] == "due" and stops.at["H", "overdue_days"] == 0
    assert stops.at["H", "stake"] == pytest.approx(900_000 * 7 / 365)  # one week's orders
    assert stops.at["L", "reasons"][0] == "overdue" and stops.at["L", "overdue_days"] == 5
    assert stops.at["L", "stake"] == pytest.approx(300_000 * 14 / 365)  # two weeks' orders


# --- A day to visit by that is already past -------------------------------------------------


def test_a_past_visit_by_date_reads_as_soon_as_possible() -> None:
    params = {
        "name": "東区カフェ",
        "visit_by": "2026-11-30",
        "last_visit": "2026-11-16",
        "usual": 4.0,
        "change": 0.1,
    }
    flags = pd.DataFrame(
        [
            {"code": "at_risk_account", "account": "T1", "params": params},
            {"code": "at_risk_account", "account": "T2", "params": dict(params)},
        ]
    )
    stops = pd.DataFrame(
        [
            {"kind": "visit", "account": "T2", "date": date(2026, 12, 3)},
            {"kind": "visit", "account": "X", "date": date(2026, 12, 2)},
        ]
    )
    out = with_visit_dates(flags, stops)
    # T1 is not in the list, which starts on 12-02: 11-30 is past, so "as soon as possible"
    # (at the latest the list's first day); T2 is listed on 12-03: that day.
    t1, t2 = out["params"].tolist()
    assert t1["visit_by"] == "2026-12-02" and t1["asap"] is True
    assert t2["visit_by"] == "2026-12-03" and "asap" not in t2
    said = flag_action("at_risk_account", t1, "東区カフェ", "ja")
    assert said.startswith("至急(遅くとも2026-12-02)東区カフェを訪問し")
    assert flag_action("at_risk_account", t2, "東区カフェ", "ja").startswith("2026-12-03までに")
