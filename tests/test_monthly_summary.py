"""An old system's monthly summary (売上月報: 年月, 配送回数) stacked before delivery lines
(trial 50 H2, M2, M3, M8): each row counts as the orders its count column says, dated on the
month's 1st, left out of the checks that read a weekday or a day of the month — pasted on the
Orders sheet and read from a CSV file alike.

The history, by hand. Two accounts, 2024-04 … 2025-03 as a monthly summary (12 months):

- K0010 (佐藤 一郎): 3 deliveries a month, ¥30,000 and 30 units a row → 3 orders of ¥10,000
  and 10 units;
- K0015 (伊藤 花子): 2 deliveries a month, ¥10,001 → 2 orders, ¥5,001 (the remainder on the
  first) and ¥5,000 (round(10,001 ÷ 2) = 5,000).

Then delivery lines 2025-04 … 2026-10, one order a line: K0010 ¥10,000 on the month's first
three Tuesdays, K0015 ¥5,000 on its second and fourth Thursdays.

FY2024 (the summary's year): orders 12 × (3 + 2) = 60, revenue 12 × 40,001 = ¥480,012, unit
price 480,012 ÷ 60 = ¥8,000.2 — the lines' ¥8,000 (5 orders, ¥40,000 a month). Read one order
a row, FY2024 would have 24 orders at ¥20,000.5: a 2.5× step at the switch.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.contract import RawSheet
from routekpi.io.reader import WorkbookData
from routekpi.pipeline import compute_file
from routekpi.schema import ORDERS, VISITS
from routekpi.sources import SourceRef, external_history
from routekpi.validation.cells import parse_date, parse_date_column
from routekpi.validation.headers import header_match
from routekpi.validation.tables import validate_inputs
from tests.test_sources import _workbook_data, assert_same_results
from tests.workbook_files import template_book

SUMMARY_HEADER = ["年月", "得意先コード", "担当者", "金額", "数量", "配送回数"]
LINE_HEADER = ["配送日", "得意先コード", "担当者", "金額", "数量"]
REPS = {"K0010": "佐藤 一郎", "K0015": "伊藤 花子"}
TODAY = date(2026, 12, 1)
AS_OF = date(2026, 10, 31)
DAYS_OFF = {"orders_on_days_off", "orders_on_saturdays", "orders_on_some_saturdays"}


def _summary(count: bool = True) -> list[list[object]]:
    """The summary's rows (年月 typed as 2024/04), with or without its 配送回数."""
    rows: list[list[object]] = []
    for m in pd.date_range("2024-04-01", "2025-03-01", freq="MS"):
        month = f"{m:%Y/%m}"
        rows.append([month, "K0010", REPS["K0010"], 30_000, 30, 3][: 6 if count else 5])
        rows.append([month, "K0015", REPS["K0015"], 10_001, 4, 2][: 6 if count else 5])
    return rows


def _lines() -> list[list[object]]:
    """The delivery lines 2025-04 … 2026-10, dates as dates, on working days only."""
    rows: list[list[object]] = []
    for m in pd.date_range("2025-04-01", "2026-10-01", freq="MS"):
        days = pd.date_range(m, m + pd.offsets.MonthEnd(0))
        tuesdays = [d.date() for d in days if d.weekday() == 1][:3]
        thursdays = [d.date() for d in days if d.weekday() == 3][1:4:2]
        for account, dates, yen in (("K0010", tuesdays, 10_000), ("K0015", thursdays, 5_000)):
            for day in dates:
                rows.append([day, account, REPS[account], yen, 10 if account == "K0010" else 2])
    return rows


def _pasted_rows(count: bool = True) -> list[list[object]]:
    """What a manager pastes on the Orders sheet: the summary, then the lines (one header;
    the count column blank on the lines)."""
    header = SUMMARY_HEADER if count else SUMMARY_HEADER[:5]
    lines = [[*r, None] if count else r for r in _lines()]
    dated = [[f"{r[0]:%Y/%m/%d}", *r[1:]] for r in lines]
    return [header, *_summary(count), *dated]


def _accounts(k10_start: date = date(2020, 1, 1)) -> RawSheet:
    """K0015 started 2024-04-10 (within the summary's first month: no start after its first
    order); K0010 on ``k10_start``."""
    rows: list[list[object]] = [["得意先コード", "担当者", "取引開始日"]]
    rows += [["K0010", REPS["K0010"], k10_start], ["K0015", REPS["K0015"], date(2024, 4, 10)]]
    return RawSheet(name="Accounts", rows=rows)


def _data(orders: list[list[object]] | None, k10_start: date = date(2020, 1, 1)) -> WorkbookData:
    sheets: dict[str, RawSheet | None] = {"Accounts": _accounts(k10_start)}
    if orders is not None:
        sheets["Orders"] = RawSheet(name="Orders", rows=orders)
    return _workbook_data(sheets)


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> SourceRef:
    """The rows as a Japanese PC's export: CP932, dates 2025/04/07."""
    text = [",".join(header)]
    text += [",".join(f"{v:%Y/%m/%d}" if isinstance(v, date) else str(v) for v in r) for r in rows]
    path.write_bytes(("\r\n".join(text) + "\r\n").encode("cp932"))
    return SourceRef("Orders", str(path))


