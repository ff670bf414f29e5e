"""A leave nobody typed in the backtested year: the orders a colleague booked on the rep's
accounts during it are the rep's realised values, as with a typed leave (trial 52 M10: 小林's
育休 scored as three reps' errors with or without the Leave row). Read by the rule the Checks
use to ask for the row (core.untyped_leave), only for a stretch that began after the plan's
cut: the plan itself is the same as before.

A workbook (fiscal April, AsOf 2026-03-31; FY2025 replanned on its eve 2025-03-31), orders on
the 1st, 11th and 21st of every month, April 2023 – March 2026: A sells a01 … a10 ¥100 each,
B b1 ¥200, D d1 ¥500. A is away 2025-07-01 … 2025-09-30 (no Leave row) and B books a01 … a10
those three months under his own name; A books them before and after.

By hand, FY2025 (12 months × 3 orders): A 10 × 36 × 100 = 36,000, B 36 × 200 = 7,200, D
36 × 500 = 18,000; team 61,200. As booked (before): A 36,000 − 9,000 = 27,000 (B's 90
orders on A's accounts, 10 accounts × 9 days × ¥100), B 7,200 + 9,000 = 16,200.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.backtest_job import run_backtest
from routekpi.messages import text
from tests.workbook_files import pasted_book

AWAY = (pd.Timestamp("2025-07-01"), pd.Timestamp("2025-09-30"))
PRICES = {**{f"a{i:02d}": 100 for i in range(1, 11)}, "b1": 200, "d1": 500}


def _book(path: Path) -> Path:
    orders = []
    for month in pd.date_range("2023-04-01", "2026-03-01", freq="MS"):
        for day in (month, month + pd.Timedelta(days=10), month + pd.Timedelta(days=20)):
            for account, price in PRICES.items():
                rep = account[0].upper()
                if rep == "A" and AWAY[0] <= day <= AWAY[1]:
                    rep = "B"  # the cover books A's customers under his own name
                orders.append([day.date(), account, rep, price, 1, None])
    accounts = [[a, a, a[0].upper(), date(2020, 4, 1), None, None, None] for a in PRICES]
    return pasted_book(
        path,
        {"Orders": orders, "Accounts": accounts},
        kgi=80_000,
        plan_year=2026,
        start_month=4,
        as_of=date(2026, 3, 31),
    )


def test_an_untyped_leaves_cover_orders_are_the_reps_realised(tmp_path: Path) -> None:
    result = run_backtest(_book(tmp_path / "untyped.xlsm"), 2025).result
    rows = result.rows.set_index(["rep", "kpi"])
    revenue = {"A": 36_000.0, "B": 7_200.0, "D": 18_000.0, "ALL": 61_200.0}
    for rep, value in revenue.items():
        assert rows.at[(rep, "revenue"), "realised"] == pytest.approx(value, abs=1e-6)
    assert rows.at[("A", "orders"), "realised"] == pytest.approx(360.0)
    assert rows.at[("B", "orders"), "realised"] == pytest.approx(36.0)
    # Said: the absence read from the orders (first to last cover order), then what moved.
    [read] = [n for n in result.notes if n.code == "backtest_untyped_leave"]
    assert read.params == {
        "holder": "A",
        "cover": "B",
        "first": "2025-07-01",
        "last": "2025-09-21",
        "accounts": "10",
    }
    said = text(read.code, "ja", **read.params)
    assert said.startswith("休暇・不在シートにない A さんの不在(2025-07-01〜2025-09-21")
    [moved] = [n for n in result.notes if n.code == "leave_cover_orders"]
    assert moved.params == {"visitor": "B", "holder": "A", "orders": "90", "revenue": "9,000"}
