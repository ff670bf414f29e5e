"""The Review's and the flags' "price list moved" reading sizes the team's move as
core.price_index sizes a step (trial 42 H2 / trial 43 follow-up): +12% on the products that
are 60% of the revenue, the rest unchanged, is +7.2% for the team, not +12%."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import cast

import pandas as pd
import pytest

from routekpi.core.flags import like_for_like_change
from routekpi.core.history import History

FIRST = pd.Period("2024-01", freq="M")
MONTHS = [FIRST + i for i in range(24)]  # 2024-01 … 2025-12
STEP = pd.Period("2025-02", freq="M")


def _history(moved: float) -> History:
    """Ten products at ¥1,000 selling 10 units a month; from 2025-02 the first six (60% of
    the revenue) are priced × ``moved``, the other four unchanged."""
    rows = []
    for j in range(10):
        for m in MONTHS:
            price = 1000.0 * (moved if j < 6 and m >= STEP else 1.0)
            rows.append((f"P{j}", m, price, 10 * price, 1))
    table = pd.DataFrame(rows, columns=["product", "month", "price", "revenue", "lines"])
    return cast(History, SimpleNamespace(product_months=table))


def test_a_rise_on_60_percent_of_the_revenue_moves_the_list_7_2_percent() -> None:
    """2025-04…06 against 2024-04…06: every month of the later span is after the step, so
    the team's like-for-like price is 0.6 × 1.12 + 0.4 × 1.00 = 1.072 of the year before."""
    now = [pd.Period(f"2025-0{k}", freq="M") for k in (4, 5, 6)]
    then = [p - 12 for p in now]
    assert like_for_like_change(_history(1.12), now, then) == pytest.approx(0.072)


def test_a_span_straddling_the_step_averages_the_sized_level() -> None:
    """2025-01…03 against 2024-01…03: one month before the step (×1), two after (×1.072):
    exp(mean of logs) − 1 = 1.072^(2/3) − 1 ≈ +4.7%."""
    now = [pd.Period(f"2025-0{k}", freq="M") for k in (1, 2, 3)]
    then = [p - 12 for p in now]
    expected = math.expm1(2 / 3 * math.log(1.072))
    assert like_for_like_change(_history(1.12), now, then) == pytest.approx(expected)
