"""``routekpi repair`` gives an older book's output sheets the template's repeated print rows
and columns (print titles, ``schema.PrintLayout``): the header row on every page, and on the
Matrix, the Daily and the Review their title columns at the left of every page.

Repair already copied the page size and fit; a book made before the title columns were
declared printed the Matrix's October-March page without the KPI and rep names.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from workbook_files import CORPUS, zip_members

from routekpi.cli import main
from routekpi.io.repair import template_print_titles, with_print_titles

_TITLES = re.compile(
    r'<definedName name="_xlnm\.Print_Titles" localSheetId="(\d+)">([^<]*)</definedName>'
)


def _with_workbook_xml(path: Path, edit: dict[str, str]) -> None:
    """Rewrite ``path`` with workbook.xml's text replaced (old text → new), every other part
    copied as it is."""
    members = zip_members(path)
    xml = members["xl/workbook.xml"].decode("utf-8")
    for old, new in edit.items():
        assert old in xml, old
        xml = xml.replace(old, new)
    members["xl/workbook.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _titles(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """Each sheet's print titles as Excel reads them back: (rows, columns)."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    try:
        return {
            ws.title: (ws.print_title_rows, ws.print_title_cols)
            for ws in wb.worksheets
            if ws.print_title_rows or ws.print_title_cols
        }
    finally:
        wb.close()


def test_the_template_declares_the_title_columns_of_the_wide_sheets() -> None:
    """What repair copies: schema.PrintLayout as the template writes it (the Matrix's KPI,
    rep and measure; the Daily's stop columns through the account name; the Review's)."""
    titles = template_print_titles("ja")
    assert titles["Matrix"] == ("$1:$1", "$A:$C")
    assert titles["Daily"] == ("$1:$1", "$A:$E")
    assert titles["Review"] == ("$1:$1", "$A:$C")
    assert titles["Plan"] == ("$1:$1",)
    assert "Dashboard" not in titles and "Settings" not in titles


def test_an_old_book_gets_the_title_columns_back_and_keeps_its_other_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """base.xlsm as an older template wrote it: the Matrix and the Review repeat only their
    header row, the Daily nothing. After repair each repeats its title columns too, read
    back from the file; the Dashboard's print area and the filters stay as they were, and a
    second repair changes no name."""
    path = tmp_path / "old.xlsm"
    shutil.copyfile(CORPUS / "base.xlsm", path)
    tabs = openpyxl.load_workbook(path, read_only=True).sheetnames
    daily, dash = tabs.index("Daily"), tabs.index("Dashboard")
    _with_workbook_xml(
        path,
        {
            "'Matrix'!$1:$1,'Matrix'!$A:$C": "'Matrix'!$1:$1",
            "'Review'!$1:$1,'Review'!$A:$C": "'Review'!$1:$1",
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{daily}">'
            "'Daily'!$1:$1,'Daily'!$A:$E</definedName>": "",
        },
    )
    before = _titles(path)
    assert before["Matrix"] == ("$1:$1", None)
    assert "Daily" not in before
    assert main(["repair", str(path)]) == 0
    assert "印刷時に各ページに繰り返す" in capsys.readouterr().out
    after = _titles(path)
    assert after["Matrix"] == ("$1:$1", "$A:$C")
    assert after["Daily"] == ("$1:$1", "$A:$E")
    assert after["Review"] == ("$1:$1", "$A:$C")
    for tab in ("Plan", "Targets", "Attainment", "Flags", "Checks"):
        assert after[tab] == ("$1:$1", None), tab
    xml = zip_members(path)["xl/workbook.xml"].decode("utf-8")
    found = _TITLES.findall(xml)
    # One per output sheet (the tables after the Dashboard) at its own position.
    assert sorted(int(at) for at, _ in found) == list(range(dash + 1, tabs.index("Review") + 1))
    assert (str(daily), "'Daily'!$1:$1,'Daily'!$A:$E") in found
    assert (
        f'<definedName name="_xlnm.Print_Area" localSheetId="{dash}">'
        "'Dashboard'!$A$1:$L$50</definedName>" in xml
    )
    assert xml.count("_xlnm._FilterDatabase") == 7
    assert main(["repair", str(path)]) == 0
    assert _TITLES.findall(zip_members(path)["xl/workbook.xml"].decode("utf-8")) == found


