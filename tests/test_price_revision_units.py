"""A declared price revision's size against the prices per unit the order lines show around
its month (core.price_revision.per_unit_change; trial 29 M3: 6% typed where every product's
price rose 3.0%, no warning: the team's amount ÷ quantity against the same months of other
years read +6.1% ± 2.2% on 30 months).

A workbook with 18 months of orders (October 2024 – March 2026, too few for the fit against
other years): three reps, five accounts each, one order a month on the month's last day.
Account j (0–14) buys at ¥(1,000 + 100 j) a unit until September 2025 and at 1.03 × that
from October 2025 (¥1,030 … ¥2,472: whole yen), 1–3 units (the month's number mod 3 + 1),
so an order's amount ÷ quantity is its account's price.

By hand: the 6 months before October 2025 and the 6 from it hold the same 15 accounts' 90
lines, each price × 1.03 after: every rank of the prices per unit moves by log 1.03, their
median too: +3.0%. Declared 6 (log 1.06 − log 1.03 = 0.0287 > ``UNIT_DIFFERS`` 0.01): a
Checks warning at the size's cell (Settings B26) naming +3.0%; declared 3: none.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.price_revision import UNIT_DIFFERS, per_unit_change
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import CHECKS, SETTINGS
from tests.workbook_files import fold_checks, paste, template_book

MONTH_ROW, PCT_ROW = 25, 26  # the template's rows of PriceRevisionMonth and PriceRevisionPct
STEP = pd.Period("2025-10", freq="M")


def _orders() -> pd.DataFrame:
    rows = []
    for month in pd.period_range("2024-10", "2026-03", freq="M"):
        for j in range(15):
            price = 1000 + 100 * j
            price = price * 103 // 100 if month >= STEP else price
            units = month.month % 3 + 1
            rows.append(
                (month.end_time.normalize(), f"K{j:02d}", "ABC"[j // 5], price * units, units)
            )
    return pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])


def _book(path: Path, orders: pd.DataFrame, pct: float) -> Path:
    lines = [
        [r.date.date(), r.account, r.rep, r.amount, r.quantity, None] for r in orders.itertuples()
    ]
    accounts = [
        [r.account, r.account, r.rep, date(2024, 4, 1), None, None, None]
        for r in orders.drop_duplicates("account").itertuples()
    ]
    kgi = float(orders["amount"].sum())
    with template_book(path, kgi=kgi, plan_year=2026, start_month=4, as_of=date(2026, 3, 31)) as wb:
        paste(wb, "Orders", lines)
        paste(wb, "Accounts", accounts)
        ws = wb["Settings"]
        assert ws[f"A{PCT_ROW}"].value == "価格改定の幅(%)"
        ws[f"B{MONTH_ROW}"], ws[f"B{PCT_ROW}"] = "2025-10", pct
    return path


def _checks(path: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    name = CHECKS.ja if CHECKS.ja in wb.sheetnames else CHECKS.name
    return fold_checks([list(r) for r in wb[name].iter_rows(values_only=True)][1:])


def test_the_lines_prices_per_unit_show_the_step_rank_by_rank() -> None:
    orders = _orders()
    # ¥(1,000 + 100 j) × 1.03 = ¥(1,030 + 103 j): whole yen, every rank exactly log 1.03.
    assert per_unit_change(orders, STEP) == pytest.approx(math.log(1.03), abs=1e-12)
    assert abs(math.log(1.06) - math.log(1.03)) > UNIT_DIFFERS
    # No quantity on the lines: not measured.
    assert per_unit_change(orders.assign(quantity=float("nan")), STEP) is None


@pytest.mark.parametrize("pct", [6, 3])
def test_a_declared_size_the_prices_per_unit_do_not_show_is_a_warning_at_its_cell(
    tmp_path: Path, pct: int
) -> None:
    path = _book(tmp_path / f"rev{pct}.xlsm", _orders(), pct)
    recalculate(path)
    checks = _checks(path)
    said = text(
        "price_revision_differs_units", "ja", month="2025-10", size="+6.0%", measured="+3.0%"
    )
    assert said == (
        "設定の価格改定の幅(2025-10 +6.0%)は、履歴の価格と合っていません。2025-10の前6か月と"
        "後6か月の受注明細の単価(金額÷数量)を安いものから順に比べると、+3.0%変わっています。"
        "設定の幅で計画しました。幅(と月)を確認してください"
    )
    rows = [r for r in checks if "履歴の価格と合っていません" in str(r[4])]
    if pct == 3:
        assert not rows
        return
    [row] = rows
    assert str(row[4]) == said
    assert row[0] in (SETTINGS.ja, SETTINGS.name)
    assert (row[1], row[2]) == (PCT_ROW, "B PriceRevisionPct")
