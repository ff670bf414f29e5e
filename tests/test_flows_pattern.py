"""The starting book's losses placed in the months the baseline year lost them (flows.py,
issue #10): measured at a year's end, accounts from orders lost early in the year have had
time to order again, so a year's losses fall late; the plan's average book follows suit,
trusted as far as the number of losses allows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from routekpi.core.flows import average_book, book_path, loss_months, measure_flows
from routekpi.core.measure import TEAM

EVEN = tuple(k / 12 for k in range(1, 13))


def test_loss_months_by_hand() -> None:
    """100 losses, all in the year's last month, trusted 100 / (100 + 200) = 1/3: by month-end
    k < 12 the share is 2/3 × k/12 (the even part only), all of them by the year's end."""
    shares = loss_months(np.array([0.0] * 11 + [100.0]))
    assert shares is not None
    assert shares[:11] == pytest.approx([2 / 3 * k / 12 for k in range(1, 12)])
    assert shares[11] == pytest.approx(1.0)
    # Fully trusted (no prior events): none lost before the last month.
    assert loss_months(np.array([0.0] * 11 + [100.0]), events=0.0) == pytest.approx(
        (0.0,) * 11 + (1.0,)
    )


def test_no_pattern_is_an_even_spread() -> None:
    """Losses spread evenly give the even shares however many there are; no loss at all is no
    pattern (None: the monthly hazard)."""
    assert loss_months(np.full(12, 7.0)) == pytest.approx(EVEN)
    assert loss_months(np.zeros(12)) is None


def test_late_losses_keep_the_book_longer() -> None:
    """100 held, 20 % churn, all losses in the last month: 100 for 11 month-ends, 80 at the
    last; average (1,100 + 80) / 12 = 98.333. Even (the hazard) it is lower; the year's end
    is 80 either way."""
    late = (0.0,) * 11 + (1.0,)
    path = book_path(100.0, 0.2, 0.0, book_timing=late)
    assert path.tolist() == pytest.approx([100.0] * 11 + [80.0])
    assert average_book(100.0, 0.2, 0.0, book_timing=late) == pytest.approx(1180 / 12)
    even = average_book(100.0, 0.2, 0.0)
    assert even == pytest.approx(100 * float(np.mean(0.8 ** (np.arange(1, 13) / 12))))
    assert even < 1180 / 12
    # The even shares are the monthly hazard's path.
    assert average_book(100.0, 0.2, 6.0, book_timing=EVEN) == pytest.approx(
        average_book(100.0, 0.2, 6.0)
    )


def _facts(cancellations: dict[str, float]) -> tuple[pd.DataFrame, list[pd.Period]]:
    """One rep R (and the team) holding 100, November 2024 … October 2025, with the given
    cancellations by month (no wins: the book just shrinks)."""
    window = list(pd.period_range("2024-11", "2025-10", freq="M"))
    rows = []
    held = 100.0
    for m in window:
        lost = cancellations.get(str(m), 0.0)
        row = {
            "accounts_start": held,
            "new_accounts": 0.0,
            "cancellations": lost,
            "active_accounts": held - lost,
            "meetings": 0.0,
            "appointments": 0.0,
            "attempts": 0.0,
        }
        held -= lost
        rows += [(("R", m), row), ((TEAM, m), row)]
    index = pd.MultiIndex.from_tuples([k for k, _ in rows], names=["rep", "month"])
    return pd.DataFrame([r for _, r in rows], index=index), window


def test_the_pattern_is_placed_in_the_plan_years_months() -> None:
    """Planned at the end of October for an April year (5 months carried over): the baseline
    is November 2024 … October 2025 and its 12 losses all fell in December, the plan year's
    9th month. Trusted 12 / (12 + 200): by month-end k the share is (200/212) × k/12, plus
    12/212 from December on."""
    facts, window = _facts({"2024-12": 12.0})
    flows = measure_flows(facts, window, window[-1], gap_months=5)
    z = 12 / 212
    expected = [(1 - z) * k / 12 + (z if k >= 9 else 0.0) for k in range(1, 13)]
    assert flows.book_timing == pytest.approx(expected)
    # No loss in the year: no pattern, the book is lost at its monthly hazard.
    none = measure_flows(*_facts({})[:1], window, window[-1], gap_months=5)
    assert none.book_timing is None
