"""The Daily list reads the history from its start (core.orders_start): visits dated before
the first order month are no history, so no rep's capacity or working weekdays come from
them; and the start is read once per History (fix24b).

The history: rep A with eight accounts, all live since 2020. Orders from October 2025 (X):
each account orders on the 5th and 20th. Visits from October 2024 (X − 12): eight a working
day before X (every account every day, an SFA's ride-along period), four a working day from X
on. As of 2026-03-31 the capacity window (the last 365 days) reaches back to April 2025:
read from there, the 90th percentile of his visits a day is 8; from the history's start it is
4, the same as a book whose visits were cut at X."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

import routekpi.core.history as history_module
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.meetings import with_customer_meetings

X = pd.Period("2025-10", freq="M")
AS_OF = date(2026, 3, 31)
ACCOUNTS = [f"A{i}" for i in range(8)]


def _history(visits_from: pd.Period = X - 12) -> History:
    cal = BusinessCalendar()
    orders = [
        (m.start_time + pd.Timedelta(days=d - 1), a, "A", 1000.0, 1.0)
        for m in pd.period_range(X, "2026-03", freq="M")
        for d in (5, 20)
        for a in ACCOUNTS
    ]
    visits = []
    for day in cal.working_days(visits_from.start_time.date(), AS_OF):
        many = pd.Period(day, freq="M") < X
        for i, a in enumerate(ACCOUNTS):
            if many or (i + day.toordinal()) % 2 == 0:
                visits.append((pd.Timestamp(day), "A", a, "visit", None))
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    v = pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"])
    start = pd.Timestamp("2020-01-01")
    a = pd.DataFrame(
        [(x, x, "A", start, pd.NaT) for x in ACCOUNTS],
        columns=["account", "name", "rep", "start", "end"],
    )
    return History(orders=o, visits=v, accounts=a)


def _settings() -> PlanSettings:
    return PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF)


def test_the_rep_capacity_is_read_from_the_history_start() -> None:
    long = _history()
    assert long.first_date() == date(2025, 10, 1)
    capacity = run(long, _settings()).daily.capacity
    assert capacity == {"A": 4}
    # The same as the book whose visits begin with the orders, and from the compact history.
    assert run(_history(visits_from=X), _settings()).daily.capacity == capacity
    assert run(compact_history(long, AS_OF), _settings()).daily.capacity == capacity


def test_the_start_is_read_once_per_history(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    real = history_module.orders_start_of_rows

    def counting(orders: pd.DataFrame, visits: pd.DataFrame) -> object:
        asked.append(len(orders))
        return real(orders, visits)

    monkeypatch.setattr(history_module, "orders_start_of_rows", counting)
    h = _history()
    assert [h.first_date(), h.first_date(), h.orders_start().day] == [date(2025, 10, 1)] * 3
    assert asked == [len(h.orders)]
    # A changed history is another object, read afresh: orders from November on start there.
    later = replace(h, orders=h.orders[h.orders["date"] >= pd.Timestamp("2025-11-01")])
    assert later.first_date() == date(2025, 11, 1)
    assert len(asked) == 2 and h.first_date() == date(2025, 10, 1)
    # Not part of what the history is: no field, nothing in its repr, nothing in its pickle
    # (the UDF model on disk; review26): the copy reads the same start afresh.
    assert "_first_date" not in repr(h) and "_orders_start" not in repr(h)
    copy = pickle.loads(pickle.dumps(h))
    assert not [k for k in copy.__dict__ if k.startswith("_")]
    assert copy.first_date() == date(2025, 10, 1) and len(asked) == 3


def test_the_customer_meetings_are_read_once_and_not_pickled() -> None:
    """A meeting at a held customer is a visit (core.meetings): the history with it is kept
    on the history it came from (the Checks and the engine ask it of the same one), and
    left out of a pickle, which would otherwise hold the visits twice."""
    h = _history()
    meeting = pd.DataFrame(
        {"date": [pd.Timestamp("2026-03-02")], "rep": ["A"], "account": ["A0"]}
    ).assign(kind="meeting", outcome=None)
    h = replace(h, visits=pd.concat([h.visits, meeting], ignore_index=True))
    seen = with_customer_meetings(h)
    assert seen is with_customer_meetings(h) and seen is not h
    assert seen.visits["kind"].iloc[-1] == "visit" and h.visits["kind"].iloc[-1] == "meeting"
    alone = len(pickle.dumps(replace(h)))  # a new object: nothing kept on it
    assert len(pickle.dumps(h)) == alone


def _rhythm_from_sql(history: History) -> pd.Series:
    """Each account's usual visit interval from the shipped SQL (DuckDB over the rows)."""
    from history_helpers import sql_views

    from routekpi.sources.sqltext import facts_from_sql

    con = sql_views(history.orders, history.visits)
    facts = facts_from_sql(lambda sql: con.execute(sql).df(), AS_OF)
    return facts.rhythm.set_index("account")["usual"].sort_index()


def test_the_visit_rhythm_is_read_from_the_history_start() -> None:
    """From X every account is seen on every other day (Mon/Wed/Fri then Tue/Thu: gaps of 2,
    2, 4, 2, 4 days): usual 2 days. The ride-along year before (every working day: gaps of
    1) read 1 day on every path: the rows (the flags' and the Daily's account table), the
    compact history and the SQL."""
    from routekpi.core.flags import account_status

    long, cut = _history(), _history(visits_from=X)
    want = account_status(cut, AS_OF)["usual"].sort_index()
    assert set(want) == {2.0}
    got = account_status(long, AS_OF)["usual"].sort_index()
    pd.testing.assert_series_equal(got, want)
    compact = account_status(compact_history(long, AS_OF), AS_OF)["usual"].sort_index()
    pd.testing.assert_series_equal(compact, want)
    sql = _rhythm_from_sql(long)
    assert sql.to_dict() == want.to_dict()
