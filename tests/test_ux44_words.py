"""Appointment attempts are 「アポ打診」 on every sheet, never 「架電」 (trial 44 L2).

A company that maps 飛び込み (cold walk-in visits) to アポ read the Plan's 「アポ架電 3,142件」
as phone calls. The word is now the neutral one the backtest's KPI already used (アポ打診数).
The book: tests/test_own_start_sources.py's (A and B 2 meetings and 3 calls a month), written,
recalculated and read back; every output sheet is searched.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from routekpi.recalc import recalculate
from tests.test_own_start_sources import _rows
from tests.workbook_files import sources_or_pasted_book


def _sheet_texts(book: Path) -> dict[str, str]:
    wb = openpyxl.load_workbook(book, read_only=True)
    out = {}
    for ws in wb.worksheets:
        cells = (str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
        out[ws.title] = "".join(cells).replace(" ", "")
    wb.close()
    return out


def test_attempts_are_called_dashin_on_every_output_sheet(tmp_path: Path) -> None:
    book = sources_or_pasted_book(tmp_path / "calls.xlsm", _rows(), 3_300_000)
    recalculate(book)
    texts = _sheet_texts(book)
    # The Plan's line and its sentence (team 3 calls × 2 reps a month: a target is set).
    plan = next(t for name, t in texts.items() if name in ("Plan", "計画"))
    assert "商談・アポ打診" in plan and "アポ打診" in plan.split("商談・アポ打診", 1)[1]
    # No output sheet calls them 架電 (the input sheets may: a company's own word there).
    inputs = {"Visits", "訪問", "Words", "言葉", "Sources", "取込元", "訪問入力"}
    said = {name for name, t in texts.items() if "架電" in t and name not in inputs}
    assert not said, said
