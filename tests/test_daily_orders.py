"""The Daily list of a book without visit records (trial 21: the delivery stop is the visit)
and of seasonal accounts (a beer garden is not due in December).

A book of orders only plans from its order days, each a 納品 visit; the list says so in one
line. An account that ordered nothing at this time last year is left out of the list, counted
per rep. Hand-made histories, hand-computed; the book cases write a workbook from the template,
recalculate it (or run ``routekpi daily``) and read the Daily sheet back.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.calendar import BusinessCalendar, fiscal_months
from routekpi.core.daily import off_season, orders_as_contacts, plan_daily
from routekpi.core.flags import account_status
from routekpi.core.history import History
from routekpi.daily_job import print_daily
from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.history_helpers import accounts_frame, hand_sample
from tests.test_daily_trial import _write_book
from tests.workbook_files import daily_sheet

AS_OF = date(2026, 6, 5)  # a Friday, typed: the list starts that day
NO_TARGETS = pd.DataFrame(columns=["period", "rep", "kpi", "target"])


def _every(last: date, days: int, since: date) -> list[date]:
    """``last``, then every ``days`` days back to ``since``."""
    out, day = [], last
    while day >= since:
        out.append(day)
        day -= timedelta(days=days)
    return out


def _weekly_in(months: tuple[int, ...], first: date, last: date) -> list[date]:
    """Every Friday from ``first`` to ``last`` that falls in one of ``months``."""
    day = first + timedelta(days=(4 - first.weekday()) % 7)
    out = []
    while day <= last:
        if day.month in months:
            out.append(day)
        day += timedelta(days=7)
    return out


def _order_days() -> dict[str, list[date]]:
    """One rep's accounts, orders only, to Fri 2026-06-05:

    WEEK: every Friday, the last on 06-05 (usual interval 7 days: due on Fri 06-12).
    TWO: every other Monday, the last on 05-25 (14 days: due on Mon 06-08).
    SKI: every Friday of December, January and February only (two winters): no order a year
      ago from May to July 2025, ordered in three months of the last twelve, none in the last
      30 days — off season in June, though 14 weeks without an order would make it at risk.
    """
    since = date(2024, 6, 1)
    return {
        "WEEK": _every(AS_OF, 7, since),
        "TWO": _every(date(2026, 5, 25), 14, since),
        "SKI": _weekly_in((12, 1, 2), date(2024, 12, 1), AS_OF),
    }


def _accounts(names: list[str], rep: str) -> pd.DataFrame:
    return accounts_frame(names, rep, start="2020-01-06", suffix="酒店")


def _orders(days: dict[str, list[date]], rep: str) -> pd.DataFrame:
    rows = [
        (pd.Timestamp(d), account, rep, 100_000.0, 1.0)
        for account, dates in days.items()
        for d in dates
    ]
    return pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])


@pytest.fixture(scope="module")
def orders_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The accounts of ``_order_days`` in a workbook with an empty Visits sheet, recalculated."""
    days = _order_days()
    sample = hand_sample(_orders(days, "Kato"), _accounts(list(days), "Kato"))
    book = tmp_path_factory.mktemp("orders") / "orders.xlsm"
    _write_book(book, sample, {"AsOf": AS_OF, "DailyDays": 6})
    recalculate(book)
    return book


def _day(value: object) -> object:
    return value.date() if hasattr(value, "date") else value  # type: ignore[union-attr]


def test_an_orders_only_book_plans_from_its_order_days(orders_book: Path) -> None:
    rows = daily_sheet(orders_book)
    # The first row under the headers says the list's days, then that order days were visits.
    assert str(rows[1][0]).endswith("。訪問記録がないため、受注日を納品(訪問)として計画しました")
    # Then how the yen at stake is worked out (render_daily.stake_rule).
    assert str(rows[2][0]).startswith("影響額 = ")
    # SKI (at risk by its 14 weeks without an order) is off season: one line, not a stop.
    assert rows[3][0] == "Kato" and _day(rows[3][1]) == AS_OF
    assert rows[3][6] == "季節休業中 1件(前年の同じ時期に受注なし。一覧から除外)"
    stops = [r for r in rows[4:] if isinstance(r[2], int)]
    # Columns: rep, date, order, account, name, priority, reason, last visit, interval, sales.
    # Kato delivered on Fridays and every other Monday: those are his working weekdays (Tue-Thu
    # never), and the list has nothing on Tue-Thu. TWO is due on Mon 06-08 (05-25 + 14 days),
    # WEEK on Fri 06-12 (06-05 + 7; not on 06-05, delivered that day). Last-12-month sales:
    # TWO 26 × ¥100,000 (05-25 back to 2025-06-09), WEEK 53 (06-05 back to 2025-06-06).
    assert [(_day(r[1]), r[3], _day(r[7]), r[8], r[9]) for r in stops] == [
        (date(2026, 6, 8), "TWO", date(2026, 5, 25), 14, 2_600_000),
        (date(2026, 6, 12), "WEEK", AS_OF, 7, 5_300_000),
    ]
    assert "SKI" not in {r[3] for r in rows}
    # His capacity from his delivery days: the 13 Fridays of last winter carry WEEK and SKI,
    # two deliveries on over a tenth of his ~100 Mondays and Fridays: the 90th percentile is 2.
    day_lines = {_day(r[1]): str(r[6]) for r in rows if r[4] and str(r[4]).startswith("【")}
    assert day_lines[AS_OF].startswith("訪問 0件/上限 2件")
    assert day_lines[date(2026, 6, 8)].startswith("訪問 1件/上限 2件")
    assert day_lines[date(2026, 6, 9)].startswith("休み")


