"""The short lever mix (under two years of history): the team's push by the policy weights
(visit frequency and orders per visit at half theirs), the same for every rep; a rep's own
rest on its active accounts."""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routekpi.core.backtest import cut_history
from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.targets import lever_mix, short_weights
from routekpi.sample import generate_sample
from tests.test_evidence_targets import _fy, _history, _plan
from tests.test_targets import assert_no_higher_target_falls


def test_short_history_gives_every_rep_the_teams_push_on_orders_per_account() -> None:
    """Two years of orders (2024-04 – 2026-03), so no lever has a year-on-year spread yet.

    A holds 20 accounts and wins one a month through FY2025 (average book 20 + 6.5 = 26.5);
    B holds 40 and wins none. Everyone orders once a month at ¥1,000, none is lost.
    Acquisition per account held at the start (credibility n ÷ (n + 10)): team 12 ÷ 60 = 0.2;
    A 12/22 × 0.6 + 10/22 × 0.2 = 4.6/11 → 92/11 a year on its 20; B (no win) the team's 0.2
    → 8 on its 40. The team's book starts FY2026 at 72 and, with 180/11 new accounts arriving
    evenly, averages 72 + 180/11 × 6.5/12 = 80.8636 (its flows' trend) against 66.5.

    KGI = 1.3 × baseline: what it asks beyond the flows is 1.3 × 66.5 ÷ 80.8636 = 1.069081,
    shared equally by the three levers (policy weights 1). Unit price cannot rise above the
    company's best month (¥1,000, its level ceiling without year-on-year evidence), so both
    reps keep ¥1,000 and orders per account rises by the cube root, 1.022517, for A and B
    alike. Before, A's faster-growing book (a rep forecast B lacks) lowered A's orders per
    account and raised B's: account-forecast noise landed on the other levers. Each rep's
    accounts take the rest: revenue target ÷ (12 × ¥1,000 × 1.022517).
    """
    books = {"A": [(24, None)] * 20 + [(m, None) for m in range(36, 48)], "B": [(24, None)] * 40}
    ev, plan, targets = _plan(_history(books, lambda rep, fy: 1000.0), kgi_factor=1.3)
    assert plan.lever_mix == "short"
    assert ev.base.loc[["A", "B"], "active_accounts"].tolist() == pytest.approx([26.5, 40.0])
    assert ev.flows is not None
    assert ev.flows.new_per_year["A"] == pytest.approx(92 / 11)
    assert ev.flows.new_per_year["B"] == pytest.approx(8.0)
    team_path = 72 + 180 / 11 * 6.5 / 12
    assert team_path == pytest.approx(80.863636, rel=1e-6)
    per_lever = (1.3 * 66.5 / team_path) ** (1 / 3)
    assert per_lever == pytest.approx(1.022517, rel=1e-6)
    for rep in "AB":
        assert _fy(targets, rep, "unit_price") == pytest.approx(1000.0)
        assert _fy(targets, rep, "orders_per_account") == pytest.approx(per_lever, rel=1e-9)
        accounts = _fy(targets, rep, "revenue") / (12 * 1000.0 * per_lever)
        assert _fy(targets, rep, "active_accounts") == pytest.approx(accounts, rel=1e-6)
        assert bool(plan.capped.at[rep, "unit_price"])  # held at its ceiling, and said so
    assert _fy(targets, TEAM, "revenue") == pytest.approx(plan.kgi, rel=1e-9)


# --- properties on short histories: the sample cut to its first 12 or 18 months -------------

FAST = settings(max_examples=20, deadline=None)


@lru_cache(maxsize=32)
def _short_evidence(
    seed: int, months: int, orders_only: bool, rep_split: str = "trend"
) -> Evidence:
    s = generate_sample(seed=seed, reps=3 + seed % 3, accounts=40 + (7 * seed) % 41)
    full = (
        History(orders=s.orders, holidays=s.holidays)
        if orders_only
        else History(s.orders, s.visits, s.accounts, s.holidays)
    )
    first = pd.Period("2023-04", "M")
    plan_start = first + months  # the history before it: ``months`` complete months
    cut = cut_history(full, plan_start.start_time.date())
    fy = plan_start.year if plan_start.month >= 4 else plan_start.year - 1
    as_of = (plan_start - 1).end_time.date()
    settings = PlanSettings(kgi=1.0, plan_year=fy, as_of=as_of, rep_split=rep_split)
    return build_evidence(cut, settings)


shorts = st.tuples(
    st.integers(0, 9), st.sampled_from([12, 24]), st.booleans(), st.sampled_from(["trend", "equal"])
)


@FAST
@given(h=shorts, k1=st.floats(0.7, 1.6), step=st.floats(0.001, 0.3))
def test_short_mix_targets_multiply_to_the_kgi_and_rise_with_it(
    h: tuple[int, int, bool, str], k1: float, step: float
) -> None:
    """Short mix (12 months: no year-on-year change; 24: too few): reps' revenue adds up to
    the KGI, each rep's levers multiply back to its revenue, no lever above its ceiling, and
    no higher-is-better target of any rep or period falls when the KGI rises — also with an
    equal split, whose small reps' large goals go to their accounts up to the ceiling."""
    ev = _short_evidence(*h)
    base = float(ev.base.at[TEAM, "revenue"])
    plan, t1 = plan_for(ev, base * k1)
    if h[1] == 12:
        assert plan.lever_mix == "short"
    if plan.feasible:
        revenue = {r: float(plan.fy.at[r, "revenue"]) for r in ev.reps}
        assert sum(revenue.values()) == pytest.approx(plan.kgi, rel=1e-6)
        for r in ev.reps:
            product = 12 * math.prod(float(plan.fy.at[r, k]) for k in ev.levers)
            assert product == pytest.approx(revenue[r], rel=1e-6)
    lever_rows = plan.fy.loc[ev.reps, list(ev.levers)].to_numpy(dtype=float)
    ceilings = ev.ceiling.loc[ev.reps, list(ev.levers)].to_numpy(dtype=float)
    assert np.all(lever_rows <= ceilings * (1 + 1e-9) + 1e-12)
    _, t2 = plan_for(ev, base * (k1 + step))
    assert_no_higher_target_falls(t1, t2)


