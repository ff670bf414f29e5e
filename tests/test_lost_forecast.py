"""The year-end forecast expects nothing more of an account known to have ended (trial 31, M2:
Evans' two clinics closed in July and August; the Flags said ¥1.74M of his remaining target must
now come from other accounts while the team's forecast still ran on a pace they had helped).
The one landing leaves a material lost account's orders out of its holder's pace, so its
remaining months are not forecast. A small English workbook written with openpyxl,
recalculated, read back; numbers by hand.

FY2026 (April – March), as of 2026-09-30 (the last record). Adams holds a1 and a2, Baker b1;
each orders ¥1,000 on the 10th and is visited on the 12th of every month from 2025-01
(b1's last order on 2026-09-30: the as-of date). a2 ends
2026-06-30 (Accounts' end date): its last order is June's. Hand: a2 is half of Adams' book
(material: a lost_account flag). The year's forecast is the one landing
(core.landing.year_landing, trial 32 L1): each rep's complete months at their pace (a flat
FY2025: each month 1/12), a2's orders out of Adams' pace. Adams: ¥9,000 actual, pace (9,000 −
3,000) ÷ 6/12 = ¥12,000 a year, October – March ¥6,000: ¥15,000. Baker: ¥6,000 + ¥6,000 =
¥12,000. Team ¥27,000 — a1 and b1 going on at ¥1,000 a month (the rule before, the team's
pace ¥30,000 less a2's October – March a year earlier, ¥6,000, said ¥24,000: a2's three
months of pace were taken off as six).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.recalc import recalculate
from tests.workbook_files import monthly_lines, pasted_book

HOLDER = {"a1": "Adams", "a2": "Adams", "b1": "Baker"}
END = date(2026, 6, 30)


def _amount(account: str, day: pd.Timestamp) -> float | None:
    return None if account == "a2" and day.date() > END else 1_000


def write_book(path: Path) -> Path:
    orders, visits = monthly_lines(
        "2025-01-01", "2026-09-01", HOLDER, lambda a, _d: HOLDER[a], _amount
    )
    for v in visits:
        v[3] = "Visit"
    # The as-of date is the last order's: b1's September order on the 30th completes the month.
    last = next(o for o in orders if o[1] == "b1" and o[0] == date(2026, 9, 10))
    last[0] = date(2026, 9, 30)
    rows = {
        "Orders": orders,
        "Visits": visits,
        "Accounts": [
            [a, a, r, date(2023, 1, 1), END if a == "a2" else None, None, None]
            for a, r in HOLDER.items()
        ],
    }
    return pasted_book(
        path, rows, kgi=36_000, plan_year=2026, start_month=4, as_of=None, language="en"
    )


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("lost_forecast") / "book.xlsm")
    recalculate(path, today=date(2026, 10, 1))
    return path


def _fy_revenue(path: Path) -> dict[str, tuple[float, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [r for r in wb["Attainment"].iter_rows(values_only=True)]
    finally:
        wb.close()
    # Period, Rep, KPI key, KPI, Actual, Target, Attainment, Pace, Forecast, Target to date
    return {
        str(r[1]): (r[4], r[5], r[8], r[9]) for r in rows if r[0] == "FY2026" and r[2] == "revenue"
    }


def test_the_team_forecast_leaves_out_what_the_ended_account_bought_last_year(
    book: Path,
) -> None:
    fy = _fy_revenue(book)
    actual, _target, forecast, _due = fy["ALL"]
    assert actual == 15_000  # a1 6 × 1,000, a2 April – June 3 × 1,000, b1 6 × 1,000
    assert forecast == 27_000


def test_each_rep_lands_on_his_held_books_part_and_they_add_up(book: Path) -> None:
    fy = _fy_revenue(book)
    team_actual, _, team_forecast, _ = fy["ALL"]
    rest = team_forecast - team_actual
    assert fy["Adams"][0] == 9_000 and fy["Baker"][0] == 6_000
    assert rest == 12_000
    assert fy["Adams"][2] == 15_000 and fy["Baker"][2] == 12_000
    assert fy["Adams"][2] + fy["Baker"][2] == pytest.approx(team_forecast, abs=1)
