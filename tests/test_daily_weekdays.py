"""Route weekdays and short closures on the Daily list (trial 39 H1/H5: a bakery route)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.daily import _schedule
from routekpi.core.flags import Workdays
from routekpi.core.route_days import (
    bits_weekdays,
    closed_days,
    next_route_day,
    route_weekdays,
    weekday_bits,
)
from routekpi.render_daily import stop_reason

CAL = BusinessCalendar(weekdays=frozenset(range(6)))  # 月-土
END = date(2026, 12, 4)  # a Friday


def _n(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def _days(weekdays: set[int], weeks: int, end: date = END, skip: int = 0) -> list[date]:
    """Every day on ``weekdays`` in the ``weeks`` weeks to ``end``, every ``skip``-th left out."""
    out = [end - timedelta(days=k) for k in range(weeks * 7)]
    out = sorted(d for d in out if d.weekday() in weekdays and CAL.is_working_day(d))
    return [d for i, d in enumerate(out) if not skip or i % skip]


def test_route_weekdays_hand_cases() -> None:
    # 0: Mon/Wed/Fri every week for 26 weeks → route 月・水・金.
    # 1: Mondays every other week → seen on ~50% of Mondays (< 60%): no route.
    # 2: Tuesdays, 8 weeks only → 8 contact days (< 12): no route.
    # 3: Mon/Thu and 3 stray Saturdays of ~55: Sat holds < 10% → route 月・木.
    # 4: any day (round robin over six weekdays, once a week) → each weekday ~17% but seen
    #    on ~1/6 of its weeks (< 60%): no route.
    rows: list[tuple[int, date]] = []
    rows += [(0, d) for d in _days({0, 2, 4}, 26)]
    rows += [(1, d) for i, d in enumerate(_days({0}, 26)) if i % 2 == 0]
    rows += [(2, d) for d in _days({1}, 8)]
    rows += [(3, d) for d in _days({0, 3}, 26)] + [(3, d) for d in _days({5}, 26)[:3]]
    rows += [(4, END - timedelta(days=7 * k + k % 6)) for k in range(26)]
    pos = np.array([r[0] for r in rows], dtype=np.int64)
    day = np.array([_n(r[1]) for r in rows], dtype=np.int64)
    bits = route_weekdays(pos, day, 5, END, CAL)
    assert bits_weekdays(int(bits[0])) == [0, 2, 4]
    assert bits[1] == 0 and bits[2] == 0 and bits[4] == 0
    assert bits_weekdays(int(bits[3])) == [0, 3]


def test_next_route_day_skips_holidays() -> None:
    clock = Workdays(CAL, date(2026, 1, 1), date(2027, 12, 31))
    mwf = weekday_bits({0, 2, 4})
    # Friday 12/4 → Monday 12/7; Monday 12/7 → Wednesday 12/9; Wednesday 12/30 → Monday
    # Sat 1/2: Friday 1/1 is a national holiday, and a holiday moves a route day to the next
    # working day (月-土 here), as every deadline.
    got = next_route_day(
        np.array([_n(date(2026, 12, 4)), _n(date(2026, 12, 7)), _n(date(2026, 12, 30))]),
        np.array([mwf, mwf, mwf]),
        clock,
    )
    want = [date(2026, 12, 7), date(2026, 12, 9), date(2027, 1, 2)]
    assert got.astype("datetime64[D]").astype(object).tolist() == want


def test_closed_days_winter_break_read_on_same_dates() -> None:
    # A school delivered Mon–Fri, closed 12/25–1/7 each year, from 2024-01-08 to 2026-12-04.
    first = date(2024, 1, 8)
    days = [
        first + timedelta(days=k)
        for k in range((END - first).days + 1)
        if (first + timedelta(days=k)).weekday() < 5
        and not (
            ((first + timedelta(days=k)).month, (first + timedelta(days=k)).day) >= (12, 25)
            or ((first + timedelta(days=k)).month == 1 and (first + timedelta(days=k)).day <= 7)
        )
    ]
    day = np.array([_n(d) for d in days], dtype=np.int64)
    pos = np.zeros(len(day), dtype=np.int64)
    asked = [date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 7)]
    asked.append(date(2027, 1, 8))
    out = closed_days(pos, day, 1, asked, np.array([1.0]))[:, 0]
    # 12/24: delivered on 12/24/2024 and 12/24/2025 → open. 12/25–1/7: in 2024 and 2025
    # the gap 12/24 → 1/8 (15 days > 10) holds it → closed. 1/8: delivered → open.
    assert out.tolist() == [False, True, True, True, False]


def test_closed_days_needs_every_year_and_a_weekly_rhythm() -> None:
    # Year 1 a 20-day gap over 8/1–8/20, year 2 delivered every weekday: not closed.
    def weekdays(a: date, b: date) -> list[date]:
        return [
            a + timedelta(days=k)
            for k in range((b - a).days + 1)
            if (a + timedelta(k)).weekday() < 5
        ]

    y1 = [
        d
        for d in weekdays(date(2024, 6, 1), date(2025, 6, 1))
        if not date(2024, 8, 1) <= d <= date(2024, 8, 20)
    ]
    y2 = weekdays(date(2025, 6, 2), date(2026, 7, 31))
    day = np.array([_n(d) for d in y1 + y2], dtype=np.int64)
    pos = np.zeros(len(day), dtype=np.int64)
    assert not closed_days(pos, day, 1, [date(2026, 8, 10)], np.array([1.0])).any()
    # A monthly account (order day every 30 days): long gaps every year, no closure read.
    monthly = np.array([_n(date(2023, 1, 5) + timedelta(days=30 * k)) for k in range(44)])
    out = closed_days(
        np.zeros(len(monthly), np.int64), monthly, 1, [date(2026, 8, 10)], np.array([30.0])
    )
    assert not out.any()


def test_closed_days_censored_start_counts_a_customer_before_the_rows() -> None:
    # Rows begin after 2024-08-03 (two years before 2026-08-03); a school closed every August
    # since before: August 2024 counts with the break from the rows' start (to 9/2).
    lo = date(2024, 8, 3)

    def open_day(d: date) -> bool:
        return d.weekday() < 5 and d.month != 8

    days = [lo + timedelta(days=k) for k in range(1, (date(2026, 8, 3) - lo).days + 1)]
    day = np.array([_n(d) for d in days if open_day(d)], dtype=np.int64)
    pos = np.zeros(len(day), dtype=np.int64)
    asked = [date(2026, 8, 4), date(2026, 8, 31)]
    without = closed_days(pos, day, 1, asked, np.array([1.0]))
    assert not without.any()  # one year only (2025)
    began = np.array([float(_n(date(2019, 4, 1)))])
    got = closed_days(pos, day, 1, asked, np.array([1.0]), _n(lo), began)[:, 0]
    assert got.tolist() == [True, True]


def _accounts(route: list[int], last: list[date]) -> pd.DataFrame:
    n = len(route)
    return pd.DataFrame(
        {
            "rep": ["R"] * n,
            "name": [f"A{i}" for i in range(n)],
            "usual": [2.0] * n,
            "last_visit": pd.to_datetime(last),
            "recent": [1_000_000.0 * (n - i) for i in range(n)],
            "prior": [0.0] * n,
            "change": [0.0] * n,
            "neglected": [False] * n,
            "fading": [False] * n,
            "lat": [np.nan] * n,
            "lon": [np.nan] * n,
            "route_days": route,
        },
        index=[f"A{i}" for i in range(n)],
    )


def test_schedule_puts_route_accounts_on_their_weekdays_only() -> None:
    # A0 月・水・金 last seen Fri 12/4; A1 火・木 last seen Tue 12/1 (missed Thu 12/3: overdue);
    # A2 no route, every 2 days, last seen 12/4. List Mon 12/7 – Sat 12/12.
    acc = _accounts(
        [weekday_bits({0, 2, 4}), weekday_bits({1, 3}), 0],
        [date(2026, 12, 4), date(2026, 12, 1), date(2026, 12, 4)],
    )
    horizon = [
        date(2026, 12, 7) + timedelta(days=k)
        for k in range(20)
        if (date(2026, 12, 7) + timedelta(days=k)).weekday() < 6
    ]
    clock = Workdays(CAL, date(2025, 1, 1), date(2027, 12, 31))
    left = dict.fromkeys(("visits", "orders", "revenue", "meetings", "appointment_attempts"), 0.0)
    stops, _ = _schedule(
        "R",
        acc,
        horizon,
        6,
        10,
        left,
        (250, 0),
        (date(2026, 1, 1), date(2026, 12, 31)),
        2.0,
        frozenset(range(6)),
        clock,
        contact=END,
    )
    visits = [s for s in stops if s["kind"] == "visit"]
    on = {(s["account"], s["date"].weekday()) for s in visits}
    assert {w for a, w in on if a == "A0"} == {0, 2, 4}
    assert {w for a, w in on if a == "A1"} == {1, 3}
    first_a1 = min((s for s in visits if s["account"] == "A1"), key=lambda s: s["date"])
    assert first_a1["date"] == date(2026, 12, 8)
    assert first_a1["reasons"][:2] == ("route:13", "route_missed")
    assert first_a1["due"] == date(2026, 12, 3)
    text = stop_reason(first_a1, "ja")
    assert text.startswith("火・木 納品、いつもの納品日 12/3(木) の記録なし")
    a0 = next(s for s in visits if s["account"] == "A0")
    assert stop_reason(a0, "ja").startswith("月・水・金 納品")
    assert a0["reasons"][0] == "route:024"
    # The interval account keeps its interval reasons.
    assert all(
        not r.startswith("route") for s in visits if s["account"] == "A2" for r in s["reasons"]
    )


# --- A bakery route book, written, recalculated and read back --------------------------------

BOOK_AS_OF = date(2026, 11, 28)  # Saturday: the list starts on Mon 11-30 (月-金 calendar)


def _route_orders() -> list[list[object]]:
    """佐藤's four customers, orders 2024-01-08 … 2026-11-27 on working days only:
    MWF Mon/Wed/Fri, TT Tue/Thu, SCH every weekday but 12/25–1/7 (a school canteen), IRR
    every 5th day (no weekday pattern)."""
    cal = BusinessCalendar()
    rows: list[list[object]] = []
    day = date(2024, 1, 8)
    k = 0
    while day <= date(2026, 11, 27):
        if cal.is_working_day(day):
            w = day.weekday()
            if w in (0, 2, 4):
                rows.append([day, "MWF", "佐藤", 30_000, 1, None])
            if w in (1, 3):
                rows.append([day, "TT", "佐藤", 20_000, 1, None])
            md = (day.month, day.day)
            if not (md >= (12, 25) or md <= (1, 7)):
                rows.append([day, "SCH", "佐藤", 10_000, 1, None])
        if k % 5 == 0 and cal.is_working_day(day):
            rows.append([day, "IRR", "佐藤", 5_000, 1, None])
        day += timedelta(days=1)
        k += 1
    return rows


def _route_book(path: Path) -> Path:
    from tests.workbook_files import pasted_book

    accounts = [
        [a, f"{a}店", "佐藤", date(2020, 1, 6), None, None, None]
        for a in ("MWF", "TT", "SCH", "IRR")
    ]
    return pasted_book(
        path,
        {"Orders": _route_orders(), "Accounts": accounts},
        kgi=30_000_000,
        plan_year=2027,
        start_month=1,
        as_of=BOOK_AS_OF,
    )


def test_a_route_book_lists_each_customer_on_its_weekdays(tmp_path: Path) -> None:
    from routekpi.recalc import recalculate
    from tests.workbook_files import daily_sheet

    book = _route_book(tmp_path / "route.xlsm")
    recalculate(book)
    rows = [r for r in daily_sheet(book)[1:] if r[3] in ("MWF", "TT", "SCH", "IRR")]
    stops = [(str(r[1])[:10], r[3], str(r[6])) for r in rows if isinstance(r[2], int)]
    days = {
        a: {date.fromisoformat(d).weekday() for d, x, _ in stops if x == a}
        for a in ("MWF", "TT", "SCH")
    }
    # Ten working days from Mon 11-30: MWF only on Mon/Wed/Fri, TT on Tue/Thu, SCH every day.
    assert days == {"MWF": {0, 2, 4}, "TT": {1, 3}, "SCH": {0, 1, 2, 3, 4}}
    assert (
        len([s for s in stops if s[1] == "MWF"]) == 6
        and len([s for s in stops if s[1] == "SCH"]) == 10
    )
    reasons = {a: r.split("、")[0] for _, a, r in stops}
    assert reasons["MWF"] == "月・水・金 納品"
    assert reasons["TT"] == "火・木 納品"
    assert reasons["SCH"] == "月・火・水・木・金 納品"
    # IRR (every 5th day) keeps the interval rule.
    irr = [r for _, a, r in stops if a == "IRR"]
    assert irr and not any("納品" in r.split("、")[0] for r in irr)


def test_a_route_book_leaves_the_school_off_over_its_winter_break(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from routekpi.daily_job import print_daily

    book = _route_book(tmp_path / "route.xlsm")
    # From Mon 12-21, five working days (12-21 … 12-25): SCH on 12-21 … 12-24 (delivered on
    # those dates in 2024 and 2025), off on 12-25 (no order 12/25–1/7 in either year); MWF on
    # Mon 12-21, Wed 12-23 and Fri 12-25.
    assert print_daily(book, rep="佐藤", start=date(2026, 12, 21), days=5, today=BOOK_AS_OF) == 0
    lines = [x.split("\t") for x in capsys.readouterr().out.splitlines()]
    listed = [(x[1], x[3]) for x in lines if len(x) > 3 and x[2].isdigit()]
    assert sorted(d for d, a in listed if a == "SCH") == [
        "2026-12-21",
        "2026-12-22",
        "2026-12-23",
        "2026-12-24",
    ]
    assert sorted(d for d, a in listed if a == "MWF") == ["2026-12-21", "2026-12-23", "2026-12-25"]


def test_a_book_planned_before_its_visit_log_began_plans_from_the_orders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], recwarn: pytest.WarningsRecorder
) -> None:
    # Trial 39 L2: AsOf 2026-03-20 (Fri), visits typed only from 2026-04-01 on (every order
    # day of MWF and TT a 納品 visit). Before: a raw "divide by zero" warning and every day
    # 「訪問 0件/上限 0件」. Now: the order days are the contacts, as for a book without visits.
    from tests.workbook_files import pasted_book

    orders = [r for r in _route_orders() if r[0] <= date(2026, 11, 27)]
    visits = [[r[0], "佐藤", r[1], "訪問", None] for r in orders if r[0] >= date(2026, 4, 1)]
    accounts = [
        [a, f"{a}店", "佐藤", date(2020, 1, 6), None, None, None]
        for a in ("MWF", "TT", "SCH", "IRR")
    ]
    book = pasted_book(
        tmp_path / "early.xlsm",
        {"Orders": orders, "Visits": visits, "Accounts": accounts},
        kgi=30_000_000,
        plan_year=2026,
        start_month=1,
        as_of=date(2026, 3, 20),
    )
    from routekpi.daily_job import print_daily

    assert (
        print_daily(book, rep="佐藤", start=date(2026, 3, 23), days=3, today=date(2026, 3, 20)) == 0
    )
    out = capsys.readouterr()
    assert "divide by zero" not in out.err
    assert not [w for w in recwarn.list if issubclass(w.category, RuntimeWarning)]
    lines = [x.split("\t") for x in out.out.splitlines()]
    heads = [x[6] for x in lines if len(x) > 6 and x[4].startswith("【")]
    assert heads and not any(h.startswith("訪問 0件/上限 0件") for h in heads)
    # Mon 03-23: MWF due on its Monday; never TT, whose days are Tuesday and Thursday.
    monday = {x[3] for x in lines if len(x) > 3 and x[1] == "2026-03-23" and x[2].isdigit()}
    assert "MWF" in monday and "TT" not in monday
