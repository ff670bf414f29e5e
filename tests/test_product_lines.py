"""Two lines of one slip that differ only in their product code (商品コード, a column routekpi
does not read) are two products, not a double paste (trial 29 M2: P0042 and P0025, both
¥470 × 5 on slip J0000443, dropped with 「前の行とまったく同じ内容の重複行」). A slip pasted
twice, product code and all, still counts once.

Orders pasted with a 商品コード column beside 受注番号: a1 and b1 buy ¥1,000 (1 unit) on the
10th of every month 2025-01 – 2026-10, each a slip of its own. On 2026-05-12, a1's slip S-x
has two lines P1 and P2, both 5 units for ¥470; on 2026-06-12, a1's slip S-y (P3, 1 unit,
¥2,000) is pasted twice.

By hand, a1's revenue: May 2026 = 1,000 + 470 + 470 = 1,940; June 2026 = 1,000 + 2,000 =
3,000 (the second S-y line left out, ¥2,000 named on Checks at its row).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.recalc import recalculate
from routekpi.schema import ORDERS, match_headers
from tests.workbook_files import paste, template_book


def _book(path: Path, header: str = "商品コード") -> tuple[Path, int]:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for i, m in enumerate(pd.date_range("2025-01-01", "2026-10-01", freq="MS")):
        for account, rep in (("a1", "Sato"), ("b1", "Ito")):
            day = (m + pd.Timedelta(days=9)).date()
            orders.append([day, account, rep, 1000, 1, f"{account}-{i}", "P0"])
            visits.append([day, rep, account, "訪問", None])
    orders.append([date(2026, 5, 12), "a1", "Sato", 470, 5, "S-x", "P1"])
    orders.append([date(2026, 5, 12), "a1", "Sato", 470, 5, "S-x", "P2"])
    orders.append([date(2026, 6, 12), "a1", "Sato", 2000, 1, "S-y", "P3"])
    orders.append([date(2026, 6, 12), "a1", "Sato", 2000, 1, "S-y", "P3"])
    pasted_again = len(orders) + 1  # the sheet row of the second S-y line (header in row 1)
    accounts = [
        [a, a, r, date(2024, 1, 1), None, None, None] for a, r in (("a1", "Sato"), ("b1", "Ito"))
    ]
    with template_book(
        path, kgi=30_000, plan_year=2027, start_month=4, as_of=date(2026, 11, 5)
    ) as wb:
        paste(wb, "Orders", orders)
        wb["Orders"].cell(1, 7, header)
        paste(wb, "Visits", visits)
        paste(wb, "Accounts", accounts)
    return path, pasted_again


@pytest.mark.parametrize("header", ["商品コード", "商品名"])
def test_lines_of_two_products_count_and_a_pasted_slip_counts_once(
    tmp_path: Path, header: str
) -> None:
    """The same with the products keyed by their names (trial 39 M3: an export without codes)."""
    book, pasted_again = _book(tmp_path / "book.xlsm", header)
    report = recalculate(book)
    revenue = report.result.evidence.facts["revenue"]
    assert revenue.loc[("Sato", pd.Period("2026-05", "M"))] == 1940
    assert revenue.loc[("Sato", pd.Period("2026-06", "M"))] == 3000
    checks = list(
        openpyxl.load_workbook(book, data_only=True)["Checks"].iter_rows(values_only=True)
    )
    said = ["".join(str(c or "") for c in r[:5]) for r in checks]
    repeats = [
        (i, s)
        for i, s in enumerate(said)
        if checks[i][0] and ("重複" in s or "まったく同じ" in s or "同じ内容" in s)
    ]
    assert len(repeats) == 1, repeats  # the pasted slip only, not the two products
    i, text = repeats[0]
    assert checks[i][1] == pasted_again
    body = text + "".join(str(r[4] or "") for r in checks[i + 1 : i + 4] if not r[0])
    assert "重複行が1行" in body and "¥2,000" in body, body


def test_a_product_name_keys_the_product_only_without_a_code() -> None:
    """商品名 is the product when no code column is there; beside 商品コード it is left unread."""
    names = ["伝票日付", "得意先コード", "担当者", "商品名", "数量", "金額"]
    assert match_headers(ORDERS, names).positions["product"] == 3
    both = ["伝票日付", "得意先コード", "担当者", "商品名", "商品コード", "数量", "金額"]
    match = match_headers(ORDERS, both)
    assert match.positions["product"] == 4 and match.unread["product"] == [3]
