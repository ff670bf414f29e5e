"""The push beyond the trends holds every lever at the team's best year on it first
(targets.record_fill): hand-computed cases, and the rule on a generated history."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.targets import decompose, lever_mix, record_fill, spread_fill
from routekpi.sample import generate_sample

INF = np.inf
NAN = np.nan


def _fill(total: float, **kw: object) -> np.ndarray:
    """Two levers by default: weights 3 and 1 (the first has moved three times as much), no
    trend, best years +2% and +10%, ceilings +20% (all log)."""
    args = {
        "offset": np.zeros(2),
        "weight": np.array([3.0, 1.0]),
        "low": np.full(2, -INF),
        "high": np.full(2, 0.2),
        "best": np.array([0.02, 0.10]),
    }
    args.update(kw)
    return record_fill(total, **args)  # type: ignore[arg-type]


def test_below_every_best_year_the_push_goes_by_spread() -> None:
    """0.01: d·(3, 1) with 4d = 0.01 → (0.0075, 0.0025), both under their best years."""
    assert _fill(0.01) == pytest.approx([0.0075, 0.0025])


def test_a_lever_at_its_best_year_hands_the_push_to_the_others() -> None:
    """0.04: by spread the first would take 0.03, above its best year 0.02; it stops there
    and the second takes the other 0.02 (under its 0.10)."""
    assert _fill(0.04) == pytest.approx([0.02, 0.02])


def test_beyond_every_best_year_the_rest_is_shared_equally() -> None:
    """0.15: both at their best years make 0.12; the 0.03 left is 0.015 each. By spread
    alone the first, whose best year is +2%, would carry 0.1125."""
    assert _fill(0.15) == pytest.approx([0.035, 0.115])
    alone = spread_fill(0.15, np.zeros(2), np.array([3.0, 1.0]), np.full(2, -INF), np.full(2, 0.2))
    assert alone == pytest.approx([0.1125, 0.0375])


def test_ceilings_still_bind_and_beyond_them_every_lever_is_at_its_ceiling() -> None:
    """0.34: equal shares of the 0.22 beyond (0.02, 0.10) would put the second at 0.21, above
    its ceiling 0.2 → (0.14, 0.2); 0.5 is out of reach: both at 0.2."""
    assert _fill(0.34) == pytest.approx([0.14, 0.2])
    assert _fill(0.5) == pytest.approx([0.2, 0.2])


def test_a_trend_above_the_best_year_is_kept_but_takes_no_push() -> None:
    """Trend +5% on the first (best year +2%): it stays at 0.05 while the second takes the
    push to its best year (0.08 → 0.03 on the second)."""
    assert _fill(0.08, offset=np.array([0.05, 0.0])) == pytest.approx([0.05, 0.03])


def test_a_lever_without_a_best_year_is_not_held() -> None:
    """NaN best year on both: the same as spread_fill."""
    x = _fill(0.15, best=np.array([NAN, NAN]))
    assert x == pytest.approx([0.1125, 0.0375])


def test_a_lever_that_never_moved_stays_out_of_the_equal_share() -> None:
    """Weights (1, 0, 1), best years (0.01, 0, 0.01): at 0.05 the two that moved reach their
    best years (0.02) and share the 0.03 left; the one that never moved stays at 0."""
    x = record_fill(
        0.05,
        np.zeros(3),
        np.array([1.0, 0.0, 1.0]),
        np.full(3, -INF),
        np.full(3, 0.2),
        np.array([0.01, 0.0, 0.01]),
    )
    assert x == pytest.approx([0.025, 0.0, 0.025])


def test_a_lever_whose_best_year_was_a_fall_is_held_at_no_change() -> None:
    """Trend −5% on the first, its best year −3% (it only ever fell); the second's +2%.
    0.01: by spread d·(3, 1) from (−0.05, 0) with 4d = 0.06 → d = 0.015: (−0.005, 0.015),
    both under their holds (0, not −0.03; 0.02). Held at −0.03 instead, the first would stop
    there and the second take 0.04, twice its best year."""
    x = _fill(0.01, offset=np.array([-0.05, 0.0]), best=np.array([-0.03, 0.02]))
    assert x == pytest.approx([-0.005, 0.015])


def test_past_no_change_a_fallen_lever_shares_the_rest_equally() -> None:
    """The same levers at 0.06: the first held at 0, the second at 0.02 make 0.02; the
    0.04 left is 0.02 each → (0.02, 0.04)."""
    x = _fill(0.06, offset=np.array([-0.05, 0.0]), best=np.array([-0.03, 0.02]))
    assert x == pytest.approx([0.02, 0.04])


def test_below_the_trends_the_push_goes_down_by_spread_as_before() -> None:
    """A goal under the trends: the best years do not hold anything down."""
    off = np.array([0.04, 0.02])
    x = _fill(0.02, offset=off)
    y = spread_fill(0.02, off, np.array([3.0, 1.0]), np.full(2, -INF), np.full(2, 0.2))
    assert x == pytest.approx(y)
    assert x == pytest.approx([0.01, 0.01])  # 0.06 + 4d = 0.02: d = −0.01


def test_sums_to_the_goal_and_never_falls_as_it_rises() -> None:
    totals = np.linspace(-0.2, 0.45, 131)
    prev = None
    for total in totals:
        x = _fill(float(total), offset=np.array([0.01, -0.02]))
        if total <= 0.4:
            assert x.sum() == pytest.approx(total, abs=1e-12)
        if prev is not None:
            assert np.all(x >= prev - 1e-12)
        prev = x


def test_on_a_history_no_lever_passes_its_best_year_until_every_lever_has() -> None:
    """A generated history (4 reps, 3 years): at each goal, a rep with a lever above
    max(its trend, the team's best year) has every lever at least there or at its ceiling."""
    s = generate_sample(seed=3, reps=4, accounts=60, as_of="2026-06-30")
    h = History(orders=s.orders, visits=s.visits, accounts=s.accounts, holidays=s.holidays)
    ev = build_evidence(h, PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 6, 30)))
    assert ev.lever_evidence is not None and ev.lever_evidence.team_best is not None
    keys = list(ev.levers)
    best = ev.lever_evidence.team_best.reindex(keys).to_numpy(dtype=float)
    assert np.isfinite(best).all()
    best = best * (12 + ev.gap_months) / 12
    base = float(ev.base.at[TEAM, "revenue"])
    passed = 0
    for factor in (1.0, 1.1, 1.3, 1.6):
        plan = decompose(ev, base * factor)
        assert plan.lever_mix == "evidence"
        for rep in ev.reps:
            offset, _, _ = lever_mix(ev, rep)
            held = np.maximum(offset, np.maximum(best, 0.0))  # a fall's best year: no change
            x = np.log(plan.lever_uplift.loc[rep, keys].to_numpy(dtype=float))
            head = ev.headroom.loc[rep, keys].to_numpy(dtype=float)
            if (x > held + 1e-9).any():
                passed += 1
                assert np.all((x >= held - 1e-9) | (x >= head - 1e-9)), (rep, factor)
    assert passed  # the larger goals do go beyond the best years
