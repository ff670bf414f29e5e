"""A handover whose targets cannot follow the accounts (core.carry: the taker has no plan):
the Review and the Flags agree that the shortfall is the handover's, and the rep's copy
does not tell him to edit the manager's Targets sheet. A workbook written with openpyxl,
recalculated and read back; numbers by hand.

The book (FY2026 = calendar 2026, as of 2026-10-31; one order a month on the 10th, one visit
on the 12th, from January 2024): A holds a1 ¥300 and a2 ¥300, B b1 ¥50 and b2 ¥200, C c1
¥400. From 2026-07-01 A's a1 and a2 go to a newcomer N (no history before the plan year: no
plan, so no target moves to him) and A opens a new account a3 (¥100 a month from July).
KGI ¥15,000 = the 2025 baseline: A's target ¥600 a month, ¥6,000 to date.

By hand: A sold 6 × 600 + 4 × 100 = 4,000 of 6,000 to date, 66.7% as booked (below
PaceCritical 75%). He handed his whole baseline over: judged on January – June, 3,600 /
3,600 = 100%. The Flags make his behind-pace an info naming the handover; the Review names
no lever for him (nothing to coach, nobody to learn from) and says the handover on his
revenue row.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.book_change import CAUSE_KEY
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.share.job import share

sys.path.insert(0, str(Path(__file__).parent))
from test_handover_both_ways import AS_OF, KGI, NAMES, A
from workbook_files import monthly_lines, pasted_book

N = "新人"
MOVE = pd.Timestamp("2026-07-01")
MONTHLY = {"a1": 300, "a2": 300, "a3": 100, "b1": 50, "b2": 200, "c1": 400}


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if day >= MOVE and account in ("a1", "a2"):
        return N
    return {"a": A, "b": "山田", "c": "渡辺"}[account[0]]


def write_book(path: Path, language: str) -> Path:
    def amount(account: str, day: pd.Timestamp) -> float | None:
        """a3: a new account from the move."""
        return None if account == "a3" and day < MOVE else MONTHLY[account]

    orders, visits = monthly_lines("2024-01-01", "2026-12-01", MONTHLY, _rep_then, amount)
    names = {**NAMES, "a3": "新町書店"}
    accounts: list[list[object]] = []
    for a in MONTHLY:
        start = date(2026, 7, 1) if a == "a3" else date(2023, 1, 1)
        accounts.append([a, names[a], _rep_then(a, pd.Timestamp(AS_OF)), start, None, None, None])
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=KGI, plan_year=2026, start_month=1, as_of=AS_OF, language=language
    )


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("newcomer") / "book.xlsm", "ja")
    recalculate(path)
    return path


def test_the_review_does_not_coach_a_rep_behind_only_for_the_handover(book: Path) -> None:
    (result, _checks, _, _), _ = compute_file(book)
    assert not result.carries  # N has no plan: nothing to move the targets to
    flags = result.flags
    mine = flags[(flags["rep"] == A) & (flags["code"] == "behind_pace")]
    assert next(zip(mine["kpi"], mine["severity"], strict=True)) == ("revenue", "info")
    p = mine.iloc[0]["params"]
    assert p["pace"] == pytest.approx(4000 / 6000) and p["own"] == pytest.approx(1.0)
    review = result.review
    his = review[review["rep"] == A]
    assert not his["main"].astype(bool).any()
    revenue = his[his["kpi"] == "revenue"].iloc[0]
    assert revenue["contribution"] == pytest.approx(4000 - 6000)
    cause = revenue["detail"][CAUSE_KEY]
    assert (cause["handover"], cause["given"], cause["taken"]) == ("2026-07-10", 2, 0)
    assert (cause["basis"], cause["own"]) == ("before", pytest.approx(1.0))
    assert cause["months"] == ["2026-01", "2026-06"]


def test_the_reps_copy_has_no_manager_action(book: Path, tmp_path: Path) -> None:
    manager = text("action.behind_pace_handover", "ja")
    for_rep = text("action.behind_pace_handover_rep", "ja")
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    master = "".join(str(r[7] or "") for r in wb["Flags"].iter_rows(values_only=True) if r[3] == A)
    assert manager in master  # the manager's book: he may move the targets
    share(book, tmp_path / "out", per_rep=True)
    copy = next((tmp_path / "out").glob(f"*_{A}.xlsx"))
    said = "".join(
        str(v)
        for ws in openpyxl.load_workbook(copy, read_only=True).worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    assert for_rep in said and manager not in said
    assert "目標上書きシート(Overrides)" not in said


def test_the_review_sheet_says_the_handover(book: Path) -> None:
    """His revenue row's finding names the handover and the months he is judged on; no row
    of his tells him to learn a lever from a colleague."""
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    rows = list(wb["Review"].iter_rows(values_only=True))
    head = [str(h) for h in rows[0]]
    rep, key, comment = head.index("担当者"), head.index("KPIキー"), head.index("所見")
    his = [r for r in rows[1:] if r[rep] == A]
    at = next(i for i, r in enumerate(his) if r[key] == "revenue")
    lines = [his[at]]
    for r in his[at + 1 :]:  # the finding's continuation lines (no KPI key of their own)
        if r[key]:
            break
        lines.append(r)
    said = "".join(str(r[comment] or "") for r in lines).replace(" ", "")
    assert said.startswith("期初来の差−¥2,000は2026-07-10の担当替え(渡した顧客2件)によるもので")
    assert "担当替え前(2026-01–2026-06)の達成率100.0%" in said
    assert not any("共有してもらいましょう" in str(r[comment] or "") for r in his)
