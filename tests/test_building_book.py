"""A rep still building his first book — handed accounts when he joined, just before the
baseline window, then winning his own — keeps the book he already holds: the accounts held
at the plan year's start above his baseline average are carried whole (targets.in_hand),
not half as a forecast (trial 28: 伊藤, handed 14 accounts five months before the window,
holding 26.5 at the start, 20.2 on average, was planned 25.6 active accounts).

Hand-built, calendar fiscal year, FY2026 planned on 2025-12-31 (window 2025-01 … 2025-12):

- A and B, there since 2023-01, each hold 10 accounts (monthly order ¥1,000, monthly visit)
  and make 4 appointment attempts (one won) and 1 meeting a month;
- N joins in ``joins`` (2024-07: six months before the window) and is given 5 of A's
  accounts (their past lines move to him with the handover); he makes 6 attempts (two won)
  and 2 meetings a month and wins three accounts of his own, from 2025-04, 2025-07 and
  2025-10 (¥1,000 a month each, visited monthly).

N's active accounts over the window: 5 all year, plus 9 + 6 + 3 months of his wins, so
5 + 18/12 = 6.5 on average; 8 held at the plan year's start.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import build_evidence
from routekpi.core.engine import plan_for
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.targets import SPLIT_CARRY, in_hand, rep_weights
from tests.history_helpers import newcomer_team

FIRST = pd.Period("2023-01", "M")
LAST = pd.Period("2025-12", "M")
WINS = (pd.Period("2025-04", "M"), pd.Period("2025-07", "M"), pd.Period("2025-10", "M"))


def _history(joins: str = "2024-07", first: pd.Period = FIRST) -> History:
    """The team above from ``first``, N joining in ``joins`` and handed A0 … A4."""
    wins = {f"N{k}": won for k, won in enumerate(WINS)}
    return newcomer_team(first, LAST, pd.Period(joins, "M"), wins=wins)


SETTINGS = PlanSettings(
    kgi=300_000.0, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 12, 31)
)


def test_a_newcomer_handed_a_book_just_before_the_window_is_building_it() -> None:
    """N began 2024-07, after 2024-01 (a year before the window's first month): building.
    A and B began at the history's first month; N is no part-year rep (he worked all 12
    months of the window, and was handed accounts)."""
    ev = build_evidence(_history(), SETTINGS)
    assert ev.building == ("N",)
    assert ev.part_year == {}


def test_his_accounts_in_hand_count_whole() -> None:
    """N: 8 accounts at the start on an average of 6.5: log(8 ÷ 6.5) of his heading is the
    book he holds (his heading is larger: his flows add wins on top of the 8). The split
    carries that whole and half of the rest: his weight is √(8 ÷ 6.5) times what half of his
    heading alone gave; A and B hold no such part. His active-accounts target is not below
    the 8 he holds, and the reps' revenue targets still sum to the KGI."""
    ev = build_evidence(_history(), SETTINGS)
    assert ev.flows is not None and ev.flows.start["N"] == pytest.approx(8.0)
    assert ev.base.at["N", "active_accounts"] == pytest.approx(6.5)
    assert ev.trend.at["N", "active_accounts"] > math.log(8 / 6.5)
    hand = in_hand(ev)
    assert hand["N"] == pytest.approx(math.log(8 / 6.5))
    assert hand["A"] == 0.0 and hand["B"] == 0.0
    half = ev.base.loc[ev.reps, "revenue"] * np.exp(
        SPLIT_CARRY * ev.trend.loc[ev.reps, list(ev.levers)].sum(axis=1)
    )
    weights = rep_weights(ev)
    assert weights["N"] / half["N"] == pytest.approx(math.sqrt(8 / 6.5))
    assert weights["A"] == pytest.approx(half["A"])
    for kgi in (250_000.0, 300_000.0):
        plan, _ = plan_for(ev, kgi)
        assert plan.fy.at["N", "active_accounts"] >= 8.0
        assert plan.fy.loc[ev.reps, "revenue"].sum() == pytest.approx(kgi)
        assert plan.fy.at[TEAM, "revenue"] == pytest.approx(kgi)


def test_the_rule_reaches_no_further_back_than_a_year() -> None:
    """N began 2023-11, 14 months before the window: his first year ended before it, so his
    book is no longer his start (nothing in hand); nor is a rep whose start is the history's
    first month (a history from 2024-07: everyone "began" then)."""
    assert build_evidence(_history(joins="2023-11"), SETTINGS).building == ()
    late = build_evidence(_history(first=pd.Period("2024-07", "M")), SETTINGS)
    assert late.building == ()
    assert in_hand(late).eq(0.0).all()


def test_without_the_rule_he_was_planned_below_his_book() -> None:
    """The same evidence with N not building (as before): his active-accounts target is
    lower, and his revenue share smaller, than with his book in hand."""
    ev = build_evidence(_history(), SETTINGS)
    before = replace(ev, building=())
    assert in_hand(before)["N"] == 0.0
    now, _ = plan_for(ev, SETTINGS.kgi)
    then, _ = plan_for(before, SETTINGS.kgi)
    assert now.fy.at["N", "active_accounts"] > then.fy.at["N", "active_accounts"]
    assert now.fy.at["N", "revenue"] > then.fy.at["N", "revenue"]
