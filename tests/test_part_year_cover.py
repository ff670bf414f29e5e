"""A rep without a full prior year: his copy's cover says his target and his months at work,
not growth over a part year (trial 33 L5: 森's cover 「前年 ¥1,276,760 … → +1751.2%」 and
「最も小さい月 2027-11 +146.9%(64.3% → 8.6%)」). A written, recalculated, shared and
read-back workbook; numbers by hand.

Calendar fiscal year, FY2026 planned on 2025-12-31; the orders end on 2025-12-10, so the
baseline is 2024-12 … 2025-11. 青木 and 坂井 hold 10 accounts each since 2023-01 (¥1,000 a
month on the 10th, visited on the 9th). 野村 joins in 2025-04 with no account handed to him
and wins n00 (2025-04), n01 (2025-07), n02 (2025-10), ¥1,000 a month each: his baseline is
his own 8 months at work (2025-04 … 2025-11), 8 + 5 + 2 = 15 orders, ¥15,000.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.history import History
from routekpi.recalc import recalculate
from routekpi.share.job import share
from tests.workbook_files import frames_book

FIRST = pd.Period("2023-01", "M")
LAST = pd.Period("2025-12", "M")
AS_OF = pd.Timestamp("2025-12-31").date()
WINS = ("2025-04", "2025-07", "2025-10")


def _history() -> History:
    orders, visits, accounts = [], [], []

    def serve(acc: str, rep: str, since: pd.Period) -> None:
        for m in range((LAST - since).n + 1):
            day = (since + m).start_time
            orders.append((day + pd.Timedelta(days=9), acc, rep, 1000.0, 1))
            visits.append((day + pd.Timedelta(days=8), rep, acc, "visit", None))

    for rep, code in (("青木", "a"), ("坂井", "b")):
        for i in range(10):
            accounts.append((f"{code}{i:02d}", f"{code}商店{i}", rep, FIRST.start_time, pd.NaT))
            serve(f"{code}{i:02d}", rep, FIRST)
    for k, won in enumerate(WINS):
        month = pd.Period(won, "M")
        accounts.append((f"n{k:02d}", f"新町{k}号", "野村", month.start_time, pd.NaT))
        serve(f"n{k:02d}", "野村", month)
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _cells(path: Path, sheet: str) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [str(v) for r in wb[sheet].iter_rows(values_only=True) for v in r if v]
    finally:
        wb.close()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("part_year")
    settings = {"KGI": 270_000, "PlanYear": 2026, "FiscalStartMonth": 1, "AsOf": AS_OF}
    path = frames_book(folder / "book.xlsm", _history(), settings)
    recalculate(path)
    out = folder / "share"
    share(path, out, per_rep=True)
    return path, out


def test_the_newcomers_cover_says_his_target_and_months_not_a_growth_rate(
    shared: tuple[Path, Path],
) -> None:
    path, out = shared
    targets = [
        r
        for r in openpyxl.load_workbook(path, read_only=True)["Targets"].iter_rows(values_only=True)
        if r[:3] == ("FY2026", "野村", "revenue")
    ]
    (row,) = targets
    assert row[4] == 15_000  # the baseline by hand
    target = f"¥{round(row[5]):,}"
    cover = "".join(_cells(out / "book_野村.xlsx", "表紙")).replace(" ", "")
    assert (
        f"年間売上目標{target}。基準期間の在籍は8か月(売上¥15,000)で1年に満たないため、"
        "前年比の伸び率は示しません" in cover
    )
    assert (
        "基準期間の在籍が8か月で、その月は担当先を作っている途中のため、前年の同じ月との比は示しません"
        in cover
    )
    assert "最も大きい月" not in cover and "最も小さい月" not in cover
    # No growth percentage over his part year anywhere on the cover.
    plan = "".join(_cells(path, "Plan")).replace(" ", "")
    assert "在籍8か月分" in plan  # the manager's Plan keeps its line
    assert "在籍8か月分" not in cover and "年間は+" not in cover


def test_a_rep_there_all_year_keeps_the_comparison(shared: tuple[Path, Path]) -> None:
    cover = "".join(_cells(shared[1] / "book_坂井.xlsx", "表紙")).replace(" ", "")
    assert "最も大きい月" in cover and "基準期間の在籍" not in cover
