"""A leaver's lost account is judged against a real book (core.lost ``rep_book``, trial 29
L1). A workbook written with openpyxl, recalculated and read back; numbers by hand.

The book (FY2026 = calendar 2026, as of 2025-12-31: planning the next year; one order a
month on the 10th and one visit on the 12th from January 2023). A (佐藤) holds a1 and a2,
¥1,000 a month each; B (鈴木) b1 ¥2,000 and b2 ¥200, which ended 2025-09-30. L (高橋)
left after June 2025: his open account l1 (¥500) is A's from July (the Accounts sheet says
so), and two of his accounts had ended while he held them: l2 (¥20 a month, ended
2025-05-31) and l3 (¥300, ended 2025-06-30). They stay under his name (closed before the
planning moment: core.handover), and nothing else does.

Baseline 2024-12 – 2025-11 (the last twelve complete months), each account's history under
its holder now: A 12 × 2,500 = 30,000 (l1's with it), B 12 × 2,000 + 10 × 200 = 26,000, L
l2 6 × 20 = 120 and l3 7 × 300 = 2,100 — his whole "book" 2,220, of which l2 is 5.4% and
l3 94.6%: before the fix both were listed as large lost accounts. L has no book left, so
his accounts are measured against the average book of the reps who hold one, (30,000 +
26,000) / 2 = 28,000: l2 120 / 28,000 = 0.4% (the usual churn, not listed), l3 2,100 /
28,000 = 7.5% (large: 5% or more; listed "of the average rep's"). B's b2 is his own:
2,000 / 26,000 = 7.7%, listed as before.

The lost-account flag (ended this fiscal year, FY2025, measured on FY2024) reads the same
way: A 30,000 and B 24,000 + 12 × 200 = 26,400, average 28,200; l2 240 / 28,200 = 0.9%
(none; 240 / 3,840 = 6.3% of L's remnant before, and the year's landing named it a large
lost account), l3 3,600 / 28,200 = 12.8%, b2 2,400 / 26,400 = 9.1% of B's own.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.lost import rep_book
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate

sys.path.insert(0, str(Path(__file__).parent))
from test_handover_both_ways import TEMPLATE, _paste

A, B, L = "佐藤", "鈴木", "高橋"
MONTHLY = {"a1": 1000, "a2": 1000, "b1": 2000, "b2": 200, "l1": 500, "l2": 20, "l3": 300}
ENDS = {"b2": date(2025, 9, 30), "l2": date(2025, 5, 31), "l3": date(2025, 6, 30)}
NAMES = {
    "a1": "青葉商店",
    "a2": "若葉食堂",
    "b1": "松風学園",
    "b2": "白鷺病院",
    "l1": "港町カフェ",
    "l2": "協和運輸",
    "l3": "新町書店",
}
LEFT = pd.Timestamp("2025-07-01")
AS_OF = date(2025, 12, 31)


def _rep_then(account: str, day: pd.Timestamp) -> str:
    if account == "l1" and day >= LEFT:
        return A
    return {"a": A, "b": B, "l": L}[account[0]]


def write_book(path: Path, language: str) -> Path:
    shutil.copyfile(TEMPLATE, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2023-01-01", "2025-12-01", freq="MS"):
        for account, amount in MONTHLY.items():
            day, seen = m + pd.Timedelta(days=9), m + pd.Timedelta(days=11)
            if account in ENDS and day.date() > ENDS[account]:
                continue
            orders.append([day.date(), account, _rep_then(account, day), amount, 1, None])
            visits.append([seen.date(), _rep_then(account, seen), account, "訪問", None])
    _paste(wb, "Orders", orders)
    _paste(wb, "Visits", visits)
    rows = [
        [a, NAMES[a], _rep_then(a, pd.Timestamp(AS_OF)), date(2022, 1, 1), ENDS.get(a), None, None]
        for a in MONTHLY
    ]
    _paste(wb, "Accounts", rows)
    ws = wb["Settings"]
    ws["B4"], ws["B5"], ws["B6"], ws["B7"], ws["B8"] = 56_000, 2026, 1, AS_OF, language
    ws["B7"].number_format = "yyyy/m/d"
    wb.save(path)
    return path


def test_a_rep_without_a_book_is_measured_against_the_average_one() -> None:
    revenue = {"ALL": 57_700.0, A: 30_000.0, B: 25_800.0, L: 1_900.0}
    assert rep_book(revenue, B, {L}) == (25_800.0, False)
    assert rep_book(revenue, L, {L}) == (27_900.0, True)
    assert rep_book(revenue, L, set()) == (1_900.0, False)  # no handover: his own
    assert rep_book({L: 1_900.0}, L, {L}) == (0.0, True)  # nobody else has one


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("leaver") / "book.xlsm", "ja")
    recalculate(path)
    return path


def test_the_engine_lists_only_what_is_large_for_a_real_book(book: Path) -> None:
    (result, _checks, _, _), _ = compute_file(book)
    ev = result.evidence
    assert [str(m) for m in (ev.baseline_months[0], ev.baseline_months[-1])] == [
        "2024-12",
        "2025-11",
    ]
    assert L not in ev.reps
    got = {a.account: a for a in ev.lost}
    assert set(got) == {"l3", "b2"}  # l2, 0.4% of the average book, is the usual churn
    assert (got["l3"].rep, got["l3"].revenue, got["l3"].typical) == (L, 2100.0, True)
    assert got["l3"].share == pytest.approx(2100 / 28_000)
    assert (got["b2"].rep, got["b2"].revenue, got["b2"].typical) == (B, 2000.0, False)
    assert got["b2"].share == pytest.approx(2000 / 26_000)


def test_the_plan_sheet_names_the_base(book: Path) -> None:
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    said = "".join(str(v) for r in wb["Plan"].iter_rows(values_only=True) for v in r if v)
    said = said.replace(" ", "")
    line = said[said.index("基準から外した顧客") :]
    assert "顧客2件は" in line
    assert "新町書店(高橋,2025-06-30,¥2,100=担当者1人平均の8%)" in line
    assert "白鷺病院(鈴木,2025-09-30,¥2,000=8%)" in line
    # The year's landing leaves the large lost accounts out of the run rate and names them.
    assert "取引を終えた大口顧客(新町書店、白鷺病院)" in said
    assert "協和運輸" not in said


def test_the_flags_judge_the_same_way(book: Path) -> None:
    """The flag rows (``Result.lost_accounts``: the landing's run rate reads them too): l3
    against the average book, b2 against B's; l2 none. The Flags sheet drops a gone rep's
    lost accounts (trial 26), so only b2 is shown."""
    (result, _checks, _, _), _ = compute_file(book)
    rows = {str(f["account"]): f["params"]["share"] for f in result.lost_accounts}
    assert rows == {"l3": pytest.approx(3600 / 28_200), "b2": pytest.approx(2400 / 26_400)}
    flags = result.flags
    assert list(flags.loc[flags["code"] == "lost_account", "account"]) == ["b2"]
