"""report --rep / --days (trial 48 L5): the Daily prints one rep's visit list, or its first
days, by hiding the other rows in the printed copy (LibreOffice skips hidden rows)."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from routekpi.report import ReportError, daily_rows_hidden, rows_hidden


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A Daily as recalc writes it: header, notes in column A, then rep × day rows."""
    wb = openpyxl.Workbook()
    wb.active.title = "Plan"
    ws = wb.create_sheet("Daily")
    ws.append(["担当者", "日付", "順番"])
    ws.append(["11/2(月)から10営業日分の訪問計画。"])
    for rep in ("上野 美香", "中川 恵"):
        for day in (2, 2, 4, 5):
            ws.append([rep, datetime(2026, 11, day), 1])
    path = tmp_path / "b.xlsx"
    wb.save(path)
    return path


def test_one_rep_one_day_hides_every_other_row_and_keeps_the_notes(book: Path) -> None:
    part, hidden = daily_rows_hidden(book, "上野美香", 1)  # no space, as a manager types it
    assert part == "xl/worksheets/sheet2.xml"
    # Rows 3-6: 上野's 11/2, 11/2, 11/4, 11/5; rows 7-10: 中川's.
    assert hidden == {5, 6, 7, 8, 9, 10}
    assert daily_rows_hidden(book, None, 2)[1] == {6, 10}
    assert daily_rows_hidden(book, "中川 恵", None)[1] == {3, 4, 5, 6}
    assert daily_rows_hidden(book, None, None) is None


def test_the_hidden_rows_are_hidden_in_the_sheet_xml(book: Path, tmp_path: Path) -> None:
    part, hidden = daily_rows_hidden(book, "上野 美香", 1)
    with zipfile.ZipFile(book) as zf:
        xml = rows_hidden(zf.read(part), hidden)
    out = tmp_path / "c.xlsx"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, xml if info.filename == part else zin.read(info.filename))
    ws = openpyxl.load_workbook(out)["Daily"]
    shown = [r for r in range(1, 11) if not ws.row_dimensions[r].hidden]
    assert shown == [1, 2, 3, 4]


def test_a_rep_not_on_the_daily_is_named_with_those_there(book: Path) -> None:
    with pytest.raises(ReportError) as err:
        daily_rows_hidden(book, "上野", None)
    assert err.value.key == "report.rep_absent"
    assert err.value.params["reps"] == "上野 美香, 中川 恵"
