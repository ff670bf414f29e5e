"""A file stacked via Sources whose row says 税込 and whose lines carry a 税率 (10% / 8%) is
netted by each line's own rate, whether it is a CSV or an .xlsx export (fix50b: the .xlsx
file was divided by a flat 1.10 beside a 税抜 file, its 8% lines read ~1.8% low).

By hand: an old 税抜 file (2024-04 … 2025-03) books ¥1,000 a month for each of two accounts;
the new file (2025-04 … 2026-03) books per account and month a ¥1,100 line at 10% (¥1,000 net)
and a ¥1,080 line at 8% (¥1,000 net): ¥2,000 net a month and account.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.validation.tax import TAX_NETTED_BY_CLASS, TAX_PROBLEM, tax_included
from tests.test_trial49_kintone_tax import (
    ACCOUNTS,
    OLD_HEADER,
    _csv,
    _months,
    _old_rows,
    _read,
    _sources_book,
)

NEW_HEADER = ["伝票番号", "日付", "顧客コード", "担当者", "商品名", "数量", "金額", "税率"]


def _new_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for i, day in enumerate(_months("2025-04-01", "2026-03-01")):
        for k, (account, rep) in enumerate(ACCOUNTS):
            slip = 900000 + 2 * i + k
            rows.append([slip, day, account, rep, "シャンプー 5L", 1, 1100, "10%"])
            rows.append([slip, day, account, rep, "美容ドリンク", 1, 1080, "8%"])
    return rows


def _xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    """The rows as an .xlsx export (a real date cell, numbers as numbers), saved by openpyxl."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "受注明細"
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_file_typed_gross_is_netted_by_its_own_rates_beside_a_net_one(
    tmp_path: Path, suffix: str
) -> None:
    old = _csv(tmp_path / "old.csv", OLD_HEADER, _old_rows(), "cp932")
    if suffix == ".csv":
        new = _csv(tmp_path / "new.csv", NEW_HEADER, _new_rows(), "utf-8-sig")
    else:
        new = _xlsx(tmp_path / "new.xlsx", NEW_HEADER, _new_rows())
    refs = _sources_book(tmp_path, [[old.name, "税抜"], [new.name, "税込"]])
    orders, checks = _read(refs)
    later = orders[orders["date"] >= pd.Timestamp(date(2025, 4, 1))]
    # 24 slips of ¥1,100/1.10 + ¥1,080/1.08 = ¥2,000 each (flat 1.10: ¥1,981.82).
    assert later["amount"].round(6).tolist() == [2000.0] * 24
    assert orders["amount"].sum().round(6) == 24 * 3000.0 + 24 * 2000.0
    assert not tax_included(checks)
    (said,) = [c for c in checks if c.problem == TAX_NETTED_BY_CLASS]
    assert said.sheet == new.name and said.params["lines"] == "48"
    assert not [c for c in checks if c.problem in ("tax_stack_netted", TAX_PROBLEM)]
