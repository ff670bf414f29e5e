"""A leave in the low season with a cover (trial 50 H5): one rule, not both.

佐藤 was away June–August on a kerosene route (the three quietest months) and 伊藤 drove his
round. The cover's visits were counted as his *and* his leave months were dropped with the
other nine carried flat (× 12/9) to a year: his visit base 4,643 where his customers had
4,161. Now a month mostly on leave is left out with its cover visits, and the months he
worked are carried to a year by the team's visit season (core.at_work.visit_season).

The book (hand-built, FY2025 planned on 2025-03-31, baseline 2024-04 … 2025-03): reps A, B and
C hold 10 accounts each; every account orders once a month (¥100) and is visited ``SEASON[m]``
times in month m: 3 in Dec–Feb, 1 in Jun–Aug, 2 otherwise (24 a year, 2 a month on average).
A is on leave 2024-06-01 … 2024-08-31; B makes A's visits then (one a month to each of A's
accounts), and nobody else's.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routekpi.core.at_work import visit_season
from routekpi.core.calendar import BusinessCalendar, leave_spans
from routekpi.core.engine import Result, run
from routekpi.core.history import History, PlanSettings

MONTHS = pd.period_range("2024-04", periods=12, freq="M")
# Visits per account in each month, April first.
SEASON = [2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 2]
LEAVE = ("A", "2024-06-01", "2024-08-31")
AWAY = {pd.Period("2024-06", "M"), pd.Period("2024-07", "M"), pd.Period("2024-08", "M")}


def _book(leave: bool) -> History:
    """The book above; ``leave``: with A's Leave row."""
    orders, visits, accounts = [], [], []
    for rep in ("A", "B", "C"):
        names = [f"{rep}{i:02d}" for i in range(10)]
        accounts += [(n, n, rep, pd.Timestamp("2020-01-01"), pd.NaT) for n in names]
        for m, month in enumerate(MONTHS):
            for name in names:
                orders.append((month.start_time + pd.Timedelta(days=9), name, rep, 100.0, 1.0))
                # A's accounts in his leave months are visited by B (the cover).
                who = "B" if rep == "A" and month in AWAY else rep
                for k in range(SEASON[m]):
                    day = month.start_time + pd.Timedelta(days=9 + k)
                    visits.append((day, who, name, "visit", None))
    frame = pd.DataFrame(
        [(r, pd.Timestamp(a), pd.Timestamp(b), "") for r, a, b in [LEAVE] if leave],
        columns=["rep", "start", "end", "reason"],
    )
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
        leave=frame,
    )


def _plan(history: History) -> Result:
    return run(history, PlanSettings(kgi=3_780.0 * 10, plan_year=2025, as_of=date(2025, 3, 31)))


@pytest.fixture(scope="module")
def plans() -> tuple[Result, Result]:
    return _plan(_book(False)), _plan(_book(True))


def test_the_months_he_worked_are_carried_by_the_season_not_flat(
    plans: tuple[Result, Result],
) -> None:
    """A's customers had 10 × 24 = 240 visits: 210 of his own in the nine months he worked
    and 30 of B's cover. Flat, 210 ÷ 90 account-months × 120 would read 280 (+16.7%). By the
    season (B's and C's rates, 1 … 3 over a mean of 2): his nine months hold 21 of the
    year's 24 visits per account, 210 ÷ (10 × 21 ÷ 2) = 2.0 visits a month, 240 a year,
    orders per visit 120 ÷ 240 = 0.5. B keeps his own 240 (the cover's 30 are not his)."""
    _, with_leave = plans
    base = with_leave.evidence.base
    assert base.at["A", "visits"] == pytest.approx(240.0)
    assert base.at["A", "visits_per_account"] == pytest.approx(2.0)
    assert base.at["A", "orders_per_visit"] == pytest.approx(0.5)
    assert base.at["B", "visits"] == pytest.approx(240.0)
    assert base.at["B", "visits_per_account"] == pytest.approx(2.0)
    assert base.at["ALL", "visits"] == pytest.approx(720.0)
    notes = {n.code: dict(n.params) for n in with_leave.notes}
    # Jun–Aug 2024: 20 + 23 + 22 weekdays less 7/15 and 8/12 (Marine Day, Mountain Day's
    # substitute): 63 working days; the nine months hold 21 of 24 = 87.5% of the visits.
    assert notes["leave_at_work_season"] == {"rep": "A", "days": 63, "months": 3, "share": "87.5%"}
    assert notes["leave_cover_visits_apart"] == {"visitor": "B", "holder": "A", "visits": 30}
    assert "leave_cover_visits" not in notes


def test_without_the_leave_row_the_cover_is_the_covers(plans: tuple[Result, Result]) -> None:
    """Without the Leave row nothing moves: A's visits are his own 210, B's 270 (his 240 and
    the 30 he made on A's accounts), and no season is read."""
    without, _ = plans
    base = without.evidence.base
    assert base.at["A", "visits"] == pytest.approx(210.0)
    assert base.at["B", "visits"] == pytest.approx(270.0)
    assert "leave_at_work_season" not in {n.code for n in without.notes}


def test_the_season_is_read_from_the_reps_at_work_every_month() -> None:
    """visit_season: B's and C's visits per account over their mean (A is away three months
    and left out); flat when only a rep with leave is there to read it from."""
    facts = pd.DataFrame(
        [
            (rep, m, 10.0 * SEASON[i] if not (rep == "A" and m in AWAY) else 0.0, 10.0)
            for rep in ("A", "B", "C")
            for i, m in enumerate(MONTHS)
        ],
        columns=["rep", "month", "visits", "active_accounts"],
    ).set_index(["rep", "month"])
    leave = pd.DataFrame(
        [(LEAVE[0], pd.Timestamp(LEAVE[1]), pd.Timestamp(LEAVE[2]), "")],
        columns=["rep", "start", "end", "reason"],
    )
    calendar = BusinessCalendar(leave=leave_spans(leave))
    months = list(MONTHS)
    season = visit_season(facts, calendar, months, "ALL")
    assert [season[m] for m in months] == pytest.approx([s / 2 for s in SEASON])
    alone = visit_season(facts.loc[["A"]], calendar, months, "ALL")
    assert set(alone.values()) == {1.0}
