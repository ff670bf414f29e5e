"""A lost account's words say whether its end was typed or read by the lapse rule (trial 38 L3).

An orders-only book with a partial Accounts sheet: the end typed for a closed restaurant was
worded as the lapse rule's reading (「最終受注 2026-09-15 から4日受注がなく、…で取引終了とみなし
ました」) because the whole book's accounts are derived from the orders. The typed end is now
said as typed (「取引終了 2026-01-20(最終受注 2026-01-16)」); an account the rule ended keeps
the rule's words.

Hand-built: rep A, four customers ordering on the 16th of every month from 2024-04; C1
(¥50,000 a month, 40% of A's year) stopped after 2026-01-16 and its end 2026-01-20 is typed
on a one-row Accounts sheet; C2 (¥40,000 a month) stopped after 2025-08-16, no end typed: the
180-day rule ends it on 2026-02-12. As of 2026-03-31 (the last order), planning FY2026.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import python_calamine

from routekpi.recalc import recalculate
from tests.workbook_files import sources_or_pasted_book


def _lines() -> list[list[object]]:
    out: list[list[object]] = []
    for m in pd.period_range("2024-04", "2026-03", freq="M"):
        day = (m.start_time + pd.Timedelta(days=15)).strftime("%Y/%m/%d")
        if m <= pd.Period("2026-01", "M"):
            out.append([day, "C1", "A", 50_000, 1])
        if m <= pd.Period("2025-08", "M"):
            out.append([day, "C2", "A", 40_000, 1])
        out += [[day, "C3", "A", 20_000, 1], [day, "C4", "A", 15_000, 1]]
    out.append(["2026/03/31", "C3", "A", 20_000, 1])
    return out


def test_a_typed_end_is_said_as_typed(tmp_path: Path) -> None:
    rows = {
        "Orders": [["受注日", "顧客コード", "担当者", "金額", "数量"], *_lines()],
        "Accounts": [
            ["顧客コード", "担当者", "開始日", "解約日"],
            ["C1", "A", "2024/04/01", "2026/01/20"],
        ],
    }
    book = sources_or_pasted_book(tmp_path / "b.xlsm", rows, kgi=1_200_000, plan_year=2026)
    recalculate(book)
    sheet = python_calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Flags")
    lost = {r[5]: str(r[6]) for r in sheet.to_python()[1:] if r[1] == "lost_account"}
    assert "取引終了 2026-01-20(最終受注 2026-01-16)" in lost["C1"]
    assert "受注がなく" not in lost["C1"]
    rule = "最終受注 2025-08-16 から180日受注がなく、2026-02-12で取引終了とみなしました"
    assert rule in lost["C2"]
