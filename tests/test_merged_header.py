"""A header cell merged over two columns (trial 25 L1): 得意先 typed once over the code and
the name columns. The reader spreads a merged cell's value over its range, so the second
column read as a second 「得意先」 and the Checks said 「列「得意先」が複数あります」 — true
of what was read, but the user typed no duplicate. The Checks now say it is the merge."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from workbook_files import CORPUS, edit

from routekpi.io.reader import read_workbook
from routekpi.messages import text
from routekpi.validation.tables import validate_inputs


def _merged_book(tmp_path: Path) -> Path:
    """base.xlsm with its Orders as an export: 受注日, 得意先 over B1:C1 (code, name),
    担当者, 金額, 数量 (no Excel table: a merge is not allowed inside one)."""
    path = tmp_path / "merged_header.xlsm"
    shutil.copy(CORPUS / "base.xlsm", path)
    with edit(path) as wb:
        ws = wb["Orders"]
        rows = [list(r) for r in ws.iter_rows(min_row=2, max_col=5, values_only=True)]
        del ws.tables["Orders"]
        ws.delete_rows(1, ws.max_row)
        ws.append(["受注日", "得意先", None, "担当者", "金額", "数量"])
        for day, account, rep, amount, quantity in rows:
            ws.append([day, account, f"{account} 株式会社", rep, amount, quantity])
        ws.merge_cells("B1:C1")
    return path


def test_a_merged_header_is_said_as_the_merge(tmp_path: Path) -> None:
    data = read_workbook(_merged_book(tmp_path))
    inputs = validate_inputs(data.sheets, date1904=data.date1904)
    said = [
        (c.sheet, c.row, c.column, c.value, c.problem, c.severity)
        for c in inputs.checks
        if c.sheet == "Orders" and c.row == 1
    ]
    assert said == [("Orders", 1, "C 得意先", "得意先", "duplicate_column_merged", "warn")]
    [check] = [c for c in inputs.checks if c.problem == "duplicate_column_merged"]
    assert text(check.problem, "ja", **check.params) == (
        "B1:C1 が結合されています。見出し「得意先」は B 列のものを使い、C 列は読みません"
        "(結合を解除し、読ませたい列にだけ見出しを付けてください)"
    )
    assert text(check.problem, "en", **check.params).startswith(
        "B1:C1 are merged: the header '得意先' is read from column B, column C is not read"
    )
    # The orders are read as before: the codes from B, the names in C left alone.
    base = read_workbook(CORPUS / "base.xlsm")
    expected = validate_inputs(base.sheets, date1904=base.date1904).history.orders
    pd.testing.assert_frame_equal(inputs.history.orders, expected)


def test_a_name_typed_twice_is_still_a_duplicate(tmp_path: Path) -> None:
    """Two 得意先 headers typed apart, with an unrelated merge elsewhere on the row."""
    path = _merged_book(tmp_path)
    with edit(path) as wb:
        ws = wb["Orders"]
        ws.unmerge_cells("B1:C1")
        ws["C1"] = "得意先"
        ws["G1"] = "備考"
        ws.merge_cells("G1:H1")
    data = read_workbook(path)
    inputs = validate_inputs(data.sheets, date1904=data.date1904)
    problems = {(c.column, c.problem) for c in inputs.checks if c.row == 1}
    assert ("C 得意先", "duplicate_column") in problems
    assert not any(p == "duplicate_column_merged" for _, p in problems)
