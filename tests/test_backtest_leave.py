"""A typed leave in the backtested year: the orders a colleague booked on the leave-taker's
accounts during it are the leave-taker's realised values, as the engine counts them (trial 52
M10: 小林's 育休 2025-07 … 2025-12 scored as three reps' errors, 小林 ¥192.8M realised
against ¥360.8M, his covers 松本 ¥521.6M and 井上 ¥507.7M, the excluded column 0 / 0 / 0).

A workbook (fiscal April, AsOf 2026-03-31, plan year 2026: FY2025 replanned on its eve
2025-03-31), one order a month on the 10th, April 2023 – March 2026: A sells a1 ¥100 and
a2 ¥300, B b1 ¥200, D d1 ¥500. A is on leave 2025-07-01 … 2025-09-30 (the Leave sheet) and
B books a1 and a2 those three months under his own name.

By hand, FY2025 (April 2025 – March 2026):
- with the leave typed: A 12 × (100 + 300) = 4,800 (24 orders), B 12 × 200 = 2,400
  (12 orders), D 12 × 500 = 6,000; the team 13,200;
- as the lines are booked (what the backtest read before): A 9 × 400 = 3,600, B 2,400 +
  3 × 400 = 3,600.

With ``handed``: D also sells d2 ¥1,000 a month until December 2025; it came to A in January
2026 and today's Accounts sheet names A (trial 52: two of 中村's accounts, on the master under
小林 after his 育休, moved ¥13.3M of 中村's orders to 小林). D held d2 when A's leave began: his
July – September orders on it stay his. By hand: A 4,800 + 3 × 1,000 (Jan – Mar) = 7,800, D
6,000 + 9 × 1,000 = 15,000; by today's sheet (before): A 10,800, D 12,000, and the note said D's
3 orders ¥3,000 were A's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.backtest_job import run_backtest
from routekpi.messages import text
from tests.workbook_files import pasted_book

LEAVE = (pd.Timestamp("2025-07-01"), pd.Timestamp("2025-09-30"))
PRICES = {"a1": 100, "a2": 300, "b1": 200, "d1": 500}


def _book(path: Path, handed: bool = False) -> Path:
    orders = []
    prices = {**PRICES, "d2": 1_000} if handed else PRICES
    for month in pd.date_range("2023-04-01", "2026-03-01", freq="MS"):
        day = month + pd.Timedelta(days=9)
        for account, price in prices.items():
            rep = account[0].upper()
            if rep == "A" and LEAVE[0] <= day <= LEAVE[1]:
                rep = "B"  # the cover books A's customers under his own name
            if account == "d2" and day >= pd.Timestamp("2026-01-01"):
                rep = "A"  # handed to A after his leave
            orders.append([day.date(), account, rep, price, 1, None])
    sheet = {a: "A" if a == "d2" else a[0].upper() for a in prices}  # today's master
    accounts = [[a, a, r, date(2020, 4, 1), None, None, None] for a, r in sheet.items()]
    return pasted_book(
        path,
        {
            "Orders": orders,
            "Accounts": accounts,
            "Leave": [["A", LEAVE[0].date(), LEAVE[1].date(), "育休"]],
        },
        kgi=20_000,
        plan_year=2026,
        start_month=4,
        as_of=date(2026, 3, 31),
    )


def test_the_covers_orders_on_a_leave_takers_accounts_are_his_realised(tmp_path: Path) -> None:
    result = run_backtest(_book(tmp_path / "leave.xlsm"), 2025).result
    rows = result.rows.set_index(["rep", "kpi"])
    revenue = {"A": 4_800.0, "B": 2_400.0, "D": 6_000.0, "ALL": 13_200.0}
    orders = {"A": 24.0, "B": 12.0, "D": 12.0}
    for rep, value in revenue.items():
        assert rows.at[(rep, "revenue"), "realised"] == pytest.approx(value, abs=1e-6)
    for rep, value in orders.items():
        assert rows.at[(rep, "orders"), "realised"] == pytest.approx(value, abs=1e-6)
    assert result.realised_revenue == pytest.approx(13_200.0, abs=1e-6)
    # Nobody's book changed hands: every rep is scored, none excluded.
    assert {rows.at[(r, "revenue"), "status"] for r in "ABD"} == {"ok"}
    assert result.summary.set_index("kpi").at["revenue", "n_changed"] == 0
    # A note says what moved in the compared months: B's 6 orders ¥1,200 on A's accounts.
    [note] = [n for n in result.notes if n.code == "leave_cover_orders"]
    assert note.params == {"visitor": "B", "holder": "A", "orders": "6", "revenue": "1,200"}
    assert "B さんが代行した受注 6 件 ¥1,200 は A さんの実績" in text(
        note.code, "ja", **note.params
    )


def test_an_account_handed_to_him_after_his_leave_keeps_its_holders_orders(
    tmp_path: Path,
) -> None:
    result = run_backtest(_book(tmp_path / "handed.xlsm", handed=True), 2025).result
    rows = result.rows.set_index(["rep", "kpi"])
    revenue = {"A": 7_800.0, "B": 2_400.0, "D": 15_000.0, "ALL": 25_200.0}
    for rep, value in revenue.items():
        assert rows.at[(rep, "revenue"), "realised"] == pytest.approx(value, abs=1e-6)
    # Only B's cover moved: nothing of D's.
    [note] = [n for n in result.notes if n.code == "leave_cover_orders"]
    assert note.params == {"visitor": "B", "holder": "A", "orders": "6", "revenue": "1,200"}