def test_renamed_tabs_and_created_sheets_get_their_titles(tmp_path: Path) -> None:
    """Japanese tab names keep their names in the reference ('計画'!$1:$1); a book with no
    output sheets (pandas wrote it) gets them created, each with its titles at the position
    it is created at (after the book's own tabs)."""
    path = tmp_path / "ja.xlsm"
    shutil.copyfile(CORPUS / "japanese_tab_names.xlsm", path)
    _with_workbook_xml(path, {"'Daily'!$1:$1,'Daily'!$A:$E": "'Daily'!$1:$1"})
    assert main(["repair", str(path)]) == 0
    after = _titles(path)
    assert after["計画"] == ("$1:$1", None)
    assert after["Daily"] == ("$1:$1", "$A:$E")

    bare = tmp_path / "bare.xlsx"
    shutil.copyfile(CORPUS / "pandas_no_outputs.xlsx", bare)
    assert "Matrix" not in openpyxl.load_workbook(bare).sheetnames
    assert main(["repair", str(bare)]) == 0
    made = _titles(bare.with_suffix(".xlsm"))
    assert made["Matrix"] == ("$1:$1", "$A:$C")
    assert made["Review"] == ("$1:$1", "$A:$C")
    assert made["Checks"] == ("$1:$1", None)


def test_a_tab_name_with_a_quote_is_written_as_excel_quotes_it() -> None:
    """'O''Brien' (a quote doubled inside the quotes) and & escaped in the XML; an existing
    name of the sheet replaced, not added twice."""
    xml = (
        b'<workbook xmlns="main"><sheets/><definedNames>'
        b'<definedName name="_xlnm.Print_Titles" localSheetId="2">\'x\'!$1:$1</definedName>'
        b"</definedNames></workbook>"
    )
    out = with_print_titles(xml, {2: ("O'Brien & Co", "$1:$1,$A:$C"), 4: ("Plan", "$1:$1")})
    assert out == (
        b'<workbook xmlns="main"><sheets/><definedNames>'
        b'<definedName name="_xlnm.Print_Titles" localSheetId="2">'
        b"'O''Brien &amp; Co'!$1:$1,'O''Brien &amp; Co'!$A:$C</definedName>"
        b'<definedName name="_xlnm.Print_Titles" localSheetId="4">\'Plan\'!$1:$1</definedName>'
        b"</definedNames></workbook>"
    )


def test_titles_excel_spelled_its_own_way_are_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel saves the same titles unquoted and columns first (Matrix!$A:$C,Matrix!$1:$1):
    repair neither rewrites nor reports them (review27: every repair after a save said the
    8 output sheets were given the template's titles)."""
    path = tmp_path / "saved.xlsm"
    shutil.copyfile(CORPUS / "base.xlsm", path)
    xml = zip_members(path)["xl/workbook.xml"].decode("utf-8")

    def excel_form(m: re.Match[str]) -> str:
        parts = [x.replace("'", "") for x in m.group(2).split(",")]
        parts.sort(key=lambda x: 0 if re.search(r"!\$[A-Z]+:", x) else 1)
        return m.group(1) + ",".join(parts)

    saved = re.sub(r'(<definedName name="_xlnm.Print_Titles"[^>]*>)([^<]*)', excel_form, xml)
    assert "Matrix!$A:$C,Matrix!$1:$1" in saved
    _with_workbook_xml(path, {xml: saved})
    assert main(["repair", str(path)]) == 0
    assert "印刷時に各ページに繰り返す" not in capsys.readouterr().out
    assert "Matrix!$A:$C,Matrix!$1:$1" in zip_members(path)["xl/workbook.xml"].decode("utf-8")
