"""The Review's retention of a rep without a plan is annualised over the working days gone,
as the Attainment's row for him (core.engine ``elapsed_months``), and the Dashboard labels
the team's churn 年換算 as the Attainment does.

test_transfer's book as of Thu 2026-10-15, with eight more accounts (¥10 a month) that,
like s2, pass from 佐藤 to 松本 (no plan) on 2026-07-01; s2 ends on 2026-09-20. 松本 holds
10 accounts from July and loses one in September. October 2026 has 21 working days (the
12th is 体育の日), 10 of them gone by the 15th: the year so far is 3 + 10/21 months, so his
churn is 1/10 × 12 ÷ (73/21) = 34.52% and his retention 65.48% — not 1 − 1/10 × 12 ÷ 4 =
70.0%, the months present, which the Review said while the Attainment said 65.48%.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.recalc import recalculate
from tests.test_transfer import MONTHLY, SHEET_REP, _rep_then
from tests.workbook_files import monthly_lines, pasted_book

END = date(2026, 9, 20)
MORE = {f"m{i}": 10 for i in range(8)}


def _book(path: Path) -> Path:
    orders, visits = monthly_lines(
        "2025-01-01",
        "2026-12-01",
        {**MONTHLY, **MORE},
        lambda a, day: _rep_then("s2" if a.startswith("m") else a, day),
    )
    orders = [r for r in orders if not (r[1] == "s2" and r[0] > END)]
    visits = [r for r in visits if not (r[1] == "s2" and r[0] > END)]
    sheet = {**SHEET_REP, **dict.fromkeys(MORE, "松本")}
    accounts = [
        [a, a, r, date(2024, 1, 1), END if a == "s2" else None, None, None]
        for a, r in sheet.items()
    ]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path,
        rows,
        kgi=12_600,
        plan_year=2026,
        start_month=1,
        as_of=date(2026, 10, 15),
        language="en",
    )


def test_the_reviews_churn_is_annualised_as_the_attainments(tmp_path: Path) -> None:
    book = _book(tmp_path / "book.xlsm")
    review = recalculate(book).result.review
    mine = review[(review["rep"] == "松本") & (review["kpi"] == "retention_rate")]
    expected = 1 - 0.1 * 12 / (3 + 10 / 21)
    assert float(mine["actual_ytd"].iloc[0]) == pytest.approx(expected, rel=1e-9)
    wb = openpyxl.load_workbook(book, read_only=True)
    fy = {
        (r[1], r[2]): r
        for r in wb["Attainment"].iter_rows(min_row=2, values_only=True)
        if r[0] == "FY2026"
    }
    assert fy[("松本", "retention_rate")][4] == pytest.approx(expected, rel=1e-9)
    assert fy[("松本", "churn_rate")][4] == pytest.approx(1 - expected, rel=1e-9)
    # The Dashboard's team KPI table says it is a year's rate, as the Attainment's label.
    labels = {
        c for row in wb["Dashboard"].iter_rows(values_only=True) for c in row if isinstance(c, str)
    }
    assert "Churn rate (lower = better) (annualised)" in labels
    assert fy[("ALL", "churn_rate")][3] == "Churn rate (annualised)"
    assert not pd.isna(fy[("ALL", "churn_rate")][4])
