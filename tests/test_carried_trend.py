"""Evidence lever mix: each lever carries the same share of a rep's own heading as the split."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from routekpi.core.engine import plan_for
from routekpi.core.measure import TEAM
from routekpi.core.targets import SPLIT_CARRY, carried_trend
from tests.test_targets import _evidence


def test_a_reps_account_forecast_stays_on_its_accounts_not_its_unit_price() -> None:
    """Hand-set evidence: the team's trends are +5% accounts and +2% unit price a year (log),
    and no change in visits per account or orders per visit. Rep A is heading for +15% on its
    accounts, every other rep moves like the team. Spreads (the team's log variances):
    accounts 0.010, visits per account 0.005, orders per visit 0.005, unit price 0.020; no
    ceiling binds.

    RepSplit trend: A's share of the KGI is last year's revenue × e^(½ × 0.17), the others'
    × e^(½ × 0.07). A's levers start from the team's trends plus half of its own difference:
    accounts 0.05 + ½ × 0.10 = 0.10, unit price 0.02. So what A's share asks beyond the team's
    is exactly ½ × 0.10, and it sits on A's accounts: every rep gets the same push on visit
    frequency, orders per visit and unit price (d × spread), and A's accounts rise by 0.05
    more than the others'. Before, A's whole own +0.10 was its offset and the unsplit half
    (−0.05) was spread over all four levers by the spreads: A's unit price fell by 0.02
    below the others' (0.05 × 0.020 ÷ 0.040) for a price trend A does not have.
    """
    ev = _evidence(7, 4, 60)
    keys = list(ev.levers)
    assert keys == ["active_accounts", "visits_per_account", "orders_per_visit", "unit_price"]
    reps = list(ev.reps)
    team = np.array([0.05, 0.0, 0.0, 0.02])
    trend = pd.DataFrame([team] * (len(reps) + 1), index=[*reps, TEAM], columns=keys)
    trend.loc[reps[0], "active_accounts"] = 0.15
    spread = pd.Series([0.010, 0.005, 0.005, 0.020], index=keys)
    assert ev.lever_evidence is not None
    index = ev.lever_evidence.spread.index
    lev = replace(
        ev.lever_evidence,
        spread=spread.reindex(index),
        team_spread=spread.reindex(index),
        team_best=None,  # no best year holds a lever either (targets.record_fill)
    )
    head = ev.headroom.copy()
    head.loc[:, :] = 5.0  # no ceiling binds
    floor = ev.floor.copy()
    floor.loc[:, :] = -np.inf
    # No material win either (the sample's Sato has one): the split stands on last year alone.
    won = pd.Series(dtype=float)
    ev = replace(ev, trend=trend, lever_evidence=lev, headroom=head, floor=floor, won_share=won)
    assert SPLIT_CARRY == 0.5
    assert carried_trend(ev, reps[0]) == pytest.approx([0.10, 0.0, 0.0, 0.02])

    base = ev.base.loc[reps, "revenue"].astype(float)
    kgi = 1.10 * float(base.sum())
    plan, _ = plan_for(ev, kgi)
    lift = pd.Series(0.07, index=reps)
    lift[reps[0]] = 0.17
    w = base * np.exp(0.5 * lift)
    share = kgi * w / w.sum()
    # The common push: log(share ÷ base) − Σ offsets, over the spreads' sum (same for everyone).
    g_other = math.log(share[reps[1]] / base[reps[1]])
    d = (g_other - 0.07) / 0.040
    g_a = math.log(share[reps[0]] / base[reps[0]])
    assert (g_a - 0.12) / 0.040 == pytest.approx(d, rel=1e-9)
    for rep in reps:
        up = plan.lever_uplift.loc[rep]
        assert math.log(up["unit_price"]) == pytest.approx(0.02 + d * 0.020, abs=1e-9)
        assert math.log(up["visits_per_account"]) == pytest.approx(d * 0.005, abs=1e-9)
        own = 0.10 if rep == reps[0] else 0.05
        assert math.log(up["active_accounts"]) == pytest.approx(own + d * 0.010, abs=1e-9)
    assert float(plan.fy.loc[reps, "revenue"].sum()) == pytest.approx(kgi, rel=1e-9)


def test_a_lever_seen_at_one_window_end_has_no_team_variance() -> None:
    """Team changes: accounts at 8 window ends (±0.1 alternating, variance 0.01), unit price
    only at the last (+0.3). One change is no record of movement: NaN (the reps' scatter
    stands in), not a variance of 0 that would read as a lever that never moved."""
    from routekpi.core.levers import team_spread

    ends = pd.period_range("2024-01", periods=8, freq="M")
    index = pd.MultiIndex.from_product([[TEAM], ends], names=["rep", "month"])
    changes = pd.DataFrame(
        {
            "active_accounts": [0.1, -0.1] * 4,
            "unit_price": [np.nan] * 7 + [0.3],
        },
        index=index,
    )
    got = team_spread(changes)
    assert got["active_accounts"] == pytest.approx(0.01)
    assert math.isnan(got["unit_price"])
