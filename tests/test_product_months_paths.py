"""History.product_months (the like-for-like price index's input, core.price_index) reads the
same from pasted sheets and from files (review 34): the Orders sheet's rows and the same
rows as a CSV named on the Sources sheet give one table, product by product and month.

The book: two reps (A, B), three accounts each, one slip a month per account from 2024-04
to 2026-03 with three products — 1001 (¥100, 10 + the month's number of units), "007" (a
code with leading zeros, ¥250 × 3) and P-9 (¥999 × 1, 2 or 3) — and on each rep's first
account a second 1001 line at ¥120 × 2 and a P-9 line of ¥0. Then lines the two readers
could treat apart:

- 2025-05: a line without an account, one without a rep, one without a date, one with a
  negative quantity (all four left out of the prices), a JAN code line typed twice (one
  line), an account not on the Accounts sheet (¥800 for 4: read), an amount typed "1,200"
  (for 4: read);
- 2025-06: P-9 typed " P-9 " (the same product), a line without a product (left out), the
  full-width "ｐ－９" (read as "p-9", its own product);
- 2025-07: M2 at ¥100 and ¥130 a unit (two lines: the median between them, 115);
- 2026-05: a line after the as-of date (the table keeps every month; the baseline reads
  its own).

By hand:
- 1001 in 2025-05: six ¥1,500 slips (15 units) + two ¥240 lines + ¥800 + ¥1,200 = ¥11,480
  over 10 lines; the prices per unit 100 ×6, 120 ×2, 200, 300: median 100;
- the JAN code 4901234567890 in 2025-05: one line, ¥700 for 5 = 140;
- P-9 in 2025-06: six slips (1 + 2 + 3 units twice, ¥11,988) + " P-9 " ¥2,000 = ¥13,988, 7
  lines, median 999 (the ¥0 lines are no price); "p-9": ¥3,000 for 3 = 1,000, 1 line;
- "007" every month: six lines of ¥750, median 250.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from routekpi.pipeline import read_file, validate
from tests.workbook_files import csv_history, sources_or_pasted_book

HEADER = ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号", "商品コード"]
JAN = 4901234567890


def _tables() -> dict[str, list[list[object]]]:
    rows: list[list[object]] = [HEADER]
    n = 0
    for m in pd.period_range("2024-04", "2026-03", freq="M"):
        for rep in "AB":
            for i in range(3):
                n += 1
                day = f"{m.year}/{m.month:02d}/{10 + i:02d}"
                for product, yen, q in (
                    (1001, 100, 10 + m.month),
                    ("007", 250, 3),
                    ("P-9", 999, 1 + i),
                ):
                    rows.append([day, f"{rep}{i}", rep, yen * q, q, f"S{n}", product])
                if i == 0:
                    rows.append([day, f"{rep}{i}", rep, 240, 2, f"S{n}", 1001])
                    rows.append([day, f"{rep}{i}", rep, 0, 2, f"S{n}", "P-9"])
    rows += [
        ["2025/05/20", "", "A", 500, 5, "X1", 1001],
        ["2025/05/20", "A0", "", 500, 5, "X2", 1001],
        ["不明", "A0", "A", 500, 5, "X3", 1001],
        ["2025/05/20", "A0", "A", 500, -5, "X4", 1001],
        ["2025/05/21", "A1", "A", 700, 5, "X5", JAN],
        ["2025/05/21", "A1", "A", 700, 5, "X5", JAN],
        ["2025/05/22", "Z9", "A", 800, 4, "X6", 1001],
        ["2025/05/23", "A2", "A", "1,200", 4, "X7", 1001],
        ["2026/05/23", "A2", "A", 990, 9, "X8", 1001],
        ["2025/06/20", "A1", "A", 2000, 2, "X9", " P-9 "],
        ["2025/06/20", "A1", "A", 3000, 3, "X10", None],
        ["2025/06/20", "A1", "A", 3000, 3, "X12", "ｐ－９"],
        ["2025/07/20", "A1", "A", 100, 1, "X13", "M2"],
        ["2025/07/21", "B1", "B", 390, 3, "X14", "M2"],
    ]
    accounts: list[list[object]] = [["顧客コード", "顧客名", "担当者", "取引開始日"]]
    accounts += [[f"{r}{i}", f"{r}{i}", r, "2020/04/01"] for r in "AB" for i in range(3)]
    return {"Orders": rows, "Accounts": accounts}


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("product_months")
    rows = _tables()
    csv_history(folder, rows)  # orders.csv and accounts.csv
    out = []
    for path, pasted in ((folder / "pasted.xlsm", rows), (folder / "sourced.xlsm", None)):
        book = sources_or_pasted_book(path, pasted, 10_000_000, 2026, sheets=("Orders", "Accounts"))
        valid = validate(read_file(book, sources={}), base=folder)
        table = valid.inputs.history.product_months
        assert table is not None
        out.append(table)
    return out[0], out[1]


def test_pasted_rows_and_a_csv_give_the_same_product_months(
    tables: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    pasted, sourced = (t.sort_values(["product", "month"]).reset_index(drop=True) for t in tables)
    assert len(pasted) == 3 * 24 + 4  # 1001, 007, P-9 × 24 months; 2026-05, JAN, p-9, M2
    pd.testing.assert_frame_equal(pasted, sourced, check_dtype=False)


def test_product_months_by_hand(tables: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    for table in tables:
        got = {
            (p, str(m)): (price, revenue, lines)
            for p, m, price, revenue, lines, _ in table.itertuples(index=False)
        }
        spread = {
            (p, str(m)): float(s)
            for p, m, s in table[["product", "month", "spread"]].itertuples(index=False)
        }
        # The lines' prices apart (log 75th ÷ 25th percentile, linear between lines): 1001's
        # ten lines in 2025-05 at 100 ×6, 120 ×2, 200, 300 → 100 and 120; M2's 100 and 130 →
        # 107.5 and 122.5; one price (P-9: 999 ×6 and 1,000; one line) → 0.
        assert math.isclose(spread[("1001", "2025-05")], math.log(120 / 100))
        assert math.isclose(spread[("M2", "2025-07")], math.log(122.5 / 107.5))
        assert spread[("P-9", "2025-06")] == spread[("1001", "2026-05")] == 0.0
        assert spread[("007", "2024-04")] == 0.0
        assert got[("1001", "2025-05")] == (100.0, 11_480.0, 10)
        assert got[(str(JAN), "2025-05")] == (140.0, 700.0, 1)
        assert got[("P-9", "2025-06")] == (999.0, 13_988.0, 7)
        assert got[("p-9", "2025-06")] == (1000.0, 3000.0, 1)
        assert got[("007", "2024-04")] == (250.0, 4500.0, 6)
        assert got[("1001", "2026-05")] == (110.0, 990.0, 1)
        assert got[("M2", "2025-07")] == (115.0, 490.0, 2)
        assert not any(p in ("", "None", "nan") for p, _ in got)
