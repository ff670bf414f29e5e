"""review47: the dropped-lines row of a book that pasted its line numbers (行番号) does not ask
for them. Trial 45 L3's lines (tests/test_slip_line_numbers: S1 one item on lines 1 and 2,
S2 and S3 pasted again with their numbers): the block pasted again is dropped, and its row
said 「行番号がなければ…行番号(明細番号)の列もいっしょに貼り付けてください」 beside the
行番号 column it had read. Without a line-number column (a 商品コード only) it still asks."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_slip_line_numbers import HEADER, _file, _rows, _sheet
from workbook_files import CORPUS

from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.messages import text


@pytest.fixture(scope="module")
def base() -> WorkbookData:
    return read_workbook(CORPUS / "base.xlsm")


def _said(checks: list) -> tuple[str, str]:  # type: ignore[type-arg]
    (dropped,) = [c for c in checks if c.problem == "duplicate_rows"]
    return text("duplicate_rows", "ja", **dropped.params), text(
        "duplicate_rows", "en", **dropped.params
    )


def test_pasted_line_numbers_are_not_asked_for(base: WorkbookData, tmp_path: Path) -> None:
    rows = _rows()
    for ja, en in (
        _said(_sheet(base, rows).checks),
        _said(_file(base, rows, tmp_path / "明細.csv").checks),
    ):
        assert "伝票ごとの貼り付けの重複とみなしました" in ja  # the double paste, said
        assert "貼り付けてください" not in ja and "行番号" not in ja
        assert "slip was read as pasted twice" in en and "line-number column" not in en


def test_a_product_code_without_line_numbers_still_asks(base: WorkbookData, tmp_path: Path) -> None:
    rows = _rows()
    rows[0][HEADER.index("行番号")] = "商品コード"  # the same cells read as a product code
    for ja, en in (
        _said(_sheet(base, rows).checks),
        _said(_file(base, rows, tmp_path / "明細.csv").checks),
    ):
        assert "行番号(明細番号)の列もいっしょに貼り付けてください" in ja
        assert "paste the line-number column" in en
