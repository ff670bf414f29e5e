"""trial 36 L4: a rep's visit log (訪問入力) with rows written as date-times — by a script, or
pasted from a system — showed ### in LibreOffice: such a cell keeps its own
"yyyy-mm-dd h:mm:ss" (19 characters) over the column's date format, and the column was 13
wide. The log as the copy writes it, rows written with openpyxl as the trial's script did,
printed by LibreOffice and read back as text."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import openpyxl
import pytest
from share_helpers import SOFFICE, soffice_convert

from routekpi.io.template import named_styles
from routekpi.share.copies import DATE_TIME_WIDTH, _visit_log


def _log(path: Path) -> Path:
    wb = openpyxl.Workbook()
    for style in named_styles():  # as the copy's writer registers them
        wb.add_named_style(style)
    ws = wb.active
    ws.title = "訪問入力"
    accounts = wb.create_sheet("担当顧客")
    accounts.append(["顧客コード"])
    accounts.append(["T10310"])
    _visit_log(ws, "担当顧客", 1, "ja")
    wb.save(path)
    wb = openpyxl.load_workbook(path)  # as a rep's script opens the copy
    ws = wb["訪問入力"]
    for i, day in enumerate((dt.datetime(2026, 12, 4), dt.datetime(2026, 12, 5, 9, 30)), 2):
        ws.cell(i, 1, day)
        ws.cell(i, 2, "T10310")
        ws.cell(i, 3, "訪問")
    wb.save(path)
    return path


def test_the_date_column_is_a_date_and_wide_enough_for_a_date_time(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_log(tmp_path / "log.xlsx"))
    column = wb["訪問入力"].column_dimensions["A"]
    assert column.number_format == "yyyy-mm-dd"  # what a rep types (12/4) reads as a date
    assert column.width == DATE_TIME_WIDTH >= len("2026-12-04 00:00:00") + 1


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed")
def test_libreoffice_prints_the_date_times_not_hashes(tmp_path: Path) -> None:
    book = _log(tmp_path / "log.xlsx")
    soffice_convert([book], "pdf", tmp_path)
    out = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "log.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "2026-12-04 0:00:00" in out and "2026-12-05 9:30:00" in out
    assert "###" not in out
