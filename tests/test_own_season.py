"""Each rep's own season (trial 19: 旭川's snowed-in January asked at ×2.04 of last January
because every rep's year was split by the whole team's month shares).

A rep keeps ``z = τ² ÷ (τ² + σ²ᵣ ÷ nᵣ)`` of his usual difference from the team's month shares
(core/month_spread.py ``own_season_weights``), the rest is the team's shape.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.month_spread import own_season, own_season_weights, own_seasons_tell_better

# A difference from the team's shares: +1 point in January, −1 in February, nothing else.
E = np.zeros(12)
E[0], E[1] = 1.0, -1.0


def test_credibility_by_hand() -> None:
    """Four reps, differences in units of E (mean over the 12 months of (c·E)² is c² ÷ 6).

    A: 3 years .02/.03/.04 (steady, usual .03): σ² = var(.02, .03, .04) ÷ 6 = 1e-4 ÷ 6.
    D: the same with the sign turned. B: 3 years −.05/0/+.05 (no usual difference, unsteady):
    σ² = .0025 ÷ 6. C: one year .03 (A's shape, but one year): σ² = the pooled
    (2 × 1e-4/6 × 2 + 2 × .0025/6) ÷ 6 = 1.5e-4.
    σ² ÷ n: A, D 1e-4/18; B .0025/18; C 1.5e-4 — their mean 7.5e-5.
    Mean square of the usual differences: (3 × .03²/6 + 0) ÷ 4 = 1.125e-4, so τ² = 3.75e-5.
    z_A = 3.75e-5 ÷ (3.75e-5 + 1e-4/18) = 27/31 ≈ 0.87 (mostly his own);
    z_C = 3.75e-5 ÷ (3.75e-5 + 1.5e-4) = 0.2 (mostly the team's); z_B = 27/127.
    """
    z = own_season_weights(
        {
            "A": [0.02 * E, 0.03 * E, 0.04 * E],
            "D": [-0.02 * E, -0.03 * E, -0.04 * E],
            "B": [-0.05 * E, 0 * E, 0.05 * E],
            "C": [0.03 * E],
        }
    )
    assert z["A"] == pytest.approx(27 / 31, rel=1e-9)
    assert z["D"] == pytest.approx(27 / 31, rel=1e-9)
    assert z["C"] == pytest.approx(0.2, rel=1e-9)
    assert z["B"] == pytest.approx(27 / 127, rel=1e-9)


def test_no_swing_to_measure_or_no_difference_keeps_the_team() -> None:
    """One year each: no year-to-year swing measured, so no rep leaves the team's shape. Reps
    whose differences are all swing (their usual difference ≈ 0): τ² = 0, all on the team."""
    assert own_season_weights({"A": [0.03 * E], "B": [-0.03 * E]}) == {"A": 0.0, "B": 0.0}
    z = own_season_weights({"A": [0.01 * E, -0.01 * E], "B": [-0.01 * E, 0.01 * E]})
    assert z == {"A": 0.0, "B": 0.0}


def test_own_shapes_only_when_they_told_the_past_years_better() -> None:
    """Leave one year out. Three identical years: from any two, no swing and the reps differ,
    so each keeps all (z = 1) and predicts the third exactly: own shapes. Two years: one left
    has no swing to measure (z = 0), a tie with the team's: the team's. Reps whose difference
    in the middle year went against their other two years' (A: .05, −.01, .02; B: −.01, .05,
    −.04; C: 0, −.03, .03): predicted from the others it is worse than no difference (in the
    other folds z = 0, a tie): the team's."""
    same = {"A": dict.fromkeys((0, 1, 2), 0.03 * E), "B": dict.fromkeys((0, 1, 2), -0.03 * E)}
    assert own_seasons_tell_better(same)
    assert not own_seasons_tell_better({r: {0: d[0], 1: d[1]} for r, d in same.items()})
    against = {
        "A": {0: 0.05 * E, 1: -0.01 * E, 2: 0.02 * E},
        "B": {0: -0.01 * E, 1: 0.05 * E, 2: -0.04 * E},
        "C": {0: 0.0 * E, 1: -0.03 * E, 2: 0.03 * E},
    }
    assert not own_seasons_tell_better(against)


def test_own_season_adds_the_kept_part_and_sums_to_one() -> None:
    """Team 1/12 a month; a difference of −4 points in January, +4 in February, kept at 0.5:
    January 1/12 − 0.02, February 1/12 + 0.02. A difference larger than the month: 0, then
    the year renormalised."""
    team = np.full(12, 1 / 12)
    shares = own_season(team, 0.04 * -E, 0.5)
    assert shares[0] == pytest.approx(1 / 12 - 0.02)
    assert shares[1] == pytest.approx(1 / 12 + 0.02)
    assert shares.sum() == pytest.approx(1.0)
    clipped = own_season(team, 0.2 * -E, 1.0)
    assert clipped[0] == 0.0
    assert clipped.sum() == pytest.approx(1.0)


def _history() -> History:
    """Two reps, each of his 10 accounts ordering ¥10,000 on the 10th of every month
    2023–2025: 札幌's every month alike; 旭川's accounts (snow) only 4 orders in January and
    February. 旭川's January is 4/112 of his year, the team's 14/232."""
    rows = []
    for month in pd.period_range("2023-01", "2025-12", freq="M"):
        for rep, prefix in (("札幌", "S"), ("旭川", "A")):
            n = 4 if rep == "旭川" and month.month in (1, 2) else 10
            for i in range(n):
                rows.append((month.to_timestamp() + pd.Timedelta(days=9), f"{prefix}{i}", rep))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep"])
    orders["amount"] = 10_000.0
    orders["quantity"] = 1.0
    return History(orders=orders)


def test_a_snowed_in_rep_keeps_his_january() -> None:
    """Three identical years (no swing): each rep keeps all of his own difference (z = 1).
    旭川's January target is 4/112 of his year, not the team's 14/232; 札幌's 10/120. Every
    rep's months add up to his year, the team's months to its year, each month's team to
    its reps."""
    settings = PlanSettings(
        kgi=1.0, plan_year=2026, fiscal_start_month=1, as_of=dt.date(2025, 12, 31)
    )
    ev = build_evidence(_history(), settings)
    assert ev.own_season_weight.to_dict() == pytest.approx({"札幌": 1.0, "旭川": 1.0})
    kgi = float(ev.base.at["ALL", "revenue"]) * 1.1
    plan, _ = plan_for(ev, kgi)
    revenue = plan.monthly["revenue"]
    jan = revenue.columns[0]
    for rep, share in (("旭川", 4 / 112), ("札幌", 10 / 120)):
        year = float(plan.fy.at[rep, "revenue"])
        assert revenue.loc[rep].sum() == pytest.approx(year, abs=1)
        # The plan's shares are the team's per working day or per month, plus his difference:
        # within a quarter point of his own January.
        assert revenue.at[rep, jan] / year == pytest.approx(share, abs=0.0025)
    assert revenue.loc["ALL"].sum() == pytest.approx(plan.fy.at["ALL", "revenue"], abs=1)
    reps = revenue.drop(index="ALL").sum(axis=0)
    assert revenue.loc["ALL"].to_numpy() == pytest.approx(reps.to_numpy(), abs=1e-6)
    orders = plan.monthly["orders"]
    assert orders.at["旭川", jan] < orders.at["札幌", jan] * 0.5
