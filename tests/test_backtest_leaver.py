"""A rep who leaves during the backtested year is measured on the months he held his accounts,
the colleagues who took them over on theirs from the handover (trial 29 M1: handed over as
of the year's last day, 高橋's whole year went to 佐藤 and 鈴木 and he was scored against
¥19,590, one account that had ended in May and was never moved). No target covers those
spans (every method's is a year of the rep's own book), so the leaver's rows and the takers'
book rows are listed but left out of the scores, counted as excluded (trial 41 H1: 田中's
Jan–Sep ¥61.0M against a year's ¥99.2M, an error of 62.6% in the pool).

A workbook (fiscal April, AsOf 2026-03-31, plan year 2026: its planning moment moved back
is FY2025's eve), one order a month on the 10th, April 2023 – March 2026:
A sells a1 ¥100, B b1 ¥200; C sells c1 ¥300 and c2 ¥400 until December 2025, then leaves:
from January 2026 A serves c1 and B c2, and the Accounts sheet (today's) says so. C's c3
¥50 ended on 2025-05-31 and is still his on the sheet.

By hand, FY2025 (April 2025 – March 2026):
- realised: A 12 × 100 + 3 × 300 = 2,100; B 12 × 200 + 3 × 400 = 3,600;
  C 9 × (300 + 400) + 2 × 50 = 6,400; the team 12,100 (the KGI);
- no change (last year as booked, each book as held on the eve, 2025-03-31): A 1,200,
  B 2,400, C 12 × (300 + 400 + 50) = 9,000; the team 12,600;
- uniform: booked × g, g = 12,100 ÷ 12,600.
Before: A 1,200 + 12 × 300 = 4,800, B 2,400 + 12 × 400 = 7,200, C 100 (c3's two months).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.backtest_job import run_backtest, sheet_rows
from routekpi.messages import text
from tests.workbook_files import pasted_book

PRICES = {"a1": 100, "b1": 200, "c1": 300, "c2": 400, "c3": 50}
TAKER = {"c1": "A", "c2": "B"}


def _rep(account: str, month: pd.Timestamp, taker: dict[str, str]) -> str:
    if account in taker and month >= pd.Timestamp("2026-01-01"):
        return taker[account]
    return account[0].upper()


def _book(path: Path, prices: dict[str, int] = PRICES, taker: dict[str, str] = TAKER) -> Path:
    orders = []
    for month in pd.date_range("2023-04-01", "2026-03-01", freq="MS"):
        for account, price in prices.items():
            if account == "c3" and month > pd.Timestamp("2025-05-01"):
                continue  # ended on 2025-05-31
            day = (month + pd.Timedelta(days=9)).date()
            orders.append([day, account, _rep(account, month, taker), price, 1, None])
    sheet_rep = {a: taker.get(a, a[0].upper()) for a in prices}
    accounts = [
        [a, a, r, date(2020, 4, 1), date(2025, 5, 31) if a == "c3" else None, None, None]
        for a, r in sheet_rep.items()
    ]
    rows = {"Orders": orders, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=10_000, plan_year=2026, start_month=4, as_of=date(2026, 3, 31)
    )


def test_a_rep_who_left_is_measured_on_his_months_and_his_takers_on_theirs(tmp_path: Path) -> None:
    run = run_backtest(_book(tmp_path / "leaver.xlsm"), 2025)
    result = run.result
    assert result.plan_as_of == date(2025, 3, 31)
    rows = result.rows[result.rows["kpi"] == "revenue"].set_index("rep")
    realised = {"A": 2_100.0, "B": 3_600.0, "C": 6_400.0, "ALL": 12_100.0}
    booked = {"A": 1_200.0, "B": 2_400.0, "C": 9_000.0, "ALL": 12_600.0}
    g = 12_100 / 12_600
    for rep, value in realised.items():
        assert rows.at[rep, "realised"] == pytest.approx(value, abs=1e-6)
        assert rows.at[rep, "no_change"] == pytest.approx(booked[rep], abs=1e-6)
        assert rows.at[rep, "uniform"] == pytest.approx(booked[rep] * g, rel=1e-9)
    assert result.kgi == pytest.approx(12_100.0, abs=1e-6)
    # C's 6,400 is 9 months, every target a year of his book (no change 9,000: an error of
    # 2,600 ÷ 6,400 that is no error of any method); A's and B's realised hold c1 and c2
    # from January, no target does: all three listed, none scored.
    assert rows.at["C", "ape_no_change"] == pytest.approx(2_600 / 6_400, rel=1e-9)
    assert rows.loc[["C", "A", "B"], "status"].tolist() == ["rep_left", "took_over", "took_over"]
    revenue = result.summary.set_index("kpi").loc["revenue"]
    assert (revenue["n"], revenue["n_changed"]) == (0, 3)
    # The notes name him (and his last order) and his takers.
    [note] = [n for n in result.notes if n.code == "backtest_reps_left_excluded"]
    assert note.params == {"reps": "C (2025-12-10)"}
    assert text(note.code, "ja", **note.params).startswith(
        "年度の途中で退職・異動した担当者は採点から外しました"
        "(除外の「退職・担当替え」): C (2025-12-10)。"
    )
    [takers] = [n for n in result.notes if n.code == "backtest_takers_excluded"]
    assert takers.params == {"reps": "A, B"}
    # Active accounts (the months' mean book, counted at each month's end): C held c1 and
    # c2 at the end of April – December, and c3 at April's (it ended in May).
    accounts = result.rows[result.rows["kpi"] == "active_accounts"].set_index("rep")
    assert accounts.at["C", "realised"] == pytest.approx((9 * 2 + 1) / 12, abs=1e-9)
    assert accounts.at["A", "realised"] == pytest.approx((12 + 3) / 12, abs=1e-9)


def test_the_leaver_and_his_taker_are_left_out_of_the_scores_the_others_scored(
    tmp_path: Path,
) -> None:
    """C leaves after December (month 9 of FY2025) and A takes both his accounts; B and D
    keep their books. By hand, FY2025:
    - realised: A 12 × 100 + 3 × (300 + 400) = 3,300; B 2,400; C 9 × 700 + 2 × 50 = 6,400;
      D 12 × 500 = 6,000; the team 18,100 (the KGI);
    - no change (booked on the eve): A 1,200, B 2,400, C 9,000, D 6,000; the team 18,600;
    - uniform: booked × g, g = 18,100 ÷ 18,600: B's and D's error 1 − g = 500 ÷ 18,600.
    Only B and D are scored on revenue: uniform MdAPE 500 ÷ 18,600, no change 0; A's and C's
    rows counted as excluded. A's new accounts (his own prospecting) stay his: realised 0.
    """
    prices = {**PRICES, "d1": 500}
    run = run_backtest(_book(tmp_path / "one_taker.xlsm", prices, {"c1": "A", "c2": "A"}), 2025)
    result = run.result
    rows = result.rows.set_index(["rep", "kpi"])
    realised = {"A": 3_300.0, "B": 2_400.0, "C": 6_400.0, "D": 6_000.0}
    booked = {"A": 1_200.0, "B": 2_400.0, "C": 9_000.0, "D": 6_000.0}
    g = 18_100 / 18_600
    for rep, value in realised.items():
        assert rows.at[(rep, "revenue"), "realised"] == pytest.approx(value, abs=1e-6)
        assert rows.at[(rep, "revenue"), "no_change"] == pytest.approx(booked[rep], abs=1e-6)
        assert rows.at[(rep, "revenue"), "uniform"] == pytest.approx(booked[rep] * g, rel=1e-9)
    book_keys = ["revenue", *result.levers]
    for key in book_keys:
        assert rows.at[("C", key), "status"] == "rep_left"
        assert rows.at[("A", key), "status"] == "took_over"
        assert rows.at[("B", key), "status"] == rows.at[("D", key), "status"] == "ok"
    # The pipeline is the taker's own: scored as anyone's (A won nothing: realised 0).
    assert rows.at[("A", "new_accounts"), "status"] == "realised_zero"
    assert rows.at[("C", "new_accounts"), "status"] == "rep_left"
    summary = result.summary.set_index("kpi")
    revenue = summary.loc["revenue"]
    assert (revenue["n"], revenue["n_zero"], revenue["n_missing"], revenue["n_changed"]) == (
        2,
        0,
        0,
        2,
    )
    assert revenue["mdape_uniform"] == pytest.approx(500 / 18_600, rel=1e-9)
    assert revenue["mdape_no_change"] == pytest.approx(0.0, abs=1e-12)
    scored = [abs(rows.at[(r, "revenue"), "routekpi"] / realised[r] - 1) for r in ("B", "D")]
    assert revenue["mdape_routekpi"] == pytest.approx(sum(scored) / 2, rel=1e-9)
    pooled = summary.loc["pooled"]
    assert (pooled["n"], pooled["n_changed"]) == (2 * len(book_keys), 2 * len(book_keys))
    # The Backtest sheet's rep cells say which rows are not scored.
    cells = {row[1] for row in sheet_rows(result, "ja") if len(row) > 1}
    assert {"C(退職・採点外)", "A(引継ぎ・採点外)", "B", "D"} <= cells
    assert "A" in cells  # his new accounts: his own prospecting, not marked
    assert [n.params["reps"] for n in result.notes if n.code == "backtest_takers_excluded"] == ["A"]
