"""The Daily sheet prints one paper per rep (trial 38 M3): a manual page break before each
rep's first dated row after the first rep's, written into the sheet's XML on recalculation
(LibreOffice and the report honour it: the sheet fits its width, not its height). A real
workbook, written and read back."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import python_calamine

from routekpi.cli import main
from routekpi.io.sheetrewrite import tail_with_row_breaks
from routekpi.io.sheetxml import Cell
from routekpi.render_daily import rep_page_breaks

CORPUS = Path(__file__).parent / "corpus"


def _daily_xml(book: Path) -> str:
    with zipfile.ZipFile(book) as zf:
        workbook = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(r'<sheet [^>]*name="Daily"[^>]*r:id="(\w+)"', workbook)
        assert rid is not None
        target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*/>', rels)
        assert target is not None
        part = re.search(r'Target="/?(?:xl/)?([^"]+)"', target.group(0))
        assert part is not None
        return zf.read("xl/" + part.group(1)).decode()


def test_each_rep_starts_a_printed_page(tmp_path: Path) -> None:
    book = tmp_path / "daily.xlsm"
    shutil.copyfile(CORPUS / "missing_accounts_sheet.xlsm", book)
    for _ in range(2):  # a second recalculation replaces the breaks, never adds to them
        assert main(["recalc", str(book)]) == 0
    rows = python_calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Daily")
    cells = rows.to_python()
    dated = [(i + 1, r[0]) for i, r in enumerate(cells[1:], start=1) if r[0] and r[1]]
    reps = list(dict.fromkeys(rep for _, rep in dated))
    assert len(reps) >= 2
    # The Excel row each rep's first dated row follows.
    want = [next(at for at, rep in dated if rep == r) - 1 for r in reps[1:]]
    xml = _daily_xml(book)
    assert xml.count("<rowBreaks") == 1
    got = [int(b) for b in re.findall(r'<brk id="(\d+)" max="16383" man="1"/>', xml)]
    assert got == want
    # Each break's row is the last of one rep: the row below it is another rep's.
    for at in got:
        assert cells[at - 1][0] != cells[at][0]


def test_the_breaks_follow_the_rep_column_of_dated_rows() -> None:
    table = [
        ["担当者", "日付"],
        ["12/5(土)からの訪問計画", None],  # a line above the list: no rep's
        ["佐藤", "2026-12-05"],
        [Cell("佐藤", "rk_text"), "2026-12-07"],
        ["", None],  # a reason's continuation row
        ["鈴木", "2026-12-05"],
        ["田中", Cell("2026-12-05")],
    ]
    # Excel rows: header 1, the line 2, 佐藤 3–4, continuation 5, 鈴木 6, 田中 7.
    assert rep_page_breaks(table) == [5, 6]
    assert rep_page_breaks(table[:5]) == []


def test_the_sheets_own_breaks_are_replaced_in_schema_order() -> None:
    tail = (
        b'<pageSetup orientation="landscape"/><rowBreaks count="1" manualBreakCount="1">'
        b'<brk id="3" max="16383" man="1"/></rowBreaks><drawing r:id="rId1"/></worksheet>'
    )
    got = tail_with_row_breaks(tail, None, [10, 20])
    assert got == (
        b'<pageSetup orientation="landscape"/><rowBreaks count="2" manualBreakCount="2">'
        b'<brk id="10" max="16383" man="1"/><brk id="20" max="16383" man="1"/></rowBreaks>'
        b'<drawing r:id="rId1"/></worksheet>'
    )
    assert tail_with_row_breaks(tail, None, []) == (
        b'<pageSetup orientation="landscape"/><drawing r:id="rId1"/></worksheet>'
    )
    prefixed = tail_with_row_breaks(b"<x:pageSetup/></x:worksheet>", "x", [4])
    assert prefixed == (
        b'<x:pageSetup/><x:rowBreaks count="1" manualBreakCount="1">'
        b'<x:brk id="4" max="16383" man="1"/></x:rowBreaks></x:worksheet>'
    )
