"""Route weekdays from visit days, and a weekday's own capacity (trial 40 D1/D2: a bakery
route, Mon–Sat, half-day Saturdays; hand-computed cases)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from history_helpers import accounts_frame

from routekpi.core.calendar import BusinessCalendar, fiscal_months
from routekpi.core.daily import plan_daily, weekday_capacities
from routekpi.core.history import History, empty_frame
from routekpi.core.route_days import bits_weekdays, route_and_source, route_of
from routekpi.render_daily import daily_rows, stop_reason

CAL = BusinessCalendar(weekdays=frozenset(range(6)))  # 月-土
END = date(2026, 12, 5)  # a Saturday
MONTHS = fiscal_months(2026)
NO_TARGETS = pd.DataFrame(columns=["period", "rep", "kpi", "target"])


def _on(weekday: int, weeks: int, end: date = END) -> list[date]:
    """The working days on ``weekday`` in the ``weeks`` weeks to ``end``."""
    days = [end - timedelta(days=k) for k in range(weeks * 7)]
    return sorted(d for d in days if d.weekday() == weekday and CAL.is_working_day(d))


def _history(orders: list[tuple[date, str]], visits: list[tuple[date, str]]) -> History:
    accounts = sorted({a for _, a in orders} | {a for _, a in visits})
    o = pd.DataFrame(
        [{"date": pd.Timestamp(d), "account": a, "rep": "P", "amount": 1000.0} for d, a in orders],
        columns=["date", "account", "rep", "amount", "quantity"],
    )
    v = pd.DataFrame(
        [{"date": pd.Timestamp(d), "rep": "P", "account": a, "kind": "visit"} for d, a in visits],
        columns=["date", "rep", "account", "kind"],
    ).assign(outcome=None)
    return History(
        orders=o,
        visits=v,
        accounts=accounts_frame(accounts, "P"),
        holidays=empty_frame(("date", "name")),
    )


def test_a_visit_day_is_the_route_day_of_an_account_ordering_by_phone() -> None:
    # TUE: visited every Tuesday, ordering by phone every Thursday (26 weeks each): 26 visit
    #      days ≥ 12, so its visit days decide → 火 (before: its Thursdays, the order days).
    # THU: orders every Thursday, no visits → 木 (the order days, as before).
    # FEW: orders every Thursday and 2 visits on Mondays: 2 visit days < 12, so its contact
    #      days together (26 Thursdays + 2 Mondays; Monday 2/28 = 7% < 10%) → 木.
    tue, thu = _on(1, 26), _on(3, 26)
    orders = [(d, a) for d in thu for a in ("TUE", "THU", "FEW")]
    visits = [(d, "TUE") for d in tue] + [(d, "FEW") for d in _on(0, 26)[-2:]]
    history = _history(orders, visits)
    wanted = pd.Index(["TUE", "THU", "FEW"])
    bits = route_of(history, wanted, END, CAL)
    assert [bits_weekdays(int(b)) for b in bits] == [[1], [3], [3]]
    # The same orders without the visit log: every account on Thursday's route.
    no_visits = _history(orders, [])
    assert [bits_weekdays(int(b)) for b in route_of(no_visits, wanted, END, CAL)] == [[3]] * 3


def test_a_weekday_with_clearly_fewer_visits_has_its_own_capacity() -> None:
    # 20 weeks: 8 visits a day Monday to Friday, 4 on Saturdays (a half day). The 90th
    # percentile over all days is 8; Saturdays' mean 4 is 50% of the other days' 8 (≤ 70%)
    # and their own 90th percentile 4 is 4 visits from 8 (≥ 2): Saturday's limit is 4.
    weekdays = np.array([k % 6 for k in range(120)])
    counts = np.where(weekdays == 5, 4.0, 8.0)
    assert weekday_capacities(counts, weekdays, 0.9, 8) == {5: 4}
    # Saturdays of 7 (87.5% of 8): not clearly different, one limit for every day.
    assert weekday_capacities(np.where(weekdays == 5, 7.0, 8.0), weekdays, 0.9, 8) == {}
    # A quiet route (2 a day, Saturdays 1): 50%, but one visit apart: one limit.
    assert weekday_capacities(np.where(weekdays == 5, 1.0, 2.0), weekdays, 0.9, 2) == {}
    # Twelve Saturdays only (< 13 seen): too few to judge.
    few = np.array([k % 6 for k in range(72)])
    assert weekday_capacities(np.where(few == 5, 4.0, 8.0), few, 0.9, 8) == {}


def test_the_list_holds_four_on_saturday_and_says_why() -> None:
    # Rep P, 月-土, 30 weeks to Sat 12-05: accounts A00 … A15 seen in turn, 8 a day on
    # weekdays and 4 on Saturdays. Each account's usual interval is 2 working days or so,
    # far more falling due than a day holds: every day is full at its own limit.
    days = sorted(
        END - timedelta(days=k) for k in range(30 * 7) if CAL.is_working_day(END - timedelta(k))
    )
    visits: list[tuple[date, str]] = []
    turn = 0
    for d in days:
        for _ in range(4 if d.weekday() == 5 else 8):
            visits.append((d, f"A{turn % 16:02d}"))
            turn += 1
    # An order on the first day and the last: the history starts with the visits (visits
    # before the first order month are no history, core.orders_start).
    history = _history([(days[0], "A00"), (END, "A00")], visits)
    plan = plan_daily(
        history,
        NO_TARGETS,
        calendar=CAL,
        plan_year=2026,
        plan_months=MONTHS,
        as_of=END,
        reps=["P"],
        days=6,
    )
    assert plan.capacity == {"P": 8}
    assert plan.weekday_capacity == {"P": {5: 4}}
    # Mon 12-07 … Sat 12-12: 8, 8, 8, 8, 8 and 4 (all sixteen fall due within two days).
    by_day = plan.days.set_index("date")
    assert by_day["capacity"].tolist() == [8, 8, 8, 8, 8, 4]
    assert by_day["visits"].tolist() == [8, 8, 8, 8, 8, 4]
    said = [str(getattr(c, "value", c)) for row in daily_rows(plan, "ja") for c in row if c]
    assert "1日の訪問上限は曜日の実績から: 土 4件(他の曜日 8件)" in said
    en = [str(getattr(c, "value", c)) for row in daily_rows(plan, "en") for c in row if c]
    assert "Daily visit limit from each weekday's own record: Sat 4 (other days 8)" in en


def test_a_route_of_visit_days_is_said_as_visit_days_and_one_of_orders_as_deliveries() -> None:
    """TUE (visited every Tuesday but 12-01, ordering every Thursday) is on its visit route:
    the list says 「火 訪問日」 and its missed Tuesday 「いつもの訪問日 12/1(火) の記録なし」
    (it said 「火 納品」, a delivery on a day it never orders). THU (orders every Thursday,
    no visits) is on an order-day route, said 「木 納品」 as before; so is TUE in the same
    book without its visit log."""
    tue, thu = _on(1, 26), _on(3, 26)
    orders = [(d, a) for d in thu for a in ("TUE", "THU")]
    history = _history(orders, [(d, "TUE") for d in tue[:-1]])
    wanted = pd.Index(["TUE", "THU"])
    bits, by_visits = route_and_source(history, wanted, END, CAL)
    assert [bits_weekdays(int(b)) for b in bits] == [[1], [3]]
    assert by_visits.tolist() == [True, False]
    _, without = route_and_source(_history(orders, []), wanted, END, CAL)
    assert without.tolist() == [False, False]
    plan = plan_daily(
        history,
        NO_TARGETS,
        calendar=CAL,
        plan_year=2026,
        plan_months=MONTHS,
        as_of=END,
        reps=["P"],
        days=6,
    )
    first = plan.stops[plan.stops["account"] == "TUE"].iloc[0]
    assert tuple(first["reasons"])[:2] == ("route_visit:1", "route_missed")
    said = [str(getattr(c, "value", c)) for row in daily_rows(plan, "ja") for c in row if c]
    assert any(s.startswith("火 訪問日、いつもの訪問日 12/1(火) の記録なし") for s in said)
    assert not any("納品" in s for s in said)
    en = [str(getattr(c, "value", c)) for row in daily_rows(plan, "en") for c in row if c]
    assert any(s.startswith("Tue visit route; no visit on its usual day Tue 12/1") for s in en)
    # An order-day route keeps its delivery words.
    thu_stop = {**first.to_dict(), "reasons": ("route:3", "route_missed")}
    assert stop_reason(thu_stop, "ja").startswith("木 納品、いつもの納品日")
