"""The template's Reps (担当者) sheet: where a manager types each rep's e-mail and branch
(trial 26: the README and Checks named a Reps sheet the book did not have)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from share_helpers import make_master

from routekpi import schema
from routekpi.io.reader import read_workbook
from routekpi.share.mail import rep_addresses
from routekpi.validation.branches import rep_branches
from routekpi.validation.reps_sheet import reps_tab

HEADER = ["担当者", "メールアドレス", "営業所"]


def test_reps_tab_prefers_the_tab_that_lists_a_rep() -> None:
    rows = {
        "Reps": [HEADER],  # the template's, left empty
        "担当者一覧": [HEADER, ["佐藤", "s@x.jp", "札幌"]],
        "Orders": [["日付"], ["x"]],
    }
    assert reps_tab(["Reps", "担当者一覧", "Orders"], rows.__getitem__) == "担当者一覧"
    assert reps_tab(["Orders", "Reps"], rows.__getitem__) == "Reps"  # none lists a rep
    assert reps_tab(["Orders"], rows.__getitem__) is None
    # A tab listing only the team's ALL row (its address) is a list too (review27).
    rows["担当者一覧"] = [HEADER, ["ALL", "boss@x.jp", None]]
    assert reps_tab(["Reps", "担当者一覧"], rows.__getitem__) == "担当者一覧"
    # Both list someone: the first in tab order.
    rows["Reps"] = [HEADER, ["佐藤", "s@x.jp", None]]
    assert reps_tab(["Reps", "担当者一覧"], rows.__getitem__) == "Reps"


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_master(tmp_path_factory.mktemp("reps") / "book.xlsm")


def test_a_new_book_has_an_empty_reps_sheet_with_its_headers(master: Path) -> None:
    wb = openpyxl.load_workbook(master)
    ws = wb[schema.REPS.name]
    assert [c.value for c in ws[1]] == HEADER
    assert ws.max_row <= 2 and all(c.value is None for c in ws[2])
    # Placed after the history's inputs, before the outputs.
    names = wb.sheetnames
    assert names.index("Sources") + 1 == names.index("Reps") == names.index("Dashboard") - 1
    data = read_workbook(master)
    assert rep_branches(data.reps) == ({}, [])
    assert rep_addresses(master, data) == {}


def test_what_the_manager_types_into_it_is_read(master: Path, tmp_path: Path) -> None:
    book = tmp_path / "typed.xlsm"
    book.write_bytes(master.read_bytes())
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb[schema.REPS.name]
    typed = [("ALL", "boss@example.co.jp", None), ("R01", "r01@example.co.jp", "札幌")]
    for row, values in enumerate(typed, start=2):
        for col, value in enumerate(values, start=1):
            ws.cell(row, col, value)
    wb.save(book)

    data = read_workbook(book)
    assert data.reps is not None and data.reps.name == schema.REPS.name
    assert rep_addresses(book, data) == {
        "ALL": ["boss@example.co.jp"],
        "R01": ["r01@example.co.jp"],
    }
    branches, _ = rep_branches(data.reps)
    assert branches == {"R01": "札幌"}
