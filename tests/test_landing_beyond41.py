"""A running year that lands on its KGI is not "beyond the team's record" (trial 41 M2).

A small book, written and read back after a recalculation: three reps, five accounts each,
one slip a month per account (on the month's last weekday), 2023-01 … 2026-11, the as-of
date 2026-11-30 (the last order). From 2025 every slip is ¥10,000: ¥150,000 a month,
¥1,800,000 a year, the baseline. Before, the reps grew in different years (A +11.1% in
2024, B +11.1% in 2025, C +5.3% in 2025), so the team's strong-year line (¥1.83M) lies
below the reps' ceilings together (¥2.0M), and a KGI of ¥1,926,000 (+7%) is reachable but
beyond the record (far beyond: +7% is about four strong years of the line's growth).

- **The running year (PlanYear 2026, 11 of 12 months booked)**: ¥1,650,000 booked,
  December's ¥150,000 to come, a landing of ¥1,800,000 = 93.5% of the KGI, above the pace
  warning (90%): no ``kgi_beyond_record`` flag, and the status and the Plan say the year
  lands at 93.5% of the KGI instead of 「チーム実績を超える」.
- **The same, with the pace warning at 95%**: the landing misses the KGI by more than the
  warning, the record's judgement stands, the flag is raised.
- **The same KGI planned before the year starts** (PlanYear 2027, the same history): the
  record is all there is to judge by, the flag is raised as before.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.recalc import recalculate
from routekpi.schema import FLAGS
from tests.workbook_files import paste, template_book

REPS = ("A", "B", "C")
MONTHS = [pd.Period("2023-01", freq="M") + i for i in range(47)]  # … 2026-11
AS_OF = date(2026, 11, 30)
SLIP = 10_000
YEAR = 12 * 15 * SLIP  # ¥1,800,000: the landing, the baseline and the strong-year line


# Each rep's slip by year (¥10,000 from 2025 for all): the reps' good years differ, so
# their ceilings together lie above the team's strong year, and a KGI between is feasible
# but beyond the record (far beyond: +7% is about four strong years of the line's growth).
SLIPS = {"A": {2023: 9_000, 2024: 10_000}, "B": {2023: 9_000, 2024: 9_000}, "C": {2024: 9_500}}


def _slip(rep: str, month: pd.Period) -> int:
    return SLIPS[rep].get(month.year, SLIP)


def _book(path: Path, kgi: float, plan_year: int, pace_warn: float = 0.9) -> Path:
    rows: list[list[object]] = []
    for month in MONTHS:
        day = month.end_time.date()
        while day.weekday() >= 5:
            day = day.replace(day=day.day - 1)
        for rep in REPS:
            for i in range(5):
                rows.append([day, f"{rep}{i}", rep, _slip(rep, month), 1, f"S{len(rows)}"])
    accounts = [[f"{r}{i}", f"{r}{i}", r, date(2023, 1, 1)] for r in REPS for i in range(5)]
    with template_book(path, kgi=kgi, plan_year=plan_year, start_month=1, as_of=AS_OF) as wb:
        paste(wb, "Orders", rows)
        paste(wb, "Accounts", accounts)
        settings = wb["Settings"]
        for row in settings.iter_rows():
            if str(row[0].value or "").startswith("進捗警告"):
                row[1].value = pace_warn
    recalculate(path)
    return path


def _codes(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    tab = FLAGS.ja if FLAGS.ja in wb.sheetnames else FLAGS.name
    rows = [list(r) for r in wb[tab].iter_rows(values_only=True)]
    code = [str(v) for v in rows[0]].index("コード")
    return [str(r[code]) for r in rows[1:] if len(r) > code and r[code]]


def _cells(path: Path, sheet: str) -> str:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return "\n".join(
        " | ".join(str(v) for v in row if v not in (None, ""))
        for row in wb[sheet].iter_rows(values_only=True)
    )


@pytest.mark.parametrize(
    ("plan_year", "pace_warn", "flagged"),
    [
        (2026, 0.9, False),  # lands at 93.5%, above the 90% warning: the landing answers
        (2026, 0.95, True),  # below the 95% warning: the record's judgement stands
        (2027, 0.9, True),  # before the year: the record's judgement, as before
    ],
)
def test_the_running_year_is_judged_on_its_landing(
    tmp_path: Path, plan_year: int, pace_warn: float, flagged: bool
) -> None:
    book = _book(tmp_path / "book.xlsm", YEAR * 1.07, plan_year, pace_warn)
    codes = _codes(book)
    assert ("kgi_beyond_record" in codes) is flagged, codes
    dashboard, plan = _cells(book, "Dashboard"), _cells(book, "Plan")
    status = next(line for line in dashboard.splitlines() if "チェック" in line and "件" in line)
    if flagged:
        assert "チーム実績を超える" in status
        assert "着地する見込み" not in status
    else:
        # ¥1,800,000 ÷ ¥1,926,000 = 93.46%.
        assert "今年度は KGI の 93.5% に着地する見込み" in status, status
        assert "チーム実績を超える" not in status
        assert "着地 KGI の93.5%" in plan
        assert "¥1,800,000(KGI の 93.5%)" in plan  # the landing, the record's verdict beside
        assert "年度開始前の実績からの判定は「実績を大きく超える」" in plan.replace("\n", "")
