"""A rep released of his whole book (core.handover: every account handed over, still at
work) who lost an account before: no lost-account flag of his on the Flags sheet, as for a
rep gone (review 30 L3: its share was of the average rep's book while the flag said 「担当の
…売上の 12.8%」, on an account that was 93.8% of his own)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from tests import test_lost_leaver as leaver


def _flag_lines(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(wb["Flags"].iter_rows(values_only=True))
    finally:
        wb.close()
    return [" | ".join(str(v) for v in row if v is not None) for row in rows]


def test_a_released_reps_lost_account_is_not_flagged(tmp_path: Path) -> None:
    """tests/test_lost_leaver.py's book with the leaver kept at work (a call logged every
    month through December 2025): he is released, not gone. His lost account stays in the
    lost rows the landing reads, measured against the average rep's book, but the Flags sheet
    lists only 鈴木's 白鷺病院."""
    path = leaver.write_book(tmp_path / "book.xlsm", "ja")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Visits"]
    row = ws.max_row
    for month in pd.date_range("2025-07-01", "2025-12-01", freq="MS"):
        row += 1
        day = (month + pd.Timedelta(days=14)).date()
        for col, value in enumerate([day, leaver.L, None, "テレアポ", None], start=1):
            ws.cell(row, col, value)
    wb.save(path)
    recalculate(path)
    (result, _, _, _), _ = compute_file(path)
    handover = result.history.handover
    assert handover is not None and leaver.L in handover.released
    assert leaver.L not in handover.gone
    assert any(r["rep"] == leaver.L for r in result.lost_accounts)
    lines = [line for line in _flag_lines(path) if "lost_account" in line]
    assert any("白鷺病院" in line for line in lines)
    assert not any(f"| {leaver.L} |" in line for line in lines)
