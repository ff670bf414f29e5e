"""What a monthly summary cannot have, and a count column on daily lines (left50b).

1. A stacked monthly summary (売上月報: 年月, 配送回数) has no slip number and no product by
   nature: the lines' file beside it has both. Its "column missing" lines are information
   (nothing to fix), while a daily file without them keeps the warning.
2. A bare 件数 / 回数 / Count on daily lines (no order number) is not read as orders: a
   warning names the column, each line stays one order. The same header on a monthly summary
   counts its orders; a specific header (配送回数) on daily lines still counts them.

By hand (tests.test_monthly_summary's history): the summary 2024-04 … 2025-03, K0010 3
deliveries a month ¥30,000, K0015 2 a month ¥10,001 → FY2024 60 orders, ¥480,012. The lines
2025-04 … 2026-10: K0010 three Tuesdays ¥10,000, K0015 two Thursdays ¥5,000 a month.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from routekpi.contract import Check
from routekpi.io.reader import read_workbook
from routekpi.sources import SourceRef, external_history
from routekpi.validation.tables import validate_inputs
from tests.test_monthly_summary import TODAY, _csv, _data, _fy2024, _lines, _summary
from tests.workbook_files import lines_book

SUMMARY_HEADER = ["年月", "得意先コード", "担当者", "金額", "数量", "配送回数"]
LINE_HEADER = ["配送日", "伝票番号", "得意先コード", "担当者", "商品名", "金額", "数量"]


def _slip_lines() -> list[list[object]]:
    """The lines with a slip number and a product (one line a slip)."""
    return [[r[0], f"D{i:05d}", r[1], r[2], "灯油", r[3], r[4]] for i, r in enumerate(_lines(), 1)]


def _missing(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.problem.startswith("source_part_column_missing")]


def test_a_summary_without_slip_numbers_and_products_is_told_nothing_to_fix(
    tmp_path: Path,
) -> None:
    old = _csv(tmp_path / "売上月報.csv", SUMMARY_HEADER, _summary())
    new = _csv(tmp_path / "配送明細.csv", LINE_HEADER, _slip_lines())
    ref = SourceRef("Orders", old.location, more=(new,))
    got = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    assert _fy2024(got.history.orders) == (60, 480_012.0)
    missing = _missing(got.checks)
    assert sorted(c.column for c in missing) == ["伝票番号", "商品名"]
    assert {(c.sheet, c.severity) for c in missing} == {("売上月報.csv", "info")}
    assert {c.problem for c in missing} == {"source_part_column_missing_summary_given"}


def test_a_daily_file_without_slip_numbers_keeps_its_warning(tmp_path: Path) -> None:
    """The same lines without 伝票番号 and 商品名 before the full lines: an export that could
    carry them, so the warning stays."""
    plain = [r[:1] + r[2:4] + r[5:] for r in _slip_lines()]
    head = ["配送日", "得意先コード", "担当者", "金額", "数量"]
    early = [r for r in plain if r[0] < date(2025, 10, 1)]
    late = [r for r in _slip_lines() if r[0] >= date(2025, 10, 1)]
    old = _csv(tmp_path / "旧明細.csv", head, early)
    new = _csv(tmp_path / "配送明細.csv", LINE_HEADER, late)
    ref = SourceRef("Orders", old.location, more=(new,))
    got = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    missing = _missing(got.checks)
    assert sorted(c.column for c in missing) == ["伝票番号", "商品名"]
    assert {(c.problem, c.severity) for c in missing} == {
        ("source_part_column_missing_given", "warn")
    }


# --- 2. a bare 件数 / Count on daily lines ------------------------------------------------

DAILY_HEADER = ["配送日", "得意先コード", "担当者", "金額", "数量"]


def _counted_lines(header: str) -> tuple[list[str], list[list[object]]]:
    """The daily lines with a count column ``header``: K0010's lines 4 (pieces), K0015's 2."""
    rows = [[*r, 4 if r[1] == "K0010" else 2] for r in _lines()]
    return [*DAILY_HEADER, header], rows


def _sales(orders: pd.DataFrame) -> tuple[int, float]:
    sales = orders[orders["amount"] > 0]
    return len(sales), float(sales["amount"].sum())


# The lines by hand: 19 months × (3 × ¥10,000 + 2 × ¥5,000) = 95 lines, ¥760,000; read by
# the count column 19 × (3 × 4 + 2 × 2) = 304 orders.
LINES = (19 * 5, 19 * 40_000.0)
BY_COUNT = 19 * (3 * 4 + 2 * 2)


Read = tuple[pd.DataFrame, list[Check]]


def _both_doors(tmp_path: Path, header: list[str], rows: list[list[object]]) -> tuple[Read, Read]:
    """The rows pasted on a real workbook's Orders sheet and read back, and as a CSV file on
    Sources: (orders, checks) of each."""
    book = lines_book(tmp_path / "book.xlsm", header, rows, kgi=40_000)
    sheet = validate_inputs(read_workbook(book).sheets, today=TODAY)
    ref = _csv(tmp_path / "配送明細.csv", header, rows)
    raw = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    return (sheet.history.orders, sheet.checks), (raw.history.orders, raw.checks)


def test_a_bare_count_on_daily_lines_is_not_orders_and_warned(tmp_path: Path) -> None:
    header, rows = _counted_lines("件数")
    doors = zip(_both_doors(tmp_path, header, rows), ("Orders", "配送明細.csv"), strict=True)
    for (orders, checks), sheet in doors:
        assert _sales(orders) == LINES
        (said,) = [c for c in checks if c.problem == "order_count_generic_ignored"]
        assert (said.sheet, said.column, said.severity) == (sheet, "F 件数", "warn")
        assert (said.params["rows"], said.params["orders"]) == (str(LINES[0]), str(BY_COUNT))
        assert not [c for c in checks if c.problem == "order_count_read"]


def test_a_bare_count_of_ones_says_nothing(tmp_path: Path) -> None:
    rows = [[*r, 1] for r in _lines()]
    for orders, checks in _both_doors(tmp_path, [*DAILY_HEADER, "Count"], rows):
        assert _sales(orders) == LINES
        assert not [c for c in checks if c.problem.startswith("order_count")]


def test_a_specific_count_on_daily_lines_still_counts(tmp_path: Path) -> None:
    header, rows = _counted_lines("配送回数")
    for orders, checks in _both_doors(tmp_path, header, rows):
        assert _sales(orders) == (BY_COUNT, LINES[1])
        (said,) = [c for c in checks if c.problem == "order_count_read"]
        assert said.params["orders"] == str(BY_COUNT)
        assert not [c for c in checks if c.problem == "order_count_generic_ignored"]


def test_a_bare_count_on_a_monthly_summary_counts_its_orders(tmp_path: Path) -> None:
    header = [*SUMMARY_HEADER[:5], "件数"]
    for orders, checks in _both_doors(tmp_path, header, _summary()):
        assert _fy2024(orders) == (60, 480_012.0)
        (said,) = [c for c in checks if c.problem == "monthly_summary"]
        assert said.params["count_column"] == "F 件数"
        assert not [c for c in checks if c.problem == "order_count_generic_ignored"]


def test_a_bare_count_pasted_under_a_summary_counts_only_the_summary(tmp_path: Path) -> None:
    """The summary typed 2024/04 with the lines below it on one sheet, 件数 on both: the
    summary's rows count (60 orders in FY2024), the lines stay one order each."""
    lines = [[f"{r[0]:%Y/%m/%d}", *r[1:]] for r in _counted_lines("件数")[1]]
    header = [*SUMMARY_HEADER[:5], "件数"]
    book = lines_book(tmp_path / "book.xlsm", header, [*_summary(), *lines], kgi=40_000)
    inputs = validate_inputs(read_workbook(book).sheets, today=TODAY)
    orders = inputs.history.orders
    assert _fy2024(orders) == (60, 480_012.0)
    later = orders[orders["date"] >= "2025-04-01"]
    assert _sales(later) == LINES
    (said,) = [c for c in inputs.checks if c.problem == "order_count_generic_ignored"]
    assert (said.params["rows"], said.params["orders"]) == (str(LINES[0]), str(BY_COUNT))
