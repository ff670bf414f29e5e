"""A run of ends is a burst of losses only when chance would not bring it at the rep's own
pace (core.lost ``burst_need``; trial 45 M3: a salon dealer losing ~22% a year, a rep with
~1.5 closures a month, two chance runs of five within three months read as "one-off"
losses and left out of the churn rate).

Over 2023-01-01 – 2026-12-31 (1,461 days), by hand, λ = ends × 31 / 1,461 and the expected
number of chance runs of ``k`` = ends × P(Poisson(λ) ≥ k − 1), needed below 0.05:

- L, a low-churn rep: 3 ends a year apart and 5 within two weeks, 8 ends, λ = 0.1697;
  k = 5: 8 × P(X ≥ 4) = 8 × 3.02e-5 = 0.00024 — his five are a burst.
- H, a high-churn rep: 70 ends every 20 days from 2023-01-01 and 5 more in June 2025, 75
  ends, λ = 1.5914; k = 8: 75 × P(X ≥ 7) = 0.097, k = 9: 75 × P(X ≥ 8) = 0.0188 — nine
  needed; the June window holds his 5 and at most 2 of the every-20-days ends: no burst
  (the old rule, 3 × his 1.59 a month = 4.8, called the five one).
- G, the same 70 and 12 within a week of June 2025, 82 ends, λ = 1.7399; k = 9: 0.037 <
  0.05 — nine needed, the twelve are a burst.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from routekpi.core.lost import BURST_CHANCE, burst_need, bursts

FIRST, LAST = date(2023, 1, 1), date(2026, 12, 31)
SPAN = (LAST - FIRST).days + 1
USUAL = [str(FIRST + pd.Timedelta(days=20 * i))[:10] for i in range(70)]


def _ended(ends: dict[str, list[str]]) -> pd.DataFrame:
    rows = [
        (f"{rep}{i}", rep, pd.Timestamp(d)) for rep, ds in ends.items() for i, d in enumerate(ds)
    ]
    return pd.DataFrame(rows, columns=["account", "rep", "end"]).set_index("account")


def _chance_runs(ends: int, k: int) -> float:
    rate = ends * 31 / SPAN
    below = sum(math.exp(-rate) * rate**i / math.factorial(i) for i in range(k - 1))
    return ends * (1.0 - below)


def test_the_need_by_hand() -> None:
    assert SPAN == 1461 and BURST_CHANCE == 0.05
    rate = 8 * 31 / SPAN
    assert rate == pytest.approx(0.1697, abs=1e-4)
    assert _chance_runs(8, 5) == pytest.approx(0.00024, abs=1e-5)
    assert burst_need(8, SPAN) == 5  # the floor, BURST_ACCOUNTS
    assert _chance_runs(75, 8) == pytest.approx(0.0972, abs=1e-4)
    assert _chance_runs(75, 9) == pytest.approx(0.0188, abs=1e-4)
    assert burst_need(75, SPAN) == 9
    assert _chance_runs(82, 8) == pytest.approx(0.1748, abs=1e-4)
    assert _chance_runs(82, 9) == pytest.approx(0.037, abs=1e-3)
    assert burst_need(82, SPAN) == 9
    # Fewer ends than the floor: no run can be one.
    assert burst_need(3, SPAN) == 5


def test_a_low_churn_reps_five_in_two_weeks_are_a_burst() -> None:
    ends = ["2023-06-01", "2024-06-01", "2026-06-01"]
    ends += ["2025-03-03", "2025-03-05", "2025-03-10", "2025-03-12", "2025-03-16"]
    assert bursts(_ended({"L": ends}), FIRST, LAST) == [["L3", "L4", "L5", "L6", "L7"]]


def test_a_high_churn_reps_five_in_a_month_are_his_usual_churn() -> None:
    june = ["2025-06-02", "2025-06-09", "2025-06-16", "2025-06-23", "2025-06-30"]
    ended = _ended({"H": USUAL + june})
    assert bursts(ended, FIRST, LAST) == []
    # The rule before trial 45 (chance=False: 5 and 3 × 75 × 31 / 1,461 = 4.8) called six
    # one: 2025-05-30 (H44) – 06-23, four of June's and the usual H44 and H45 (06-19).
    assert bursts(ended, FIRST, LAST, chance=False) == [["H44", "H70", "H71", "H72", "H45", "H73"]]


def test_a_high_churn_reps_twelve_in_a_week_are_a_burst() -> None:
    week = [f"2025-06-0{d}" for d in (2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 8)]
    (found,) = bursts(_ended({"G": USUAL + week}), FIRST, LAST)
    # The twelve and the usual end three days before (G44, 2025-05-30); the usual G45 on
    # 06-19, eleven days after the twelfth, stands apart at the window's edge.
    assert found == ["G44", *(f"G{i}" for i in range(70, 82))]


def test_each_rep_is_judged_on_his_own_pace() -> None:
    """The low-churn rep's five stay a burst beside the high-churn rep's routine five."""
    june = ["2025-06-02", "2025-06-09", "2025-06-16", "2025-06-23", "2025-06-30"]
    low = ["2023-06-01", "2024-06-01", "2026-06-01", *june]
    found = bursts(_ended({"H": USUAL + june, "L": low}), FIRST, LAST)
    assert found == [["L3", "L4", "L5", "L6", "L7"]]
