"""A book whose status line is longer than the remembered stamp (a critical Check's sentence
after 「要確認: 」) keeps its blocks on the next run (fix50b, seen on trial 49's asis_norate:
every recalculation after the first moved 1,283 of routekpi's own output cells to 保管メモ,
警告 6 → 1,289, because the 250-character stamp never equalled the full status line).

The book: test_tax_step_said_once's stack (a 税込 file beside a file saying no basis: a
critical line, the status line ~480 characters), recalculated twice and read back.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from routekpi.io.usercells import STAMP_CHARS
from routekpi.recalc import recalculate
from tests.test_tax_step_said_once import _book


def test_a_second_run_of_a_book_with_a_long_status_moves_nothing(tmp_path: Path) -> None:
    book = _book(tmp_path)
    recalculate(book)
    wb = openpyxl.load_workbook(book, read_only=True)
    status = str(wb["Plan"].cell(2, 3).value)
    wb.close()
    assert "要確認: " in status and len(status) > STAMP_CHARS
    recalculate(book)
    wb = openpyxl.load_workbook(book, read_only=True)
    said = [str(r[4]) for r in wb["Checks"].iter_rows(min_row=2, values_only=True) if r[4]]
    tabs = wb.sheetnames
    wb.close()
    assert not [s for s in said if "保管メモ" in s]  # before: one row per cell of the block
    assert "保管メモ" not in tabs
