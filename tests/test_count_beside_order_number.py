"""A 件数 / Count column beside an order number counts something else (review50b).

A row with an order (slip) number is a line of that one order: its Count is pieces or the
slip's lines, never orders. By hand: 36 slips of two lines each (Count 12 and 6, ¥12,000 and
¥3,000), 2025-04 … 2026-09 on the 4th and 18th. Read as orders per row, the first line's
12 made each slip 12 orders (36 → 432 on the sheet; the CSV door summed both lines' counts,
648). Left unread: 36 orders of ¥15,000, the column listed among those not used. A monthly
invoice (Invoice No, Month, Deliveries) keeps its count: 12 months × 3 deliveries = 36.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from routekpi.sources import external_history
from routekpi.validation.tables import validate_inputs
from tests.test_monthly_summary import REPS, TODAY, _csv, _data

HEADER = ["受注番号", "日付", "得意先コード", "担当者", "Count", "金額"]


def _lines() -> list[list[object]]:
    rows: list[list[object]] = []
    for n, m in enumerate(pd.date_range("2025-04-01", "2026-09-01", freq="MS")):
        for k, d in enumerate((3, 17)):
            day = (m + pd.Timedelta(days=d)).date()
            slip = f"S{2 * n + k + 1:05d}"
            rows.append([slip, day, "K0010", REPS["K0010"], 12, 12_000])
            rows.append([slip, day, "K0010", REPS["K0010"], 6, 3_000])
    return rows


def _orders(orders: pd.DataFrame) -> tuple[int, float]:
    sales = orders[orders["amount"] > 0]
    return len(sales), float(sales["amount"].sum())


def test_count_beside_an_order_number_is_not_orders(tmp_path: Path) -> None:
    inputs = validate_inputs(_data([HEADER, *_lines()]).sheets, today=TODAY)
    assert _orders(inputs.history.orders) == (36, 36 * 15_000.0)
    assert not [c for c in inputs.checks if c.problem == "order_count_read"]
    (unused,) = [c for c in inputs.checks if c.problem == "columns_not_used"]
    assert "Count" in str(unused.params["columns"])
    ref = _csv(tmp_path / "受注明細.csv", HEADER, _lines())
    raw = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    assert _orders(raw.history.orders) == (36, 36 * 15_000.0)
    assert not [c for c in raw.checks if c.problem == "order_count_read"]


def test_a_monthly_invoice_keeps_its_deliveries(tmp_path: Path) -> None:
    header = ["Invoice No", "Month", "Account", "Rep", "Deliveries", "Amount"]
    rows: list[list[object]] = [
        [f"INV{i:03d}", f"{m:%Y/%m}", "K0010", REPS["K0010"], 3, 30_000]
        for i, m in enumerate(pd.date_range("2024-04-01", "2025-03-01", freq="MS"))
    ]
    inputs = validate_inputs(_data([header, *rows]).sheets, today=TODAY)
    assert _orders(inputs.history.orders) == (36, 360_000.0)
    ref = _csv(tmp_path / "invoices.csv", header, rows)
    raw = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    assert _orders(raw.history.orders) == (36, 360_000.0)
    assert date(2024, 4, 1) in set(raw.history.orders["date"].dt.date)
