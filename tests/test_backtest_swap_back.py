"""Trial 48 M3: routes swapped back inside the backtested year (2026-04-01 青木↔石田, each
taking again the route he held two years before) read 0 in 「除外 …退職・担当替え」: the
Accounts sheet, exported after the swap, names the holder of today, who had lines on those
accounts long before, so the handover's reading saw no move in the year, and both reps were
scored on a year of the other's book (石田's 稼働顧客数: target 167.8, actual 203.2). The
order lines themselves show who held each account on the planning day and at the year's end
(``backtest.moves_by_lines``); a move between two planned reps is left out as a swap is.

A workbook (fiscal April, AsOf 2026-03-31, plan year 2026: FY2025 replanned on its eve
2025-03-31), one order a month on the 10th, April 2023 – March 2026: A sells a1 ¥100 and a2
¥300, B b1 ¥200 and b2 ¥400, D d1 ¥500. From April 2024 B serves a2 and A b2; from October
2025 (month 7 of FY2025) they are back with A and B, and the Accounts sheet says so.

By hand, FY2025 (April 2025 – March 2026), each line under the rep who served it (the other
rep's lines on a2 and b2 come after the holder's first, 2023-04: they stay his):
- realised: A 12 × 100 + 6 × 400 (b2, Apr–Sep) + 6 × 300 (a2, Oct–Mar) = 5,400; B 12 × 200 +
  6 × 300 + 6 × 400 = 6,600; D 12 × 500 = 6,000; the team 18,000;
- moved after the swap back: a2 6 × 300 = 1,800 (A's), b2 6 × 400 = 2,400 (B's); A's share
  (1,800 + 2,400) ÷ (5,400 + 2,400) = 54%, B's (2,400 + 1,800) ÷ (6,600 + 1,800) = 50%: both
  a tenth or more, both left out; D alone is scored.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pandas as pd
import pytest

from routekpi.backtest_job import run_backtest
from routekpi.core.backtest import moves_by_lines
from routekpi.core.history import History
from tests.workbook_files import pasted_book

AWAY, BACK = pd.Timestamp("2024-04-01"), pd.Timestamp("2025-10-01")


def _rep(account: str, month: pd.Timestamp) -> str:
    own = account[0].upper()
    if account in ("a2", "b2") and AWAY <= month < BACK:
        return {"A": "B", "B": "A"}[own]
    return own


def _book(path: Path) -> Path:
    prices = {"a1": 100, "a2": 300, "b1": 200, "b2": 400, "d1": 500}
    orders = [
        [(month + pd.Timedelta(days=9)).date(), a, _rep(a, month), price, 1, None]
        for month in pd.date_range("2023-04-01", "2026-03-01", freq="MS")
        for a, price in prices.items()
    ]
    accounts = [[a, a, a[0].upper(), date(2020, 4, 1), None, None, None] for a in prices]
    return pasted_book(
        path,
        {"Orders": orders, "Accounts": accounts},
        kgi=20_000,
        plan_year=2026,
        start_month=4,
        as_of=date(2026, 3, 31),
    )


def test_a_swap_back_inside_the_year_is_left_out_and_counted(tmp_path: Path) -> None:
    result = run_backtest(_book(tmp_path / "back.xlsm"), 2025).result
    rows = result.rows.set_index(["rep", "kpi"])
    realised = {"A": 5_400.0, "B": 6_600.0, "D": 6_000.0, "ALL": 18_000.0}
    for rep, value in realised.items():
        assert rows.at[(rep, "revenue"), "realised"] == pytest.approx(value, abs=1e-6)
    for key in ["revenue", *result.levers]:
        assert rows.at[("A", key), "status"] == rows.at[("B", key), "status"] == "book_changed"
        assert rows.at[("D", key), "status"] == "ok"
    revenue = result.summary.set_index("kpi").loc["revenue"]
    assert (revenue["n"], revenue["n_changed"]) == (1, 2)
    [note] = [n for n in result.notes if n.code == "backtest_moved_excluded"]
    assert note.params == {"reps": "A, B"}


def test_the_holder_is_the_rep_with_most_lines_over_the_90_days() -> None:
    """x: A delivers on 3 days of the 90 before 2025-03-31 and B covers once (holder A); over
    the 90 days to 2026-03-31 B delivers 3 times and A covers once (holder B). y: C's alone
    both times. z: only ordered in the year (no holder on the planning day)."""
    days = {
        ("x", "A"): ["2025-01-10", "2025-02-10", "2025-03-10", "2026-02-20"],
        ("x", "B"): ["2025-02-20", "2026-01-10", "2026-02-10", "2026-03-10"],
        ("y", "C"): ["2025-03-01", "2026-03-01"],
        ("z", "C"): ["2026-03-02"],
    }
    orders = pd.DataFrame(
        [(pd.Timestamp(d), a, r) for (a, r), ds in days.items() for d in ds],
        columns=["date", "account", "rep"],
    )
    history = cast(History, SimpleNamespace(orders=orders))
    months = [pd.Period("2025-04", freq="M") + i for i in range(12)]
    assert moves_by_lines(history, months, date(2025, 3, 31)) == {"x": ("B", "A")}