def _stacked(tmp_path: Path, count: bool = True) -> SourceRef:
    """Two Sources rows: 売上月報.csv (the summary), then 配送明細.csv (the lines)."""
    header = SUMMARY_HEADER if count else SUMMARY_HEADER[:5]
    old = _csv(tmp_path / "売上月報.csv", header, _summary(count))
    new = _csv(tmp_path / "配送明細.csv", LINE_HEADER, _lines())
    return SourceRef("Orders", old.location, more=(new,))


def _fy2024(orders: pd.DataFrame) -> tuple[int, float]:
    """FY2024's orders (rows with an amount above 0) and revenue."""
    fy = orders[(orders["date"] >= "2024-04-01") & (orders["date"] < "2025-04-01")]
    return int((fy["amount"] > 0).sum()), float(fy["amount"].sum())


def test_month_only_dates_read_as_the_month_1st() -> None:
    for typed in ("2024/04", "2024-04", "2024年4月", "2024.4", "202404", 202404):
        assert parse_date(typed) == (date(2024, 4, 1), None), typed
    assert parse_date("2024/13") == (None, "not_a_date")
    # In bulk: 202404 is no serial (year 2453), 45383 is (2024-04-01) as before.
    days, problems = parse_date_column([202404, 45383, "2024/05"])
    assert days.tolist() == [date(2024, 4, 1), date(2024, 4, 1), date(2024, 5, 1)]
    assert problems == []


def test_headers_of_route_exports_are_read() -> None:
    """M2: 配送日 (orders), 作業日 / 作業区分 (a handheld's log); 配送回数 the count."""
    orders = header_match(ORDERS, ["配送日", "得意先コード", "担当者", "金額", "配送回数"])
    assert orders.positions == {
        "date": 0,
        "account": 1,
        "rep": 2,
        "amount": 3,
        "order_count": 4,
    }
    assert not orders.missing
    visits = header_match(VISITS, ["作業日", "担当者", "得意先コード", "作業区分"])
    assert visits.positions == {"date": 0, "rep": 1, "account": 2, "kind": 3}
    summary = header_match(ORDERS, SUMMARY_HEADER)
    assert summary.positions["date"] == 0 and summary.positions["order_count"] == 5


def test_pasted_summary_counts_its_deliveries_as_orders() -> None:
    inputs = validate_inputs(_data(_pasted_rows()).sheets, today=TODAY)
    orders = inputs.history.orders
    assert _fy2024(orders) == (60, 480_012.0)
    april = orders[orders["date"] == pd.Timestamp("2024-04-01")]
    assert april["amount"].tolist() == [10_000.0] * 3 + [5_001.0, 5_000.0]
    assert april["quantity"].tolist() == [10.0] * 3 + [2.0, 2.0]
    # The lines after the switch: one order each, as before (5 a month).
    lines = orders[orders["date"] >= "2025-04-01"]
    assert len(lines) == 19 * 5 and float(lines["amount"].sum()) == 19 * 40_000.0
    (said,) = [c for c in inputs.checks if c.problem == "monthly_summary"]
    assert (said.sheet, said.column, said.severity) == ("Orders", "A 年月", "info")
    assert (said.params["rows"], said.params["orders"]) == ("24", "60")
    assert said.params["count_column"] == "F 配送回数"
    # No summary 1st on a Saturday or Sunday (5 of the 12) is an order on a day off, and no
    # start in the summary's first month (K0015's 2024-04-10) is after its first order.
    problems = {c.problem for c in inputs.checks}
    assert not problems & DAYS_OFF
    assert "start_after_first_order" not in problems


def test_a_start_months_after_the_summary_still_moves_to_its_first_month() -> None:
    """K0010 typed as started 2024-06-15 with summary rows from 2024-04: its first order is
    the month's 1st (2024-04-01), as for any start after the first order."""
    inputs = validate_inputs(_data(_pasted_rows(), date(2024, 6, 15)).sheets, today=TODAY)
    (said,) = [c for c in inputs.checks if c.problem == "start_after_first_order"]
    assert said.params == {
        "count": 1,
        "example": "K0010",
        "start": "2024-06-15",
        "first": "2024-04-01",
    }


def test_a_summary_without_a_count_is_one_order_a_row_and_said() -> None:
    inputs = validate_inputs(_data(_pasted_rows(count=False)).sheets, today=TODAY)
    assert _fy2024(inputs.history.orders) == (24, 480_012.0)
    (said,) = [c for c in inputs.checks if c.problem == "monthly_summary_no_count"]
    assert (said.sheet, said.column, said.severity) == ("Orders", "A 年月", "warn")
    assert said.params["rows"] == "24" and "配送回数" in str(said.params["headers"])


