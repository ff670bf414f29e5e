"""Under two years of history unit price takes its part of the team's push only as far as
its part of the rep's goal, and never against it (targets.with_goal, SHORT_WITH_GOAL)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from routekpi.core.targets import SHORT_WITH_GOAL, with_goal
from tests.test_evidence_targets import _fy, _history, _plan

TREE = ["active_accounts", "orders_per_account", "unit_price"]


def test_with_goal_holds_only_unit_price_between_zero_and_its_part_of_the_goal() -> None:
    """Each lever's part of the push, and of the goal itself (log space):
    - push +0.1 each against a goal of −0.17 each (CDNOW's April year: the book forecast to
      shrink faster than the KGI falls): unit price 0, the others keep +0.1;
    - push −0.0161 against a goal of −0.005 (the same way, further): unit price −0.005;
    - push +0.05 against +0.2, and −0.03 against −0.1: inside, unchanged;
    - push −0.03 against +0.1 (a book growing faster than the KGI asks): unit price 0."""
    assert SHORT_WITH_GOAL == ("unit_price",)
    cases = [
        (0.1, -0.17, [0.1, 0.1, 0.0]),
        (-0.0161, -0.005, [-0.0161, -0.0161, -0.005]),
        (0.05, 0.2, [0.05, 0.05, 0.05]),
        (-0.03, -0.1, [-0.03, -0.03, -0.03]),
        (-0.03, 0.1, [-0.03, -0.03, 0.0]),
    ]
    for push, goal, expected in cases:
        got = with_goal(np.full(3, push), np.full(3, goal), TREE)
        assert got.tolist() == pytest.approx(expected, abs=1e-15)
    # The visit tree: only unit price is held (visit frequency, orders per visit are not).
    visit_tree = ["active_accounts", "visits_per_account", "orders_per_visit", "unit_price"]
    got = with_goal(np.array([0.1, 0.05, 0.05, 0.1]), np.full(4, -0.2), visit_tree)
    assert got.tolist() == [0.1, 0.05, 0.05, 0.0]


def test_a_book_growing_past_the_kgi_does_not_lower_the_price() -> None:
    """One rep, two years of orders (2024-04 – 2026-03): 20 accounts, one more won each month
    of FY2025, each ordering once a month at ¥1,000, none lost. Baseline: 26.5 accounts
    (20 + 78 ÷ 12), ¥318,000. Flows: 32 at the start, 12 new a year (FY2025's pace: 0.6 per
    account held at its start, on those 20), arriving evenly: 32 + 12 × 6.5 ÷ 12 = 38.5 on
    average, a trend of log(38.5 ÷ 26.5) = +0.37351.

    KGI = 1.2 × baseline: the goal is log 1.2 = +0.18232, the push beyond the trend
    0.18232 − 0.37351 = −0.19119, a third each. Orders per account takes its third:
    e^(−0.06373) = 0.938258. Unit price's third is against the goal (+): it takes none and
    stays ¥1,000 (before: ¥938.26). Active accounts take the rest: ¥381,600 ÷ (12 × ¥1,000
    × 0.938258) = 33.8926."""
    books = {"A": [(24, None)] * 20 + [(m, None) for m in range(36, 48)]}
    ev, plan, targets = _plan(_history(books, lambda rep, fy: 1000.0), kgi_factor=1.2)
    assert plan.lever_mix == "short"
    assert ev.base.at["A", "active_accounts"] == pytest.approx(26.5)
    trend = math.log(38.5 / 26.5)
    assert ev.trend.at["A", "active_accounts"] == pytest.approx(trend, rel=1e-12)
    push = math.log(1.2) - trend
    assert push == pytest.approx(-0.19119, abs=1e-5)
    assert _fy(targets, "A", "orders_per_account") == pytest.approx(math.exp(push / 3), rel=1e-9)
    assert math.exp(push / 3) == pytest.approx(0.938258, rel=1e-6)
    assert _fy(targets, "A", "unit_price") == pytest.approx(1000.0, rel=1e-12)
    assert _fy(targets, "A", "revenue") == pytest.approx(381_600.0)
    accounts = 381_600.0 / (12 * 1000.0 * math.exp(push / 3))
    assert accounts == pytest.approx(33.8926, rel=1e-5)
    assert _fy(targets, "A", "active_accounts") == pytest.approx(accounts, rel=1e-9)


def test_a_shrinking_book_under_a_lower_kgi_gets_no_price_rise() -> None:
    """CDNOW's April year in small: one rep, 40 accounts from 2024-04, one lost at the start
    of each month of FY2025 (28 left), one order a month each at ¥1,100 in FY2024 and ¥1,000
    in FY2025. Baseline: 33.5 accounts, ¥402,000. Flows: 28 at the start, churn 12 ÷ 40 = 0.3
    a year, month-end books 28 × 0.7^(m/12), m = 1 … 12: a trend of −0.36728. Unit price's
    trend is its one year-on-year change, log(1,000 ÷ 1,100) = −0.09531 (carried whole).

    KGI = 0.9 × baseline: the goal is log 0.9 = −0.10536 and the trends ask −0.46259, so the
    push is +0.35723 — the flows alone take the book down further than the KGI takes revenue.
    Unit price's third of it (+0.11908) is against the goal: the price stays at its trend,
    ¥1,000 × 1,000 ÷ 1,100 = ¥909.09 (before: ¥909.09 × e^0.11908 = ¥1,024.05). Orders per
    account takes its third, up to its ceiling; active accounts the rest:
    ¥361,800 ÷ (12 × ceiling × ¥909.09)."""
    books = {"A": [(24, None)] * 28 + [(24, 36 + m) for m in range(12)]}
    price = lambda rep, fy: 1100.0 if fy == 2024 else 1000.0  # noqa: E731
    ev, plan, targets = _plan(_history(books, price), kgi_factor=0.9)
    assert plan.lever_mix == "short"
    assert ev.base.at["A", "active_accounts"] == pytest.approx(33.5)
    books_trend = math.log(28 * float(np.mean(0.7 ** (np.arange(1, 13) / 12))) / 33.5)
    assert books_trend == pytest.approx(-0.36728, abs=1e-5)
    assert ev.trend.at["A", "active_accounts"] == pytest.approx(books_trend, rel=1e-9)
    price_trend = math.log(1000 / 1100)
    assert ev.trend.at["A", "unit_price"] == pytest.approx(price_trend, rel=1e-9)
    push = math.log(0.9) - books_trend - price_trend
    assert push == pytest.approx(0.35723, abs=1e-5)
    assert _fy(targets, "A", "unit_price") == pytest.approx(1000 * 1000 / 1100, rel=1e-9)
    ceiling = float(ev.ceiling.at["A", "orders_per_account"])
    assert math.exp(push / 3) > ceiling  # its third would pass the ceiling: held there
    assert _fy(targets, "A", "orders_per_account") == pytest.approx(ceiling, rel=1e-9)
    assert _fy(targets, "A", "revenue") == pytest.approx(361_800.0)
    accounts = 361_800.0 / (12 * ceiling * 1000 * 1000 / 1100)
    assert _fy(targets, "A", "active_accounts") == pytest.approx(accounts, rel=1e-9)
