"""``routekpi repair`` on a book made before a setting existed: the Settings rows a newer
template added are written with their defaults, no value the user typed changes, and the
output says which rows were added where.

The old books are the corpus's base book with the newest rows (FiscalYearLabel, WorkingDays,
PriceRevisionMonth, PriceRevisionPct, DailyStart, PriceRevisionProduct) taken out as an older
template left them — no row, no name, no validation — saved by openpyxl, as Excel would save
it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from workbook_files import CORPUS, zip_members

from routekpi.cli import main
from routekpi.io.package import sheet_part_names
from routekpi.io.reader import read_workbook
from routekpi.validation.settings import parse_settings, working_weekdays

ADDED_JA = (
    "設定シートに、このブックになかった項目を既定値で追加しました: "
    "年度の呼び方(FiscalYearLabel)= start(B23)、営業曜日(WorkingDays)= 月-金(B24)、"
    "価格改定の月(空欄=なし)(PriceRevisionMonth)= 空欄(B25)、"
    "価格改定の幅(%)(PriceRevisionPct)= 空欄(B26)、"
    "訪問計画の開始日(空欄=自動)(DailyStart)= 空欄(B27)、"
    "価格改定の商品(空欄=すべて)(PriceRevisionProduct)= 空欄(B28)。"
    "追加前もこの既定値で計算していたので、結果は変わりません。入力済みの値は変えていません"
)


# The rows newer than the old books (the order the template has them in).
NEWEST = (
    "FiscalYearLabel",
    "WorkingDays",
    "PriceRevisionMonth",
    "PriceRevisionPct",
    "DailyStart",
    "PriceRevisionProduct",
)


def _without(path: Path, *names: str) -> Path:
    """``path`` with the Settings rows of ``names`` gone, as an older template made it."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Settings"]
    for name in names:
        row = int(wb.defined_names[name].attr_text.rpartition("$")[2])
        del wb.defined_names[name]
        for col in (1, 2, 3):
            ws.cell(row, col).value = None
        for dv in list(ws.data_validations.dataValidation):
            if f"B{row}" in str(dv.sqref):
                ws.data_validations.dataValidation.remove(dv)
    wb.save(path)
    return path