def test_short_mix_as_of_is_the_day_before_the_plan() -> None:
    """The property histories are what their names say: 12 complete months, no YoY spread."""
    ev = _short_evidence(0, 12, True)
    assert ev.as_of == date(2024, 3, 31)
    assert len(ev.baseline_months) == 12
    assert ev.lever_evidence is not None
    assert not np.isfinite(ev.lever_evidence.spread.reindex(list(ev.levers))).any()


# --- how often an account orders counts once (targets.short_weights) ----------------------


def test_short_weights_halve_the_two_frequency_levers_of_the_visit_tree() -> None:
    """Revenue = accounts × how often they order × how much an order is: with visits the
    frequency is two levers (visit frequency × orders per visit), each at half its weight,
    so at the default weights the push goes 1/3, 1/6, 1/6, 1/3; without visits nothing
    changes. Custom weights are halved the same way; a negative weight counts as 0."""
    visit_tree = ["active_accounts", "visits_per_account", "orders_per_visit", "unit_price"]
    w = short_weights(visit_tree, np.array([1.0, 1.0, 1.0, 1.0]))
    assert w.tolist() == [1.0, 0.5, 0.5, 1.0]
    assert (w / w.sum()).tolist() == pytest.approx([1 / 3, 1 / 6, 1 / 6, 1 / 3])
    assert short_weights(visit_tree, np.array([2.0, 1.0, 3.0, -1.0])).tolist() == [
        2.0,
        0.5,
        1.5,
        0.0,
    ]
    orders_tree = ["active_accounts", "orders_per_account", "unit_price"]
    assert short_weights(orders_tree, np.array([1.0, 1.0, 1.0])).tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_short_mix_with_visits_moves_each_frequency_lever_half_as_far_as_unit_price(
    seed: int,
) -> None:
    """The sample cut to its first 12 months (visits and a customer master): the team's
    push of 0.3 (log) beyond the trends adds 0.3 × 1/3 = 0.1 to active accounts and unit
    price and 0.3 × 1/6 = 0.05 to visit frequency and to orders per visit. In a plan
    (KGI = 1.2 × baseline: above where the account flows lead, +11.2% … +15.0%, so the push
    goes the goal's way) every rep at no ceiling moves visit frequency and orders per visit
    by the same log uplift, half of unit price's (their trends are 0 without a year-on-year
    record): orders per account moves as far as unit price. At KGI = 1.08 × baseline (below
    the flows' path: the push is down, the goal up) unit price takes none of the push
    (``with_goal``): it stays at last year's, or falls by its third of the rep's goal when the
    rep's share is below last year; the two frequency levers still move alike."""
    ev = _short_evidence(seed, 12, False)
    assert ev.levers == ("active_accounts", "visits_per_account", "orders_per_visit", "unit_price")
    rep = ev.reps[0]
    offset, _, mix = lever_mix(ev, rep, push=0.3, own=0.0)
    trend = ev.trend.loc[rep, list(ev.levers)].to_numpy(dtype=float)
    assert mix == "short"
    assert (offset - trend).tolist() == pytest.approx([0.1, 0.05, 0.05, 0.1], abs=1e-12)
    base = float(ev.base.at[TEAM, "revenue"])
    for factor in (1.2, 1.08):
        plan, _ = plan_for(ev, base * factor)
        assert plan.lever_mix == "short"
        # A rep at a ceiling, or with his accounts at their floor (no fewer than the flows'
        # fewest), hands his rest on: not this rule's case.
        up_accounts = np.log(plan.lever_uplift.loc[ev.reps, "active_accounts"])
        floor = ev.floor.loc[ev.reps, "active_accounts"]
        free = [
            r for r in ev.reps if not plan.capped.loc[r].any() and up_accounts[r] > floor[r] + 1e-9
        ]
        assert free
        for r in free:
            up = np.log(plan.lever_uplift.loc[r])
            assert up["visits_per_account"] == pytest.approx(up["orders_per_visit"], abs=1e-12)
            # Unit price: its third of the push (twice a frequency lever's sixth), held between
            # 0 and its third of the rep's own goal (with_goal).
            goal = math.log(float(plan.fy.at[r, "revenue"]) / float(ev.base.at[r, "revenue"]))
            price = min(max(2 * up["visits_per_account"], min(goal, 0) / 3), max(goal, 0) / 3)
            assert up["unit_price"] == pytest.approx(price, abs=1e-12)
            if factor == 1.2:
                assert up["visits_per_account"] > 0
                assert 2 * up["visits_per_account"] == pytest.approx(up["unit_price"], abs=1e-12)
            else:
                assert up["visits_per_account"] < 0
                assert abs(up["unit_price"]) < abs(up["visits_per_account"])
