"""A product whose price per unit falls every May and comes back by winter is no yearly
revision (core.price_index.find_yearly ``YEARLY_BACK``; trial 50 M1).

Trial 50: 灯油's price per litre (the median of its lines) fell ~10% every May as the
households stopped and the businesses' cheaper litres made most of the lines, and rose again
each November; the search read 「価格改定 毎年5月 −3.3%〜−3.4%」. Hand cases, 2024-04 …
2026-03, three products A, B, C with 60%, 20%, 20% of the revenue every month (so the
revenue-weighted median change is A's):

- season: A at ¥110 November–April and ¥100 May–October (May log(100/110), November
  log(110/100)); B and C flat. The other months bring back all of the May steps: none.
- yearly: A falls to 100/110 of its price every May and stays. Found: two May steps, each
  sized log(0.6 × 100/110 + 0.4) (the month before's revenue at the new prices).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from routekpi.core.history import PRODUCT_MONTH_COLUMNS
from routekpi.core.price_index import find_step, find_yearly

MONTHS = list(pd.period_range("2024-04", "2026-03", freq="M"))
SHARE = {"A": 60.0, "B": 20.0, "C": 20.0}


def _table(kind: str) -> pd.DataFrame:
    """The product-month prices: A as ``kind`` says, B and C flat."""
    rows = []
    for m in MONTHS:
        mays = sum(1 for y in (2024, 2025) if m >= pd.Period(f"{y}-05", freq="M"))
        if kind == "season":
            a = 100.0 if 5 <= m.month <= 10 else 110.0
        else:
            a = 110.0 * (100.0 / 110.0) ** mays
        for product, revenue in SHARE.items():
            price = a if product == "A" else 50.0
            rows.append((product, m, price, revenue, 10, 0.0))  # one price a month
    return pd.DataFrame(rows, columns=list(PRODUCT_MONTH_COLUMNS))


def test_a_may_drop_that_comes_back_every_winter_is_no_yearly_revision() -> None:
    table = _table("season")
    assert find_yearly(table, MONTHS) is None
    assert find_yearly(table, MONTHS, month_of_year=5) is None
    assert find_step(table, MONTHS) is None  # nor a one-off: it happens every year


def test_a_may_cut_that_stays_is_still_a_yearly_revision() -> None:
    found = find_yearly(_table("yearly"), MONTHS)
    assert found is not None
    assert found.month_of_year == 5
    assert [str(m) for m, _ in found.steps] == ["2024-05", "2025-05"]
    size = math.log(0.6 * 100.0 / 110.0 + 0.4)
    assert [s for _, s in found.steps] == pytest.approx([size, size])
