"""A quantity header with its unit in brackets is the quantity (trial 37 M1).

A fuel round's export heads the litres 「数量(L)」: the column was left unread (Checks
info 「列 数量(L) は使いません」), so the price per litre behind a unit-price step could not
be told. Any unit reads the same (the quantity only divides the amount into a price per
unit); a scaled one (「数量(千個)」) stays unread, as a scaled yen unit does.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from routekpi.recalc import recalculate
from routekpi.schema import ORDERS
from routekpi.validation.headers import header_match
from tests.workbook_files import checks_sheet, sources_or_pasted_book


@pytest.mark.parametrize(
    ("header", "read"),
    [("数量(L)", True), ("数量（個）", True), ("Qty (kg)", True), ("数量(千個)", False)],
)
def test_a_quantity_unit_is_read(header: str, read: bool) -> None:
    match = header_match(ORDERS, ["受注日", "顧客コード", "担当者", "金額", header])
    assert ("quantity" in match.positions) is read


def test_litres_are_read_from_a_pasted_book(tmp_path: Path) -> None:
    months = pd.period_range("2024-04", "2026-03", freq="M")
    lines = [
        [(m.start_time + pd.Timedelta(days=9)).strftime("%Y/%m/%d"), code, "A", 11_000, 100]
        for m in months
        for code in ("C1", "C2")
    ]
    rows = {"Orders": [["受注日", "顧客コード", "担当者", "金額", "数量(L)"], *lines]}
    book = sources_or_pasted_book(tmp_path / "b.xlsm", rows, kgi=300_000, plan_year=2026)
    recalculate(book)
    said = " ".join(str(r[4]) for r in checks_sheet(book, "Orders"))
    assert "数量(L)" not in said  # no 「使いません」 line: the column is the quantity
