"""A customer closed in one calendar month every year (a school in August) is off season on
that month's days (core.daily.closed_months; trial 27 M3: 36 school stops in August).

Rep A, orders and visits every Friday (``orders_as_contacts``: each order day a visit), as of
Fri 2026-07-31 (the two years read: 2024-08-01 … 2026-07-31, Augusts 2024 and 2025 whole):

- SCHOOL: every Friday but none in August, since 2024-01 (July and September ordered).
- REG: every Friday all year.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.compact import compact_history
from routekpi.core.daily import closed_months, off_season, orders_as_contacts
from routekpi.core.flags import account_status
from routekpi.core.history import VISIT_COLUMNS, History
from routekpi.recalc import recalculate
from tests.history_helpers import hand_sample
from tests.test_daily_orders import _accounts, _day, _orders, _weekly_in, week_plan
from tests.test_daily_trial import _write_book
from tests.workbook_files import daily_sheet

AS_OF = date(2026, 7, 31)  # a Friday
AUGUST = int(pd.Period("2026-08", freq="M").ordinal)
ALL_YEAR = tuple(range(1, 13))
NOT_AUGUST = tuple(m for m in ALL_YEAR if m != 8)


def _history(
    days: dict[str, list[date]], extra_visits: list[tuple[date, str]] | None = None
) -> History:
    history = orders_as_contacts(
        History(orders=_orders(days, "A"), accounts=_accounts(list(days), "A"))
    )
    if extra_visits:
        more = pd.DataFrame(
            [(pd.Timestamp(d), "A", a, "visit", None) for d, a in extra_visits],
            columns=list(VISIT_COLUMNS),
        )
        visits = pd.concat([history.visits, more], ignore_index=True)
        history = replace(history, visits=visits.sort_values("date", kind="stable"))
    return history


def _school(first: date = date(2024, 1, 5), last: date = AS_OF) -> dict[str, list[date]]:
    return {
        "SCHOOL": _weekly_in(NOT_AUGUST, first, last),
        "REG": _weekly_in(ALL_YEAR, date(2024, 1, 5), last),
    }


def _visits(plan: object) -> list[tuple[date, str]]:
    stops = plan.stops  # type: ignore[attr-defined]
    stops = stops[stops["kind"] == "visit"]
    return list(zip(stops["date"], stops["account"], strict=True))


def test_a_school_closed_every_august_is_off_the_august_list() -> None:
    # Last visit Fri 07-31, every 7 days: due Fri 08-07. August 2024 and 2025: no order, no
    # visit, orders in the months either side (July 2024 is outside the two years: August
    # 2024 counts with September): closed two years of two. REG is due on 08-07 too.
    plan = week_plan(_history(_school()), AS_OF)
    assert _visits(plan) == [(date(2026, 8, 7), "REG")]
    assert plan.off_season == {"A": 1}  # type: ignore[attr-defined]
    # The old rule (a quiet stretch of three months a year ago) does not see it.
    history = _history(_school())
    status = account_status(history, AS_OF)
    august = [date(2026, 8, 3) + timedelta(days=k) for k in range(5)]
    assert off_season(history, status, august, AS_OF) == set()
    assert closed_months(history, status, august, AS_OF) == {"SCHOOL": frozenset({AUGUST})}


def test_a_list_from_july_into_august_lists_it_in_july_only() -> None:
    # As of Fri 07-24, from Mon 07-27 for 10 working days (to Fri 08-07): SCHOOL last seen
    # 07-24, due Fri 07-31 (listed), then due 08-07, in August: not listed.
    as_of = date(2026, 7, 24)
    plan = week_plan(_history(_school(last=as_of)), as_of, days=10)
    school = [d for d, a in _visits(plan) if a == "SCHOOL"]
    assert school == [date(2026, 7, 31)]
    assert [d for d, a in _visits(plan) if a == "REG"] == [date(2026, 7, 31), date(2026, 8, 7)]
    # Listed in July, so not counted among the accounts left off the list (review27).
    assert plan.off_season == {}  # type: ignore[attr-defined]


def test_a_customer_ordering_every_other_month_is_not_closed_between() -> None:
    # Orders on the first Friday of odd months (2024-01 … 2026-05), the July 2026 order
    # missed: no order in August 2024 or 2025 between July and September, but none in any
    # even month either — a rhythm, not a closed August (review27). It is due in August.
    def first_fridays(months: tuple[int, ...]) -> list[date]:
        out = []
        for y in (2024, 2025, 2026):
            for m in months:
                d = date(y, m, 1) + timedelta(days=(4 - date(y, m, 1).weekday()) % 7)
                if d < date(2026, 7, 1):
                    out.append(d)
        return out

    days = {"BIMONTHLY": first_fridays((1, 3, 5, 7, 9, 11)), **_school()}
    history = _history(days)
    status = account_status(history, AS_OF)
    august = [date(2026, 8, 3) + timedelta(days=k) for k in range(5)]
    assert closed_months(history, status, august, AS_OF) == {"SCHOOL": frozenset({AUGUST})}
    plan = week_plan(history, AS_OF)
    assert "BIMONTHLY" in {a for _, a in _visits(plan)}
    assert plan.off_season == {"A": 1}  # type: ignore[attr-defined]  # SCHOOL only


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        # An order on Fri 2025-08-22: not closed every August.
        ("ordered", "an order in August 2025"),
        # A customer since 2025-04: one past August only (two needed).
        ("new", "one August seen"),
    ],
)
def test_a_month_not_closed_every_year_stays_on_the_list(case: str, reason: str) -> None:
    days = _school(first=date(2025, 4, 3)) if case == "new" else _school()
    if case == "ordered":
        days["SCHOOL"] = sorted([*days["SCHOOL"], date(2025, 8, 22)])
    plan = week_plan(_history(days), AS_OF)
    both = [(date(2026, 8, 7), "REG"), (date(2026, 8, 7), "SCHOOL")]
    assert sorted(_visits(plan)) == both, reason
    assert plan.off_season == {}  # type: ignore[attr-defined]


def test_closed_months_read_the_same_from_the_compact_history() -> None:
    history = _history(_school())
    orders_only = replace(history, visits=history.visits.iloc[:0])
    status = account_status(history, AS_OF)
    august = [date(2026, 8, 3) + timedelta(days=k) for k in range(5)]
    want = {"SCHOOL": frozenset({AUGUST})}
    assert closed_months(orders_only, status, august, AS_OF) == want
    assert closed_months(compact_history(orders_only, AS_OF), status, august, AS_OF) == want
    # A visit in August 2025 without an order opens the month (a customer met was open:
    # review28), read alike from the compact history's visit months.
    visited = _history(_school(), [(date(2025, 8, 22), "SCHOOL")])
    assert closed_months(visited, status, august, AS_OF) == {}
    assert closed_months(compact_history(visited, AS_OF), status, august, AS_OF) == {}


def test_the_daily_sheet_leaves_the_closed_school_off_in_august(tmp_path: Path) -> None:
    """The same accounts in a written workbook (orders only, an empty Visits sheet), AsOf
    2026-07-31, six list days: SCHOOL counted off season on the Daily sheet, never a stop."""
    days = _school()
    sample = hand_sample(_orders(days, "Kato"), _accounts(list(days), "Kato"))
    book = _write_book(tmp_path / "school.xlsm", sample, {"AsOf": AS_OF, "DailyDays": 6})
    recalculate(book)
    rows = daily_sheet(book)
    assert "季節休業中 1件(前年の同じ時期に受注なし。一覧から除外)" in [r[6] for r in rows]
    stops = [(_day(r[1]), r[3]) for r in rows if isinstance(r[2], int)]
    assert (date(2026, 8, 7), "REG") in stops
    assert "SCHOOL" not in {a for _, a in stops}
