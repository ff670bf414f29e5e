"""A blank AsOf is the same day whether the orders were pasted or read from a file (Sources).

validation.period leaves out a blank AsOf's last order day when it alone would complete its
month with under a tenth of a usual working day's orders and visits (a partial export: the
rest of the day not yet in); a Checks warning says so. It reads the orders per day: from the
pasted rows, and from the files through DuckDB (``ExternalHistory.day_counts``), so both
paths give the same as-of date, warning and targets.

The hand-built export (reps A and B, FY2024 from April, planning FY2025, AsOf blank): 24
accounts, each ordering on every other working day from 2024-04-01 through Fri 2025-03-28
(12 orders a working day, 10,000 yen each), then a single order on Mon 2025-03-31, March's
last working day, a new account's first. 1 < 12 / 10: the as-of date is Sun 2025-03-30,
March is not complete. The accounts are still derived at the last order (2025-03-31) on
both paths: the new account is in the book from a day the sums do not reach.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from routekpi.io.template import NEW_BOOK_SETTINGS, write_template
from routekpi.recalc import recalculate
from tests.workbook_files import targets_by_key

LAST = date(2025, 3, 31)
COVERED = date(2025, 3, 30)


def _rows() -> list[tuple[pd.Timestamp, str, str]]:
    days = pd.bdate_range("2024-04-01", "2025-03-28")
    out: list[tuple[pd.Timestamp, str, str]] = []
    for i, day in enumerate(days):
        for k in range(24):
            if (i + k) % 2 == 0:
                out.append((day, f"C{k:02d}", "A" if k < 12 else "B"))
    out.append((pd.Timestamp(LAST), "N00", "B"))  # a first order: a new account
    return out


def _visits() -> list[tuple[pd.Timestamp, str, str, str]]:
    """With visits: each account visited on the working days it does not order on (12 a
    day), a call (電話: read, counted as nothing) to C01 every day, and a single visit on
    2025-03-31 (to N00)."""
    days = pd.bdate_range("2024-04-01", "2025-03-28")
    out: list[tuple[pd.Timestamp, str, str, str]] = []
    for i, day in enumerate(days):
        for k in range(24):
            if (i + k) % 2 == 1:
                out.append((day, f"C{k:02d}", "A" if k < 12 else "B", "訪問"))
        out.append((day, "C01", "A", "電話"))
    out.append((pd.Timestamp(LAST), "N00", "B", "訪問"))
    return out


def _paste(ws: openpyxl.worksheet.worksheet.Worksheet, table: list[list[object]]) -> None:
    for i, row in enumerate(table, start=1):
        for j, value in enumerate(row, start=1):
            ws.cell(i, j, value)
    width = get_column_letter(len(table[0]))
    next(iter(ws.tables.values())).ref = f"A1:{width}{len(table)}"


def _book(path: Path, pasted: bool, visits: bool = False) -> Path:
    write_template(path, "ja", settings=NEW_BOOK_SETTINGS)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B4"] = 50_000_000
    wb["Settings"]["B5"] = 2025
    if pasted:
        table = [["受注日", "顧客コード", "担当者", "金額", "数量"]]
        table += [[d.to_pydatetime(), a, r, 10_000, 1] for d, a, r in _rows()]
        _paste(wb["Orders"], table)
        if visits:
            table = [["訪問日", "担当者", "顧客コード", "種別", "結果"]]
            table += [[d.to_pydatetime(), r, a, k, None] for d, a, r, k in _visits()]
            _paste(wb["Visits"], table)
    else:
        ws = wb["Sources"]
        rows = [["受注", "orders.csv"]] + ([["訪問", "visits.csv"]] if visits else [])
        for i, row in enumerate(rows, start=2):
            for j, value in enumerate(row, start=1):
                ws.cell(i, j, value)
        next(iter(ws.tables.values())).ref = f"A1:D{len(rows) + 1}"
    wb.save(path)
    return path


def _checks(path: Path) -> list[str]:
    """Each Checks row's message, its wrapped continuation rows (no sheet) joined on."""
    ws = openpyxl.load_workbook(path, read_only=True)["Checks"]
    out: list[str] = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        head = " ".join(str(c) for c in row[:4] if c not in (None, ""))
        if head or not out:
            out.append(f"{head} | {row[4] or ''}")
        else:
            out[-1] += str(row[4] or "")
    return out


@pytest.fixture(scope="module", params=[False, True], ids=["orders", "visits"])
def books(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    visits = bool(request.param)
    folder = tmp_path_factory.mktemp("asof_visits" if visits else "asof_orders")
    with (folder / "orders.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["受注日", "顧客コード", "担当者", "金額", "数量"])
        writer.writerows([d.strftime("%Y/%m/%d"), a, r, 10_000, 1] for d, a, r in _rows())
    with (folder / "visits.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["訪問日", "担当者", "顧客コード", "種別", "結果"])
        writer.writerows([d.strftime("%Y/%m/%d"), r, a, k, ""] for d, a, r, k in _visits())
    pasted = _book(folder / "pasted.xlsm", pasted=True, visits=visits)
    sourced = _book(folder / "sourced.xlsm", pasted=False, visits=visits)
    for book in (pasted, sourced):
        recalculate(book)
    return pasted, sourced


def test_blank_asof_leaves_out_the_thin_last_day_from_files_too(
    books: tuple[Path, Path],
) -> None:
    """Both books warn on the AsOf cell that 2025-03-31 holds 1 order (with visits, 1 order
    and 1 visit) against a usual 12 (with visits, 12 + 12: the call counts as nothing, on
    the sheets as from files), and measure at 2025-03-30."""
    said = [[c for c in _checks(book) if "1割未満" in c] for book in books]
    assert said[0] == said[1]
    events, usual = ("2", "24") if "visits" in str(books[0].parent) else ("1", "12")
    assert said[0] == [
        "Settings 7 B AsOf | AsOf が空欄ですが、受注の最終日 2025-03-31 の受注・訪問は"
        f"{events}件で、通常の営業日({usual}件)の1割未満です。この日を数えると 2025-03 が締まった"
        "月として基準・伸び率・着地見込みに入るため、2025-03-30 を基準日にして 2025-03 は"
        "締まっていない月として扱います。2025-03-31 までで締まっているなら AsOf に 2025-03-31 を"
        "入力してください"
    ]


def test_pasted_rows_and_files_give_the_same_targets(books: tuple[Path, Path]) -> None:
    pasted, sourced = targets_by_key(books[0]), targets_by_key(books[1])
    assert len(pasted) > 20 and pasted.keys() == sourced.keys()
    for key, row in pasted.items():
        # Baseline and target (E, F) as written: the same numbers, not merely close.
        assert sourced[key][4:6] == row[4:6], key
