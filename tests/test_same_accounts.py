"""Like-for-like unit price (levers.same_account_changes): a customer won or lost at another
price moves the team's unit price but is no price change.

Two years, January 2024 – December 2025, every order in June: A orders 10 times a year at
¥1,000 and then ¥1,100 (+10 %), B 20 times at ¥500 both years, L (lost) 10 times at ¥5,000 in
2024 only, N (new) 10 times at ¥100 in 2025 only.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from routekpi.core.levers import MIN_ORDERS, same_account_changes, same_account_trend

MONTHS = list(pd.period_range("2024-01", "2025-12", freq="M"))


def _rows(scale: int = 1) -> pd.DataFrame:
    """account, month, revenue, orders (``scale`` × every order count)."""
    june24, june25 = pd.Period("2024-06", "M"), pd.Period("2025-06", "M")
    rows = [
        ("A", june24, 10 * 1_000, 10),
        ("A", june25, 10 * 1_100, 10),
        ("B", june24, 20 * 500, 20),
        ("B", june25, 20 * 500, 20),
        ("L", june24, 10 * 5_000, 10),
        ("N", june25, 10 * 100, 10),
    ]
    frame = pd.DataFrame(rows, columns=["account", "month", "revenue", "orders"])
    frame[["revenue", "orders"]] = frame[["revenue", "orders"]].astype(float) * scale
    return frame


def test_lost_and_new_customers_are_no_price_change() -> None:
    changes = same_account_changes(_rows(), MONTHS)
    # Only December 2025 has two full windows (2025 against 2024).
    assert np.isnan(changes[:-1]).all()
    # A: log(1,100 / 1,000) weighted by its 10 + 10 orders; B: 0 weighted by 20 + 20.
    assert changes[-1] == pytest.approx(20 * math.log(1.1) / 60, rel=1e-12)  # +3.2 %, not −1.16
    # The team's unit price as booked: 70,000 / 40 → 22,000 / 40, log −1.157.
    booked = math.log((22_000 / 40) / (70_000 / 40))
    assert booked < -1.15
    assert same_account_trend(changes, fallback=booked) == changes[-1]


def test_too_few_orders_on_the_same_customers_is_no_evidence() -> None:
    # A and B hold 30 orders a year in both windows: just MIN_ORDERS.
    assert MIN_ORDERS == 30
    few = _rows()
    few.loc[few["account"] == "B", ["revenue", "orders"]] /= 2  # 20 a year
    changes = same_account_changes(few, MONTHS)
    assert np.isnan(changes).all()
    assert same_account_trend(changes, fallback=0.02) == 0.02