def _settings_cells(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["Settings"]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def _numbers(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[object, ...]:
    assert main(["recalc", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    return doc["kgi"], doc["baseline"], doc["max_reachable_kgi"], json.dumps(doc["targets"])


@pytest.fixture
def old_book(tmp_path: Path) -> Path:
    path = tmp_path / "old.xlsm"
    shutil.copyfile(CORPUS / "base.xlsm", path)
    return _without(path, *NEWEST)


def test_an_old_book_recalculates_on_the_defaults_without_a_word(
    old_book: Path, copy_case: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Before any repair: no Check about the missing rows (they were added with defaults
    that are what routekpi always did), and the same plan as the current book's."""
    current = copy_case("base.xlsm")
    assert _numbers(old_book, capsys) == _numbers(current, capsys)
    assert main(["recalc", str(old_book), "--json"]) == 0
    checks = json.loads(capsys.readouterr().out)["checks"]
    assert not [c for c in checks if c["sheet"] == "Settings"]
    data = read_workbook(old_book)
    assert "WorkingDays" not in data.settings
    assert working_weekdays(parse_settings(data.settings).values) == frozenset(range(5))


def test_repair_adds_the_missing_settings_rows_with_their_defaults(
    old_book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _settings_cells(old_book)
    raw_before = zip_members(old_book)
    numbers_before = _numbers(old_book, capsys)
    assert main(["repair", str(old_book)]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.splitlines()[-1] == ADDED_JA
    after = _settings_cells(old_book)
    # Every cell that held something holds the same; only the two rows are new.
    assert {k: v for k, v in after.items() if k in before} == before
    new = {k: v for k, v in after.items() if k not in before}
    assert set(new) == {"A23", "B23", "C23", "A24", "B24", "C24", "A25", "C25", "A26", "C26"} | {
        "A27",
        "C27",
        "A28",
        "C28",
    }
    assert (new["A23"], new["B23"], new["A24"], new["B24"]) == (
        "年度の呼び方",
        "start",
        "営業曜日",
        "月-金",
    )
    assert new["C24"].startswith("営業する曜日。月-金(既定)")
    # As the template has them: named cells, the label's and value's styles, a validation.
    wb = openpyxl.load_workbook(old_book)
    assert wb.defined_names["WorkingDays"].attr_text == "'Settings'!$B$24"
    assert wb.defined_names["FiscalYearLabel"].attr_text == "'Settings'!$B$23"
    ws = wb["Settings"]
    assert (ws["A24"].style, ws["B24"].style, ws["C24"].style) == ("rk_text", "rk_text", "rk_note")
    found = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    # The ja template's drop-down offers the Japanese words (review47); the key written
    # (the default the book was calculated with) stays valid: the list only suggests.
    assert found["B23"].type == "list" and found["B23"].formula1 == '"始まる年,終わる年"'
    assert found["B23"].errorStyle == "information"
    assert found["B24"].type == "textLength" and found["B24"].promptTitle == "WorkingDays"
    # The input sheets are copied byte for byte.
    parts = sheet_part_names(old_book)
    for sheet in ("Orders", "Visits", "Accounts", "Holidays"):
        assert zip_members(old_book)[parts[sheet]] == raw_before[parts[sheet]], sheet
    # The book reads the rows it now has, and plans exactly as before.
    data = read_workbook(old_book)
    assert data.settings["WorkingDays"] == "月-金"
    assert data.setting_cells["WorkingDays"] == (24, "B")
    assert _numbers(old_book, capsys) == numbers_before
    # A second repair finds nothing to add.
    assert main(["repair", str(old_book)]) == 0
    assert "設定シート" not in capsys.readouterr().out
    # The row works: 月-土 typed there is read as Monday to Saturday.
    with_saturday = old_book.with_name("saturday.xlsm")
    shutil.copyfile(old_book, with_saturday)
    wb = openpyxl.load_workbook(with_saturday, keep_vba=True)
    wb["Settings"]["B24"] = "月-土"
    wb.save(with_saturday)
    typed = read_workbook(with_saturday).settings
    assert working_weekdays(parse_settings(typed).values) == frozenset(range(6))


def test_a_note_typed_under_the_settings_is_not_written_over(
    old_book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Row 24 holds the user's own note: FiscalYearLabel takes the free row 23, WorkingDays
    the next free one, 25; the note stays as typed."""
    wb = openpyxl.load_workbook(old_book, keep_vba=True)
    wb["Settings"]["A24"] = "メモ: KGIは役員会で決定(2026/3)"
    wb["Settings"]["E24"] = "確認済"
    wb.save(old_book)
    assert main(["repair", str(old_book)]) == 0
    moved = ADDED_JA.replace("空欄(B28)", "空欄(B29)").replace("空欄(B27)", "空欄(B28)")
    moved = moved.replace("空欄(B26)", "空欄(B27)")
    moved = moved.replace("月-金(B24)", "月-金(B25)").replace("空欄(B25)", "空欄(B26)")
    assert capsys.readouterr().out.splitlines()[-1] == moved
    ws = openpyxl.load_workbook(old_book)["Settings"]
    assert (ws["A24"].value, ws["B24"].value, ws["E24"].value) == (
        "メモ: KGIは役員会で決定(2026/3)",
        None,
        "確認済",
    )
    assert (ws["A25"].value, ws["B25"].value) == ("営業曜日", "月-金")
    assert read_workbook(old_book).setting_cells["WorkingDays"] == (25, "B")


def test_a_settings_row_whose_name_was_lost_is_named_again(
    copy_case: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The corpus book whose KGI name was deleted (its row, and the KGI typed there, kept):
    recalc stops; repair names the row again instead of adding a second KGI row."""
    path = copy_case("kgi_name_deleted.xlsm")
    assert main(["recalc", str(path)]) == 1
    capsys.readouterr()
    assert main(["repair", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "設定シートの次の項目は、行はあるのに名前の定義が失われていたため、その行に付け直しました: "
        "KGI(年間売上目標, 円)(KGI、B4)。そのセルの値が計算に使われます"
    )
    data = read_workbook(path)
    assert data.setting_cells["KGI"] == (4, "B")
    assert main(["recalc", str(path)]) == 0


def test_an_english_book_gets_the_rows_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.xlsm"
    assert main(["new", str(path), "--lang", "en"]) == 0
    _without(
        path,
        "WorkingDays",
        "PriceRevisionMonth",
        "PriceRevisionPct",
        "DailyStart",
        "PriceRevisionProduct",
    )
    capsys.readouterr()
    assert main(["repair", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "settings this book did not have were added to its Settings sheet with their defaults: "
        "Working days (WorkingDays) = Mon-Fri (B24), Price revision month (blank = none) "
        "(PriceRevisionMonth) = blank (B25), Price revision size (%) (PriceRevisionPct) = "
        "blank (B26), Visit plan: first day (blank = automatic) (DailyStart) = blank (B27), "
        "Price revision: product (blank = all) (PriceRevisionProduct) = blank (B28). "
        "It was already calculated with these "
        "defaults, so no result changes; no value you typed was changed"
    )
    ws = openpyxl.load_workbook(path)["Settings"]
    assert (ws["A24"].value, ws["B24"].value) == ("Working days", "Mon-Fri")


def test_a_cell_the_user_already_validates_gets_no_second_validation(
    old_book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A validation of the user's own over B23:B30: the rows are added under it, without a
    second validation on the same cells (two on one cell is a file Excel repairs)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.load_workbook(old_book, keep_vba=True)
    mine = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="40")
    mine.add("B23:B30")
    wb["Settings"].add_data_validation(mine)
    wb.save(old_book)
    assert main(["repair", str(old_book)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == ADDED_JA
    ws = openpyxl.load_workbook(old_book)["Settings"]
    covering = [
        str(dv.sqref)
        for dv in ws.data_validations.dataValidation
        if any("B23" in str(r) or "B24" in str(r) for r in dv.sqref.ranges)
    ]
    assert covering == ["B23:B30"]
    assert (ws["B23"].value, ws["B24"].value) == ("start", "月-金")
