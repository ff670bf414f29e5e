"""Short history: a rep at the company's best level of a ratio keeps the team's room to it.

Under a year of year-on-year changes a ratio's ceiling is the company's best rep-months'
level (baselines.LEVEL_PERCENTILE). A rep already there had no room at all, and what his
share asked of that ratio went to the other reps' levers or his own other levers; no rep has
less room than the team as a whole has to that level (baselines._team_room).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from routekpi.core.history import History
from routekpi.core.measure import TEAM
from tests.test_evidence_targets import _fy, _history, _plan


def _two_prices() -> History:
    """FY2025 only (12 months of orders, so no year-on-year change): A and B hold 10
    accounts each from long before (customer master from 2020), every account orders once a
    month; A's orders are ¥1,000, B's ¥2,000. No win, no loss."""
    books = {"A": [(36, None)] * 10, "B": [(36, None)] * 10}
    h = _history(books, lambda rep, fy: 1000.0 if rep == "A" else 2000.0)
    accounts = h.accounts.copy()
    accounts["start"] = pd.Timestamp("2020-04-01")
    return History(orders=h.orders, accounts=accounts)


def test_top_priced_rep_keeps_the_teams_room_and_both_reps_raise_price_alike() -> None:
    """Baselines: A ¥120,000 (10 × 12 × ¥1,000), B ¥240,000, team ¥360,000; the team's unit
    price ¥360,000 ÷ 240 orders = ¥1,500. The company's best rep-months' price (P90 of 24
    rep-months, 12 at ¥1,000 and 12 at ¥2,000) is ¥2,000: A's room log(2000 ÷ 1000) = log 2,
    the team's log(2000 ÷ 1500) = log 4/3, and B — at that level, room 0 before — now the
    team's log 4/3. Accounts (no wins anywhere: the faster reps' pace is 0) and orders per
    account (1 everywhere: its level is 1) have no room.

    KGI = 1.15 × ¥360,000 = ¥414,000, split by baseline: A ¥138,000, B ¥276,000. Only unit
    price can move, so each rep's price rises 15%: A ¥1,150, B ¥2,300 (within B's ceiling
    ¥2,000 × 4/3 = ¥2,666.67). Before, B was held at ¥2,000 (his ¥240,000 maximum) and A was
    handed the rest, ¥174,000: ¥1,450, +45%, most of the way to the best rep's level. The
    levers reach A 120,000 × 2 + B 240,000 × 4/3 = ¥560,000 (before ¥480,000), but no rep's
    revenue ceiling is above the team's growth from its first six months to its last six
    (none: a flat year) plus 20 points (levers.revenue_cap): largest reachable KGI
    1.2 × ¥360,000 = ¥432,000.
    """
    ev, plan, targets = _plan(_two_prices(), kgi_factor=1.15)
    assert plan.lever_mix == "short"
    assert ev.base.loc[["A", "B", TEAM], "unit_price"].tolist() == pytest.approx(
        [1000.0, 2000.0, 1500.0]
    )
    head = ev.headroom
    assert head.at["A", "unit_price"] == pytest.approx(math.log(2.0))
    assert head.at["B", "unit_price"] == pytest.approx(math.log(4 / 3))
    assert head.at[TEAM, "unit_price"] == pytest.approx(math.log(4 / 3))
    for rep in "AB":
        assert head.at[rep, "active_accounts"] == pytest.approx(0.0, abs=1e-12)
        assert head.at[rep, "orders_per_account"] == pytest.approx(0.0, abs=1e-12)
    assert plan.max_reachable_kgi == pytest.approx(432_000.0)
    assert plan.feasible
    assert _fy(targets, "A", "revenue") == pytest.approx(138_000.0)
    assert _fy(targets, "B", "revenue") == pytest.approx(276_000.0)
    assert _fy(targets, "A", "unit_price") == pytest.approx(1150.0)
    assert _fy(targets, "B", "unit_price") == pytest.approx(2300.0)
    for rep in "AB":
        assert _fy(targets, rep, "orders_per_account") == pytest.approx(1.0)
        assert _fy(targets, rep, "active_accounts") == pytest.approx(10.0)


def test_a_rep_below_the_level_keeps_his_own_larger_room() -> None:
    """The team's room is a floor, not a cap: A (¥1,000 against the ¥2,000 level) keeps
    log 2, more than the team's log 4/3 — the level ceiling is unchanged for him."""
    ev, _, _ = _plan(_two_prices(), kgi_factor=1.0)
    assert ev.headroom.at["A", "unit_price"] == pytest.approx(math.log(2.0))
    assert ev.headroom.at["A", "unit_price"] > ev.headroom.at[TEAM, "unit_price"]
