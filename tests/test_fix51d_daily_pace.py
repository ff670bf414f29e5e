"""The Daily's pace per day (trial 51 M5): what is left as of the data's last day, spread over
the working days left by weight — a half-day Saturday by its day cap ÷ the other days' — each
listed day asking the same of its weight (the days before it taken as on pace, not as selling
nothing: 井上 大樹's ¥474,604 on 12/7 rose to ¥862,916 on 12/17).

A book written, recalculated and read back: one rep, 月-土, visits 8 a weekday and 4 a Saturday
(day caps 8 and 4: Saturday weighs 4/8), one ¥10,000 order a working day, FY = calendar 2026,
AsOf blank (the data end Saturday 12/5, the list runs Mon 12/7 … Sat 12/12). December's working
days from 12/7: 19 weekdays and 3 Saturdays, weight 19 + 3 × 4/8 = 20.5.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl

from routekpi.core.calendar import BusinessCalendar
from routekpi.messages import fmt_num, fmt_yen
from routekpi.render_daily import _day_text

CAL = BusinessCalendar(weekdays=frozenset(range(6)))  # 月-土
LAST = date(2026, 12, 5)  # a Saturday: the data's last day
REP = "佐藤 一郎"
WEIGHT_LEFT = 19 + 3 * 4 / 8  # 12/7 … 12/31: 19 weekdays, 3 Saturdays at 4/8


def _rows() -> tuple[list[list[object]], list[list[object]]]:
    """Orders and Visits from 2025-01-06 to 12/5/2026, on the calendar's working days: 8
    visits a weekday and 4 a Saturday over 16 accounts in turn, one ¥10,000 order a day."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    day, turn, k = date(2025, 1, 6), 0, 0
    while day <= LAST:
        if CAL.is_working_day(day):
            for _ in range(4 if day.weekday() == 5 else 8):
                visits.append([day, REP, f"A{turn % 16:02d}", "訪問", None])
                turn += 1
            orders.append([day, f"A{k % 16:02d}", REP, 10_000, 1, None])
            k += 1
        day += timedelta(days=1)
    return orders, visits


def _book(path: Path) -> tuple[Path, list[list[object]], list[list[object]]]:
    from tests.workbook_files import paste, template_book

    orders, visits = _rows()
    with template_book(path, kgi=3_300_000, plan_year=2026, start_month=1, as_of=None) as wb:
        ws = wb["Settings"]
        ws["B20"] = 6  # 訪問計画の営業日数
        ws["B24"] = "月-土"  # 営業曜日
        paste(wb, "Orders", orders)
        paste(wb, "Visits", visits)
        accounts = [[f"A{k:02d}", f"店{k:02d}", REP, date(2024, 1, 1)] for k in range(16)]
        paste(wb, "Accounts", accounts)
    return path, orders, visits


def _target(path: Path, kpi: str) -> float:
    """The rep's FY2026 target of ``kpi`` as the Targets sheet holds it."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for row in wb["Targets"].iter_rows(min_row=2, values_only=True):
            if row[0] == "FY2026" and row[1] == REP and row[2] == kpi:
                return float(row[5])
    finally:
        wb.close()
    raise AssertionError(f"no FY2026 {kpi} target for {REP}")


def test_each_listed_day_asks_the_same_and_saturday_half(tmp_path: Path) -> None:
    from routekpi.recalc import recalculate
    from tests.workbook_files import daily_sheet

    book, orders, visits = _book(tmp_path / "pace.xlsm")
    recalculate(book)
    # Hand sums of the year to date (the rows typed above, 2026-01-01 … 12/5).
    year = [r for r in orders if r[0] >= date(2026, 1, 1)]
    revenue_done = 10_000 * len(year)
    visits_done = len([r for r in visits if r[0] >= date(2026, 1, 1)])
    revenue_left = _target(book, "revenue") - revenue_done
    visits_left = _target(book, "visits") - visits_done
    assert revenue_left > 0 and visits_left > 0
    weekday_revenue = revenue_left / WEIGHT_LEFT
    weekday_visits = visits_left / WEIGHT_LEFT
    lines = {
        r[1].date(): str(r[6])  # 日付, and the day's line (理由) beside 【12/7(月)】 (顧客名)
        for r in daily_sheet(book)[1:]
        if isinstance(r[4], str) and r[4].startswith("【") and r[1] is not None
    }
    days = [date(2026, 12, d) for d in (7, 8, 9, 10, 11, 12)]
    assert sorted(lines) == days
    said = "1日の訪問上限は曜日の実績から: 土 4件(他の曜日 8件)"
    assert any(said in str(c) for r in daily_sheet(book) for c in r)
    for day in days:
        share = 4 / 8 if day.weekday() == 5 else 1.0
        cap = 4 if day.weekday() == 5 else 8
        assert f"/上限 {cap}件|" in lines[day]
        assert f"必要ペース/日: 訪問 {fmt_num(weekday_visits * share, 1)}・" in lines[day]
        assert lines[day].endswith(f"売上 {fmt_yen(weekday_revenue * share)}")
    # The same number every weekday of the list (before: ÷ 22 days, then ÷ 21, …).
    assert len({lines[d].split("|")[1] for d in days[:5]}) == 1
    # Saturday asks half a weekday (its cap 4 of 8), not a weekday's pace.
    assert fmt_yen(weekday_revenue / 2) in lines[days[5]]


def test_a_visit_pace_over_the_day_cap_says_so() -> None:
    day = {
        "date": date(2026, 12, 7),
        "visits": 27,
        "capacity": 27,
        "pace_visits": 34.5,
        "pace_orders": 17.8,
        "pace_revenue": 508_504.0,
        "distance": float("nan"),
    }
    assert "訪問 34.5(上限超え)・受注 17.8・売上 ¥508,504" in _day_text(day, "ja")
    assert "visits 34.5 (over capacity), orders 17.8" in _day_text(day, "en")
    within = {**day, "pace_visits": 27.0}
    assert "訪問 27.0・受注" in _day_text(within, "ja")
