"""A territory swap between two reps who both stay (trial 42 M3: 14 accounts each way on
2025-04-01 scored 伊藤 ¥82.2M realised against a ¥68.8M target of his old book, inside the
pool): both sides' book rows are listed, not scored, counted in the excluded column, and a
note names them; a move of a few small accounts (under a tenth of either book) is scored.

A workbook (fiscal April, AsOf 2026-03-31, plan year 2026: FY2025 replanned on its eve
2025-03-31), one order a month on the 10th, April 2023 – March 2026: A sells a1 ¥100 and
a2 ¥300, B b1 ¥200 and b2 ¥400, D d1 ¥500. From October 2025 (month 7 of FY2025) B serves
a2 and A b2, and the Accounts sheet (today's) says so.

By hand, FY2025 (April 2025 – March 2026), each month under its holder:
- realised: A 12 × 100 + 6 × 300 + 6 × 400 = 5,400; B 12 × 200 + 6 × 400 + 6 × 300 = 6,600;
  D 6,000; the team 18,000 (the KGI);
- no change (booked on the eve): A 12 × 400 = 4,800, B 12 × 600 = 7,200, D 6,000; the team
  18,000, so g = 1 and uniform = no change;
- moved after the swap: b2 6 × 400 = 2,400 (A's, no target of his), a2 6 × 300 = 1,800
  (B's); A's share (2,400 + 1,800) ÷ (5,400 + 1,800) = 58%, B's (1,800 + 2,400) ÷ (6,600 +
  2,400) = 47%: both a tenth or more. D alone is scored: every method's error 0 for him.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.backtest_job import run_backtest, sheet_rows
from routekpi.messages import text
from tests.workbook_files import pasted_book

SWAP = pd.Timestamp("2025-10-01")


def _book(path: Path, prices: dict[str, int], moved: dict[str, str]) -> Path:
    orders = []
    for month in pd.date_range("2023-04-01", "2026-03-01", freq="MS"):
        for account, price in prices.items():
            rep = moved[account] if account in moved and month >= SWAP else account[0].upper()
            orders.append([(month + pd.Timedelta(days=9)).date(), account, rep, price, 1, None])
    accounts = [
        [a, a, moved.get(a, a[0].upper()), date(2020, 4, 1), None, None, None] for a in prices
    ]
    return pasted_book(
        path,
        {"Orders": orders, "Accounts": accounts},
        kgi=20_000,
        plan_year=2026,
        start_month=4,
        as_of=date(2026, 3, 31),
    )


def test_both_sides_of_a_swap_are_left_out_and_counted(tmp_path: Path) -> None:
    prices = {"a1": 100, "a2": 300, "b1": 200, "b2": 400, "d1": 500}
    result = run_backtest(
        _book(tmp_path / "swap.xlsm", prices, {"a2": "B", "b2": "A"}), 2025
    ).result
    rows = result.rows.set_index(["rep", "kpi"])
    realised = {"A": 5_400.0, "B": 6_600.0, "D": 6_000.0, "ALL": 18_000.0}
    booked = {"A": 4_800.0, "B": 7_200.0, "D": 6_000.0, "ALL": 18_000.0}
    for rep, value in realised.items():
        assert rows.at[(rep, "revenue"), "realised"] == pytest.approx(value, abs=1e-6)
        assert rows.at[(rep, "revenue"), "no_change"] == pytest.approx(booked[rep], abs=1e-6)
        assert rows.at[(rep, "revenue"), "uniform"] == pytest.approx(booked[rep], rel=1e-9)
    for key in ["revenue", *result.levers]:
        assert rows.at[("A", key), "status"] == rows.at[("B", key), "status"] == "book_changed"
        assert rows.at[("D", key), "status"] == "ok"
    revenue = result.summary.set_index("kpi").loc["revenue"]
    assert (revenue["n"], revenue["n_changed"]) == (1, 2)
    assert revenue["mdape_no_change"] == pytest.approx(0.0, abs=1e-12)
    assert revenue["mdape_uniform"] == pytest.approx(0.0, abs=1e-9)
    [note] = [n for n in result.notes if n.code == "backtest_moved_excluded"]
    assert note.params == {"reps": "A, B"}
    assert "担当替え" in text(note.code, "ja", **note.params)
    sheet = sheet_rows(result, "ja")
    cells = {row[1] for row in sheet if len(row) > 1}
    assert {"A(担当替え・採点外)", "B(担当替え・採点外)", "D"} <= cells
    # The excluded column that counts them (revenue's 2) says so in its header: not only
    # leavers and their takers (「退職・引継ぎ」), a swap between reps who stay too.
    header = "除外 実績0/目標なし/退職・担当替え"
    assert header in {getattr(c, "value", c) for row in sheet for c in row}
    assert "除外の「退職・担当替え」" in text(note.code, "ja", **note.params)
    assert "left or book changed" in text(note.code, "en", **note.params)


def test_a_small_move_under_a_tenth_of_either_book_is_scored(tmp_path: Path) -> None:
    # a3 ¥10 moves from A to B in October: 6 × 10 = 60 after the move. A: 60 ÷ (realised
    # 12 × 400 + 6 × 10 = 4,860, plus the 60 given) = 1.2%; B: 60 ÷ 7,260 = 0.8%.
    prices = {"a1": 100, "a2": 300, "a3": 10, "b1": 200, "b2": 400, "d1": 500}
    result = run_backtest(_book(tmp_path / "small.xlsm", prices, {"a3": "B"}), 2025).result
    rows = result.rows.set_index(["rep", "kpi"])
    assert rows.at[("A", "revenue"), "realised"] == pytest.approx(4_860.0, abs=1e-6)
    assert rows.at[("B", "revenue"), "realised"] == pytest.approx(7_260.0, abs=1e-6)
    assert {rows.at[(r, "revenue"), "status"] for r in "ABD"} == {"ok"}
    assert not [n for n in result.notes if n.code == "backtest_moved_excluded"]


def test_a_giver_to_a_hire_without_a_plan_is_left_out(tmp_path: Path) -> None:
    """Trial 51 M2: a July hire took a third of 森's book and 森 was 「最も外れた」 (−28.3%).
    Here a2 ¥300 goes from A to N, a hire with no line before the year (no plan), in October:
    A's realised 12 × 100 + 6 × 300 = 3,000 against a target of his whole book (12 × 400 =
    4,800); the moved sales 6 × 300 = 1,800 are 1,800 ÷ (3,000 + 1,800) = 37.5% of his:
    left out as in a swap. B and D are scored; N has no row to leave out."""
    prices = {"a1": 100, "a2": 300, "b1": 200, "d1": 500}
    result = run_backtest(_book(tmp_path / "hire.xlsm", prices, {"a2": "N"}), 2025).result
    rows = result.rows.set_index(["rep", "kpi"])
    assert rows.at[("A", "revenue"), "realised"] == pytest.approx(3_000.0, abs=1e-6)
    assert rows.at[("A", "revenue"), "no_change"] == pytest.approx(4_800.0, abs=1e-6)
    for key in ["revenue", *result.levers]:
        assert rows.at[("A", key), "status"] == "book_changed"
        assert rows.at[("B", key), "status"] == rows.at[("D", key), "status"] == "ok"
    assert "N" not in set(rows.index.get_level_values("rep"))
    revenue = result.summary.set_index("kpi").loc["revenue"]
    assert (revenue["n"], revenue["n_changed"]) == (2, 1)
    [note] = [n for n in result.notes if n.code == "backtest_moved_excluded"]
    assert note.params == {"reps": "A"}
