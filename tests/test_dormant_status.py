"""A master's 取引状態 「休眠」 read by the sales (trial 53 M2).

A book & stationery distributor's master marks a closed shop 閉店 or 休眠 (dormant): 24
closed shops were 休眠, read as open and sent to reps. 休眠 says closed or resting, so the
sales decide: no sale in the last 90 days (``DORMANT_DAYS``) is closed, one still buying
stays open and is named on Checks.

By hand, as of 2026-10-31 (90 days before: 2026-08-02), rep 田中, one ¥1,000 order on the
10th of each month from 2025-01:
- A1 書店A 取引中, to 2026-10: open;
- A2 書店B 休眠, to 2026-06 (last sale 2026-06-10, 143 days): closed, ended 2026-06-11;
- A3 書店C 休眠, to 2026-10 (21 days): open, named as still buying;
- A4 書店D 閉店, to 2026-03: closed, ended 2026-03-11 (as before).
So the status closes 2 accounts (A2, A4), 1 of them a 休眠 one; 1 休眠 account buys.
Pasted sheets and CSV files (DuckDB) read the same.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from routekpi.validation.status_flag import DORMANT_DAYS
from tests.workbook_files import edit, pasted_book

ACCOUNTS = [
    ("A1", "書店A", "取引中", "2026-10"),
    ("A2", "書店B", "休眠", "2026-06"),
    ("A3", "書店C", "休眠", "2026-10"),
    ("A4", "書店D", "閉店", "2026-03"),
]
AS_OF = date(2026, 10, 31)


def _orders() -> list[list[object]]:
    rows: list[list[object]] = []
    for code, _, _, last in ACCOUNTS:
        for m in pd.date_range("2025-01-01", f"{last}-01", freq="MS"):
            rows.append([(m + pd.Timedelta(days=9)).date(), code, "田中", 1_000, 1, None])
    return rows


def _book(path: Path) -> Path:
    accounts = [
        [c, n, "田中", date(2024, 1, 1), None, None, None, None, s] for c, n, s, _ in ACCOUNTS
    ]
    rows = {"Orders": _orders(), "Accounts": accounts}
    pasted_book(path, rows, kgi=30_000, plan_year=2026, start_month=4, as_of=AS_OF)
    with edit(path) as wb:
        wb["Accounts"]["I1"] = "取引状態"
    return path


def _files(folder: Path) -> dict[str, SourceRef]:
    orders = folder / "売上明細.csv"
    frame = pd.DataFrame(_orders(), columns=["受注日", "顧客コード", "担当者", "金額", "数量", "x"])
    frame["受注日"] = [d.strftime("%Y/%m/%d") for d in frame["受注日"]]
    frame.drop(columns="x").to_csv(orders, index=False, encoding="cp932")
    master = folder / "得意先マスタ.csv"
    pd.DataFrame(
        [[c, n, "田中", "2024/01/01", s] for c, n, s, _ in ACCOUNTS],
        columns=["得意先コード", "得意先名", "担当者", "取引開始日", "取引状態"],
    ).to_csv(master, index=False, encoding="cp932")
    return {
        "Orders": SourceRef("Orders", str(orders)),
        "Accounts": SourceRef("Accounts", str(master)),
    }


def _run(tmp_path: Path, from_file: bool) -> tuple[Any, list]:
    path = _book(tmp_path / "book.xlsm")
    (result, checks, _, _), _ = compute_file(path, sources=_files(tmp_path) if from_file else None)
    return result, checks


@pytest.mark.parametrize("from_file", [False, True])
def test_dormant_is_closed_without_a_recent_sale_and_named_while_buying(
    tmp_path: Path, from_file: bool
) -> None:
    result, checks = _run(tmp_path, from_file)
    ends = result.history.accounts.assign(
        account=result.history.accounts["account"].astype(str)
    ).set_index("account")["end"]
    assert pd.Timestamp(ends["A2"]) == pd.Timestamp("2026-06-11")
    assert pd.Timestamp(ends["A4"]) == pd.Timestamp("2026-03-11")
    assert pd.isna(ends["A1"]) and pd.isna(ends["A3"])
    [flagged] = [c for c in checks if c.problem == "accounts_flag_ended"]
    assert flagged.params["count"] == 2
    [closed] = [c for c in checks if c.problem == "accounts_dormant_closed"]
    assert (closed.severity, closed.params["count"], closed.params["days"]) == (
        "info",
        1,
        DORMANT_DAYS,
    )
    [buying] = [c for c in checks if c.problem == "accounts_dormant_buying"]
    assert (buying.severity, buying.params["count"]) == ("warn", 1)
    assert buying.params["examples"] == "A3 書店C"
    said = text(buying.problem, "ja", **buying.params)
    assert said.startswith("列「") and "「休眠」の顧客 1 件は直近 90 日にも売上がある" in said
