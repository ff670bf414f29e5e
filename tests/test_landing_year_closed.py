"""A running year closed by working days is no running year (trial 45 H1).

A Jan–Dec company closed on 12/30–31 pastes December's orders (to Tuesday 12/29) and plans
the next year: the year's last working day has passed, so there is nothing left of it to
land. The Plan stopped with 「list index out of range」 (a landing with no month to come,
the calendar-day test having said the year was still running); the plan now reads the
closed year as its baseline, as on 12/31.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from workbook_files import pasted_book

from routekpi.recalc import recalculate

ACCOUNTS = {"A1": 100_000.0, "A2": 60_000.0, "B1": 80_000.0, "B2": 40_000.0}


def _book(path: Path, as_of: date | None) -> Path:
    orders: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-12-01", freq="MS"):
        for account, yen in ACCOUNTS.items():
            day = (m + pd.Timedelta(days=9)).date()
            rep = "Sato" if account.startswith("A") else "Ito"
            orders.append([day, account, rep, yen, 1, None])
    orders.append([date(2026, 12, 29), "A1", "Sato", 5_000.0, 1, None])
    accounts = [
        [a, f"{a}商店", "Sato" if a.startswith("A") else "Ito", date(2020, 1, 1), None, None, None]
        for a in ACCOUNTS
    ]
    holidays = [[date(2026, 12, 30), "年末休業"], [date(2026, 12, 31), "年末休業"]]
    rows = {"Orders": orders, "Accounts": accounts, "Holidays": holidays}
    return pasted_book(path, rows, kgi=3_500_000, plan_year=2027, start_month=1, as_of=as_of)


@pytest.mark.parametrize("as_of", [date(2026, 12, 29), None], ids=["typed", "blank"])
def test_a_year_closed_on_its_last_working_day_is_the_baseline(
    tmp_path: Path, as_of: date | None
) -> None:
    done = recalculate(_book(tmp_path / "book.xlsm", as_of), today=date(2027, 1, 8))
    ev = done.result.evidence
    assert ev.as_of == date(2026, 12, 29)
    assert ev.baseline_months[0] == pd.Period("2026-01", "M")
    assert ev.baseline_months[-1] == pd.Period("2026-12", "M")
    # The baseline is the closed year's revenue: 12 months of 280,000 and the 12/29 order.
    assert ev.base.at["ALL", "revenue"] == pytest.approx(12 * 280_000 + 5_000)
    # No running-year landing on the Plan: that year is the baseline.
    plan = openpyxl.load_workbook(tmp_path / "book.xlsm", read_only=True)["Plan"]
    labels = [str(r[0]) for r in plan.iter_rows(values_only=True) if r and r[0]]
    assert not any("確定月" in label or "残り月の見込み" in label for label in labels)


def test_a_day_before_its_last_working_day_the_year_still_lands(tmp_path: Path) -> None:
    """On 12/28 the running year has a working day to come: the Plan shows its landing."""
    recalculate(_book(tmp_path / "book.xlsm", date(2026, 12, 28)), today=date(2027, 1, 8))
    plan = openpyxl.load_workbook(tmp_path / "book.xlsm", read_only=True)["Plan"]
    labels = [str(r[0]) for r in plan.iter_rows(values_only=True) if r and r[0]]
    assert any("FY2026 実績(確定月)" in label for label in labels)
    assert any("FY2026 残り月の見込み" in label for label in labels)
