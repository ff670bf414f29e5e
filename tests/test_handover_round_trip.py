"""An account handed to a colleague and back (A → B → A, trial 51 H5: 山崎 → 池田 2025-07 →
山崎 2026-04): B's months go with the account to A, as A's go to B in A → B
(core.handover.filled_gaps; the history sources read the same in SQL).

The book (plan year 2026 from April, as of 2025-06-30: baseline 2024-07 – 2025-06), one
order a month on the 10th, April 2024 – June 2025:
- a1 ¥100: A to September 2024, B October 2024 – February 2025, A again from March 2025.
- a2 ¥50 and c1 ¥30: A's throughout; B's one order on c1 on 2024-11-20 (¥7) is a ride-along
  while A kept ordering there every month: no pause of A's, it stays B's.
- b1 ¥200: B's throughout.

By hand, the baseline: A a1 12 × 100 + a2 12 × 50 + c1 12 × 30 = 2,160 (before: B's five
a1 months stayed B's, 7 × 100 + 600 + 360 = 1,660); B b1 12 × 200 + 7 = 2,407 (before
2,907). The Plan lists the handover back: A ← B, 1 account, since 2025-03-10.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from routekpi.contract import RawSheet
from routekpi.core.compact import compact_history
from routekpi.core.engine import run
from routekpi.core.handover import accounts_on
from routekpi.core.history import ACCOUNT_COLUMNS, History, PlanSettings
from routekpi.sources import SourceRef, external_history
from tests.test_handover import _monthly, _orders
from tests.test_sources import _workbook_data

T = pd.Timestamp
AS_OF = date(2025, 6, 30)


def _history() -> History:
    rows = [
        *_monthly("a1", "A", "2024-04-01", "2024-09-30", 100.0),
        *_monthly("a1", "B", "2024-10-01", "2025-02-28", 100.0),
        *_monthly("a1", "A", "2025-03-01", "2025-06-30", 100.0),
        *_monthly("a2", "A", "2024-04-01", "2025-06-30", 50.0),
        *_monthly("c1", "A", "2024-04-01", "2025-06-30", 30.0),
        ("2024-11-20", "c1", "B", 7.0),
        *_monthly("b1", "B", "2024-04-01", "2025-06-30", 200.0),
    ]
    accounts = pd.DataFrame(
        {
            "account": ["a1", "a2", "b1", "c1"],
            "name": None,
            "rep": ["A", "A", "B", "A"],
            "start": T("2020-01-01"),
            "end": pd.NaT,
        }
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    return History(orders=_orders(rows), accounts=accounts)


def test_a_round_trip_gives_the_colleagues_months_back_to_the_holder() -> None:
    result = run(_history(), PlanSettings(kgi=5000.0, plan_year=2026, as_of=AS_OF))
    base = result.evidence.base
    assert base.at["A", "revenue"] == 12 * 100 + 12 * 50 + 12 * 30  # 2,160
    assert base.at["B", "revenue"] == 12 * 200 + 7  # the ride-along stays his
    handed = result.history.handover
    assert handed is not None
    assert handed.transfers == (("A", "B", 1),)
    assert handed.received == (("A", "B", 1, date(2025, 3, 10)),)
    # B's a1 lines before A came back are A's now, B's ride-along on c1 is not.
    orders = result.history.orders
    b_lines = orders[orders["rep"] == "B"]
    assert sorted(set(b_lines["account"])) == ["b1", "c1"]
    assert handed.received_lines == (("a1", "B", "A", date(2025, 3, 10)),)


def test_the_sources_read_the_same_round_trip(tmp_path: Path) -> None:
    """The same rows from a CSV file, through DuckDB (sources/handover.py)."""
    history = _history()
    path = tmp_path / "orders.csv"
    orders = history.orders.assign(date=history.orders["date"].dt.date)
    orders[["date", "account", "rep", "amount", "quantity"]].to_csv(path, index=False)
    rows: list[list[object]] = [["account", "rep", "start", "end"]]
    for r in history.accounts.itertuples(index=False):
        rows.append([r.account, r.rep, r.start.date(), None])
    ext = external_history(
        _workbook_data({"Accounts": RawSheet(name="Accounts", rows=rows)}),
        {"Orders": SourceRef("Orders", str(path))},
        today=date(2026, 12, 1),
    )
    got = ext.inputs(AS_OF).history.handover
    want = compact_history(history, AS_OF).handover
    assert got is not None and got == want
    assert got.received == (("A", "B", 1, date(2025, 3, 10)),)


def test_a_round_trip_still_open_at_the_planning_moment_is_the_colleagues_then() -> None:
    """Planned for FY2025 (April 2025 – March 2026) on its eve, reviewed on 30 June: a1 went
    A → B in October 2024 and back to A in May 2025 (the Accounts sheet says A). At the
    planning moment A had been away from it for more than GONE_DAYS while B served it: it
    was B's then, with its history (A's six months too, as in any A → B), and was taken over
    by A during the year, its target moving from May (core.carry).

    By hand, the baseline (April 2024 – March 2025): A a2 12 × 50 + c1 12 × 30 = 960; B b1
    12 × 200 + a1 12 × 100 + the ride-along 7 = 3,607 (before: A 6 × 100 + 960 = 1,560, B
    2,400 + 6 × 100 + 7 = 3,007, a1's months split between two books)."""
    rows = [
        *_monthly("a1", "A", "2024-04-01", "2024-09-30", 100.0),
        *_monthly("a1", "B", "2024-10-01", "2025-04-30", 100.0),
        *_monthly("a1", "A", "2025-05-01", "2025-06-30", 100.0),
        *_monthly("a2", "A", "2024-04-01", "2025-06-30", 50.0),
        *_monthly("c1", "A", "2024-04-01", "2025-06-30", 30.0),
        ("2024-11-20", "c1", "B", 7.0),
        *_monthly("b1", "B", "2024-04-01", "2025-06-30", 200.0),
    ]
    history = replace(_history(), orders=_orders(rows))
    result = run(history, PlanSettings(kgi=5000.0, plan_year=2025, as_of=AS_OF))
    base = result.evidence.base
    assert base.at["A", "revenue"] == 12 * 50 + 12 * 30
    assert base.at["B", "revenue"] == 12 * 200 + 12 * 100 + 7
    handed = result.history.handover
    assert handed is not None
    assert handed.taken_over == (("a1", "A", "B", date(2025, 5, 10)),)
    assert handed.later == (("A", "B", 1),)
    assert [(c.giver, c.taker, c.since, c.accounts) for c in result.carries] == [
        ("B", "A", "2025-05", 1)
    ]


def _first_month_history() -> History:
    """a1: A April – September 2024, B October 2024 – March 2025, A again from 10 April 2025,
    the plan year's first month; the rest as ``_history``."""
    rows = [
        *_monthly("a1", "A", "2024-04-01", "2024-09-30", 100.0),
        *_monthly("a1", "B", "2024-10-01", "2025-03-31", 100.0),
        *_monthly("a1", "A", "2025-04-01", "2025-06-30", 100.0),
        *_monthly("a2", "A", "2024-04-01", "2025-06-30", 50.0),
        *_monthly("c1", "A", "2024-04-01", "2025-06-30", 30.0),
        ("2024-11-20", "c1", "B", 7.0),
        *_monthly("b1", "B", "2024-04-01", "2025-06-30", 200.0),
    ]
    return replace(_history(), orders=_orders(rows))


def test_a_round_trip_back_in_the_years_first_month_gives_the_months_back() -> None:
    """Planned for FY2025 (April 2025 – March 2026), reviewed on 30 June: a1 went A → B in
    October 2024 and back to A on 10 April 2025, the year's first month (the start-of-year
    rule: A's at the planning moment, core.handover.year_start_handovers). As any round trip,
    B's six months are A's history up to the day A came back.

    By hand, the baseline (April 2024 – March 2025): A a1 12 × 100 + a2 12 × 50 + c1 12 × 30
    = 2,160; B b1 12 × 200 + the ride-along 7 = 2,407 (before: B's a1 months stayed B's, A
    6 × 100 + 960 = 1,560, B 2,400 + 600 + 7 = 3,007)."""
    result = run(_first_month_history(), PlanSettings(kgi=5000.0, plan_year=2025, as_of=AS_OF))
    base = result.evidence.base
    assert base.at["A", "revenue"] == 12 * 100 + 12 * 50 + 12 * 30
    assert base.at["B", "revenue"] == 12 * 200 + 7
    handed = result.history.handover
    assert handed is not None
    assert handed.taken_over == () and handed.later == ()  # A's from the year's start
    assert handed.received == (("A", "B", 1, date(2025, 4, 10)),)
    assert handed.received_lines == (("a1", "B", "A", date(2025, 4, 10)),)
    orders = result.history.orders
    assert sorted(set(orders.loc[orders["rep"] == "B", "account"])) == ["b1", "c1"]
    assert not result.carries  # nothing moves during the year: A holds it from its start


def test_the_sources_read_the_same_first_month_round_trip(tmp_path: Path) -> None:
    """The same rows from a CSV file, through DuckDB (sources/handover.py)."""
    history = _first_month_history()
    path = tmp_path / "orders.csv"
    orders = history.orders.assign(date=history.orders["date"].dt.date)
    orders[["date", "account", "rep", "amount", "quantity"]].to_csv(path, index=False)
    rows: list[list[object]] = [["account", "rep", "start", "end"]]
    for r in history.accounts.itertuples(index=False):
        rows.append([r.account, r.rep, r.start.date(), None])
    ext = external_history(
        _workbook_data({"Accounts": RawSheet(name="Accounts", rows=rows)}),
        {"Orders": SourceRef("Orders", str(path))},
        today=date(2026, 12, 1),
    )
    day, start = date(2025, 3, 31), date(2025, 4, 1)
    got = ext.inputs(AS_OF, 4, day, start).history.handover
    want = compact_history(history, AS_OF, handover_by=day, year_start=start).handover
    assert got is not None and got == want
    assert got.received == (("A", "B", 1, date(2025, 4, 10)),)


def test_a_backtest_reads_a_round_trip_open_on_its_day_as_the_colleagues() -> None:
    """A backtest planning on 31 March 2025 with today's Accounts sheet (a1 under A): a1
    went A → B in October 2024 and back to A in May 2025, so on that day it was B's — A had
    been away from it for six months while B served it (core.handover.accounts_on, the
    engine's ``paused_at`` rule). Planned on 30 September 2025 it is A's again, and a2 and
    c1 (B's ride-along) are A's on both days."""
    rows = [
        *_monthly("a1", "A", "2024-04-01", "2024-09-30", 100.0),
        *_monthly("a1", "B", "2024-10-01", "2025-04-30", 100.0),
        *_monthly("a1", "A", "2025-05-01", "2025-10-31", 100.0),
        *_monthly("a2", "A", "2024-04-01", "2025-10-31", 50.0),
        *_monthly("c1", "A", "2024-04-01", "2025-10-31", 30.0),
        ("2024-11-20", "c1", "B", 7.0),
        *_monthly("b1", "B", "2024-04-01", "2025-10-31", 200.0),
    ]
    history = replace(_history(), orders=_orders(rows))

    def reps_on(day: date) -> dict[str, str]:
        acc = accounts_on(history, day)
        return dict(zip(acc["account"].astype(str), acc["rep"].astype(str), strict=True))

    assert reps_on(date(2025, 3, 31)) == {"a1": "B", "a2": "A", "b1": "B", "c1": "A"}
    assert reps_on(date(2025, 9, 30)) == {"a1": "A", "a2": "A", "b1": "B", "c1": "A"}
    # Under GONE_DAYS away is no round trip (a cover): on 20 October 2024, 10 days
    # after B's first line, A's last was 40 days before.
    assert reps_on(date(2024, 10, 20))["a1"] == "A"
    # A on leave through the pause (the Leave sheet): B covered, a1 stayed A's.
    leave = pd.DataFrame({"rep": ["A"], "start": [T("2024-10-01")], "end": [T("2025-04-30")]})
    history = replace(history, leave=leave)
    assert reps_on(date(2025, 3, 31))["a1"] == "A"