def test_routekpi_daily_says_so_in_its_first_line(
    orders_book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert print_daily(orders_book, rep="Kato", today=AS_OF) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(text("daily.from_orders", "ja"))
    assert text("daily.from_orders", "en") == (
        "No visit records: each order day is taken as a delivery visit"
    )


def _beer_history(last: date) -> History:
    """BEER orders every Friday from May to September (2024, 2025 and up to ``last``), REG
    every Friday all year, both of rep A, orders only (``orders_as_contacts``)."""
    first = date(2024, 1, 5)
    days = {
        "BEER": _weekly_in((5, 6, 7, 8, 9), first, last),
        "REG": _weekly_in(tuple(range(1, 13)), first, last),
    }
    history = History(orders=_orders(days, "A"), accounts=_accounts(list(days), "A"))
    history = orders_as_contacts(history)
    assert history.has_visits and len(history.visits) == sum(len(d) for d in days.values())
    return history


def week_plan(
    history: History,
    as_of: date,
    year: int = 2026,
    *,
    days: int = 5,
    start: date | None = None,
    reps: tuple[str, ...] = ("A",),
    calendar: BusinessCalendar | None = None,
) -> object:
    """The Daily list of a hand-made history for FY``year``, no targets, five stops a day:
    ``days`` working days from ``start`` (default: the Monday after a Friday ``as_of``)."""
    return plan_daily(
        history,
        NO_TARGETS,
        calendar=calendar or BusinessCalendar(),
        plan_year=year,
        plan_months=fiscal_months(year),
        as_of=as_of,
        reps=list(reps),
        days=days,
        capacity=5,
        start=start or as_of + timedelta(days=3),
    )


def test_a_beer_garden_is_off_season_in_december_and_listed_in_june() -> None:
    # December 2025, from Mon 12-08: a year ago (Nov 2024 - Jan 2025) BEER ordered nothing,
    # it ordered before (summer 2024), in five months of the last twelve, and last on 09-26:
    # off season, not listed though 10 weeks without an order make it at risk.
    december = _beer_history(date(2025, 12, 5))
    plan = week_plan(december, date(2025, 12, 5), 2025)
    visits = plan.stops[plan.stops["kind"] == "visit"]  # type: ignore[attr-defined]
    assert set(visits["account"]) == {"REG"}
    assert plan.off_season == {"A": 1}  # type: ignore[attr-defined]
    status = account_status(december, date(2025, 12, 5))
    assert bool(status.loc["BEER", "neglected"])  # what the rule keeps off the list
    # June 2026, from Mon 06-08: a year ago (May - July 2025) it ordered: in season, listed
    # (last order Fri 06-05, every 7 days: due on Fri 06-12, within the five days).
    june = _beer_history(date(2026, 6, 5))
    plan = week_plan(june, date(2026, 6, 5), 2026)
    visits = plan.stops[plan.stops["kind"] == "visit"]  # type: ignore[attr-defined]
    assert set(visits["account"]) == {"BEER", "REG"}
    assert list(visits.loc[visits["account"] == "BEER", "date"]) == [date(2026, 6, 12)]
    assert plan.off_season == {}  # type: ignore[attr-defined]


def test_a_quarterly_or_still_ordering_account_is_not_off_season() -> None:
    # As of Fri 2025-12-05, list days in December: QTR orders in January, April, July and
    # October (a January order a year ago, the month after December: its rhythm, not a
    # season); LATE ordered nothing last winter but ordered on 11-28 (within 30 days).
    first = date(2024, 1, 5)
    days = {
        "QTR": _weekly_in((1, 4, 7, 10), first, date(2025, 12, 5)),
        "LATE": [*_weekly_in((5, 6, 7, 8, 9), first, date(2025, 10, 1)), date(2025, 11, 28)],
    }
    history = orders_as_contacts(
        History(orders=_orders(days, "A"), accounts=_accounts(list(days), "A"))
    )
    status = account_status(history, date(2025, 12, 5))
    december = [date(2025, 12, 8) + timedelta(days=k) for k in range(5)]
    assert off_season(history, status, december, date(2025, 12, 5)) == set()
    # Without the late order LATE is off season (the same rule, the quiet-now clause).
    days["LATE"] = days["LATE"][:-1]
    history = orders_as_contacts(
        History(orders=_orders(days, "A"), accounts=_accounts(list(days), "A"))
    )
    status = account_status(history, date(2025, 12, 5))
    assert off_season(history, status, december, date(2025, 12, 5)) == {"LATE"}
