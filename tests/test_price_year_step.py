"""A one-off price step of a product whose price has its own season, found against the same
month a year before (core.price_index.find_year_step; trial 50 M1).

Trial 50: LPG +6% on 2025-10-01; an LPG bill's price per m3 falls every autumn (the base fee
over more m3), so against September the rise read +2.9% and no step was named; with only the
delivery lines the team's unit price carried it as a yearly rise (取引単価 ×1.049). Hand
cases, 2024-04 … 2026-11, three products A, B, C with 60%, 20%, 20% of the revenue every
month:

- step: A at ¥110 November–April and ¥130 May–October (its season), ×1.06 from 2025-10; B and
  C flat. Against a year before A is flat until 2025-09, +6% from 2025-10 to 2026-09 and
  flat again in 2026-10 and 11: found, named A, sized log(0.6 × 1.06 + 0.4) for the team
  (a cut ×0.94 the same way).
- drift: A's own price moving with a market, −7% against a year before in 2025 climbing
  to +7% through 2026, month by month: no step.
- twice: A ×1.06 in 2025-10 and again in 2026-10 (still up a year on): the yearly rate
  changed, no one-off step.
- small: the step on a product with 2% of the revenue (+0.1% for the team): not named.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import PRODUCT_MONTH_COLUMNS, History, PlanSettings
from routekpi.core.price_index import find_step, find_year_step, product_months
from routekpi.messages import text
from tests.history_helpers import rep_accounts

MONTHS = list(pd.period_range("2024-04", "2026-11", freq="M"))
STEP = pd.Period("2025-10", freq="M")


def _season(month: pd.Period) -> float:
    return 130.0 if 5 <= month.month <= 10 else 110.0


def _a_price(kind: str, month: pd.Period) -> float:
    if kind == "drift":  # a market: −7% a year before through 2025, rising 1.2% a month after
        k = max(0, (month - pd.Period("2025-01", freq="M")).n)
        return _season(month) * math.exp(-0.07 * (month.year >= 2025) + 0.012 * min(k, 12))
    steps = (month >= STEP) + (kind == "twice" and month >= STEP + 12)
    return _season(month) * (0.94 if kind == "cut" else 1.06) ** steps


def _table(kind: str, share_a: float = 60.0) -> pd.DataFrame:
    rest = (100.0 - share_a) / 2.0
    rows = []
    for m in MONTHS:
        for product, revenue in (("A", share_a), ("B", rest), ("C", rest)):
            price = _a_price(kind, m) if product == "A" else 50.0
            rows.append((product, m, price, revenue, 10, 0.0))  # one price a month
    return pd.DataFrame(rows, columns=list(PRODUCT_MONTH_COLUMNS))


def test_a_seasonal_products_step_is_found_against_the_year_before() -> None:
    table = _table("step")
    assert find_step(table, MONTHS) is None  # month to month the season hides it
    found = find_year_step(table, MONTHS)
    assert found is not None
    assert found.month == STEP and found.named == ("A",)
    assert found.size == pytest.approx(math.log(0.6 * 1.06 + 0.4))
    assert found.moved is not None
    share, products, moved, _ = found.moved
    assert share == pytest.approx(0.6) and products == 1
    assert moved == pytest.approx(math.log(1.06))
    # Read with half a year after it too (a plan drawn in 2026-03), not with fewer.
    early = [m for m in MONTHS if m <= STEP + 5]
    assert find_year_step(table, early) is not None
    assert find_year_step(table, [m for m in MONTHS if m <= STEP + 4]) is None
    # A cut the same way.
    cut = find_year_step(_table("cut"), MONTHS)
    assert cut is not None and cut.month == STEP
    assert cut.size == pytest.approx(math.log(0.6 * 0.94 + 0.4))


def test_a_market_drift_a_rate_change_and_a_small_product_are_no_step() -> None:
    assert find_year_step(_table("drift"), MONTHS) is None
    assert find_year_step(_table("twice"), MONTHS) is None
    assert find_year_step(_table("step", share_a=2.0), MONTHS) is None  # +0.1% for the team
    assert find_year_step(_table("step", share_a=20.0), MONTHS) is not None  # +1.2%


FIRST = pd.Period("2023-04", freq="M")
HISTORY = [FIRST + i for i in range(44)]  # 2023-04 … 2026-11


def _lines(month: pd.Period) -> list[tuple[str, float, float]]:
    """(product, amount, quantity): ¥40 of gas at the old prices (its ¥/unit ``_season``),
    ¥30 of oil at ¥60 a unit and ¥30 of water at ¥10, both flat."""
    gas = 40.0 * (1.06 if month >= STEP else 1.0)
    price = _season(month) * (1.06 if month >= STEP else 1.0)
    return [("gas", gas, gas / price), ("oil", 30.0, 0.5), ("water", 30.0, 3.0)]


def _history() -> History:
    def order(rep: str, i: int, month: pd.Period) -> list[tuple[pd.Timestamp, float, float]]:
        lines = _lines(month)
        day = month.end_time.normalize()
        return [(day, sum(a for _, a, _ in lines), sum(q for _, _, q in lines))]

    h = rep_accounts("ABC", FIRST, len(HISTORY), order)
    rows = [(m.start_time + pd.Timedelta(days=1), *line) for m in HISTORY for line in _lines(m)]
    lines = pd.DataFrame(rows, columns=["date", "product", "amount", "quantity"])
    return replace(h, product_months=product_months(lines))


def test_the_step_is_carried_as_a_level_and_named_on_the_plan() -> None:
    # Planned in 2026-03 for FY2026: the baseline FY2025 holds six months before the step.
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31))
    ev = build_evidence(_history(), settings)
    step = ev.lever_evidence.price_step
    assert step is not None and step.month == STEP and step.products == 3
    size = math.log(0.4 * 1.06 + 0.6)  # +2.4%: the gas's 40% of the sales × 6%
    assert step.size == pytest.approx(size)
    assert step.old_months == 6
    # Every order is the same lines: without the step the unit price does not move, and
    # half of the step is still to come into the plan year (the baseline's half before it).
    assert step.carry == pytest.approx(math.log((1 + math.exp(size)) / 2) - 0.0, abs=0.002)
    said = [n for n in ev.notes if n.code == "price_step_year"]
    assert len(said) == 1
    line = text("price_step_year", "ja", **said[0].params)
    assert line.startswith("価格改定 gas 2025-10 +6.0%")
    assert "gas は売上の40%で、チーム全体の単価では +2.4% です" in line
    assert "改定前の6か月" in line
    # A year on (planned in 2026-12 for FY2027): the baseline is all after the step.
    later = PlanSettings(kgi=1.0, plan_year=2027, as_of=date(2026, 12, 3))
    ev = build_evidence(_history(), later)
    step = ev.lever_evidence.price_step
    assert step is not None and step.month == STEP and step.old_months == 0
    codes = [n.code for n in ev.notes if n.code.startswith("price_step")]
    assert codes == ["price_step_year_before"]
    assert np.isfinite(step.trend) and abs(step.trend) < 0.002  # no yearly rise carried