def test_the_csv_files_give_the_pasted_rows(tmp_path: Path) -> None:
    """The same summary and lines as two Sources files: the same rows, orders and Checks."""
    ext = external_history(_data(None), {"Orders": _stacked(tmp_path)}, today=TODAY)
    got = ext.inputs(AS_OF)
    want = validate_inputs(_data(_pasted_rows()).sheets, today=TODAY, as_of=AS_OF)
    facts = got.history.facts
    assert facts is not None
    months = facts.rep_months.reset_index(drop=True)
    fy = months[(months["month"] >= pd.Period("2024-04", "M")) & (months["month"] <= "2025-03")]
    assert (int(fy["orders"].sum()), float(fy["revenue"].sum())) == (60, 480_012.0)
    k15 = fy[fy["rep"] == REPS["K0015"]]
    assert k15["orders"].tolist() == [2.0] * 12 and k15["revenue"].tolist() == [10_001.0] * 12
    again = external_history(_data(None), {"Orders": _stacked(tmp_path)}, today=TODAY)
    raw = again.raw_inputs().history.orders
    assert _fy2024(raw) == _fy2024(want.history.orders)
    cols = ["date", "account", "rep", "amount", "quantity"]
    mine = raw[cols].sort_values(cols).reset_index(drop=True)
    pasted = want.history.orders[cols].sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, pasted, check_dtype=False)
    (said,) = [c for c in got.checks if c.problem == "monthly_summary"]
    assert (said.sheet, said.params["rows"], said.params["orders"]) == ("売上月報.csv", "24", "60")
    # The lines' file has no 配送回数: no "column missing" warning for it (one order a line).
    missing = [c for c in got.checks if c.problem.startswith("source_part_column_missing")]
    assert not [c for c in missing if "配送回数" in c.column]
    problems = {c.problem for c in got.checks}
    assert not problems & {*DAYS_OFF, "start_after_first_order"}


def test_csv_summary_without_a_count_is_said(tmp_path: Path) -> None:
    ext = external_history(_data(None), {"Orders": _stacked(tmp_path, count=False)}, today=TODAY)
    got = ext.inputs(AS_OF)
    (said,) = [c for c in got.checks if c.problem == "monthly_summary_no_count"]
    assert (said.sheet, said.column, said.severity) == ("売上月報.csv", "A 年月", "warn")
    facts = got.history.facts
    assert facts is not None
    months = facts.rep_months.reset_index(drop=True)
    fy = months[(months["month"] >= pd.Period("2024-04", "M")) & (months["month"] <= "2025-03")]
    assert int(fy["orders"].sum()) == 24


@pytest.mark.slow  # two recalculations of a workbook
def test_the_plan_from_the_files_is_the_plan_from_the_pasted_sheet(tmp_path: Path) -> None:
    """Both doors, one plan: the Orders sheet holding summary and lines, and the two files.
    Unit price without a step at the switch: FY2025's ¥8,000 over FY2024's ¥8,000.2."""
    book = tmp_path / "book.xlsm"
    with template_book(book, kgi=500_000, plan_year=2027, start_month=4, as_of=AS_OF) as wb:
        ws = wb["Orders"]
        for i, row in enumerate(_pasted_rows(), 1):
            for j, v in enumerate(row, 1):
                ws.cell(i, j, v)
        acc = wb["Accounts"]
        for i, row in enumerate(_accounts().rows[1:], 2):
            for j, v in enumerate((row[0], f"株式会社{row[0]}", row[1], row[2]), 1):
                acc.cell(i, j, v)
    sheets = compute_file(book)[0]
    files = compute_file(book, sources={"Orders": _stacked(tmp_path)})[0]
    assert_same_results(sheets[0], files[0])
    targets = sheets[0].targets
    unit = targets[(targets["kpi"] == "unit_price") & (targets["rep"] == "ALL")]
    base = unit[unit["period"] == "FY2027"]["baseline"].to_numpy(dtype=float)
    assert np.allclose(base, 8_000.0)


def test_a_row_of_n_orders_splits_alike_in_both_doors() -> None:
    """¥10,002 over 4 orders: 2,500 each (floored) and the remainder on the first, 2,502; a
    return (−¥300 with a count of 4) and a blank count stay one row."""
    import duckdb

    from routekpi.validation.monthly import counted_sql, with_order_counts

    frame = pd.DataFrame(
        {
            "amount": [10_002.0, -300.0, 700.0],
            "quantity": [8.0, 1.0, 2.0],
            "order_count": [4.0, 4.0, np.nan],
        }
    )
    pasted, rows = with_order_counts(frame, np.array([2, 3, 4]))
    assert pasted["amount"].tolist() == [2_502.0, 2_500.0, 2_500.0, 2_500.0, -300.0, 700.0]
    assert pasted["quantity"].tolist() == [2.0, 2.0, 2.0, 2.0, 1.0, 2.0]
    assert rows.tolist() == [2, 2, 2, 2, 3, 4]
    con = duckdb.connect()
    con.register("t", frame)
    got = con.sql(f"SELECT amount, quantity FROM ({counted_sql('t')}) ORDER BY amount").fetchall()
    assert sorted(zip(pasted["amount"], pasted["quantity"], strict=True)) == got
