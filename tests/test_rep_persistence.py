"""How much of a rep's own difference from the team is expected to repeat next year."""

from __future__ import annotations

import pandas as pd
import pytest

from routekpi.core.levers import (
    DEFAULT_PERSISTENCE,
    LEVER_RATIOS,
    RATIO_DEFAULT_PERSISTENCE,
    persistence,
)
from routekpi.core.measure import TEAM


def _changes(months: int, price_gap: float, lever: str = "unit_price") -> pd.DataFrame:
    """Year-on-year log changes by (rep, window end): the team +2% on every lever; rep A's
    ``lever`` ``price_gap`` above the team's at every window end, rep B's as far below."""
    ends = pd.period_range("2024-01", periods=months, freq="M")
    rows = []
    for rep, gap in (("A", price_gap), ("B", -price_gap), (TEAM, 0.0)):
        for month in ends:
            rows.append({"rep": rep, "month": month, **dict.fromkeys(LEVER_RATIOS, 0.02)})
            rows[-1][lever] = 0.02 + gap
    return pd.DataFrame(rows).set_index(["rep", "month"])


def test_before_three_years_only_the_account_stock_is_assumed_to_carry_over() -> None:
    """12 window ends: no pair a year apart, nothing measured. Active accounts (a stock: the
    accounts a rep gained are still there next year) keep a quarter of the rep's difference;
    unit price, visit frequency and orders per visit or account (ratios that swing with a
    few large orders) keep none of it."""
    p = persistence(_changes(12, 0.05))
    assert DEFAULT_PERSISTENCE == 0.25 and RATIO_DEFAULT_PERSISTENCE == 0.0
    assert p["active_accounts"] == p["revenue"] == 0.25
    for lever in ("visits_per_account", "orders_per_visit", "orders_per_account", "unit_price"):
        assert p[lever] == 0.0


def test_a_measured_carry_over_wins_over_the_assumption() -> None:
    """24 window ends: 12 pairs a year apart per rep. A's active accounts are +0.05 above the
    team's change at both ends of every pair and B's −0.05: slope Σxy ÷ Σx² = 24 × 0.0025 ÷
    (24 × 0.0025) = 1, so all of a rep's difference in his book's growth repeats. The other
    levers never differ from the team (Σx² = 0, nothing to learn): they keep their
    assumption."""
    p = persistence(_changes(24, 0.05, "active_accounts"))
    assert p["active_accounts"] == pytest.approx(1.0)
    assert p["revenue"] == 0.25 and p["orders_per_visit"] == 0.0


def test_a_ratio_lever_never_carries_a_reps_difference_even_when_it_repeated() -> None:
    """The same 24 window ends with the difference on unit price: the slope would read 1 (all
    of it repeats), but a ratio's rep difference is never carried (RATIO_DEFAULT_PERSISTENCE:
    on small territories a slope read from a few years took chance for carry-over)."""
    p = persistence(_changes(24, 0.05))
    assert p["unit_price"] == 0.0
    assert p["active_accounts"] == 0.25
