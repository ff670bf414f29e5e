"""Trial 46 N1: the order lines' 行番号 tells two equal lines of one slip apart (trial 45 L3,
``validation.tables._line_key``), so Checks no longer lists it among the columns routekpi
「使いません」 — on a sheet and in a file alike; another unread column (単価) still is.
Trial 45 L3's lines (tests/test_slip_line_numbers), written and read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_slip_line_numbers import _file, _rows, _sheet
from workbook_files import CORPUS

from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.messages import text


@pytest.fixture(scope="module")
def base() -> WorkbookData:
    return read_workbook(CORPUS / "base.xlsm")


def _unused(checks: list) -> list[str]:  # type: ignore[type-arg]
    said = [c for c in checks if c.problem.startswith("columns_not_used")]
    return [text(c.problem, "ja", **c.params) for c in said]


def test_line_numbers_are_not_listed_as_unused(base: WorkbookData, tmp_path: Path) -> None:
    rows = _rows()
    with_price = [[*rows[0], "単価"], *[[*r, r[3]] for r in rows[1:]]]
    for checks in (
        _sheet(base, with_price).checks,
        _file(base, with_price, tmp_path / "明細.csv").checks,
    ):
        # Before the fix: 「列 行番号・単価 は使いません…」.
        assert _unused(checks) == [
            "列 単価 は使いません(目標の計算に要らない列です。"
            "読むだけで、シートやファイルの中身は変えません)"
        ]
    # 行番号 the only extra column: no unused-columns row at all (before: 「列 行番号 は…」).
    assert _unused(_sheet(base, rows).checks) == []
    assert _unused(_file(base, rows, tmp_path / "明細2.csv").checks) == []
