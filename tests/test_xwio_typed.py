"""The live reader's typed columns (``xwio.data_column``): what the validation and the engine
make of them is what they make of the cleaned lists, cell for cell, on every corpus book and
on cells of every kind COM hands over.

Runs without Excel: the stand-in of tests/fake_xlwings.py hands ``raw_value`` over as COM does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.contract import InputError
from routekpi.excel import xwio
from routekpi.excel.model_cache import fingerprint
from routekpi.pipeline import RecalcError, compute_data
from routekpi.schema import ORDERS
from tests.fake_xlwings import CellError, ComTime, FakeBook
from tests.workbook_files import CORPUS

BOOKS = sorted(p for p in CORPUS.glob("*.xls*") if p.suffix != ".xls")


def _outcome(book: FakeBook, typed: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(xwio, "TYPED_COLUMNS", typed)
    try:
        data = xwio.read_book(book.copy())
        result, checks, rows, _ = compute_data(data, today=dt.date(2026, 12, 4))
    except (InputError, RecalcError) as exc:
        return ("stop", str(exc))
    kinds = {
        name: {j: type(c).__name__ for j, c in sheet.columns.items()}
        for name, sheet in data.sheets.items()
        if sheet is not None and sheet.columns is not None
    }
    cells = [(c.sheet, c.row, c.column, repr(c.value), c.problem, c.severity) for c in checks]
    return cells, rows, result.targets, result.attainment, kinds


def _openable(path: Path) -> FakeBook | None:
    try:
        return FakeBook.from_file(path)
    except Exception:  # not a workbook openpyxl opens (a zip bomb, an encrypted file)
        return None


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.name)
def test_typed_columns_give_what_the_lists_give(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _openable(path)
    if book is None:
        pytest.skip("the stand-in cannot open it")
    typed = _outcome(book, True, monkeypatch)
    listed = _outcome(book, False, monkeypatch)
    if typed[0] == "stop" or listed[0] == "stop":
        assert typed == listed
        return
    assert typed[0] == listed[0]  # Checks rows, values as read
    assert typed[1] == listed[1]  # rows read
    pd.testing.assert_frame_equal(typed[2], listed[2])
    pd.testing.assert_frame_equal(typed[3], listed[3])
    assert not any("ComColumn" in k.values() for k in listed[4].values())


def test_the_sample_reads_typed(sample_book_master: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = FakeBook.from_file(sample_book_master)
    typed = _outcome(book, True, monkeypatch)
    listed = _outcome(book, False, monkeypatch)
    assert typed[0] == listed[0] and typed[1] == listed[1]
    pd.testing.assert_frame_equal(typed[2], listed[2])
    kinds = typed[4]
    assert set(kinds["Orders"].values()) == {"ComColumn"}  # every column the schema reads
    assert set(kinds["Visits"].values()) == {"ComColumn"}


def _untidy_orders(book: FakeBook) -> None:
    """Orders whose columns hold, among their own type, every other kind of cell COM gives:
    blanks, empty text, error codes, text in number and date columns, numbers in text and
    date columns, a boolean, times of day, a date in a text column."""
    sheet = book.add_sheet("Orders")
    header = ["受注日", "得意先", "担当者", "金額", "数量"]
    rows: list[list[object]] = []
    for i in range(40):
        rows.append([dt.datetime(2025, 4, 1) + dt.timedelta(days=i), f"A{i % 7:03d}", "田中"])
        rows[-1] += [1000.0 + i, float(i % 3)]
    sheet.range("A1").value = [header, *rows]
    sheet.put((3, 1), ComTime(2025, 4, 2, 13, 30, 15, 250_000, tzinfo=dt.UTC))
    sheet.put((4, 1), 45000.0)  # a serial
    sheet.put((5, 1), "2025/4/5")
    sheet.put((6, 2), 123.0)  # a numeric code among text
    sheet.put((7, 2), "")  # a formula's empty text
    sheet.range("C8").value = "#N/A"  # error cells: COM's codes
    sheet.put((9, 4), "1,200")
    sheet.put((10, 4), True)
    sheet.range("D11").value = "#VALUE!"
    sheet.put((12, 5), "")
    sheet.put((13, 3), ComTime(2025, 4, 1, tzinfo=dt.UTC))
    sheet.put((14, 1), None)


def test_odd_cells_read_as_the_list_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    book = FakeBook()
    _untidy_orders(book)
    sheet = book.sheets["Orders"]
    read = {}
    for typed in (True, False):
        monkeypatch.setattr(xwio, "TYPED_COLUMNS", typed)
        read[typed] = xwio.read_raw_sheet(sheet, ORDERS)
    columns = read[True].columns
    assert columns is not None and read[False].columns is not None
    assert all(isinstance(c, xwio.ComColumn) for c in columns.values())
    for j, column in columns.items():  # cell for cell, types included
        cells = read[False].columns[j]
        assert list(column) == cells and column == cells
        assert [type(v) for v in column] == [type(v) for v in cells]
    assert columns[0][1] == dt.datetime(2025, 4, 2, 13, 30, 15, 250_000)
    assert columns[0].odd == {2: 45000.0, 3: "2025/4/5"}
    assert columns[1].odd == {4: 123.0} and columns[1][5] is None  # empty text: a blank
    assert columns[1].uniques is not None and "" not in columns[1].uniques.to_pylist()
    assert columns[2].odd == {6: "#N/A", 11: dt.datetime(2025, 4, 1)}
    assert columns[3].odd == {7: "1,200", 8: True, 9: "#VALUE!"}
    assert np.isnan(columns[4].values[10])


def test_a_column_mostly_of_another_type_stays_a_list() -> None:
    cells = [f"{i}" for i in range(10)] + [float(i) for i in range(10)]
    assert type(xwio.data_column("number", cells)) is list
    codes = xwio.data_column("text", [1.0, None, 2.0, 1.0])
    assert isinstance(codes, xwio.ComColumn) and list(codes) == [1.0, None, 2.0, 1.0]
    assert type(xwio.data_column("text", ["a", "\udc80"])) is list  # not UTF-8: cell by cell


def test_the_fingerprint_tells_typed_cells_apart() -> None:
    def digest(edit: tuple[tuple[int, int], object] | None) -> str:
        book = FakeBook()
        _untidy_orders(book)
        visits = book.add_sheet("Visits")
        day = dt.datetime(2025, 4, 1)
        visits.range("A1").value = [["訪問日", "担当者", "顧客コード"], [day, "田中", "A001"]]
        if edit is not None:
            book.sheets["Orders"].put(*edit)
        book.add_sheet("Settings")
        return fingerprint(xwio.read_book(book))

    same = digest(None)
    assert digest(None) == same
    edits = [
        ((20, 1), dt.datetime(2025, 4, 20, 0, 0, 1)),  # a second later
        ((20, 2), "A999"),
        ((20, 2), None),
        ((20, 4), 1019.0000001),
        ((20, 4), "1019"),  # the same number as text
        ((3, 1), ComTime(2025, 4, 2, 13, 30, 15, 250_001, tzinfo=dt.UTC)),
        ((8, 3), CellError("#REF!")),
    ]
    digests = [digest(e) for e in edits]
    assert same not in digests and len(set(digests)) == len(edits)
