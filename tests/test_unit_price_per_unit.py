"""A unit-price flag says how much of the fall is the price per unit (trial 37 M4).

A heating-oil round's revenue per order fell 13.4%, of which the price per litre −5.5% (the
market): the flag advised 「値引き・小口化」. With a quantity on every line the flag now carries
the price per unit over the same months; when that fell by at least 40% of the fall per
order (``render_daily.market_price``) it is said as the market's or the price list's, and the
action asks to review the target's premise; otherwise the rest is the quantity per order.
"""

from __future__ import annotations

import pandas as pd
import pytest

from routekpi.core.flags import _unit_yoy
from routekpi.render_daily import flag_action, market_price


def _facts() -> pd.DataFrame:
    """Rep A: Sep–Nov 2025 ¥120,000 for 1,000 units a month; Sep–Nov 2026 ¥99,000 for 900
    units: per unit ¥120 → ¥110, −8.333…%."""
    months = [
        *pd.period_range("2025-09", "2025-11", freq="M"),
        *pd.period_range("2026-09", "2026-11", freq="M"),
    ]
    rows = [
        ("A", m, 120_000.0 if m.year == 2025 else 99_000.0, 1_000.0 if m.year == 2025 else 900.0)
        for m in months
    ]
    frame = pd.DataFrame(rows, columns=["rep", "month", "revenue", "quantity"])
    return frame.set_index(["rep", "month"])


def test_price_per_unit_by_hand() -> None:
    last = list(pd.period_range("2026-09", "2026-11", freq="M"))
    ago = [m - 12 for m in last]
    assert _unit_yoy(_facts(), "A", last, ago) == pytest.approx(110 / 120 - 1)


@pytest.mark.parametrize(
    ("unit", "yoy", "market"),
    [(-0.062, -0.124, True), (-0.058, -0.205, False), (-0.05, -0.125, True), (0.01, -0.2, False)],
)
def test_market_price(unit: float, yoy: float, market: bool) -> None:
    p = {"unit_yoy": unit, "yoy": yoy, "streak": False, "price": 1.0}
    assert market_price(p) is market
    action = flag_action("unit_price_declining", p, "", "ja")
    assert ("価格表・市況" in action) is market
    assert ("値引き・小口化" in action) is not market
