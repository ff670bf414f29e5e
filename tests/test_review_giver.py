"""The running year's Review separates the part of a rep's gap that is the accounts he handed
over from his own (trial 29 M6: 佐藤's −¥9.26M put on his active accounts and 「鈴木さんの
やり方を共有」, ¥3.99M of it 8 accounts handed to the newcomer 伊藤), and the team's count
rows count the reps with targets only (new accounts 21/16 = 131% with the newcomer's, 12/16
= 75% without).

The book (FY2026 = calendar 2026, as of 2026-10-31; one order a month on the 10th, one
visit on the 12th, from January 2024): A holds a1 ¥300 and a2 ¥300 (a2 ¥150 from January
2026: his own price fall), B b1 ¥50 and b2 ¥200, C c1 ¥400. B opens b3 on 2025-03-01 and
b4 on 2026-03-01 (¥100 a month). From 2026-07-01 a1 goes to a newcomer N (no plan), who
opens n1 on 2026-08-01 (¥100 a month).

By hand, A sold a1 6 × 300 + a2 10 × 150 = ¥3,300 to date: ¥1,800 on a1 while he held it
(a1 was half his baseline, 3,600 of 7,200: half his target is its part, the handover's
gap) and ¥1,500 on the book he kept, against the other half (his own gap). The two gaps add
up to his, and his finding names his own.
Team new accounts this year: b4 (B's) counted, n1 (N's, no target) not: 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.recalc import recalculate

sys.path.insert(0, str(Path(__file__).parent))
from test_handover_both_ways import AS_OF, A
from workbook_files import monthly_lines, pasted_book

N = "新人"
MOVE = pd.Timestamp("2026-07-01")
STARTS = {"b3": pd.Timestamp("2025-03-01"), "b4": pd.Timestamp("2026-03-01"), "n1": MOVE}
STARTS["n1"] = pd.Timestamp("2026-08-01")


def _amount(account: str, day: pd.Timestamp) -> float:
    if account in STARTS and day < STARTS[account]:
        return 0.0
    if account == "a2" and day >= pd.Timestamp("2026-01-01"):
        return 150.0
    return {"a1": 300, "a2": 300, "b1": 50, "b2": 200, "c1": 400}.get(account, 100.0)


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if account == "n1" or (day >= MOVE and account == "a1"):
        return N
    return {"a": A, "b": "山田", "c": "渡辺"}[account[0]]


ACCOUNTS = ("a1", "a2", "b1", "b2", "b3", "b4", "c1", "n1")


def write_book(path: Path) -> Path:
    orders, visits = monthly_lines("2024-01-01", "2026-10-01", ACCOUNTS, _rep_then, _amount)
    accounts = [
        [a, a, _rep_then(a, pd.Timestamp(AS_OF)), start.date(), None, None, None]
        for a in ACCOUNTS
        if (start := STARTS.get(a, pd.Timestamp("2023-01-01"))) is not None
    ]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    kgi = 12 * (300 + 300 + 50 + 200 + 400) + 10 * 100  # 2025: b3 from March
    return pasted_book(path, rows, kgi=kgi, plan_year=2026, start_month=1, as_of=AS_OF)


def test_the_handover_part_of_a_givers_gap_is_told_apart(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book.xlsm")
    recalculate(book)
    rows = list(openpyxl.load_workbook(book, data_only=True)["Review"].iter_rows(values_only=True))
    head = [str(h) for h in rows[0]]
    rep, key, comment = head.index("担当者"), head.index("KPIキー"), head.index("所見")
    target, actual = head.index("目標"), head.index("実績")
    his = {r[key]: r for r in rows[1:] if r[rep] == A and r[key]}
    # Sold by hand: ¥3,300 in all, ¥1,800 on a1 while he held it, ¥1,500 on the book he kept.
    assert round(his["revenue"][actual]) == 3300
    assert round(his["moved_accounts"][actual]) == 1800
    assert round(his["revenue_kept"][actual]) == 1500
    gap = 3300 - his["revenue"][target]
    own = 1500 - his["revenue_kept"][target]
    handover = 1800 - his["moved_accounts"][target]
    assert abs(gap - own - handover) < 1  # the two parts add up to his gap
    at = next(i for i, r in enumerate(rows) if r[rep] == A and r[key] == "revenue")
    said = str(rows[at][comment]).replace(" ", "")
    for r in rows[at + 1 :]:
        if r[key]:
            break
        said += str(r[comment] or "").replace(" ", "")
    assert said.startswith(f"期初来の差−¥{-gap:,.0f}。引継ぎ分を除く差−¥{-own:,.0f}の主因は"), said
    team = {r[key]: r for r in rows[1:] if r[rep] == "ALL" and r[key]}
    assert team["new_accounts"][actual] == 1  # b4; n1 is the newcomer's, with no target
