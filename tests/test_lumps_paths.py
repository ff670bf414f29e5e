"""History.lump_months (core.lumps) reads the same from pasted sheets and from files, on whole
orders (the lines of one order number summed first).

The book: reps A and B, three accounts each, one ¥10,000 slip a month per account from
2024-04 to 2026-03 (each rep's median order ¥10,000). Then:
- A, 2025-06-15: one order S-L of two lines ¥70,000 + ¥80,000 = ¥150,000 (15×: a lump;
  neither line alone is 10×);
- A, 2025-07-15: one order of ¥99,000 (9.9×: not);
- B, 2025: thirteen orders of ¥200,000 (20×, but more than 12 in the year: his business).
By hand: A 2025-06 ¥150,000, 1 order, and B's 13 (¥2,600,000 in 2025, no lump).
"""

from __future__ import annotations

import pandas as pd
import pytest

from routekpi.core.lumps import lumps_in
from routekpi.pipeline import read_file, validate
from tests.workbook_files import csv_history, sources_or_pasted_book

HEADER = ["受注日", "顧客コード", "担当者", "金額", "受注番号"]


def _tables() -> dict[str, list[list[object]]]:
    rows: list[list[object]] = [HEADER]
    n = 0
    for m in pd.period_range("2024-04", "2026-03", freq="M"):
        for rep in "AB":
            for i in range(3):
                n += 1
                rows.append(
                    [f"{m.year}/{m.month:02d}/{10 + i:02d}", f"{rep}{i}", rep, 10_000, f"S{n}"]
                )
    rows += [
        ["2025/06/15", "A0", "A", 70_000, "S-L"],
        ["2025/06/15", "A0", "A", 80_000, "S-L"],
        ["2025/07/15", "A1", "A", 99_000, "S-N"],
    ]
    rows += [[f"2025/{1 + k % 12:02d}/2{k // 12}", "B0", "B", 200_000, f"B{k}"] for k in range(13)]
    accounts: list[list[object]] = [["顧客コード", "顧客名", "担当者", "取引開始日"]]
    accounts += [[f"{r}{i}", f"{r}{i}", r, "2020/04/01"] for r in "AB" for i in range(3)]
    return {"Orders": rows, "Accounts": accounts}


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> list[pd.DataFrame]:
    folder = tmp_path_factory.mktemp("lumps")
    rows = _tables()
    csv_history(folder, rows)
    out = []
    for path, pasted in ((folder / "pasted.xlsm", rows), (folder / "sourced.xlsm", None)):
        book = sources_or_pasted_book(path, pasted, 10_000_000, 2026, sheets=("Orders", "Accounts"))
        valid = validate(read_file(book, sources={}), base=folder)
        table = valid.inputs.history.lump_months
        assert table is not None
        out.append(table)
    return out


def test_lumps_by_hand_on_both_paths(tables: list[pd.DataFrame]) -> None:
    year = list(pd.period_range("2025-01", "2025-12", freq="M"))
    for table in tables:
        got = [(str(r), str(m), float(v), int(k)) for r, m, v, k in table.itertuples(index=False)]
        assert got[0] == ("A", "2025-06", 150_000.0, 1)
        assert sum(k for r, _, _, k in got if r == "B") == 13
        assert lumps_in(table, "A", year) == (150_000.0, 1)
        assert lumps_in(table, "B", year) == (0.0, 0)
