"""A newcomer's wins on a small book do not set the full books' pace (trial 28, issue #10).

flows.measure_flows plans each rep's new accounts as his own wins per account held, trusted
n ÷ (n + 10), the rest the team's pace per account held, times his book. The team's pace is
read without a rep building a book (flows.building_books): under half the median rep's book
at the year's start, and more than twice the others' wins per account held on it. A newcomer
turning a few handed accounts into a book wins at his own pace, not in proportion to them,
and counted per account his wins would pull every veteran with few wins up to a newcomer's
pace (trial 28: 田中 2 wins → 5.7 planned). A small territory winning at its colleagues'
rate stays in.
"""

from __future__ import annotations

import pandas as pd
import pytest

from routekpi.core.flows import BUILDING_PACE, building_books, measure_flows, small_books
from routekpi.core.levers import COMPARABLE_BOOK
from routekpi.core.measure import TEAM


def _facts(books: dict[str, tuple[float, float]]) -> tuple[pd.DataFrame, list[pd.Period]]:
    """rep → (accounts held at the year's start, wins in it): one year, April 2025 – March
    2026, the wins in its first month (kept: no loss), no meetings; the team the sum."""
    window = list(pd.period_range("2025-04", "2026-03", freq="M"))
    team = (sum(h for h, _ in books.values()), sum(w for _, w in books.values()))
    rows = []
    for rep, (held, wins) in {**books, TEAM: team}.items():
        for i, m in enumerate(window):
            row = {
                "accounts_start": held if i == 0 else held + wins,
                "new_accounts": wins if i == 0 else 0.0,
                "cancellations": 0.0,
                "active_accounts": held + wins,
                "meetings": 0.0,
                "appointments": 0.0,
                "attempts": 0.0,
            }
            rows.append(((rep, m), row))
    index = pd.MultiIndex.from_tuples([k for k, _ in rows], names=["rep", "month"])
    return pd.DataFrame([r for _, r in rows], index=index), window


def test_a_newcomers_wins_do_not_lift_the_veterans_pace() -> None:
    """V1 holds 100 and won 2, V2 100 and 8, newcomer N 10 and 12. N's book is under half the
    median (100): the team's pace per account is the veterans' (2 + 8) ÷ 200 = 0.05 a year,
    not (2 + 8 + 12) ÷ 210 = 0.105. Each rep's own pace trusted n ÷ (n + 10):
    V1 (2/12 × 0.02 + 10/12 × 0.05) × 100 = 4.5 wins (with N counted in the team's pace it
    was (2/12 × 0.02 + 10/12 × 0.105) × 100 = 9.06: a veteran with few wins pulled up to a
    newcomer's pace); V2 (8/18 × 0.08 + 10/18 × 0.05) × 100 = 6.333;
    N (12/22 × 1.2 + 10/22 × 0.05) × 10 = 6.773 (his own rate on his own book, as before)."""
    facts, window = _facts({"V1": (100.0, 2.0), "V2": (100.0, 8.0), "N": (10.0, 12.0)})
    held = facts.xs(window[0], level="month")["accounts_start"]
    assert (COMPARABLE_BOOK, BUILDING_PACE) == (0.5, 2.0)
    assert small_books(held) == ["N"]
    wins = facts.xs(window[0], level="month")["new_accounts"]
    # N: 12 ÷ 10 = 1.2 a year per account, over twice the others' 0.05.
    assert building_books(held, held, wins, held, wins, []) == ["N"]
    new = measure_flows(facts, window, window[-1], 0).new_per_year
    assert float(new["V1"]) == pytest.approx(4.5, rel=1e-9)
    assert float(new["V2"]) == pytest.approx((8 / 18 * 0.08 + 10 / 18 * 0.05) * 100, rel=1e-9)
    assert float(new["N"]) == pytest.approx((12 / 22 * 1.2 + 10 / 22 * 0.05) * 10, rel=1e-9)
    assert float(new[TEAM]) == pytest.approx(float(new[["V1", "V2", "N"]].sum()), rel=1e-9)


def test_comparable_books_keep_the_team_pace() -> None:
    """Three reps of 60, 100 and 120 accounts (none under half the median 100): nobody is
    left out, the team's pace is (3 + 6 + 9) ÷ 280 as before; A: (3/13 × 0.05 + 10/13 ×
    18/280) × 60."""
    facts, window = _facts({"A": (60.0, 3.0), "B": (100.0, 6.0), "C": (120.0, 9.0)})
    held = facts.xs(window[0], level="month")["accounts_start"]
    assert small_books(held) == []
    new = measure_flows(facts, window, window[-1], 0).new_per_year
    assert float(new["A"]) == pytest.approx((3 / 13 * 0.05 + 10 / 13 * 18 / 280) * 60, rel=1e-9)


def test_a_small_territory_at_its_colleagues_pace_stays_in() -> None:
    """S holds 12 (under half the median 100) and won 1: 1 ÷ 12 = 0.083 a year per account,
    not over twice the others' (4 + 6) ÷ 200 = 0.05. S is a small territory, not a book being
    built: the team's pace is (4 + 6 + 1) ÷ 212 as before; V1 (4/14 × 0.04 + 10/14 × 11/212)
    × 100."""
    facts, window = _facts({"V1": (100.0, 4.0), "V2": (100.0, 6.0), "S": (12.0, 1.0)})
    held = facts.xs(window[0], level="month")["accounts_start"]
    wins = facts.xs(window[0], level="month")["new_accounts"]
    assert small_books(held) == ["S"]
    assert building_books(held, held, wins, held, wins, []) == []
    new = measure_flows(facts, window, window[-1], 0).new_per_year
    team = 11 / 212
    assert float(new["V1"]) == pytest.approx((4 / 14 * 0.04 + 10 / 14 * team) * 100, rel=1e-9)
