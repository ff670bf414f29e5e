"""``routekpi report --sheets``: print the meeting's pages, not all hundred (trial 18).

LibreOffice prints the sheets a copy of the book leaves visible; these tests read which
sheets that copy hides (no LibreOffice needed) and what a wrong name says.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.io.template import build_template
from routekpi.report import ReportError, outputs_only_workbook_xml, printable_sheets

_BOOK = (
    b'<workbook xmlns:r="r"><bookViews><workbookView firstSheet="0" activeTab="0"/></bookViews>'
    b'<sheets><sheet name="Settings" sheetId="1" r:id="rId1"/>'
    b'<sheet name="Orders" sheetId="2" r:id="rId2"/>'
    b'<sheet name="Dashboard" sheetId="3" r:id="rId3"/>'
    b'<sheet name="Plan" sheetId="4" r:id="rId4"/>'
    b'<sheet name="Review" sheetId="6" r:id="rId6"/>'
    b'<sheet name="Backtest" sheetId="7" r:id="rId7"/></sheets></workbook>'
)


def _shown(xml: bytes) -> list[str]:
    """The tabs left visible (printed)."""
    return [
        m.group(1).decode()
        for m in re.finditer(rb'<sheet name="([^"]*)"[^>]*?/>', xml)
        if b'state="hidden"' not in m.group(0)
    ]


def test_names_in_either_language_or_an_alias_pick_the_sheets() -> None:
    assert printable_sheets("Dashboard,Review") == {"Dashboard", "Review"}
    # Japanese tab names, the Japanese comma, spaces and case do not matter.
    assert printable_sheets("ダッシュボード、 振り返り") == {"Dashboard", "Review"}
    assert printable_sheets("dashboard , visit plan") == {"Dashboard", "Daily"}
    assert printable_sheets(["計画"]) == {"Plan"}
    assert printable_sheets("バックテスト") == {"Backtest"}


def test_only_the_named_sheets_stay_visible_the_first_one_active() -> None:
    xml = outputs_only_workbook_xml(_BOOK, printable_sheets("Plan,Review"))
    assert _shown(xml) == ["Plan", "Review"]
    assert b'activeTab="3"' in xml and b'firstSheet="3"' in xml
    assert _shown(outputs_only_workbook_xml(_BOOK, printable_sheets("振り返り"))) == ["Review"]
    # Without --sheets every output sheet and the Backtest sheet print, as before.
    assert _shown(outputs_only_workbook_xml(_BOOK)) == [
        "Dashboard",
        "Plan",
        "Review",
        "Backtest",
    ]


def test_a_hidden_sheet_loses_its_print_area_and_a_printed_one_keeps_it() -> None:
    """LibreOffice prints a hidden sheet that has a print area (the Dashboard came first in a
    PDF of the Flags): the copy drops the print areas of the sheets it hides."""
    names = (
        b'<definedNames><definedName name="_xlnm.Print_Area" localSheetId="2">'
        b"'Dashboard'!$A$1:$L$50</definedName>"
        b'<definedName name="_xlnm.Print_Area" localSheetId="3">Plan!$A$1:$C$9</definedName>'
        b'<definedName name="_xlnm.Print_Titles" localSheetId="2">Dashboard!$1:$1</definedName>'
        b"</definedNames></workbook>"
    )
    book = _BOOK.replace(b"</workbook>", names)
    xml = outputs_only_workbook_xml(book, printable_sheets("Plan"))
    assert b"'Dashboard'!$A$1:$L$50" not in xml
    assert b'localSheetId="3">Plan!$A$1:$C$9</definedName>' in xml
    assert b"Dashboard!$1:$1" in xml  # titles do not make a sheet print
    # Without --sheets the output sheets keep theirs.
    assert b"'Dashboard'!$A$1:$L$50" in outputs_only_workbook_xml(book)


def test_a_sheet_the_book_lacks_is_named() -> None:
    with pytest.raises(ReportError) as info:
        outputs_only_workbook_xml(_BOOK, printable_sheets("Daily"))
    assert info.value.key == "report.sheets_absent"
    assert info.value.params == {"names": "Daily"}


@pytest.mark.parametrize("given", ["Dashbord,Review", "Orders", "設定"])
def test_a_name_that_is_not_an_output_sheet_is_refused_with_the_list(given: str) -> None:
    with pytest.raises(ReportError) as info:
        printable_sheets(given)
    assert info.value.key == "report.unknown_sheet"
    assert info.value.params["names"] == given.split(",")[0]
    assert "Review/振り返り" in str(info.value.params["known"])


def test_the_command_line_says_which_name_it_does_not_know(tmp_path: Path, capsys) -> None:
    book = tmp_path / "book.xlsm"
    book.write_bytes(b"not read: the names are checked first")
    pdf = tmp_path / "out.pdf"
    code = main(["report", str(book), "--pdf", str(pdf), "--sheets", "ダッシュボード,振返り"])
    assert code == 1
    err = capsys.readouterr().err
    assert "「振返り」は出力シートの名前ではありません" in err
    assert "--sheets: 振返り is not an output sheet" in err
    assert not pdf.exists()
    code = main(["report", str(book), "--pdf", str(pdf), "--sheets", " , "])
    assert code == 1
    assert "--sheets names no sheet" in capsys.readouterr().err


_COPY = (
    b'<workbook xmlns:r="r"><bookViews><workbookView firstSheet="0" activeTab="0"/></bookViews>'
    + '<sheets><sheet name="表紙" sheetId="1" r:id="rId1"/>'.encode()
    + '<sheet name="訪問入力" sheetId="2" r:id="rId2"/>'.encode()
    + '<sheet name="計画" sheetId="3" r:id="rId3"/>'.encode()
    + '<sheet name="担当顧客" sheetId="4" r:id="rId4"/>'.encode()
    + b"</sheets></workbook>"
)


def test_a_rep_copys_own_sheets_print_cover_first() -> None:
    """Trial 46 L1: a rep copy's 表紙 (the sheet its e-mail points to) was refused by
    --sheets and left out without it; its 訪問入力 prints when named."""
    assert printable_sheets("表紙") == {"Cover"}
    assert printable_sheets("表紙,訪問入力, 担当顧客") == {"Cover", "VisitLog", "MyAccounts"}
    xml = outputs_only_workbook_xml(_COPY, printable_sheets("表紙"))
    assert _shown(xml) == ["表紙"]
    assert b'activeTab="0"' in xml
    # Without --sheets: the cover, the output sheets and the account list; not the log form.
    assert _shown(outputs_only_workbook_xml(_COPY)) == ["表紙", "計画", "担当顧客"]
    assert _shown(outputs_only_workbook_xml(_COPY, printable_sheets("visitlog"))) == ["訪問入力"]


def test_a_masters_own_cover_sheet_is_not_printed_with_its_outputs(tmp_path: Path) -> None:
    """review47: a master with a 表紙 (or 担当顧客) sheet of the company's own printed it in
    front of the Dashboard once a copy's cover printed by default; named, it prints."""
    book = tmp_path / "book.xlsm"
    book.write_bytes(build_template("ja"))
    wb = openpyxl.load_workbook(book, keep_vba=True)
    wb.create_sheet("表紙", 0)
    wb.create_sheet("担当顧客")
    wb.save(book)
    with zipfile.ZipFile(book) as z:
        xml = z.read("xl/workbook.xml")
    shown = _shown(outputs_only_workbook_xml(xml))
    assert "表紙" not in shown and "担当顧客" not in shown
    assert shown[0] in ("Dashboard", "ダッシュボード")
    assert _shown(outputs_only_workbook_xml(xml, printable_sheets("表紙"))) == ["表紙"]
    # A copy (no Settings sheet) still prints its cover first.
    assert _shown(outputs_only_workbook_xml(_COPY)) == ["表紙", "計画", "担当顧客"]
