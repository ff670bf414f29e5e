"""validation.tables._repeated: the same rows as DataFrame.duplicated, on the cases that a
pre-check by date, amount and quantity could get wrong (signed zero, NaN, NaT, lines that
differ only in text, and types it does not pre-check)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from routekpi.validation.tables import _repeated

KEYS = ["date", "account", "rep", "amount", "quantity", "order_id"]


def _orders() -> pd.DataFrame:
    d1, d2 = pd.Timestamp("2026-04-01"), pd.Timestamp("2026-04-02")
    return pd.DataFrame(
        {
            "date": [d1, d1, d1, d2, d2, pd.NaT, pd.NaT, d1, d1],
            "account": ["A1", "A1", "A2", "A1", "A1", "A3", "A3", "A1", "A1"],
            "rep": ["R1"] * 9,
            "amount": [100.0, 100.0, 100.0, 0.0, -0.0, np.nan, np.nan, 100.0, 100.0],
            "quantity": [1.0, 1.0, 1.0, np.nan, np.nan, 2.0, 2.0, 1.0, 1.0],
            "order_id": ["X1", "X1", "X1", "X2", "X2", None, None, "X9", "X1"],
        }
    )


def test_marks_exactly_the_later_copies() -> None:
    orders = _orders()
    # Row 1 repeats row 0; row 2 differs in account only; row 4 repeats row 3 (0.0 = -0.0,
    # NaN = NaN); row 6 repeats row 5 (NaT, NaN, no order number); row 7 differs in order
    # number only; row 8 repeats row 0 again.
    expected = [False, True, False, False, True, False, True, False, True]
    assert _repeated(orders, KEYS).tolist() == expected
    assert orders.duplicated(subset=KEYS, keep="first").tolist() == expected


def test_no_repeats_and_other_types() -> None:
    orders = _orders().iloc[[0, 2, 3, 5, 7]].reset_index(drop=True)
    assert not _repeated(orders, KEYS).any()
    # Amount as text (not a validated type): the full comparison, same answer.
    text = _orders().assign(amount=lambda f: f["amount"].astype(str))
    assert _repeated(text, KEYS).tolist() == text.duplicated(subset=KEYS).tolist()
