"""The live reader's raw reads (``xwio.RAW_READS``): COM's values cleaned by column give what
xlwings' ``.value`` gives cell by cell.

Runs without Excel: the stand-in of tests/fake_xlwings.py hands ``raw_value`` over as COM does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from routekpi.excel import xwio
from routekpi.schema import ORDERS
from tests.fake_xlwings import COM_ERRORS, ComTime, FakeBook, FakeSheet
from tests.workbook_files import CORPUS


def test_clean_cell_is_what_value_gives() -> None:
    assert xwio.clean_cell(None) is None
    assert xwio.clean_cell("") is None
    assert xwio.clean_cell("東京") == "東京"
    assert xwio.clean_cell(1.5) == 1.5
    assert xwio.clean_cell(True) is True
    assert xwio.clean_cell(7) == 7  # an int that is no error code stays (xlwings does too)
    assert xwio.clean_cell(COM_ERRORS["#N/A"]) == "#N/A"
    assert xwio.clean_cell(COM_ERRORS["#DIV/0!"]) == "#DIV/0!"
    day = xwio.clean_cell(ComTime(2026, 4, 30, 13, 5, tzinfo=dt.UTC))
    assert day == dt.datetime(2026, 4, 30, 13, 5)
    assert type(day) is dt.datetime and day.tzinfo is None  # type: ignore[union-attr]


def test_stand_in_raw_value_is_com_shaped() -> None:
    book = FakeBook()
    sheet = book.add_sheet("Orders")
    sheet.range("A1").value = [["Date", "Amount"], [dt.datetime(2026, 4, 1), 3]]
    sheet.put((3, 1), ComTime(2026, 4, 2, tzinfo=dt.UTC))
    sheet.range("B3").value = "#N/A"
    assert sheet.range("B2").raw_value == 3.0
    block = sheet.range("A1:B3").raw_value
    assert block == (
        ("Date", "Amount"),
        (dt.datetime(2026, 4, 1, tzinfo=dt.UTC), 3.0),
        (dt.datetime(2026, 4, 2, tzinfo=dt.UTC), COM_ERRORS["#N/A"]),
    )
    assert isinstance(block, tuple) and isinstance(block[1][0], ComTime)
    assert sheet.range("A1:B3").options(ndim=2, err_to_str=True).value == [
        ["Date", "Amount"],
        [dt.datetime(2026, 4, 1), 3.0],
        [dt.datetime(2026, 4, 2), "#N/A"],
    ]


def _orders(sheet: FakeSheet) -> None:
    """An Orders table at C3 under blank rows and columns, with a blank row inside, error
    cells and an empty text cell; styled cells around it."""
    sheet.range("C3").value = [
        ["受注日", "得意先", "担当者", "金額"],
        [dt.datetime(2026, 4, 1), "A001", "田中", 1200],
        [None, None, None, None],
        [dt.datetime(2026, 4, 3), "A002", "'#N/A", "#VALUE!"],
    ]
    sheet.put((5, 4), "")  # a formula's empty text
    sheet.range("A1:H9").number_format = "General"  # the used range grows past the data


@pytest.mark.parametrize("raw", [False, True])
def test_orders_read_by_column_either_way(raw: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xwio, "RAW_READS", raw)
    book = FakeBook()
    _orders(book.add_sheet("Orders"))
    got = xwio.read_raw_sheet(book.sheets["Orders"], ORDERS)
    assert (got.first_row, got.first_col, got.height) == (3, 2, 3)
    assert got.header == ["受注日", "得意先", "担当者", "金額"]
    assert got.rows == []
    assert got.columns == {
        0: [dt.datetime(2026, 4, 1), None, dt.datetime(2026, 4, 3)],
        1: ["A001", None, "A002"],  # xlwings turns empty text into None
        2: ["田中", None, "#N/A"],
        3: [1200.0, None, "#VALUE!"],
    }
    assert [type(v) for v in got.columns[0]] == [dt.datetime, type(None), dt.datetime]


@pytest.mark.parametrize("name", ["merged_cells.xlsm", "error_cells.xlsm", "date_formats.xlsm"])
def test_raw_reads_give_the_value_reads(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    book = FakeBook.from_file(CORPUS / name)
    read = {}
    for raw in (False, True):
        monkeypatch.setattr(xwio, "RAW_READS", raw)
        read[raw] = xwio.read_book_probed(book.copy())
    assert read[True] == read[False]
    orders = read[True][0].sheets["Orders"]
    assert orders is not None
    cells = orders.columns.values() if orders.columns is not None else orders.rows
    assert all(type(v) is not ComTime for column in cells for v in column)


def test_sample_read_is_the_same_either_way(
    sample_book_master: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = FakeBook.from_file(sample_book_master)
    read, reads = {}, {}
    for raw in (False, True):
        monkeypatch.setattr(xwio, "RAW_READS", raw)
        copy = book.copy()
        read[raw] = xwio.read_book_probed(copy)
        reads[raw] = dict(copy.reads)
    assert read[True] == read[False]
    orders = read[True][0].sheets["Orders"]
    assert orders is not None and orders.height > xwio.READ_CHUNK_ROWS
    assert reads[True] == reads[False]  # the same blocks: two of Orders' rows
    assert reads[True]["Orders"] == 2
