"""Trial 45 L3: two identical lines of one slip (the same item twice) are two lines when a
line-number column (行番号, 明細番号) tells them apart — on the Orders sheet and from a file —
while a slip pasted twice (its line numbers repeated too) still counts once; without such a
column the row that says what was dropped says how to keep it."""

from __future__ import annotations

import copy
import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from workbook_files import CORPUS

from routekpi.io.reader import WorkbookData, read_workbook
from routekpi.messages import text
from routekpi.recalc import compute_data
from routekpi.sources import SourceRef
from routekpi.validation.tables import duplicate_reason, validate_inputs

D = date(2025, 4, 1)
HEADER = ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号", "行番号"]


@pytest.fixture(scope="module")
def base() -> WorkbookData:
    return read_workbook(CORPUS / "base.xlsm")


def _rows(header: list[str] = HEADER) -> list[list[object]]:
    """S1: one item twice (lines 1 and 2, ¥200 × 2 each); S2 (¥50, ¥60) pasted twice, its
    line numbers with it; S3: one line pasted twice."""
    lines: list[list[object]] = [
        [D, "C0019", "Tanaka", 200.0, 2.0, "S1", 1],  # row 2
        [D, "C0019", "Tanaka", 200.0, 2.0, "S1", 2],  # row 3: the same item again
        [D, "C0019", "Tanaka", 50.0, 1.0, "S2", 1],  # row 4
        [D, "C0019", "Tanaka", 60.0, 1.0, "S2", 2],  # row 5
        [D, "C0019", "Tanaka", 70.0, 1.0, "S3", 1],  # row 6
        [D, "C0019", "Tanaka", 50.0, 1.0, "S2", 1],  # rows 7–9: the block pasted again
        [D, "C0019", "Tanaka", 60.0, 1.0, "S2", 2],
        [D, "C0019", "Tanaka", 70.0, 1.0, "S3", 1],
    ]
    keep = [HEADER.index(h) for h in header]
    return [list(header), *[[r[i] for i in keep] for r in lines]]


def _sheet(base: WorkbookData, rows: list[list[object]]):  # type: ignore[no-untyped-def]
    data = copy.deepcopy(base)
    data.sheets["Orders"].rows = rows  # type: ignore[union-attr]
    return validate_inputs(data.sheets, today=date(2026, 1, 1))


def _file(base: WorkbookData, rows: list[list[object]], path: Path):  # type: ignore[no-untyped-def]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(rows[0])
        out.writerows([[r[0].isoformat(), *r[1:]] for r in rows[1:]])  # type: ignore[union-attr]
    data = copy.deepcopy(base)
    data.settings.update({"AsOf": date(2025, 4, 30)})
    return compute_data(data, sources={"Orders": SourceRef("Orders", str(path))})


def _april(computed) -> float:  # type: ignore[no-untyped-def]
    facts = computed.result.history.facts
    months = facts.rep_months
    return float(months[months["month"] == pd.Period("2025-04", "M")]["revenue"].sum())


def test_a_line_number_keeps_the_same_item_twice_and_a_pasted_block_still_counts_once(
    base: WorkbookData, tmp_path: Path
) -> None:
    rows = _rows()
    inputs = _sheet(base, rows)
    # S1 ¥400 (both lines), S2 ¥110, S3 ¥70 once each: the block pasted again (rows 7–9)
    # is dropped with its yen, ¥180.
    slips = inputs.history.orders.sort_values("amount")["amount"].tolist()
    assert slips == [70.0, 110.0, 400.0]
    (dropped,) = [c for c in inputs.checks if c.problem == "duplicate_rows"]
    assert (dropped.row, dropped.params["rows"], dropped.params["amount"]) == (7, "7, 8, 9", "¥180")
    assert not [c for c in inputs.checks if c.problem == "slip_lines_repeated"]
    # From a CSV file (Sources): the same.
    from_file = _file(base, rows, tmp_path / "明細.csv")
    assert _april(from_file) == 580.0
    (said,) = [c for c in from_file.checks if c.problem == "duplicate_rows"]
    assert said.params == dropped.params


@pytest.mark.parametrize("name", ["明細番号", "行No", "Line No"])
def test_other_names_of_the_line_number_tell_lines_apart(base: WorkbookData, name: str) -> None:
    rows = _rows()
    rows[0][-1] = name
    assert sorted(_sheet(base, rows).history.orders["amount"]) == [70.0, 110.0, 400.0]


def test_without_a_line_number_the_dropped_row_says_how_to_keep_such_lines(
    base: WorkbookData, tmp_path: Path
) -> None:
    rows = _rows(HEADER[:-1])
    inputs = _sheet(base, rows)
    # Without line numbers S1 reads as one line pasted twice: ¥200 not counted, and said.
    assert sorted(inputs.history.orders["amount"]) == [70.0, 110.0, 200.0]
    (dropped,) = [c for c in inputs.checks if c.problem == "duplicate_rows"]
    assert dropped.params["amount"] == "¥380"
    assert dropped.params == {
        "count": "4",
        "n": 4,
        "rows": "3, 7, 8, 9",
        "first": 2,
        "amount": "¥380",
        **duplicate_reason(pasted=True, unnumbered=False),
    }
    ja = text("duplicate_rows", "ja", **dropped.params)
    assert "同じ商品" in ja and "行番号" in ja and "両方" in ja
    en = text("duplicate_rows", "en", **dropped.params)
    assert "line-number column" in en
    from_file = _file(base, rows, tmp_path / "明細.csv")
    (said,) = [c for c in from_file.checks if c.problem == "duplicate_rows"]
    assert said.params == dropped.params
