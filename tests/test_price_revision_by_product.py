"""A revision declared on Settings, checked product by product against the same months a
year before (core.price_index.year_changes; trial 50 M6), and a step in amount ÷ quantity
over mixed products the products' own prices do not show (core.levers.UNIT_SHOWN; M1).

Trial 50: 「LPガス 2025年10月 6%値上げ」 typed as PriceRevisionMonth 2025-10, Pct 6 was checked
against 金額÷数量 over m3 of LPG, litres of kerosene and 台 of appliances (read −0.1%), and
applied to every product. Hand cases, 2023-04 … 2026-03, three reps of five accounts, one
order a month, two lines (products):

- A: "gas", priced by a two-part bill, ¥/m3 ¥110 in October–March and ¥130 in April–
  September (a base fee over fewer m3 in summer), ×1.06 from 2025-10; ¥40 of its amount in
  every month's order at the old price (40% of the sales in the 12 months to 2025-09);
- B: "oil", ¥60 per unit, flat, ¥60 of every order's amount.

The gas against the month before in 2025-10 reads log(110 × 1.06 ÷ 130) (−10.8%, the season
and the rise together); against the same months of 2024, the six months from 2025-10 are
log 1.06 above, the six before at 0: +6.0% for the gas, 0 for the oil, log(0.4 × 1.06 + 0.6)
for the company (+2.4%). The Checks line says the +6.0% typed is applied to all sales and
that a revision of the gas alone is about 40% × 6% for the company.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.price_index import month_change, product_months, year_changes
from routekpi.messages import text
from tests.history_helpers import rep_accounts

FIRST = pd.Period("2023-04", freq="M")
MONTHS = [FIRST + i for i in range(36)]  # 2023-04 … 2026-03
STEP = pd.Period("2025-10", freq="M")


def _gas_price(month: pd.Period) -> float:
    season = 130.0 if 4 <= month.month <= 9 else 110.0
    return season * (1.06 if month >= STEP else 1.0)


def _lines(month: pd.Period) -> list[tuple[str, float, float]]:
    """(product, amount, quantity): ¥40 of gas at the old prices (more m3 in winter), ¥60
    of oil at ¥60 a unit."""
    gas = 40.0 * (1.06 if month >= STEP else 1.0)
    return [("gas", gas, gas / _gas_price(month)), ("oil", 60.0, 1.0)]


def _history() -> History:
    def order(rep: str, i: int, month: pd.Period) -> list[tuple[pd.Timestamp, float, float]]:
        lines = _lines(month)
        day = month.end_time.normalize()
        return [(day, sum(a for _, a, _ in lines), sum(q for _, _, q in lines))]

    h = rep_accounts("ABC", FIRST, len(MONTHS), order)
    rows = [(m.start_time + pd.Timedelta(days=1), p, a, q) for m in MONTHS for p, a, q in _lines(m)]
    lines = pd.DataFrame(rows, columns=["date", "product", "amount", "quantity"])
    return replace(h, product_months=product_months(lines))


def test_each_product_against_the_same_months_a_year_before() -> None:
    table = _history().product_months
    # Against September the gas reads the season and the rise together.
    assert month_change(table, MONTHS, STEP) is None  # two products: fewer than MIN_PRODUCTS
    read = year_changes(table, MONTHS, STEP)
    assert read is not None
    team, products = read
    by = {p.product: p for p in products}
    assert by["gas"].size == pytest.approx(math.log(1.06))
    assert by["oil"].size == pytest.approx(0.0)
    assert by["gas"].share == pytest.approx(0.4)
    assert [p.product for p in products] == ["oil", "gas"]  # largest share first
    assert team == pytest.approx(math.log(0.4 * 1.06 + 0.6))
    # Not read where a side has fewer than YEAR_MIN_MONTHS months a year apart.
    assert year_changes(table, MONTHS, pd.Period("2024-06", freq="M")) is None


def test_the_declared_revision_is_checked_per_product_and_said_applied_to_all() -> None:
    settings = PlanSettings(
        kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31), price_revision=("2025-10", 0.06)
    )
    ev = build_evidence(_history(), settings)
    said = [n for n in ev.notes if n.code.startswith("price_revision_by_product")]
    assert [n.code for n in said] == ["price_revision_by_product_differs"]  # +2.4% vs +6.0%
    params = said[0].params
    assert params["measured"] == "+2.4%"
    assert params["products"] == "oil +0.0% (60%), gas +6.0% (40%)"
    assert params["share"] == "40%" and params["whole"] == "+2.4%"
    # Not read over amount ÷ quantity of mixed products.
    codes = {n.code for n in ev.notes}
    assert not codes & {"price_revision_differs", "price_revision_differs_units"}
    line = text("price_revision_by_product_differs", "ja", **params)
    assert (
        "すべての商品の売上にかけて" in line and "売上の40%の商品だけが +6.0% なら 約 +2.4%" in line
    )


def _mixed_history(with_products: bool) -> History:
    """Every order ¥40 of P at ¥10 a unit, ¥50 of Q at ¥100 and ¥10 of R at ¥50; from 2025-04
    ¥20 of Q (a customer's kind of order gone). Amount ÷ quantity falls from 100 ÷ 4.7 to
    70 ÷ 4.4, revenue per order with it; no product's own price moves."""

    def lines(month: pd.Period) -> list[tuple[str, float, float]]:
        q = 20.0 if month >= pd.Period("2025-04", freq="M") else 50.0
        return [("P", 40.0, 4.0), ("Q", q, q / 100.0), ("R", 10.0, 10.0 / 50.0)]

    def order(rep: str, i: int, month: pd.Period) -> list[tuple[pd.Timestamp, float, float]]:
        day = month.end_time.normalize()
        return [(day, sum(a for _, a, _ in lines(month)), sum(q for _, _, q in lines(month)))]

    h = rep_accounts("ABC", FIRST, len(MONTHS), order)
    if not with_products:
        return h
    rows = [(m.start_time + pd.Timedelta(days=1), *line) for m in MONTHS for line in lines(m)]
    table = pd.DataFrame(rows, columns=["date", "product", "amount", "quantity"])
    return replace(h, product_months=product_months(table))


def test_a_step_in_amount_per_quantity_that_no_product_shows_is_not_a_price_step() -> None:
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    alone = build_evidence(_mixed_history(False), settings).lever_evidence.price_step
    assert alone is not None and alone.per_unit and str(alone.month) == "2025-04"
    assert alone.size == pytest.approx(math.log((70 / 4.4) / (100 / 4.7)), abs=1e-6)
    # With the products' own prices (flat): the mix, not a price step.
    assert build_evidence(_mixed_history(True), settings).lever_evidence.price_step is None
