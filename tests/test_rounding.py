"""Rounding that keeps totals and never lowers a month when a year's total rises."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from routekpi.core.rounding import apportion, even_order, round_half_up, round_rows, round_table

FAST = settings(max_examples=60, deadline=None)

shapes = arrays(
    np.float64, 12, elements=st.floats(0.0, 50.0, allow_nan=False, allow_infinity=False)
)


# --- hand cases ----------------------------------------------------------------------------


def test_round_half_up() -> None:
    """2.5 → 3 and 3.5 → 4 (not banker's rounding), 2.49 → 2."""
    assert [round_half_up(v) for v in (2.5, 3.5, 2.49, 0.0)] == [3, 4, 2, 0]


def test_apportion_webster_hand_case() -> None:
    """7 units over weights 1.2 : 2.5 : 3.3 (sum 7): quotas 1.2, 2.5, 3.3 → 1, 3, 3.

    Rounded quotas are 1, 3 (2.5 rounds half up), 3 → 7 already, nothing to adjust.
    """
    assert apportion(7, np.array([1.2, 2.5, 3.3])).tolist() == [1, 3, 3]


def test_apportion_flat_months_fill_in_order() -> None:
    """5 new accounts over 12 equal months: the first five months get one each; 6 adds June."""
    five = apportion(5, np.ones(12))
    six = apportion(6, np.ones(12))
    assert five.tolist() == [1] * 5 + [0] * 7
    assert six.tolist() == [1] * 6 + [0] * 6


def test_apportion_removes_from_the_latest_month() -> None:
    """11 over 12 equal months: every month rounds to 1 (sum 12), the last one gives one back."""
    assert apportion(11, np.ones(12)).tolist() == [1] * 11 + [0]


def test_apportion_ties_go_to_the_month_with_fewer_units() -> None:
    """2 units over weights 3 : 1 × 11. The first unit goes to the big month (3 ÷ ½ = 6); for
    the second, the big month (3 ÷ 1½ = 2) ties with the small ones (1 ÷ ½ = 2): it goes to the
    earliest month holding fewer units, not a second one to the big month."""
    assert apportion(2, np.array([3.0] + [1.0] * 11)).tolist() == [1, 1] + [0] * 10


def test_round_rows_keeps_row_totals() -> None:
    """Rows [0.4] * 12 (4.8 → 5) and [2.1] * 12 (25.2 → 25): totals half up, months add up."""
    out = round_rows(np.array([[0.4] * 12, [2.1] * 12]))
    assert out.sum(axis=1).tolist() == [5, 25]
    assert out.min() >= 0


def test_flat_year_spreads_evenly() -> None:
    """A flat year of 6 new accounts (0.5 a month): one every other month, two in each half
    and none bunched at the start — the middles of halves, then of quarters (June, December,
    August, February, then May and November for an April year)."""
    assert even_order(12) == (8, 4, 0, 10, 2, 6, 9, 5, 1, 11, 3, 7)
    out = round_rows(np.full((1, 12), 0.5))[0]
    assert out.tolist() == [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0]
    # Seven cancellations (7/12 a month): 4 by the end of month 7, pro rata is 4.08.
    seven = round_rows(np.full((1, 12), 7 / 12))[0]
    assert seven.sum() == 7 and seven[:7].sum() == 4
    # One unit goes mid-year-ish (the middle of the first half), not to the first month.
    assert round_rows(np.full((1, 12), 1 / 12))[0].tolist() == [0, 0, 1] + [0] * 9


def test_reps_flat_years_do_not_pile_into_the_same_months() -> None:
    """Eight reps with a flat year of 6 cancellations each: each rep's spread is shifted a
    month per rep, so the team's months are 3–5 (pro rata 4) — they read 0, 8, 8, 0, 8, …
    when every rep used the same months. A single rep's row is as before."""
    out = round_rows(np.full((8, 12), 0.5))
    assert out.sum(axis=1).tolist() == [6] * 8
    team = out.sum(axis=0)
    assert team.sum() == 48 and team.min() >= 3 and team.max() <= 5
    assert out[0].tolist() == round_rows(np.full((1, 12), 0.5))[0].tolist()
    assert out[1].tolist() == np.roll(out[0], 1).tolist()
    # Three reps of 7: the team's months differ by at most one.
    team = round_rows(np.full((3, 12), 7 / 12)).sum(axis=0)
    assert team.sum() == 21 and team.max() - team.min() <= 1


def test_even_order_is_a_permutation() -> None:
    for n in (1, 2, 3, 7, 12, 24):
        assert sorted(even_order(n)) == list(range(n))


# --- properties ----------------------------------------------------------------------------


@FAST
@given(weights=shapes, total=st.integers(0, 500))
def test_apportion_sums_and_stays_near_quota(weights: np.ndarray, total: int) -> None:
    """Sums to the total, and is Webster's apportionment: one divisor D rounds every part's
    weight ÷ D to its count (halves either way, ties). That keeps each part near its share;
    a very uneven shape may miss its exact share by more than one unit (8 : 1 × 11 with
    4 units gives 4 : 0 × 11), the price of never taking a unit back as totals grow."""
    out = apportion(total, weights)
    assert out.sum() == total
    w = weights / weights.sum() if weights.sum() > 0 else np.ones(12) / 12
    live = w > 0
    assert (out[~live] == 0).all()
    if total:
        # out = round(w / D) for every part ⇔ max (s − ½) / w ≤ min (s + ½) / w.
        lower = ((out[live] - 0.5) / w[live]).max()
        upper = ((out[live] + 0.5) / w[live]).min()
        assert lower <= upper * (1 + 1e-9)


@FAST
@given(weights=shapes, total=st.integers(0, 500), more=st.integers(1, 50))
def test_apportion_is_house_monotone(weights: np.ndarray, total: int, more: int) -> None:
    """A larger total with the same shape never takes a unit away from any month."""
    assert np.all(apportion(total + more, weights) >= apportion(total, weights))
    order = np.array(even_order(len(weights)))
    assert np.all(apportion(total + more, weights, order) >= apportion(total, weights, order))


def test_round_table_meets_the_total_to_the_unit() -> None:
    """Two reps × 12 months of 1,000,000 ÷ 24 ≈ 41,666.67 yen: the table sums to 1,000,000
    exactly (rounding each rep alone could leave it a yen off)."""
    out = round_table(np.full((2, 12), 1_000_000 / 24))
    assert out.sum() == 1_000_000
    assert set(out.reshape(-1).tolist()) <= {41_666, 41_667}


def test_round_table_hand_case() -> None:
    """Running totals 0.6, 1.2, 2.0 round to 1, 1, 2: cells 1, 0, 1, each within 1 of its value."""
    assert round_table(np.array([[0.6, 0.6, 0.8]])).tolist() == [[1, 0, 1]]


yen_tables = arrays(
    np.float64, (3, 12), elements=st.floats(1e4, 1e7, allow_nan=False, allow_infinity=False)
)


@FAST
@given(table=yen_tables, rep=st.integers(0, 2), more=st.floats(0.0, 1e7))
def test_round_table_moves_an_unchanged_rep_by_at_most_one_yen(
    table: np.ndarray, rep: int, more: float
) -> None:
    """Sums to the rounded total, every cell within a yen of its value, and when another rep's
    year grows (a capped rep keeps his) none of the capped rep's months moves by more than a yen.

    Found by test_targets: Webster's method over the whole table moved such a month by 2 yen.
    """
    out = round_table(table)
    assert out.sum() == round_half_up(float(table.sum()))
    assert np.all(np.abs(out - table) < 1 + 1e-6)
    grown = table.copy()
    grown[(rep + 1) % 3] += more / 12
    moved = round_table(grown)[rep] - out[rep]
    assert np.all(np.abs(moved) <= 1)
